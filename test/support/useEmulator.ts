import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator';
import { EmulatorClient } from './emulatorClient';

export interface EmulatorEnv {
	emulator: Emulator;
	client: EmulatorClient;
}

/**
 * One emulator per test file, reset before every test. Use the returned object's `emulator`
 * and `client` inside tests (they are set in beforeAll).
 */
export function useEmulator(options?: EmulatorOptions): EmulatorEnv {
	const env = {} as EmulatorEnv;
	beforeAll(async () => {
		env.emulator = await startEmulator(options);
		env.client = new EmulatorClient(env.emulator.apiBaseUrl);
	});
	afterAll(async () => {
		await env.emulator?.stop();
	});
	beforeEach(async () => {
		await env.client.reset();
	});
	return env;
}
