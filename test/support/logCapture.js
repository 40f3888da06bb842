'use strict';
// Loaded before every unit/engine test file (jest setupFiles): collects what n8n-core and the
// nodes log, so tests can assert on it (no secrets in logs) and the test output stays readable.
// Set SHOW_LOGS=1 to see the lines as well.
const lines = [];
const show = process.env.SHOW_LOGS === '1';
for (const method of ['log', 'info', 'warn', 'error', 'debug']) {
	const original = console[method].bind(console);
	console[method] = (...args) => {
		lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
		if (show) original(...args);
	};
}
// winston (n8n's logger) writes to console._stdout / console._stderr directly when they exist.
for (const stream of ['_stdout', '_stderr']) {
	const original = console[stream];
	if (!original) continue;
	const capturing = Object.create(original);
	capturing.write = (chunk, ...rest) => {
		lines.push(String(chunk).trimEnd());
		return show ? original.write(chunk, ...rest) : true;
	};
	console[stream] = capturing;
}
module.exports = { lines };
