/**
 * The Client ID and Secret in the credential decide, not a token cached from earlier values:
 * the credential Test checks the form's pair against DingTalk, and a changed pair drops the stored token.
 */
import type {
	ICredentialTestRequest,
	IDataObject,
	INodeExecutionData,
	INodeType,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { tokenFingerprint } from '../../../credentials/common/token';
import { DingTalkApi } from '../../../credentials/DingTalkApi.credentials';
import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';

const env = useEmulator();
/** DingTalk's token endpoint, the path the emulator logs. */
function isTokenCall(path: string): boolean {
	return path === '/v1.0/oauth2/accessToken';
}
const SEND = '/v1.0/robot/oToMessages/batchSend';

const send = (userId: string): IDataObject => ({
	resource: 'message',
	operation: 'sendToUsers',
	userIds: userId,
	messageType: 'text',
	content: 'hi',
});

/**
 * n8n's CLI tests a credential with a `test` request the same way (CredentialsTester.runRequestTest):
 * a node whose only property routes the test request, run through n8n-core's RoutingNode with
 * httpRequestWithAuthentication, then the verdict from the thrown error or the `rules`.
 */
async function credentialTest(
	credentials: TestCredentialsHelper,
): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const test = new DingTalkApi().test as ICredentialTestRequest;
	const tester: INodeType = {
		description: {
			displayName: 'Credential Test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: 'Runs the credential test request',
			defaults: { name: 'Credential Test' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: 'dingTalkApi', required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: test.request },
					default: '',
				},
			],
		},
	};
	const { output, error } = await runNode({ credentials, parameters: {}, nodeType: tester });
	if (error) {
		const cause = (
			error as unknown as {
				cause?: { response?: { status: number; statusText?: string }; code?: string };
			}
		).cause;
		if (cause?.response) {
			const { status, statusText } = cause.response;
			if (status < 199 || status > 299)
				return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
		} else if (cause?.code) {
			return { status: 'Error', message: cause.code };
		}
		return { status: 'Error', message: error.message };
	}
	const body = (output as INodeExecutionData[])[0]?.json as IDataObject | undefined;
	for (const rule of test.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const { key, value, message } = rule.properties as {
			key: string;
			value: unknown;
			message: string;
		};
		if (body?.[key] === value) return { status: 'Error', message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

describe('credential Test checks the Client ID and Secret in the form', () => {
	it('passes for the right pair and never sends a stored token to the token endpoint', async () => {
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		await runNode({ credentials, parameters: send('user0001') });
		await env.client.reset();
		expect(await credentialTest(credentials)).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		const calls = (await env.client.state()).requests.filter((r) => isTokenCall(r.path));
		expect(calls).toHaveLength(1);
		expect(calls[0].body).toEqual({
			appKey: env.emulator.app.appKey,
			appSecret: env.emulator.app.appSecret,
		});
		expect(calls[0].tokenInHeader).toBe(false);
	});

	it("fails with DingTalk's message for a wrong secret even when a valid token is stored", async () => {
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		await runNode({ credentials, parameters: send('user0001') });
		const stored = credentials.stored();
		expect(stored.accessToken).toMatch(/^[0-9a-f]{32}$/);
		// The form now holds a mistyped secret; the hidden token fields still hold the earlier token.
		credentials.store.set('dingTalkCred0001', { ...stored, clientSecret: 'mistyped-secret' });

		const result = await credentialTest(credentials);
		expect(result.status).toBe('Error');
		expect(result.message).toContain('Wrong Client ID (AppKey) or Client Secret (AppSecret)');
		expect(result.message).toContain('无效的clientId或者clientSecret');
		expect(result.message).not.toContain('mistyped-secret');
		const calls = (await env.client.state()).requests.filter((r) => isTokenCall(r.path));
		expect(calls[calls.length - 1].body).toEqual({
			appKey: env.emulator.app.appKey,
			appSecret: 'mistyped-secret',
		});
	});

	it('fails with a readable message for an unknown Client ID', async () => {
		const credentials = new TestCredentialsHelper(
			env.emulator.credentials({ clientId: 'dingNoSuchApp' }),
		);
		const result = await credentialTest(credentials);
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringContaining('invalidClientIdOrSecret'),
		});
	});
});

describe('a changed Client ID or Secret drops the stored token', () => {
	it('fetches a new token when the stored one was issued for another secret', async () => {
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		await runNode({ credentials, parameters: send('user0001') });
		const earlier = credentials.stored();
		const issuedForOldSecret = tokenFingerprint({
			...earlier,
			clientSecret: 'the-previous-secret',
		});
		credentials.store.set('dingTalkCred0001', {
			...earlier,
			accessTokenIssuedFor: issuedForOldSecret,
		});
		await env.client.reset();

		const { output, error } = await runNode({ credentials, parameters: send('user0002') });
		expect(error).toBeUndefined();
		expect(output[0].json.sentUserIds).toEqual(['user0002']);
		const state = await env.client.state();
		expect(state.tokenRequests).toBe(1);
		expect(state.requests.map((r) => (isTokenCall(r.path) ? 'token' : r.path))).toEqual([
			'token',
			SEND,
		]);
		const now = credentials.stored();
		expect(credentials.updates).toBe(2);
		expect(now.accessTokenIssuedFor).toBe(tokenFingerprint(now));
		expect(JSON.stringify(now.accessTokenIssuedFor)).not.toContain(env.emulator.app.appSecret);
	});

	it("fails with DingTalk's message instead of running on the old token after the secret changed", async () => {
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		await runNode({ credentials, parameters: send('user0001') });
		credentials.store.set('dingTalkCred0001', {
			...credentials.stored(),
			clientSecret: 'mistyped-secret',
		});
		await env.client.reset();

		const { error } = await runNode({ credentials, parameters: send('user0002') });
		expect(error?.message).toContain('无效的clientId或者clientSecret');
		const state = await env.client.state();
		expect(state.requests.map((r) => (isTokenCall(r.path) ? 'token' : r.path))).toEqual(['token']);
		expect(state.messages).toHaveLength(0);
	});

	it('fetches a new token after switching to another app on the same credential', async () => {
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		await runNode({ credentials, parameters: send('user0001') });
		const before = credentials.stored();
		// Same token, but the credential now names a Client ID it was not issued for.
		credentials.store.set('dingTalkCred0001', { ...before, clientId: 'dingOtherApp' });
		await env.client.reset();
		const { error } = await runNode({ credentials, parameters: send('user0002') });
		expect(error?.message).toContain('invalidClientIdOrSecret');
		expect(await env.client.requestsTo(SEND)).toHaveLength(0);
	});
});
