'use strict';
// What the e2e, queue and trigger-fault tests share to talk to the emulator's state API and to
// wait for things to happen.

const { scaled } = require('./machine');

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` until it returns something truthy (returned) or the time is up (its last value).
 * `timeoutMs` is for an idle machine, stretched to how slow this one is.
 */
async function until(check, timeoutMs = 30000, everyMs = 200) {
	const deadline = Date.now() + scaled(timeoutMs);
	for (;;) {
		const value = await check();
		if (value || Date.now() > deadline) return value;
		await wait(everyMs);
	}
}

/**
 * The emulator's /__emulator/ API for the emulator `env.emulator` holds (read at call time, so it
 * can be created before the emulator starts).
 */
function emulatorApi(env) {
	const call = async (method, route, body) => {
		const response = await fetch(`${env.emulator.apiBaseUrl}/__emulator/${route}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return await response.json();
	};
	return {
		call,
		state: async () => await call('GET', 'state'),
		sink: async () => await call('GET', 'sink'),
		stream: async () => await call('GET', 'stream'),
	};
}

/**
 * An HTTP Request node named "Report" that posts what reaches it to the emulator's sink, where
 * tests count executions (lost, duplicated). `json` is the expression inside JSON.stringify(…).
 */
function reportNode(apiBaseUrl, { id, position = [240, 0], json = '$json' }) {
	return {
		id,
		name: 'Report',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position,
		parameters: {
			method: 'POST',
			url: `${apiBaseUrl}/__emulator/sink`,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={{ JSON.stringify(${json}) }}`,
			options: {},
		},
	};
}

module.exports = { emulatorApi, reportNode, until, wait };
