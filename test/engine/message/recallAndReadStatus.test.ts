import axios from 'axios';

import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';

const GROUP_ONE = 'cidEmuGroup+One/AAA==';

const env = useEmulator();

const credentials = () => new TestCredentialsHelper(env.emulator.credentials());
const markRead = async (body: Record<string, unknown>) =>
	await axios.post(`${env.emulator.apiBaseUrl}/__emulator/read`, body);

async function sendToUsers(users: string) {
	const { output } = await runNode({
		credentials: credentials(),
		parameters: {
			resource: 'message',
			operation: 'sendToUsers',
			userIds: users,
			messageType: 'text',
			content: 'hi',
		},
	});
	return output[0].json.processQueryKey as string;
}

describe('Message → Get Read Status', () => {
	it('1:1: reads the processQueryKey (with + / =) back as read and unread users', async () => {
		const key = await sendToUsers('user0001,user0002');
		await markRead({ processQueryKey: key, userIds: ['user0002'] });
		const { output, error } = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'message',
				operation: 'getReadStatus',
				messageFrom: 'users',
				processQueryKey: key,
			},
		});
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({
			readUserIds: ['user0002'],
			unreadUserIds: ['user0001'],
			sendStatus: 'SUCCESS',
		});
		const [request] = await env.client.requestsTo('/v1.0/robot/oToMessages/readStatus');
		expect(request.method).toBe('GET');
		expect(request.query.processQueryKey).toBe(key);
	});

	it('group: collects readUserIds', async () => {
		const sent = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'message',
				operation: 'sendToGroup',
				conversationId: GROUP_ONE,
				messageType: 'text',
				content: 'hi',
			},
		});
		const key = sent.output[0].json.processQueryKey as string;
		await markRead({ processQueryKey: key, userIds: ['user0003', 'user0004'] });
		const { output } = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'message',
				operation: 'getReadStatus',
				messageFrom: 'group',
				processQueryKey: key,
				conversationId: GROUP_ONE,
			},
		});
		expect((output[0].json.readUserIds as string[]).sort()).toEqual(['user0003', 'user0004']);
	});
});

describe('Message → Get Read Status of every key of a send', () => {
	const recipients = Array.from({ length: 45 }, (_, n) => `user${String(n + 1).padStart(4, '0')}`);

	async function sendTo45() {
		const { output } = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'message',
				operation: 'sendToUsers',
				userIds: recipients.join(','),
				messageType: 'text',
				content: 'read me',
			},
		});
		return output[0].json;
	}

	it.each([
		['the send’s processQueryKeys (array)', '={{ $json.processQueryKeys }}'],
		['a newline list', '={{ $json.processQueryKeys.join("\\n") }}'],
	])('1:1: takes %s: one call and one item per key, every recipient covered', async (_, value) => {
		const sent = await sendTo45();
		const keys = sent.processQueryKeys as string[];
		expect(keys).toHaveLength(3);
		await markRead({ processQueryKey: keys[0], userIds: ['user0001'] });
		await markRead({ processQueryKey: keys[2], userIds: ['user0045'] });
		const { output, error } = await runNode({
			credentials: credentials(),
			items: [{ json: sent }],
			parameters: {
				resource: 'message',
				operation: 'getReadStatus',
				messageFrom: 'users',
				processQueryKey: value,
			},
		});
		expect(error).toBeUndefined();
		expect(output.map((o) => o.json.processQueryKey)).toEqual(keys);
		expect(output.flatMap((o) => o.json.readUserIds as string[])).toEqual(['user0001', 'user0045']);
		const everyone = output.flatMap((o) => [
			...(o.json.readUserIds as string[]),
			...(o.json.unreadUserIds as string[]),
		]);
		expect(everyone.sort()).toEqual(recipients);
		const calls = await env.client.requestsTo('/v1.0/robot/oToMessages/readStatus');
		expect(calls.map((c) => c.query.processQueryKey)).toEqual(keys);
	});

	it('group: one groupMessages/query per key', async () => {
		const keys: string[] = [];
		for (const content of ['one', 'two']) {
			const sent = await runNode({
				credentials: credentials(),
				parameters: {
					resource: 'message',
					operation: 'sendToGroup',
					conversationId: GROUP_ONE,
					messageType: 'text',
					content,
				},
			});
			keys.push(sent.output[0].json.processQueryKey as string);
		}
		await markRead({ processQueryKey: keys[1], userIds: ['user0003'] });
		const { output, error } = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'message',
				operation: 'getReadStatus',
				messageFrom: 'group',
				processQueryKey: keys.join(', '),
				conversationId: GROUP_ONE,
			},
		});
		expect(error).toBeUndefined();
		expect(output.map((o) => [o.json.processQueryKey, o.json.readUserIds])).toEqual([
			[keys[0], []],
			[keys[1], ['user0003']],
		]);
		const calls = await env.client.requestsTo('/v1.0/robot/groupMessages/query');
		expect(calls.map((c) => c.body?.processQueryKey)).toEqual(keys);
	});

	it('an unknown key among good ones: the error names that key', async () => {
		const sent = await sendTo45();
		const keys = [...(sent.processQueryKeys as string[]).slice(0, 1), 'not-a-key'];
		const stopped = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'message',
				operation: 'getReadStatus',
				messageFrom: 'users',
				processQueryKey: keys.join(','),
			},
		});
		expect(stopped.error?.message).toContain('[key not-a-key]');
		const { output, error } = await runNode({
			credentials: credentials(),
			continueOnFail: true,
			parameters: {
				resource: 'message',
				operation: 'getReadStatus',
				messageFrom: 'users',
				processQueryKey: keys.join(','),
			},
		});
		expect(error).toBeUndefined();
		expect(output.map((o) => o.json.processQueryKey)).toEqual(keys);
		expect(output[0].json.unreadUserIds).toHaveLength(20);
		expect(output[1].json.error).toContain('[key not-a-key]');
	});
});

describe('Message → Recall', () => {
	it('1:1: recalls through otoMessages/batchRecall (lower-case oto) and reports unknown keys as failed', async () => {
		const key = await sendToUsers('user0001');
		const { output } = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'message',
				operation: 'recall',
				recallFrom: 'users',
				processQueryKeys: `${key}\nnot-a-key`,
			},
		});
		expect(output[0].json.recalled).toEqual([key]);
		expect(output[0].json.failed).toEqual([
			expect.objectContaining({ processQueryKey: 'not-a-key' }),
		]);
		expect(await env.client.requestsTo('/v1.0/robot/otoMessages/batchRecall')).toHaveLength(1);
		expect((await env.client.state()).messages[0]).toMatchObject({ recalled: true });
	});

	it('group and work notification', async () => {
		const sent = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'message',
				operation: 'sendToGroup',
				conversationId: GROUP_ONE,
				messageType: 'text',
				content: 'oops',
			},
		});
		const group = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'message',
				operation: 'recall',
				recallFrom: 'group',
				conversationId: GROUP_ONE,
				processQueryKeys: sent.output[0].json.processQueryKey as string,
			},
		});
		expect(group.output[0].json.recalled).toEqual([sent.output[0].json.processQueryKey]);

		const notice = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'message',
				operation: 'sendWorkNotification',
				recipientType: 'users',
				userIds: 'user0001',
				messageType: 'text',
				content: 'oops',
			},
		});
		const work = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'message',
				operation: 'recall',
				recallFrom: 'workNotification',
				taskId: notice.output[0].json.taskId as string,
			},
		});
		expect(work.error).toBeUndefined();
		const [recallCall] = await env.client.requestsTo('/topapi/message/corpconversation/recall');
		expect(recallCall.body).toEqual({
			agent_id: Number(env.emulator.app.agentId),
			msg_task_id: Number(notice.output[0].json.taskId),
		});
		expect(
			(await env.client.state()).messages.every(
				(m) => (m as unknown as { recalled?: boolean }).recalled,
			),
		).toBe(true);
	});

	it.each([
		[400, 20, [20]],
		[420, 21, [20, 1]],
		[1000, 50, [20, 20, 10]],
	])(
		'recalls a send to %i users (%i keys) in calls of at most 20 keys, merged into one item',
		async (count, keys, calls) => {
			const recipients = Array.from(
				{ length: count },
				(_, n) => `user${String(n + 1).padStart(4, '0')}`,
			);
			const sent = await runNode({
				credentials: credentials(),
				parameters: {
					resource: 'message',
					operation: 'sendToUsers',
					userIds: recipients.join(','),
					messageType: 'text',
					content: 'oops',
				},
			});
			const processQueryKeys = sent.output[0].json.processQueryKeys as string[];
			expect(processQueryKeys).toHaveLength(keys);
			const { output, error } = await runNode({
				credentials: credentials(),
				parameters: {
					resource: 'message',
					operation: 'recall',
					recallFrom: 'users',
					processQueryKeys: `={{ ${JSON.stringify(processQueryKeys)} }}`,
				},
			});
			expect(error).toBeUndefined();
			expect(output).toHaveLength(1);
			expect([...(output[0].json.recalled as string[])].sort()).toEqual(
				[...processQueryKeys].sort(),
			);
			const recallCalls = await env.client.requestsTo('/v1.0/robot/otoMessages/batchRecall');
			expect(recallCalls.map((r) => (r.body?.processQueryKeys as string[]).length)).toEqual(calls);
			expect(recallCalls.every((r) => r.status === 200)).toBe(true);
		},
	);

	it('with no keys → names the parameter', async () => {
		const { error } = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'message',
				operation: 'recall',
				recallFrom: 'users',
				processQueryKeys: '={{ [] }}',
			},
		});
		expect(error?.message).toContain('parameter "Process Query Keys" [item 0]');
	});
});
