'use strict';
// The fault suite's result table: each scenario appends one row (a JSON line) while the tests run;
// globalTeardown prints the rows as a Markdown table and writes test/faults/last-run.md.
const fs = require('node:fs');
const path = require('node:path');

const ROWS = path.join(__dirname, '.rows.jsonl');
const TABLE = path.join(__dirname, 'last-run.md');
const COLUMNS = ['scenario', 'attempted', 'delivered', 'lost', 'duplicated', 'node result'];

function clear() {
	fs.rmSync(ROWS, { force: true });
}

/** row: { scenario, attempted, delivered, lost, duplicated, result } */
function record(row) {
	fs.appendFileSync(ROWS, `${JSON.stringify(row)}\n`);
}

function rows() {
	if (!fs.existsSync(ROWS)) return [];
	return fs
		.readFileSync(ROWS, 'utf8')
		.split('\n')
		.filter(Boolean)
		.map((line) => JSON.parse(line));
}

function markdown(list) {
	const cell = (value) => String(value).replace(/\|/g, '\\|').replace(/\n/g, ' ');
	return [
		`| ${COLUMNS.join(' | ')} |`,
		`|${COLUMNS.map(() => '---').join('|')}|`,
		...list.map(
			(r) =>
				`| ${[r.scenario, r.attempted, r.delivered, r.lost, r.duplicated, r.result].map(cell).join(' | ')} |`,
		),
	].join('\n');
}

function writeTable() {
	const list = rows();
	const table = markdown(list);
	const text = [
		'# Fault suite: last run',
		'',
		`Written by \`npm run test:faults\` (${new Date().toISOString().slice(0, 10)}, Node ${process.version}).`,
		'attempted = calls the emulator received on the send endpoint(s); delivered = distinct deliveries / intended;',
		'lost = intended deliveries neither delivered nor reported by the node; duplicated = deliveries beyond the first.',
		'',
		table,
		'',
	].join('\n');
	fs.writeFileSync(TABLE, text);
	fs.rmSync(ROWS, { force: true });
	return { table, count: list.length };
}

module.exports = { clear, record, rows, writeTable, TABLE };
