import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());

describe('User and Conversation lookups', () => {
	it('User → Get: name, unionId, departments; looked up once per user per execution', async () => {
		const items = [
			{ json: { id: 'user0003' } },
			{ json: { id: 'user0003' } },
			{ json: { id: 'user0004' } },
		];
		const { output, error } = await runNode({
			credentials: credentials(),
			items,
			parameters: { resource: 'user', operation: 'get', userId: '={{ $json.id }}' },
		});
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({
			userId: 'user0003',
			name: 'Emulated User 3',
			unionId: expect.stringMatching(/^union/),
			departmentIds: [1],
		});
		expect(output[1].json.unionId).toBe(output[0].json.unionId);
		const calls = await env.client.requestsTo('/topapi/v2/user/get');
		expect(calls.map((c) => c.body?.userid)).toEqual(['user0003', 'user0004']);
		expect(calls[0]).toMatchObject({ tokenInQuery: true });
	});

	it("User → Get with Simplify off returns DingTalk's record; an unknown user gives DingTalk's 60121", async () => {
		const raw = await runNode({
			credentials: credentials(),
			parameters: { resource: 'user', operation: 'get', userId: 'user0001', simplify: false },
		});
		expect(raw.output[0].json).toMatchObject({
			userid: 'user0001',
			unionid: expect.any(String),
			dept_id_list: [1],
		});
		const missing = await runNode({
			credentials: credentials(),
			parameters: { resource: 'user', operation: 'get', userId: 'nobody' },
		});
		expect(missing.error?.message).toContain('60121');
	});

	it("User → Get by Mobile (the seed's 获取用户ID step): +86 and spaces tolerated", async () => {
		const { output } = await runNode({
			credentials: credentials(),
			parameters: { resource: 'user', operation: 'getByMobile', mobile: '+86 138-0000-0005' },
		});
		expect(output[0].json).toMatchObject({ mobile: '13800000005', userId: 'user0005' });
		const bad = await runNode({
			credentials: credentials(),
			parameters: { resource: 'user', operation: 'getByMobile', mobile: 'call me' },
		});
		expect(bad.error?.message).toContain('parameter "Mobile" [item 0]');
	});

	it('Conversation → Get Open Conversation ID', async () => {
		const { output } = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'conversation',
				operation: 'getOpenConversationId',
				chatId: 'chatemu0001',
			},
		});
		expect(output[0].json).toEqual({
			chatId: 'chatemu0001',
			openConversationId: 'cidEmuGroup+One/AAA==',
		});
		const wrong = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'conversation',
				operation: 'getOpenConversationId',
				chatId: 'cidAlready',
			},
		});
		expect(wrong.error?.description).toContain('already an openConversationId');
	});
});
