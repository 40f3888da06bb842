'use strict';
const fs = require('node:fs');
const path = require('node:path');

const { provision } = require('./provision');

module.exports = async () => {
	if (!fs.existsSync(path.join(__dirname, '..', '..', 'dist', 'nodes', 'DingTalk', 'DingTalk.node.js'))) {
		throw new Error('dist/ is missing: run `npm run build` before the e2e tier');
	}
	await provision();
};
