'use strict';
// One emulator and one real n8n per e2e test file: created before the tests (a copy of the run's
// template home, with the emulator credential imported and `prepare` run), stopped and removed
// after them, also on failure.
const { startEmulator } = require('../emulator');
const { scaled } = require('./machine');
const { N8nInstance, emulatorCredential } = require('./n8n');

/**
 * @param {(env: { emulator: any, n8n: N8nInstance }) => Promise<void>} [prepare] import workflows, start n8n …
 * @returns {{ emulator: any, n8n: N8nInstance }} filled in before the first test
 */
function useRealN8n(prepare = async () => undefined, timeoutMs = 180000) {
	// Time-outs are for an idle machine; stretched to how slow this one is (machine.js).
	const env = {};
	beforeAll(async () => {
		env.emulator = await startEmulator();
		env.n8n = await N8nInstance.create();
		await env.n8n.importCredentials([emulatorCredential(env.emulator)]);
		await prepare(env);
	}, scaled(timeoutMs));
	afterAll(async () => {
		if (env.n8n) {
			await env.n8n.stop();
			env.n8n.removeHome();
		}
		if (env.emulator) await env.emulator.stop();
	});
	return env;
}

module.exports = { useRealN8n };
