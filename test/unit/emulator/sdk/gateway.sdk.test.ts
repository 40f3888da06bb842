import GatewayClient, {
	OpenConnectionRequest,
	OpenConnectionRequestSubscriptions,
} from '@alicloud/dingtalk/dist/gateway_1_0/client';

import { sdkClient, sdkRefusal, sdkRuntime } from '../../../support/officialSdk';
import { useEmulator } from '../../../support/useEmulator';

/**
 * gateway_1_0 openConnection (POST /v1.0/gateway/connections/open) through the official SDK: the
 * Stream trigger's connection call. Anonymous: client ID and secret in the body, no token.
 */

const env = useEmulator();

let client: GatewayClient;

beforeAll(() => {
	client = sdkClient(GatewayClient, env.emulator);
});

const open = (request: Record<string, unknown>) =>
	client.openConnectionWithOptions(new OpenConnectionRequest(request), {}, sdkRuntime());
const subscription = (type: string, topic: string) =>
	new OpenConnectionRequestSubscriptions({ type, topic });

describe('gateway_1_0 openConnection', () => {
	it('hands out an endpoint and ticket for the required fields', async () => {
		const { appKey, appSecret } = env.emulator.app;
		const reply = await open({
			clientId: appKey,
			clientSecret: appSecret,
			subscriptions: [subscription('CALLBACK', '/v1.0/im/bot/messages/get')],
		});
		expect(reply.statusCode).toBe(200);
		expect(reply.body).toMatchObject({
			endpoint: expect.stringMatching(/^ws:\/\//),
			ticket: expect.any(String),
		});
		const stream = await env.client.admin<{ subscriptions: unknown[] }>('GET', 'stream');
		expect(stream.subscriptions).toEqual([
			{ type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' },
		]);
		expect((await env.client.state()).requests.at(-1)).toMatchObject({ tokenInHeader: false });
	});

	it('accepts the optional localIp and extras', async () => {
		const { appKey, appSecret } = env.emulator.app;
		const reply = await open({
			clientId: appKey,
			clientSecret: appSecret,
			subscriptions: [
				subscription('EVENT', '*'),
				subscription('CALLBACK', '/v1.0/card/instances/callback'),
			],
			localIp: '10.0.0.8',
			extras: { source: 'sdk-test' },
		});
		expect(reply.statusCode).toBe(200);
		expect((await env.client.state()).requests.at(-1)?.body).toMatchObject({
			localIp: '10.0.0.8',
			extras: { source: 'sdk-test' },
		});
	});

	it('refuses a wrong secret and missing subscriptions', async () => {
		const { appKey, appSecret } = env.emulator.app;
		expect(
			await sdkRefusal(
				open({
					clientId: appKey,
					clientSecret: 'nope',
					subscriptions: [subscription('EVENT', '*')],
				}),
			),
		).toMatchObject({
			statusCode: 400,
			code: 'invalidClientIdOrSecret',
		});
		expect((await sdkRefusal(open({ clientId: appKey, clientSecret: appSecret }))).code).toBe(
			'invalidParameter.subscriptions',
		);
	});
});
