import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());
const request = (extra: IDataObject): IDataObject => ({
	resource: 'api',
	operation: 'request',
	api: 'new',
	method: 'POST',
	...extra,
});

describe('API → Make a Request', () => {
	it("calls a new-API endpoint with the token in the header and returns DingTalk's JSON", async () => {
		const { output, error } = await runNode({
			credentials: credentials(),
			parameters: request({
				path: '/v1.0/robot/oToMessages/batchSend',
				body: JSON.stringify({
					robotCode: env.emulator.app.appKey,
					userIds: ['user0001'],
					msgKey: 'sampleText',
					msgParam: '{"content":"raw call"}',
				}),
			}),
		});
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({
			processQueryKey: expect.any(String),
			invalidStaffIdList: [],
		});
		const [call] = await env.client.requestsTo('/v1.0/robot/oToMessages/batchSend');
		expect(call).toMatchObject({ tokenInHeader: true, tokenInQuery: false });
	});

	it('calls an old-API endpoint with the token in the query, query parameters passed on', async () => {
		const { output } = await runNode({
			credentials: credentials(),
			parameters: request({
				api: 'old',
				path: '/topapi/v2/user/get',
				query: { parameter: [{ name: 'lang', value: 'zh_CN' }] },
				body: '{"userid":"user0007"}',
			}),
		});
		expect(output[0].json).toMatchObject({ errcode: 0, result: { userid: 'user0007' } });
		const [call] = await env.client.requestsTo('/topapi/v2/user/get');
		expect(call).toMatchObject({
			tokenInQuery: true,
			tokenInHeader: false,
			query: { lang: 'zh_CN', access_token: '<token>' },
		});
	});

	it("accepts a full URL on the credential's own host", async () => {
		const { output, error } = await runNode({
			credentials: credentials(),
			parameters: request({
				api: 'old',
				path: `${env.emulator.oapiBaseUrl}/topapi/v2/user/get`,
				body: '{"userid":"user0002"}',
			}),
		});
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({ result: { userid: 'user0002' } });
	});

	it.each([
		['another host', 'https://evil.example.com/v1.0/robot/oToMessages/batchSend'],
		["the other API family's host", 'OAPI'],
		['a protocol-relative URL', '//evil.example.com/x'],
		['a path without a leading slash', 'api.dingtalk.com.evil.example.com/v1.0/x'],
		['userinfo trick', '@evil.example.com/v1.0/x'],
	])('refuses %s, sending nothing anywhere', async (_case, path) => {
		const target =
			path === 'OAPI' ? `${env.emulator.oapiBaseUrl}/v1.0/robot/oToMessages/batchSend` : path;
		const { error } = await runNode({
			credentials: credentials(),
			parameters: request({ path: target }),
		});
		expect(error?.message).toContain('parameter "Path" [item 0]');
		expect((await env.client.state()).requests).toHaveLength(0);
	});

	it('maps DingTalk errors like every other operation (permission → what to enable)', async () => {
		await env.client.permissions({ revoke: ['qyapi_get_member'] });
		const { error } = await runNode({
			credentials: credentials(),
			parameters: request({
				api: 'old',
				path: '/topapi/v2/user/get',
				body: '{"userid":"user0001"}',
			}),
		});
		expect(error?.message).toContain('成员信息读权限 (qyapi_get_member)');
	});

	it('rejects a body that is not JSON, naming the parameter', async () => {
		const { error } = await runNode({
			credentials: credentials(),
			parameters: request({ path: '/v1.0/x', body: '{"a": ' }),
		});
		expect(error?.message).toContain('parameter "JSON Body" [item 0]');
	});
});
