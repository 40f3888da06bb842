import { useEmulator } from '../../support/useEmulator';
import { userIds } from '../../support/items';
import { runNode, TestCredentialsHelper } from '../harness';

/**
 * Every list a call carries stays within DingTalk's documented per-call maximum: exactly the
 * maximum in one call, one over in two, many times over in full calls plus the rest.
 */
const GROUP_ONE = 'cidEmuGroup+One/AAA==';

const env = useEmulator();

const credentials = () => new TestCredentialsHelper(env.emulator.credentials());

describe('per-call maxima', () => {
	it.each([
		[20, [20]],
		[21, [20, 1]],
		[60, [20, 20, 20]],
	])('Send to Users: %i users go in oToMessages/batchSend calls of %j', async (count, calls) => {
		const { error } = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'message',
				operation: 'sendToUsers',
				userIds: userIds(1, count).join(','),
				messageType: 'text',
				content: `to ${count}`,
			},
		});
		expect(error).toBeUndefined();
		const sent = await env.client.requestsTo('/v1.0/robot/oToMessages/batchSend');
		expect(sent.map((r) => (r.body?.userIds as string[]).length)).toEqual(calls);
		expect(sent.flatMap((r) => r.body?.userIds as string[])).toEqual(userIds(1, count));
		expect(sent.every((r) => r.status === 200)).toBe(true);
	});

	it.each([
		[100, [100]],
		[101, [100, 1]],
		[300, [100, 100, 100]],
	])('Send Work Notification: %i users go in asyncsend_v2 calls of %j', async (count, calls) => {
		const { output, error } = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'message',
				operation: 'sendWorkNotification',
				recipientType: 'users',
				userIds: userIds(1, count).join(','),
				messageType: 'text',
				content: `to ${count}`,
			},
		});
		expect(error).toBeUndefined();
		const sent = await env.client.requestsTo('/topapi/message/corpconversation/asyncsend_v2');
		const lists = sent.map((r) => (r.body?.userid_list as string).split(','));
		expect(lists.map((list) => list.length)).toEqual(calls);
		expect(lists.flat()).toEqual(userIds(1, count));
		expect(sent.every((r) => r.outcome === 'ok')).toBe(true);
		expect(output[0].json.taskIds).toHaveLength(calls.length);
	});

	it.each([
		[20, [20]],
		[21, [20, 1]],
		[60, [20, 20, 20]],
	])(
		'Recall from a group: %i processQueryKeys go in groupMessages/recall calls of %j',
		async (count, calls) => {
			const sent = await runNode({
				credentials: credentials(),
				items: Array.from({ length: count }, (_, n) => ({ json: { n } })),
				parameters: {
					resource: 'message',
					operation: 'sendToGroup',
					conversationId: GROUP_ONE,
					messageType: 'text',
					content: '={{ "message " + $json.n }}',
				},
			});
			expect(sent.error).toBeUndefined();
			const keys = sent.output.map((o) => o.json.processQueryKey as string);
			expect(new Set(keys).size).toBe(count);
			const { output, error } = await runNode({
				credentials: credentials(),
				parameters: {
					resource: 'message',
					operation: 'recall',
					recallFrom: 'group',
					conversationId: GROUP_ONE,
					processQueryKeys: `={{ ${JSON.stringify(keys)} }}`,
				},
			});
			expect(error).toBeUndefined();
			expect(output).toHaveLength(1);
			expect(output[0].json.recalled).toEqual(keys);
			expect(output[0].json.failed).toEqual([]);
			const recalls = await env.client.requestsTo('/v1.0/robot/groupMessages/recall');
			expect(recalls.map((r) => (r.body?.processQueryKeys as string[]).length)).toEqual(calls);
			expect(recalls.flatMap((r) => r.body?.processQueryKeys as string[])).toEqual(keys);
		},
	);
});
