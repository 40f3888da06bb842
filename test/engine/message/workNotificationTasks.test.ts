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
	});
});
