import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { lines as logLines } from '../../support/logCapture';
import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';
import { TransportProbe } from '../probeNode';

const SEND = '/v1.0/robot/oToMessages/batchSend';
const USER_GET = '/topapi/v2/user/get';

const env = useEmulator();

function sendItem(userId: string, extra: IDataObject = {}): INodeExecutionData {
	return {
		json: {
			api: 'new',
			method: 'POST',
			path: SEND,
			body: {
				robotCode: env.emulator.app.appKey,
				userIds: [userId],
				msgKey: 'sampleText',
				msgParam: JSON.stringify({ content: `hi ${userId}` }),
			},
			...extra,
		},
	};
}

function userGetItem(userid: string, extra: IDataObject = {}): INodeExecutionData {
	return {
		json: {
			api: 'old',
			method: 'POST',
			path: USER_GET,
			body: { userid, language: 'zh_CN' },
			idempotent: true,
			...extra,
		},
	};
}

async function probe(
	credentials: TestCredentialsHelper,
	items: INodeExecutionData[],
	continueOnFail = false,
) {
	return await runNode({
		nodeType: new TransportProbe(),
		credentials,
		parameters: { fastBackoff: true },
		items,
		continueOnFail,
	});
}

describe('token placement', () => {
	it('puts the token in the header for the new API and in the query for the old API, nowhere else', async () => {
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		const { output, error } = await probe(credentials, [
			sendItem('user0001'),
			userGetItem('user0002'),
		]);
		expect(error).toBeUndefined();
		expect(output[1].json).toMatchObject({ errcode: 0, result: { userid: 'user0002' } });

		const state = await env.client.state();
		const send = state.requests.find((r) => r.path === SEND)!;
		const userGet = state.requests.find((r) => r.path === USER_GET)!;
		expect(send).toMatchObject({
			host: 'api',
			tokenInHeader: true,
			tokenInQuery: false,
			status: 200,
		});
		expect(userGet).toMatchObject({
			host: 'oapi',
			tokenInHeader: false,
			tokenInQuery: true,
			status: 200,
		});
		const tokenCall = state.requests.find((r) => r.path === '/v1.0/oauth2/accessToken')!;
		expect(tokenCall).toMatchObject({
			tokenInHeader: false,
			tokenInQuery: false,
			contentType: expect.stringContaining('application/json'),
		});
	});
});

describe('token lifecycle', () => {
	it('fetches the token once for 100 items and persists it in the credential', async () => {
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		const items = Array.from({ length: 100 }, (_, n) =>
			sendItem(`user${String(n + 1).padStart(4, '0')}`),
		);
		const { output, error } = await probe(credentials, items);
		expect(error).toBeUndefined();
		expect(output).toHaveLength(100);

		const state = await env.client.state();
		expect(state.tokenRequests).toBe(1);
		expect(state.requests.filter((r) => r.path === SEND && r.status === 200)).toHaveLength(100);
		expect(state.messages).toHaveLength(100);
		expect(credentials.updates).toBe(1);
		expect(credentials.stored().accessToken).toMatch(/^[0-9a-f]{32}$/);
	});

	it('reuses the persisted token in later executions', async () => {
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		await probe(credentials, [sendItem('user0001')]);
		await probe(credentials, [sendItem('user0002'), userGetItem('user0003')]);
		await probe(credentials, [sendItem('user0004')]);
		expect((await env.client.state()).tokenRequests).toBe(1);
		expect(credentials.updates).toBe(1);
	});

	it('refreshes exactly once after DingTalk revokes the token (new API: 400 InvalidAuthentication)', async () => {
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		await probe(credentials, [sendItem('user0001')]);
		const oldToken = credentials.stored().accessToken;
		await env.client.revokeTokens();

		const items = Array.from({ length: 5 }, (_, n) =>
			sendItem(`user${String(n + 10).padStart(4, '0')}`),
		);
		const { output, error } = await probe(credentials, items);
		expect(error).toBeUndefined();
		expect(output).toHaveLength(5);

		const state = await env.client.state();
		expect(state.tokenRequests).toBe(2);
		const sends = state.requests.filter((r) => r.path === SEND);
		expect(sends.filter((r) => r.outcome === 'token-rejected')).toHaveLength(1);
		expect(sends.filter((r) => r.status === 200)).toHaveLength(6);
		expect(state.messages).toHaveLength(6);
		expect(credentials.stored().accessToken).not.toBe(oldToken);
		expect(credentials.updates).toBe(2);
	});

	it('refreshes exactly once after the token dies on the old API (errcode 88 / sub_code 40014)', async () => {
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		await probe(credentials, [userGetItem('user0001')]);
		await env.client.revokeTokens();
		const { output, error } = await probe(credentials, [
			userGetItem('user0002'),
			userGetItem('user0003'),
		]);
		expect(error).toBeUndefined();
		expect(output.map((o) => (o.json.result as IDataObject).userid)).toEqual([
			'user0002',
			'user0003',
		]);

		const state = await env.client.state();
		expect(state.tokenRequests).toBe(2);
		const rejected = state.requests.filter((r) => r.outcome === 'token-rejected');
		expect(rejected).toHaveLength(1);
		expect(rejected[0].response).toMatchObject({ errcode: 88, sub_code: '40014' });
	});

	it('does not loop when DingTalk rejects even a fresh token', async () => {
		await env.client.faults({
			rules: [
				{
					type: 'status',
					path: SEND,
					status: 400,
					body: {
						code: 'InvalidAuthentication',
						message: '不合法的access_token',
						requestid: 'RQ-LOOP',
					},
				},
			],
		});
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		await probe(credentials, [userGetItem('user0001')]);
		const { error } = await probe(credentials, [sendItem('user0002')]);
		expect(error?.message).toContain('InvalidAuthentication');
		expect(error?.message).toContain('RQ-LOOP');
		expect(error?.description).toContain('freshly issued');
		const state = await env.client.state();
		expect(state.tokenRequests).toBe(2);
		expect(state.requests.filter((r) => r.path === SEND)).toHaveLength(2);
	});

	it.each([1, 10, 30])(
		'renews once when the token dies at call %i of a run that started without a token (calls waiting on the first fetch included)',
		async (at) => {
			await env.client.faults({ rules: [{ type: 'revoke', path: SEND, after: at - 1, count: 1 }] });
			const credentials = new TestCredentialsHelper(env.emulator.credentials());
			const recipients = Array.from(
				{ length: 1000 },
				(_, n) => `user${String(n + 1).padStart(4, '0')}`,
			);
			const { output, error } = await runNode({
				credentials,
				parameters: {
					resource: 'message',
					operation: 'sendToUsers',
					userIds: recipients.join(','),
					messageType: 'text',
					content: 'revoked',
				},
			});
			expect(error).toBeUndefined();
			expect(output[0].json.sentUserIds).toHaveLength(1000);
			const state = await env.client.state();
			// The execution's first fetch, then one renewal for the revocation.
			expect(state.tokenRequests).toBe(2);
			const delivered = state.messages.map((m) => m.userId);
			expect(new Set(delivered).size).toBe(1000);
			expect(delivered).toHaveLength(1000);
		},
	);

	it("renews a work notification's token that dies at the first call (old API, errcode 88)", async () => {
		await env.client.faults({
			rules: [{ type: 'revoke', path: '/topapi/message/corpconversation/asyncsend_v2', count: 1 }],
		});
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		const recipients = Array.from(
			{ length: 250 },
			(_, n) => `user${String(n + 1).padStart(4, '0')}`,
		);
		const { output, error } = await runNode({
			credentials,
			parameters: {
				resource: 'message',
				operation: 'sendWorkNotification',
				recipientType: 'users',
				userIds: recipients.join(','),
				messageType: 'text',
				content: 'revoked',
			},
		});
		expect(error).toBeUndefined();
		expect(output[0].json.userIds).toHaveLength(250);
		const state = await env.client.state();
		expect(state.tokenRequests).toBe(2);
		const delivered = state.messages.filter((m) => m.channel === 'work').map((m) => m.userId);
		expect(delivered).toHaveLength(250);
		expect(new Set(delivered).size).toBe(250);
	});

	it('refreshes a token past its stated expiry before using it', async () => {
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		await probe(credentials, [sendItem('user0001')]);
		credentials.store.set('dingTalkCred0001', {
			...credentials.stored(),
			accessTokenExpiresAt: Date.now() - 1000,
		});
		await env.client.revokeTokens();
		const { error } = await probe(credentials, [sendItem('user0002')]);
		expect(error).toBeUndefined();
		const state = await env.client.state();
		expect(state.tokenRequests).toBe(2);
		expect(state.requests.filter((r) => r.outcome === 'token-rejected')).toHaveLength(0);
	});

	it("reports a wrong secret once, with DingTalk's message, and asks DingTalk only once per execution", async () => {
		const credentials = new TestCredentialsHelper(
			env.emulator.credentials({ clientSecret: 'wrong-secret-value' }),
		);
		const items = Array.from({ length: 10 }, (_, n) =>
			sendItem(`user${String(n + 1).padStart(4, '0')}`),
		);
		const { output } = await probe(credentials, items, true);
		expect(output).toHaveLength(10);
		output.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.error).toContain('Wrong Client ID or Client Secret');
			expect(item.json.error).toContain('无效的clientId或者clientSecret');
			expect(JSON.stringify(item.json)).not.toContain('wrong-secret-value');
		});
		const state = await env.client.state();
		expect(state.tokenRequests).toBe(1);
		expect(state.requests.filter((r) => r.path === SEND)).toHaveLength(0);
	});
});

describe('throttling', () => {
	it('backs off and delivers everything exactly once under a 5-QPS quota', async () => {
		await env.client.faults({ throttles: [{ path: SEND, qps: 5 }] });
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		const items = Array.from({ length: 12 }, (_, n) =>
			sendItem(`user${String(n + 1).padStart(4, '0')}`),
		);
		const { output, error } = await runNode({
			nodeType: new TransportProbe(),
			credentials,
			parameters: { fastBackoff: false },
			items,
		});
		expect(error).toBeUndefined();
		expect(output).toHaveLength(12);
		const state = await env.client.state();
		expect(state.requests.filter((r) => r.outcome === 'throttled').length).toBeGreaterThan(0);
		const delivered = state.messages.map((m) => m.userId).sort();
		expect(delivered).toEqual(
			items.map((i) => ((i.json.body as IDataObject).userIds as string[])[0]).sort(),
		);
	}, 60000);

	it('gives up after its retries with a clear throttling error (old API errcode 90018 too)', async () => {
		await env.client.faults({
			rules: [
				{
					type: 'status',
					path: USER_GET,
					status: 200,
					body: { errcode: 90018, errmsg: '当前企业调用该接口超过QPS限制' },
				},
			],
		});
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		const { error } = await probe(credentials, [userGetItem('user0001')]);
		expect(error?.message).toContain('90018');
		expect(error?.description).toContain('throttling');
		expect((await env.client.requestsTo(USER_GET)).length).toBe(7);
	});
});

describe('server errors and dropped connections', () => {
	it('retries an idempotent call after 5xx and a dropped connection', async () => {
		await env.client.faults({
			rules: [
				{ type: 'status', path: USER_GET, status: 502, count: 1 },
				{ type: 'drop-before', path: USER_GET, count: 1 },
			],
		});
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		const { output, error } = await probe(credentials, [userGetItem('user0001')]);
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({ result: { userid: 'user0001' } });
		expect((await env.client.requestsTo(USER_GET)).map((r) => r.outcome)).toEqual([
			'dropped-before',
			'fault-status',
			'ok',
		]);
	});

	it('never repeats a send whose answer was lost, and says the outcome is unknown', async () => {
		await env.client.faults({ rules: [{ type: 'drop-after', path: SEND, count: 1 }] });
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		const { output } = await probe(credentials, [sendItem('user0001'), sendItem('user0002')], true);
		expect(output[0].json.error).toContain('ECONNRESET');
		expect(output[0].json.description).toContain('unknown');
		expect(output[1].json).toMatchObject({ invalidStaffIdList: [] });
		const state = await env.client.state();
		expect(state.requests.filter((r) => r.path === SEND)).toHaveLength(2);
		expect(state.messages.map((m) => m.userId)).toEqual(['user0001', 'user0002']);
	});

	it('does not repeat a send after a 5xx', async () => {
		await env.client.faults({ rules: [{ type: 'status', path: SEND, status: 503, count: 1 }] });
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		const { error } = await probe(credentials, [sendItem('user0001')]);
		expect(error?.message).toContain('ServiceUnavailable');
		expect(error?.description).toContain('not repeated');
		expect(await env.client.requestsTo(SEND)).toHaveLength(1);
	});
});

describe('permission errors', () => {
	it('names the permission to enable for a new-API call', async () => {
		await env.client.permissions({ revoke: ['qyapi_robot_sendmsg'] });
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		const { error } = await probe(credentials, [sendItem('user0001')]);
		expect(error?.message).toContain('企业内机器人发送消息权限 (qyapi_robot_sendmsg)');
		expect(error?.message).toContain('Forbidden.AccessDenied.AccessTokenPermissionDenied');
		expect(error?.description).toContain('developer console');
		expect(error?.httpCode).toBe('403');
	});

	it('names the permission to enable for an old-API call (errcode 60011)', async () => {
		await env.client.permissions({ revoke: ['qyapi_get_member'] });
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		const { error } = await probe(credentials, [userGetItem('user0001')]);
		expect(error?.message).toContain('成员信息读权限 (qyapi_get_member)');
		expect(error?.message).toContain('60011');
	});
});

describe('secrets', () => {
	it('never shows the secret or the token in outputs or errors', async () => {
		await env.client.faults({
			rules: [
				{
					type: 'status',
					path: SEND,
					status: 400,
					count: 1,
					body: { code: 'invalidParameter.userIds.invalid', message: 'bad', requestid: 'R' },
				},
			],
		});
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		const { run } = await probe(
			credentials,
			[sendItem('user0001'), userGetItem('user0002'), userGetItem('nobody')],
			true,
		);
		const token = credentials.stored().accessToken as string;
		const everything = JSON.stringify(run.data.resultData);
		expect(token).toBeTruthy();
		expect(everything).not.toContain(token);
		expect(everything).not.toContain(env.emulator.app.appSecret);
		expect(everything).toContain('invalidParameter.userIds.invalid');
		expect(everything).toContain('60121');
		const logs = logLines.join('\n');
		expect(logs).toContain('Running node "DingTalk"');
		expect(logs).not.toContain(token);
		expect(logs).not.toContain(env.emulator.app.appSecret);
	});
});
