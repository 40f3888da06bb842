import OAuth2Client, { GetAccessTokenRequest } from '@alicloud/dingtalk/dist/oauth2_1_0/client';
import RobotClient, {
	BatchOTOQueryHeaders,
	BatchOTOQueryRequest,
} from '@alicloud/dingtalk/dist/robot_1_0/client';

import { sdkClient, sdkRefusal, sdkRuntime } from '../../../support/officialSdk';
import { useEmulator } from '../../../support/useEmulator';

/** oauth2_1_0 getAccessToken (POST /v1.0/oauth2/accessToken) through the official SDK: the credential's token call. */

const env = useEmulator();

let client: OAuth2Client;

beforeAll(() => {
	client = sdkClient(OAuth2Client, env.emulator);
});

const getToken = (request: Record<string, unknown>) =>
	client.getAccessTokenWithOptions(new GetAccessTokenRequest(request), {}, sdkRuntime());

describe('oauth2_1_0 getAccessToken', () => {
	it('issues a token for appKey + appSecret (JSON body, no token header) that other calls accept', async () => {
		const { appKey, appSecret } = env.emulator.app;
		const before = (await env.client.state()).tokenRequests;
		const reply = await getToken({ appKey, appSecret });
		expect(reply.statusCode).toBe(200);
		expect(reply.body).toEqual(
			expect.objectContaining({ accessToken: expect.any(String), expireIn: 7200 }),
		);
		const state = await env.client.state();
		expect(state.tokenRequests).toBe(before + 1);
		expect(state.requests.at(-1)).toMatchObject({
			path: '/v1.0/oauth2/accessToken',
			tokenInHeader: false,
			body: { appKey, appSecret },
		});

		// The token works as x-acs-dingtalk-access-token on a new-API call.
		const robot = sdkClient(RobotClient, env.emulator);
		const refused = await sdkRefusal(
			robot.batchOTOQueryWithOptions(
				new BatchOTOQueryRequest({
					robotCode: env.emulator.app.robotCode,
					processQueryKey: 'unknown=',
				}),
				new BatchOTOQueryHeaders({ xAcsDingtalkAccessToken: reply.body?.accessToken }),
				sdkRuntime(),
			),
		);
		expect(refused.code).toBe('invalidParameter.processQueryKey.invalid');
	});

	it('refuses a wrong secret and a missing one (appKey alone is all the SDK requires)', async () => {
		const { appKey, appSecret } = env.emulator.app;
		const issued = (await env.client.state()).tokensIssued;
		expect(await sdkRefusal(getToken({ appKey, appSecret: `${appSecret}x` }))).toMatchObject({
			statusCode: 400,
			code: 'invalidClientIdOrSecret',
		});
		expect(await sdkRefusal(getToken({ appKey }))).toMatchObject({
			statusCode: 400,
			code: 'invalidClientIdOrSecret',
		});
		expect((await env.client.state()).tokensIssued).toBe(issued);
	});
});
