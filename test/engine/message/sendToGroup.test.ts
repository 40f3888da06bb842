import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';

const SEND = '/v1.0/robot/groupMessages/send';
const GROUP_ONE = 'cidEmuGroup+One/AAA==';

const env = useEmulator();

const credentials = () => new TestCredentialsHelper(env.emulator.credentials());
const group = (conversationId: string, extra: IDataObject = {}): IDataObject => ({
	resource: 'message',
	operation: 'sendToGroup',
	conversationId,
	messageType: 'text',
	content: '告警：CPU 95%',
	...extra,
});

describe('Message → Send to Group', () => {
	it('sends to an openConversationId with + / = intact', async () => {
		const { output, error } = await runNode({
			credentials: credentials(),
			parameters: group(GROUP_ONE),
		});
		expect(error).toBeUndefined();
		const [call] = await env.client.requestsTo(SEND);
		expect(call.body).toMatchObject({
			openConversationId: GROUP_ONE,
			robotCode: env.emulator.app.appKey,
			msgKey: 'sampleText',
		});
		expect(call.tokenInHeader).toBe(true);
		expect(output[0].json).toMatchObject({
			openConversationId: GROUP_ONE,
			processQueryKey: expect.any(String),
		});
		const [message] = (await env.client.state()).messages;
		expect(message).toMatchObject({ channel: 'group', openConversationId: GROUP_ONE });
		expect(Object.keys(output[0].json)).toEqual([
			'openConversationId',
			'messageType',
			'robotCode',
			'processQueryKey',
		]);
	});

	it('converts an old chatId once per execution, however many items use it', async () => {
		const items = [{ json: { n: 1 } }, { json: { n: 2 } }, { json: { n: 3 } }];
		const { output, error } = await runNode({
			credentials: credentials(),
			items,
			parameters: group('chatemu0001', { content: '={{ "alert " + $json.n }}' }),
		});
		expect(error).toBeUndefined();
		expect(output.map((o) => o.json.openConversationId)).toEqual([GROUP_ONE, GROUP_ONE, GROUP_ONE]);
		expect(output[0].json.chatId).toBe('chatemu0001');
		const state = await env.client.state();
		expect(
			state.requests.filter((r) => r.path.includes('convertToOpenConversationId')),
		).toHaveLength(1);
		expect(state.messages.map((m) => (m.msgParam as IDataObject).content)).toEqual([
			'alert 1',
			'alert 2',
			'alert 3',
		]);
	});

	it("a chatId that does not exist → DingTalk's error with its code, nothing sent", async () => {
		const { error } = await runNode({
			credentials: credentials(),
			parameters: group('chatdoesnotexist'),
		});
		expect(error?.message).toContain('invalidParameter.chatId.invalid');
		expect(error?.message).toContain('/v1.0/im/chat/chatdoesnotexist/convertToOpenConversationId');
		expect(await env.client.requestsTo(SEND)).toHaveLength(0);
	});

	it('a message over 15,000 bytes → refused before sending, naming Content', async () => {
		const { error } = await runNode({
			credentials: credentials(),
			parameters: group(GROUP_ONE, { content: '钉'.repeat(5001) }),
		});
		expect(error?.message).toContain('parameter "Content" [item 0]');
		expect(error?.message).toMatch(/150\d\d bytes, over DingTalk's 15000-byte limit/);
		expect(await env.client.requestsTo(SEND)).toHaveLength(0);
	});

	it('a group the robot is not in → the hint says to add the robot', async () => {
		const { error } = await runNode({
			credentials: credentials(),
			parameters: group('cidEmuGroup+Two/BBB=='),
		});
		expect(error?.message).toContain('invalidParameter.robotCode.notExsit');
		expect(error?.description).toContain('add the robot to the group');
	});

	it('sends a Markdown message and a coolAppCode when given', async () => {
		await runNode({
			credentials: credentials(),
			parameters: group(GROUP_ONE, {
				messageType: 'markdown',
				title: '告警',
				content: '**CPU** 95%',
				options: { coolAppCode: ' ' },
			}),
		});
		const [call] = await env.client.requestsTo(SEND);
		expect(call.body?.msgKey).toBe('sampleMarkdown');
		expect(call.body).not.toHaveProperty('coolAppCode');
	});
});
