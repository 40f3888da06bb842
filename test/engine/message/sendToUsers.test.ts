import { startEmulator, type Emulator } from '../../emulator';
import { EmulatorClient } from '../../support/emulatorClient';
import { runNode, TestCredentialsHelper } from '../harness';

const ENDPOINT = '/v1.0/robot/oToMessages/batchSend';

let emulator: Emulator;
let client: EmulatorClient;

beforeAll(async () => {
	emulator = await startEmulator();
	client = new EmulatorClient(emulator.apiBaseUrl);
});

afterAll(async () => {
	await emulator.stop();
});

beforeEach(async () => {
	await client.reset();
});

function users(from: number, count: number): string[] {
	return Array.from({ length: count }, (_, n) => `user${String(from + n).padStart(4, '0')}`);
}

describe('Message → Send to Users, inside n8n-core WorkflowExecute against the emulator', () => {
	it('sends a text message and reports DingTalk\'s answer per item', async () => {
		const credentials = new TestCredentialsHelper(emulator.credentials());
		const { output, error } = await runNode({
			credentials,
			parameters: { resource: 'message', operation: 'sendToUsers', userIds: 'user0001, user0002', messageType: 'text', content: 'Hello 钉钉' },
		});
		expect(error).toBeUndefined();
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({
			sentUserIds: ['user0001', 'user0002'],
			invalidUserIds: [],
			flowControlledUserIds: [],
			robotCode: emulator.app.appKey,
		});
		expect(output[0].pairedItem).toEqual({ item: 0 });

		const [request] = await client.requestsTo(ENDPOINT);
		expect(request.tokenInHeader).toBe(true);
		expect(request.tokenInQuery).toBe(false);
		expect(request.body).toEqual({
			robotCode: emulator.app.appKey,
			userIds: ['user0001', 'user0002'],
			msgKey: 'sampleText',
			msgParam: JSON.stringify({ content: 'Hello 钉钉' }),
		});
		const state = await client.state();
		expect(state.messages.map((m) => m.userId)).toEqual(['user0001', 'user0002']);
		expect(output[0].json.processQueryKey).toBe(state.messages[0].processQueryKey);
	});
});
