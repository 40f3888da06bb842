import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';

const SESSION = '/robot/sendBySession';
const BATCH = '/v1.0/robot/oToMessages/batchSend';
const GROUP = '/v1.0/robot/groupMessages/send';
const GROUP_ONE = 'cidEmuGroup+One/AAA==';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());

/** A robot message as DingTalk sends it, with a live sessionWebhook from the emulator. */
async function incoming(
	conversationType: '1' | '2',
	extra: IDataObject = {},
): Promise<IDataObject> {
	// The push goes nowhere (no trigger listens); what matters is the payload DingTalk would send.
	const push = await env.client.admin<{ id: number }>('POST', 'push', {
		url: 'http://127.0.0.1:9/unreachable',
		kind: 'robot',
		payload: {
			conversationType,
			senderStaffId: 'user0007',
			...(conversationType === '1' ? { conversationId: 'cidPrivate0007==' } : {}),
			...extra,
		},
	});
	const payloads = await env.client.admin<IDataObject[]>('GET', 'pushes/payloads');
	return payloads[push.id];
}

const reply = (message: IDataObject, extra: IDataObject = {}): IDataObject => ({
	resource: 'message',
	operation: 'reply',
	conversationId: message.conversationId,
	conversationType: message.conversationType === '2' ? 'group' : 'oneToOne',
	senderUserId: message.senderStaffId,
	sessionWebhook: message.sessionWebhook,
	sessionWebhookExpiresAt: message.sessionWebhookExpiredTime,
	messageType: 'text',
	content: '订单 123 已发货',
	...extra,
});

describe('Message → Reply', () => {
	it('in a group: through the sessionWebhook, without the app token, mentioning the sender', async () => {
		const message = await incoming('2');
		const { output, error } = await runNode({
			credentials: credentials(),
			parameters: reply(message),
		});
		expect(error).toBeUndefined();
		const [call] = await env.client.requestsTo(SESSION);
		expect(call.host).toBe('oapi');
		expect(call.tokenInQuery).toBe(false);
		expect(call.body).toEqual({
			msgtype: 'text',
			text: { content: '@user0007 订单 123 已发货' },
			at: { atUserIds: ['user0007'], isAtAll: false },
		});
		expect(call.status).toBe(200);
		const delivered = (await env.client.state()).messages;
		expect(delivered).toEqual([
			expect.objectContaining({
				channel: 'session',
				openConversationId: GROUP_ONE,
				atUserIds: ['user0007'],
			}),
		]);
		expect(output[0].json).toMatchObject({ via: 'sessionWebhook', mentionedUserIds: ['user0007'] });
		expect(await env.client.requestsTo(GROUP)).toHaveLength(0);
	});

	it('1:1 markdown through the sessionWebhook: no mention', async () => {
		const message = await incoming('1');
		const { output } = await runNode({
			credentials: credentials(),
			parameters: reply(message, {
				messageType: 'markdown',
				title: 'Status',
				content: '**shipped**',
			}),
		});
		const [call] = await env.client.requestsTo(SESSION);
		expect(call.body).toEqual({
			msgtype: 'markdown',
			markdown: { title: 'Status', text: '**shipped**' },
		});
		expect(output[0].json).toMatchObject({
			via: 'sessionWebhook',
			conversationType: 'oneToOne',
			mentionedUserIds: [],
		});
	});

	it('after the session expired (known expiry) → the group robot API, no sessionWebhook call', async () => {
		const message = await incoming('2', { sessionWebhookExpiredTime: Date.now() - 1000 });
		const { output } = await runNode({ credentials: credentials(), parameters: reply(message) });
		expect(await env.client.requestsTo(SESSION)).toHaveLength(0);
		const [call] = await env.client.requestsTo(GROUP);
		expect(call.body).toMatchObject({ openConversationId: GROUP_ONE, msgKey: 'sampleText' });
		expect(output[0].json).toMatchObject({
			via: 'robotApi',
			fallbackReason: 'sessionWebhook expired',
			processQueryKey: expect.any(String),
		});
	});

	it('session refused by DingTalk (expired early) → sent once through batchSend to the sender', async () => {
		const message = await incoming('1');
		await env.client.admin('POST', 'sessions/expire');
		const { output, error } = await runNode({
			credentials: credentials(),
			parameters: reply(message),
		});
		expect(error).toBeUndefined();
		const [session] = await env.client.requestsTo(SESSION);
		expect(session.outcome).toBe('rejected');
		const [call] = await env.client.requestsTo(BATCH);
		expect(call.body).toMatchObject({ userIds: ['user0007'], msgKey: 'sampleText' });
		expect(output[0].json).toMatchObject({
			via: 'robotApi',
			fallbackReason: expect.stringContaining('sessionWebhook refused'),
		});
		expect((await env.client.state()).messages).toHaveLength(1);
	});

	it('a lost sessionWebhook answer → unknown outcome error, not sent again through the robot API', async () => {
		const message = await incoming('2');
		await env.client.faults({
			rules: [{ type: 'drop-after', host: 'oapi', path: SESSION, count: 1 }],
		});
		const { error } = await runNode({ credentials: credentials(), parameters: reply(message) });
		expect(error?.message).toContain(
			'Connection to DingTalk failed during POST /robot/sendBySession',
		);
		expect(await env.client.requestsTo(GROUP)).toHaveLength(0);
		expect((await env.client.state()).messages).toHaveLength(1);
	});

	it('a sessionWebhook on a foreign host is refused before anything is sent', async () => {
		const message = await incoming('2');
		const forged = String(message.sessionWebhook).replace(
			/^http:\/\/127\.0\.0\.1:\d+/,
			'https://attacker.example',
		);
		const { error } = await runNode({
			credentials: credentials(),
			parameters: reply(message, { sessionWebhook: forged }),
		});
		expect(error?.message).toContain(
			"is not a DingTalk sessionWebhook of this credential's environment",
		);
		expect(error?.message).toContain('parameter "Session Webhook" [item 0]');
		expect(
			(await env.client.state()).requests.filter((r) => r.path !== '/v1.0/oauth2/accessToken'),
		).toHaveLength(0);
	});

	it('an image reply goes through the robot API even while the session is valid', async () => {
		const message = await incoming('2');
		const { output } = await runNode({
			credentials: credentials(),
			parameters: reply(message, { messageType: 'image', imageUrl: 'https://example.com/a.png' }),
		});
		expect(await env.client.requestsTo(SESSION)).toHaveLength(0);
		expect(output[0].json).toMatchObject({
			via: 'robotApi',
			fallbackReason: 'media messages go through the robot API',
		});
	});

	it('a bad conversation type is named', async () => {
		const message = await incoming('2');
		const { error } = await runNode({
			credentials: credentials(),
			parameters: reply(message, { conversationType: 'channel' }),
		});
		expect(error?.message).toBe(
			'"channel" is not a conversation type in parameter "Conversation Type" [item 0]',
		);
	});
});
