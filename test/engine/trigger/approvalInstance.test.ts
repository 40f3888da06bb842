/**
 * Approval events with the instance's fields (Include Instance Details, on by default) on both
 * triggers: the instance is read from the emulator's workflow product and added normalised under
 * `instance`; a failed read still emits the event, with `instanceError`; the HTTP trigger answers
 * DingTalk before it reads; the Stream trigger fetches an access token only for an approval event.
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
const INSTANCE_PATH = '/v1.0/workflow/processInstances';

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

/** The reads of an instance the emulator received since its reset (GET only). */
const instanceReads = async () =>
	(await env.client.state()).requests.filter((r) => r.method === 'GET' && r.path === INSTANCE_PATH);

/** Pushes the emulator's raised approval events, in order, to the HTTP trigger. */
async function pushAll(parameters: IDataObject, raised: IDataObject[]) {
	const outcomes = [];
	for (const [n, event] of raised.entries()) {
		const { eventType, ...rest } = event;
		const push = await env.client.admin<{ url: string; headers: IDataObject; body: string }>(
			'POST',
			'push',
			{
				url: 'http://127.0.0.1:9/webhook',
				deliver: false,
				payload: { EventType: eventType, EventId: `instance-${Date.now()}-${n}`, ...rest },
			},
		);
		outcomes.push(await callWebhook(credentials(), parameters, requestOf(push)));
	}
	return outcomes;
}

const HTTP = {
	source: 'events',
	eventTypes: ['bpms_instance_change', 'bpms_task_change'],
	otherEventTypes: '',
	options: {},
};

describe('approval events with the instance', () => {
	// First in the file: no token of this process exists yet, so the counts below are the trigger's.
	it('Stream: no token and no call for other events; an approval event reads its instance, a failed read still emits', async () => {
		const run = await startStream(credentials(), {
			subscriptions: ['events'],
			eventTypes: '',
			acknowledge: 'afterAccepted',
		});
		try {
			await until(
				async () =>
					(await env.client.admin<{ activeConnections: number }>('GET', 'stream'))
						.activeConnections === 1,
			);
			await env.client.admin('POST', 'stream/push', {
				kind: 'event',
				eventType: 'chat_update_title',
				data: { chatId: 'chat-1' },
			});
			await until(async () => run.emitted.length === 1);
			let state = await env.client.state();
			expect(run.emitted[0]).toMatchObject({ eventType: 'chat_update_title', chatId: 'chat-1' });
			expect(run.emitted[0]).not.toHaveProperty('instance');
			expect(state.tokenRequests).toBe(0);
			expect(state.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
				'POST /v1.0/gateway/connections/open',
			]);

			await env.client.admin('POST', 'stream/push', {
				kind: 'event',
				eventType: 'bpms_instance_change',
				data: { processInstanceId: 'no-such-instance', processCode: LEAVE, type: 'start' },
			});
			await until(async () => run.emitted.length === 2);
			state = await env.client.state();
			expect(state.tokenRequests).toBe(1);
			expect((await instanceReads()).map((r) => r.query)).toEqual([
				{ processInstanceId: 'no-such-instance' },
			]);
			expect(run.emitted[1]).toMatchObject({
				eventType: 'bpms_instance_change',
				instanceId: 'no-such-instance',
				type: 'start',
				status: 'RUNNING',
				instance: null,
				instanceError: { message: expect.stringMatching(/\S/) },
			});
			expect(JSON.stringify(run.emitted[1])).not.toContain(env.emulator.app.appSecret);
		} finally {
			await run.close();
		}
	});

	it("HTTP: answers DingTalk before the read, then starts the run with the instance's fields", async () => {
		const leave = await start(LEAVE);
		await decide(leave, 'manager4220', 'approve');
		const finished = (await events()).filter(
			(e) => e.eventType === 'bpms_instance_change' && e.type === 'finish',
		);
		// Approve read the instance to find the task; the trigger's reads come after these.
		const earlier = (await instanceReads()).length;
		// The read takes 2 s: DingTalk's answer must not wait for it (1.5 s limit).
		await env.client.faults({
			rules: [{ type: 'latency', host: 'api', path: INSTANCE_PATH, ms: 2000, count: 1 }],
		});
		const [outcome] = await pushAll(HTTP, finished);
		expect(outcome.status).toBe(200);
		expect(outcome.body).toHaveProperty('encrypt');
		expect(outcome.answeredAfterMs).toBeLessThan(1500);
		expect(outcome.returnedAfterMs).toBeGreaterThanOrEqual(2000);
		expect((await instanceReads()).slice(earlier).map((r) => r.query)).toEqual([
			{ processInstanceId: leave },
		]);
		expect(outcome.started).toHaveLength(1);
		expect(outcome.started![0].json).toMatchObject({
			eventType: 'bpms_instance_change',
			instanceId: leave,
			type: 'finish',
			result: 'agree',
			instance: {
				instanceId: leave,
				title: expect.stringMatching(/\S/),
				status: 'COMPLETED',
				result: 'agree',
				originatorUserId: 'user0001',
				currentApproverUserIds: [],
				form: { Reason: 'Rest', Days: '1' },
				tasks: [expect.objectContaining({ userId: 'manager4220', result: 'AGREE' })],
			},
		});
		expect(outcome.started![0].json).not.toHaveProperty('instanceError');
	});

	it('HTTP: a running instance shows its current approvers; off, no read is made', async () => {
		const leave = await start(LEAVE);
		const [startEvent] = (await events()).filter((e) => e.eventType === 'bpms_instance_change');
		const [withDetails] = await pushAll(HTTP, [startEvent]);
		expect(withDetails.started![0].json.instance).toMatchObject({
			status: 'RUNNING',
			result: null,
			currentApproverUserIds: ['manager4220'],
			currentTasks: [{ userId: 'manager4220', taskId: expect.stringMatching(/^\d+$/) }],
		});
		const [without] = await pushAll({ ...HTTP, includeInstance: false }, [startEvent]);
		expect(without.started![0].json).toMatchObject({ instanceId: leave, type: 'start' });
		expect(without.started![0].json).not.toHaveProperty('instance');
		expect(await instanceReads()).toHaveLength(1);
	});

	it('HTTP: a failed read emits the event with instanceError naming the permission to enable', async () => {
		const leave = await start(LEAVE);
		const raised = (await events()).filter((e) => e.eventType === 'bpms_instance_change');
		await env.client.permissions({ revoke: ['Workflow.Instance.Read'] });
		const [outcome] = await pushAll(HTTP, raised);
		expect(outcome.status).toBe(200);
		expect(outcome.started).toHaveLength(1);
		const json = outcome.started![0].json;
		expect(json).toMatchObject({ instanceId: leave, type: 'start', instance: null });
		const error = json.instanceError as IDataObject;
		expect(`${String(error.message)} ${String(error.description)}`).toContain(
			'Workflow.Instance.Read',
		);
	});

	it("HTTP: Match Result Of: The Instance filters every event by its instance's result", async () => {
		const leave = await start(LEAVE);
		await decide(leave, 'manager4220', 'approve');
		const expense = await start(EXPENSE);
		await decide(expense, 'user0003', 'reject');
		const raised = await events();
		const earlier = (await instanceReads()).length;
		const outcomes = await pushAll(
			{ ...HTTP, approvalFilters: { results: ['agree'], resultOf: 'instance' } },
			raised,
		);
		const started = outcomes.flatMap((o) => o.started ?? []).map((i) => i.json);
		// All four events of the approved leave request (its start too); none of the refused claim.
		expect(started.map((e) => [e.instanceId, e.eventType, e.type])).toEqual([
			[leave, 'bpms_instance_change', 'start'],
			[leave, 'bpms_task_change', 'start'],
			[leave, 'bpms_task_change', 'finish'],
			[leave, 'bpms_instance_change', 'finish'],
		]);
		// Events of other templates are dropped before any read.
		const onlyExpense = await pushAll(
			{ ...HTTP, approvalFilters: { processCodes: EXPENSE, resultOf: 'instance' } },
			raised,
		);
		expect(onlyExpense.flatMap((o) => o.started ?? [])).toHaveLength(4);
		expect((await instanceReads()).length - earlier).toBe(raised.length + 4);
	});

	it('Stream: approval events pushed as approvals happen carry the instance as it is when read', async () => {
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
			await until(async () => run.emitted.length >= 1);
			await decide(expense, 'user0003', 'approve');
			await decide(expense, 'manager4220', 'approve');
			await until(async () => run.emitted.length >= 2);
			await sleep(200);
			expect(run.emitted).toHaveLength(2);
			expect(run.emitted.map((e) => [e.type, (e.instance as IDataObject).instanceId])).toEqual([
				['start', expense],
				['finish', expense],
			]);
			expect(run.emitted[1].instance).toMatchObject({
				status: 'COMPLETED',
				result: 'agree',
				form: { Total: '10' },
				currentApproverUserIds: [],
			});
			// Only the expense claim's events were read: the leave request's were filtered out first.
			expect((await instanceReads()).every((r) => r.query.processInstanceId === expense)).toBe(
				true,
			);
			const gateway = await env.client.admin<{ unacked: string[] }>('GET', 'stream');
			expect(gateway.unacked).not.toContain(run.emitted[1].messageId);
		} finally {
			await run.close();
		}
	});
});
