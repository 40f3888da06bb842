import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../../support/useEmulator';
import { userIds } from '../../support/items';
import { runNode, TestCredentialsHelper } from '../harness';

const ASYNC_SEND = '/topapi/message/corpconversation/asyncsend_v2';
const GET_RESULT = '/topapi/message/corpconversation/getsendresult';
const RECALL = '/topapi/message/corpconversation/recall';
/** 2^53 + 1: the smallest integer a JavaScript number cannot hold (it becomes …992). */
const BIG_TASK = '9007199254740993';

const env = useEmulator();

const credentials = () => new TestCredentialsHelper(env.emulator.credentials());

/** The body as the emulator received it, when it held an integer JSON.parse would round. */
const exactBodies = async (path: string) =>
	(await env.client.requestsTo(path)).map(
		(r) => (r as unknown as { exactBody?: string }).exactBody,
	);

/** The task ID each call carried, with every digit (read from the body as sent when it is long). */
const taskIdsSent = async (path: string, field: string) =>
	(await env.client.requestsTo(path)).map((r) => {
		const exact = (r as unknown as { exactBody?: string }).exactBody;
		return exact ? new RegExp(`"${field}":(\\d+)`).exec(exact)?.[1] : String(r.body?.[field]);
	});

async function sendTo(count: number): Promise<IDataObject> {
	const { output, error } = await runNode({
		credentials: credentials(),
		parameters: {
			resource: 'message',
			operation: 'sendWorkNotification',
			recipientType: 'users',
			userIds: userIds(1, count).join(','),
			messageType: 'text',
			content: `notice for ${count}`,
		},
	});
	expect(error).toBeUndefined();
	return output[0].json;
}

describe('Work notification task IDs', () => {
	describe('int64 task IDs above 2^53', () => {
		beforeEach(async () => {
			await env.client.admin('POST', 'limits', { nextTaskId: BIG_TASK });
		});

		it("a send's task IDs reach the output with every digit, as strings", async () => {
			const sent = await sendTo(150);
			expect(sent.taskIds).toEqual([BIG_TASK, '9007199254740994']);
			expect(sent.taskId).toBe(BIG_TASK);
			expect(await env.client.requestsTo(ASYNC_SEND)).toHaveLength(2);
		});

		it('Get Work Notification Result sends a typed task ID above 2^53 exactly (bare JSON number)', async () => {
			await sendTo(1);
			const { output, error } = await runNode({
				credentials: credentials(),
				parameters: {
					resource: 'message',
					operation: 'getWorkNotificationResult',
					taskId: BIG_TASK,
				},
			});
			expect(error).toBeUndefined();
			expect(output).toHaveLength(1);
			expect(output[0].json).toMatchObject({ taskId: BIG_TASK, unreadUserIds: ['user0001'] });
			expect(await exactBodies(GET_RESULT)).toEqual([
				`{"agent_id":${env.emulator.app.agentId},"task_id":${BIG_TASK}}`,
			]);
		});

		it('Recall sends msg_task_id above 2^53 exactly', async () => {
			await sendTo(1);
			const { output, error } = await runNode({
				credentials: credentials(),
				parameters: {
					resource: 'message',
					operation: 'recall',
					recallFrom: 'workNotification',
					taskId: BIG_TASK,
				},
			});
			expect(error).toBeUndefined();
			expect(output[0].json).toEqual({ recalled: [BIG_TASK], failed: [] });
			expect(await exactBodies(RECALL)).toEqual([
				`{"agent_id":${env.emulator.app.agentId},"msg_task_id":${BIG_TASK}}`,
			]);
			expect(
				(await env.client.state()).messages.every(
					(m) => (m as unknown as { recalled?: boolean }).recalled,
				),
			).toBe(true);
		});

		it('a task ID that is already a rounded number is refused, naming the parameter', async () => {
			const { error } = await runNode({
				credentials: credentials(),
				parameters: {
					resource: 'message',
					operation: 'getWorkNotificationResult',
					taskId: '={{ [9007199254740993] }}',
				},
			});
			expect(error?.message).toContain('Task ID 9007199254740992 is a number too large');
			expect(error?.message).toContain('[item 0]');
			expect(await env.client.requestsTo(GET_RESULT)).toHaveLength(0);
		});
	});

	describe('every task of a send to more than 100 users', () => {
		it.each([
			['the previous node’s taskIds (array)', '={{ $json.taskIds }}'],
			['a comma list', '={{ $json.taskIds.join(", ") }}'],
			['a JSON array as text', '={{ JSON.stringify($json.taskIds) }}'],
		])(
			'Get Work Notification Result takes %s: one call and one item per task',
			async (_, taskId) => {
				const sent = await sendTo(250);
				const taskIds = sent.taskIds as string[];
				expect(taskIds).toHaveLength(3);
				const { output, error } = await runNode({
					credentials: credentials(),
					items: [{ json: sent }],
					parameters: { resource: 'message', operation: 'getWorkNotificationResult', taskId },
				});
				expect(error).toBeUndefined();
				expect(output.map((o) => o.json.taskId)).toEqual(taskIds);
				expect(output.map((o) => (o.json.unreadUserIds as string[]).length)).toEqual([
					100, 100, 50,
				]);
				expect(output.every((o) => (o.pairedItem as { item: number }).item === 0)).toBe(true);
				expect(await taskIdsSent(GET_RESULT, 'task_id')).toEqual(taskIds);
			},
		);

		it('Recall takes the taskIds: every task recalled, one call each', async () => {
			const sent = await sendTo(250);
			const { output, error } = await runNode({
				credentials: credentials(),
				items: [{ json: sent }],
				parameters: {
					resource: 'message',
					operation: 'recall',
					recallFrom: 'workNotification',
					taskId: '={{ $json.taskIds }}',
				},
			});
			expect(error).toBeUndefined();
			expect(output).toHaveLength(1);
			expect(output[0].json).toEqual({ recalled: sent.taskIds, failed: [] });
			expect(await taskIdsSent(RECALL, 'msg_task_id')).toEqual(sent.taskIds);
			const work = (await env.client.state()).messages.filter((m) => m.channel === 'work');
			expect(work).toHaveLength(250);
			expect(work.every((m) => (m as unknown as { recalled?: boolean }).recalled)).toBe(true);
		});

		it('an unknown task among good ones: the error names that task', async () => {
			const sent = await sendTo(150);
			const taskIds = [...(sent.taskIds as string[]), '1'];
			const stopped = await runNode({
				credentials: credentials(),
				parameters: {
					resource: 'message',
					operation: 'getWorkNotificationResult',
					taskId: taskIds.join(','),
				},
			});
			expect(stopped.error?.message).toContain('[task 1]');

			const { output, error } = await runNode({
				credentials: credentials(),
				continueOnFail: true,
				parameters: {
					resource: 'message',
					operation: 'recall',
					recallFrom: 'workNotification',
					taskId: taskIds.join(','),
				},
			});
			expect(error).toBeUndefined();
			expect(output[0].json.recalled).toEqual(sent.taskIds);
			expect(output[0].json.failed).toEqual([
				expect.objectContaining({ taskId: '1', error: expect.stringContaining('[task 1]') }),
			]);
			expect(await env.client.requestsTo(RECALL)).toHaveLength(3);
		});
	});
});
