/**
 * Approval events (bpms_instance_change, bpms_task_change) on both triggers: the emulator raises
 * them as the node starts and decides approvals; each trigger emits them normalised, filtered by
 * template and by result.
 */
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import '../../support/webSocketGlobal';
import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';
import { callWebhook, requestOf, startStream } from './triggerHarness';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());
const LEAVE = 'PROC-LEAVE-0001';
const EXPENSE = 'PROC-EXPENSE-0002';

async function start(processCode: string): Promise<string> {
	const { output, error } = await runNode({
		credentials: credentials(),
		parameters: {
			resource: 'approval',
			operation: 'start',
			processCode,
			originatorUserId: 'user0001',
			formValues: {
				values:
					processCode === LEAVE
						? [
								{ name: 'Reason', value: 'Rest' },
								{ name: 'Days', value: '1' },
							]
						: [{ name: 'Total', value: '10' }],
			},
		},
	});
	expect(error).toBeUndefined();
	return String(output[0].json.instanceId);
}

async function decide(instanceId: string, userId: string, operation: 'approve' | 'reject') {
	const { error } = await runNode({
		credentials: credentials(),
		parameters: { resource: 'approval', operation, instanceId, actionerUserId: userId },
	});
	expect(error).toBeUndefined();
}

const events = async () =>
	(await env.client.admin<{ workflow: { events: IDataObject[] } }>('GET', 'state')).workflow.events;

async function until(check: () => Promise<boolean>, timeoutMs = 10000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error('timed out');
		await sleep(50);
	}
}

describe('approval events', () => {
	it('HTTP trigger: normalised, and only the templates and results asked for start a run', async () => {
		const leave = await start(LEAVE);
		await decide(leave, 'manager4220', 'approve');
		const expense = await start(EXPENSE);
		await decide(expense, 'user0003', 'reject');
		const raised = await events();
		expect(raised.map((e) => `${String(e.eventType)}:${String(e.type)}`)).toEqual([
			'bpms_instance_change:start',
			'bpms_task_change:start',
			'bpms_task_change:finish',
			'bpms_instance_change:finish',
			'bpms_instance_change:start',
			'bpms_task_change:start',
			'bpms_task_change:finish',
			'bpms_instance_change:finish',
		]);
		const parameters = {
			source: 'events',
			eventTypes: ['bpms_instance_change', 'bpms_task_change'],
			otherEventTypes: '',
			approvalFilters: { processCodes: `${LEAVE}, PROC-OTHER`, results: ['agree'] },
			options: {},
		};
		const runs: IDataObject[] = [];
		for (const [n, event] of raised.entries()) {
			const { eventType, ...rest } = event;
			const push = await env.client.admin<{ url: string; headers: IDataObject; body: string }>(
				'POST',
				'push',
				{
					url: 'http://127.0.0.1:9/webhook',
					deliver: false,
					payload: { EventType: eventType, EventId: `approval-${n}`, ...rest },
				},
			);
			const outcome = await callWebhook(credentials(), parameters, requestOf(push));
			expect(outcome.status).toBe(200);
			for (const item of outcome.started ?? []) runs.push(item.json);
		}
		expect(runs).toHaveLength(2);
		expect(runs[0]).toMatchObject({
			eventType: 'bpms_task_change',
			approvalEvent: 'task',
			instanceId: leave,
			processCode: LEAVE,
			type: 'finish',
			result: 'agree',
			userId: 'manager4220',
			taskId: expect.stringMatching(/^\d+$/),
			eventId: 'approval-2',
		});
		expect(runs[1]).toMatchObject({
			eventType: 'bpms_instance_change',
			approvalEvent: 'instance',
			instanceId: leave,
			type: 'finish',
			result: 'agree',
			status: 'COMPLETED',
			userId: 'user0001',
			createdAt: expect.stringMatching(/^\d{4}-/),
			finishedAt: expect.stringMatching(/^\d{4}-/),
		});
	});

	it('Stream trigger: events pushed as approvals happen, normalised and filtered by template', async () => {
		await env.client.admin('POST', 'workflow/delivery', { stream: true });
		const run = await startStream(credentials(), {
			subscriptions: ['events'],
			eventTypes: 'bpms_instance_change',
			approvalFilters: { processCodes: EXPENSE },
			acknowledge: 'afterAccepted',
		});
		try {
			await until(
				async () =>
					(await env.client.admin<{ activeConnections: number }>('GET', 'stream'))
						.activeConnections === 1,
			);
			await start(LEAVE);
			const expense = await start(EXPENSE);
			await decide(expense, 'user0003', 'approve');
			await decide(expense, 'manager4220', 'approve');
			await until(async () => run.emitted.length >= 2);
			await sleep(200);
			expect(run.emitted).toHaveLength(2);
			expect(run.emitted.map((e) => [e.type, e.status, e.result])).toEqual([
				['start', 'RUNNING', null],
				['finish', 'COMPLETED', 'agree'],
			]);
			expect(run.emitted[1]).toMatchObject({
				eventType: 'bpms_instance_change',
				instanceId: expense,
				processCode: EXPENSE,
				eventId: expect.any(String),
				corpId: expect.any(String),
			});
		} finally {
			await run.close();
		}
	});

	it('two Stream triggers of one app: each message reaches the connection subscribed to its topic', async () => {
		const approvals = await startStream(credentials(), {
			subscriptions: ['events'],
			eventTypes: 'bpms_instance_change',
			acknowledge: 'afterAccepted',
		});
		const cards = await startStream(credentials(), {
			subscriptions: ['cardCallbacks'],
			eventTypes: '',
			acknowledge: 'afterAccepted',
		});
		try {
			await until(
				async () =>
					(await env.client.admin<{ activeConnections: number }>('GET', 'stream'))
						.activeConnections === 2,
			);
			await env.client.admin('POST', 'stream/push', {
				kind: 'card',
				count: 3,
				data: { outTrackId: 'card-1', userId: 'user0001', value: '{}' },
			});
			await env.client.admin('POST', 'workflow/delivery', { stream: true });
			await start(LEAVE);
			await until(async () => cards.emitted.length >= 3 && approvals.emitted.length >= 1);
			await sleep(200);
			expect(cards.emitted.map((e) => e.source)).toEqual([
				'cardCallback',
				'cardCallback',
				'cardCallback',
			]);
			expect(approvals.emitted.map((e) => [e.eventType, e.type])).toEqual([
				['bpms_instance_change', 'start'],
			]);
		} finally {
			await approvals.close();
			await cards.close();
		}
	});
});
