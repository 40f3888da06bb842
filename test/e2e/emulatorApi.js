'use strict';
// What the e2e, queue and trigger-fault tests share to talk to the emulator's state API and to
// wait for things to happen.

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns something truthy (returned) or the time is up (its last value). */
async function until(check, timeoutMs = 30000, everyMs = 200) {
	const deadline = Date.now() + timeoutMs;
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

module.exports = { emulatorApi, until, wait };
