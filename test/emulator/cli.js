#!/usr/bin/env node
'use strict';
// Standalone emulator: `npm run emulator [-- --api-port 18080 --oapi-port 18081 --oss-port 18082 --latency 30]`.
const { startEmulator } = require('./index');

function arg(name, fallback) {
	const at = process.argv.indexOf(`--${name}`);
	return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

startEmulator({
	apiPort: arg('api-port', 18080),
	oapiPort: arg('oapi-port', 18081),
	ossPort: arg('oss-port', 18082),
	latencyMs: arg('latency', 0),
}).then((emulator) => {
	const app = emulator.app;
	process.stdout.write(
		[
			'DingTalk emulator running',
			`  New API base URL : ${emulator.apiBaseUrl}`,
			`  Old API base URL : ${emulator.oapiBaseUrl}`,
			`  Object store     : ${emulator.ossBaseUrl}`,
			`  Client ID        : ${app.appKey}`,
			`  Client Secret    : ${app.appSecret}`,
			`  State            : ${emulator.apiBaseUrl}/__emulator/state`,
			'Ctrl-C to stop.',
			'',
		].join('\n'),
	);
	const stop = () => emulator.stop().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
});
