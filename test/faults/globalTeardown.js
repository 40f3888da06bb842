'use strict';
const path = require('node:path');
const { writeTable, TABLE } = require('./table');

module.exports = async () => {
	const { table, count } = writeTable();
	process.stdout.write(
		`\nFault suite: ${count} scenarios (also in ${path.relative(process.cwd(), TABLE)})\n\n${table}\n\n`,
	);
};
