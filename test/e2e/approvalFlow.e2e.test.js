'use strict';
// Approvals, to-dos and calendar in a real n8n: a webhook workflow starts a leave approval with the
// DingTalk node; the manager approves it in "DingTalk" (the emulator's API, as the app would);
// DingTalk pushes bpms_instance_change over Stream; the Stream trigger of the example workflow
// (examples/approval-approved-todo-calendar.json) adds the instance's fields to the event (Include
// Instance Details: no separate Approval → Get step), and the workflow creates the requester's
// to-do (idempotent by source ID) and calendar event, and tells the requester. A refused approval
// starts nothing, and is not even read (the result filter decides on the event's own result).
const path = require('node:path');

const { scaled } = require('./machine');
const { REPO, loadWorkflow } = require('./n8n');
const { emulatorApi, until, wait } = require('./emulatorApi');
const { useRealN8n } = require('./setup');

const CREDENTIAL = { dingTalkApi: { id: 'dingTalkEmu00001', name: 'DingTalk (emulator)' } };
const EXAMPLE = loadWorkflow(path.join(REPO, 'examples', 'approval-approved-todo-calendar.json'));

const SUBMIT = {
	id: 'dtE2eLeaveSubmit1',
	name: 'submit leave',
	nodes: [
		{
			id: '6b0d0000-0000-4000-8000-000000000001',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '6b0d0000-0000-4000-8000-000000000000',
			parameters: {
				httpMethod: 'POST',
				path: 'submit-leave',
				responseMode: 'onReceived',
				options: {},
			},
		},
		{
			id: '6b0d0000-0000-4000-8000-000000000002',
			name: 'Start Approval',
			type: 'n8n-nodes-dingtalk-app.dingTalk',
			typeVersion: 1,
			position: [240, 0],
			parameters: {
				resource: 'approval',
				operation: 'start',
				processCode: 'PROC-LEAVE-0001',
				originatorUserId: '={{ $json.body.userId }}',
				formValues: {
					values: [
						{ name: 'Reason', value: '={{ $json.body.reason }}' },
						{ name: 'Days', value: '={{ $json.body.days }}' },
						{ name: 'Start date', value: '={{ $json.body.start }}' },
					],
				},
			},
			credentials: CREDENTIAL,
		},
	],
	connections: { Webhook: { main: [[{ node: 'Start Approval', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
	pinData: {},
};

let env;
const { call, state, stream } = emulatorApi({
	get emulator() {
		return env.emulator;
	},
});

/** The manager's decision in the DingTalk app: the API call the app makes. */
async function decide(instanceId, result) {
	const base = env.emulator.apiBaseUrl;
	const { accessToken } = await (
		await fetch(`${base}/v1.0/oauth2/accessToken`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				appKey: env.emulator.app.appKey,
				appSecret: env.emulator.app.appSecret,
			}),
		})
	).json();
	const headers = {
		'content-type': 'application/json',
		'x-acs-dingtalk-access-token': accessToken,
	};
	const instance = await (
		await fetch(
			`${base}/v1.0/workflow/processInstances?processInstanceId=${encodeURIComponent(instanceId)}`,
			{ headers },
		)
	).json();
	const task = instance.result.tasks.find((t) => t.status === 'RUNNING');
	const answer = await fetch(`${base}/v1.0/workflow/processInstances/execute`, {
		method: 'POST',
		headers,
		body: JSON.stringify({
			processInstanceId: instanceId,
			taskId: task.taskId,
			actionerUserId: task.userId,
			result,
		}),
	});
	expect(answer.status).toBe(200);
}

async function submit(body) {
	const before = (await state()).workflow.instances.length;
	const response = await fetch(`${env.n8n.baseUrl}/webhook/submit-leave`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	expect(response.status).toBe(200);
	const instances = await until(async () => {
		const now = (await state()).workflow.instances;
		return now.length > before ? now : undefined;
	});
	return instances[instances.length - 1];
}

env = useRealN8n(async ({ n8n }) => {
	await n8n.importWorkflows([EXAMPLE, SUBMIT]);
	await n8n.publish(EXAMPLE.id);
	await n8n.publish(SUBMIT.id);
	await n8n.start();
}, scaled(180000));

it(
	'start approval → approved in DingTalk → event over Stream → to-do, calendar event, message to the requester',
	async () => {
		await until(async () => (await stream()).activeConnections === 1);
		await call('POST', 'workflow/delivery', { stream: true });

		const instance = await submit({
			userId: 'user0002',
			reason: 'Family',
			days: 2,
			start: '2026-12-21',
		});
		expect(instance).toMatchObject({
			processCode: 'PROC-LEAVE-0001',
			originatorUserId: 'user0002',
			status: 'RUNNING',
		});
		expect(instance.formComponentValues.map((v) => [v.name, v.value])).toEqual([
			['Reason', 'Family'],
			['Days', '2'],
			['Start date', '2026-12-21'],
		]);
		await decide(instance.id, 'agree');

		const done = await until(async () => {
			const now = await state();
			const told = now.messages.filter((m) => m.userId === 'user0002');
			return told.length && now.todos.length && now.calendar.events.length ? now : undefined;
		}, 60000);
		expect(done).toBeTruthy();
		expect(done.todos).toEqual([
			expect.objectContaining({
				sourceId: `approval-${instance.id}`,
				subject: 'Hand over your work before your leave (2026-12-21, 2 days)',
				priority: 30,
				dueTime: Date.parse('2026-12-21'),
			}),
		]);
		expect(done.todos[0].executorIds).toEqual([done.todos[0].creatorId]);
		expect(done.calendar.events).toEqual([
			expect.objectContaining({
				summary: 'On leave',
				isAllDay: true,
				start: { date: '2026-12-21' },
				end: { date: '2026-12-23' },
			}),
		]);
		const [told] = done.messages.filter((m) => m.userId === 'user0002');
		expect(told.msgKey).toBe('sampleMarkdown');
		expect(told.msgParam.title).toBe('Leave approved');
		expect(told.msgParam.text).toContain('Your leave is approved');
		expect(told.msgParam.text).toContain('2026-12-21, 2 days');
		// The instance was read twice: by decide() above, and once by the trigger for its event.
		const reads = (id) =>
			done.requests.filter(
				(r) =>
					r.method === 'GET' &&
					r.path === '/v1.0/workflow/processInstances' &&
					r.query.processInstanceId === id,
			);
		expect(reads(instance.id)).toHaveLength(2);

		// A refused approval raises bpms_instance_change too; the trigger's result filter drops it.
		const refused = await submit({
			userId: 'user0003',
			reason: 'Trip',
			days: 1,
			start: '2026-12-28',
		});
		await decide(refused.id, 'refuse');
		await wait(scaled(3000));
		const after = await state();
		expect(after.todos).toHaveLength(1);
		expect(after.messages.filter((m) => m.userId === 'user0003')).toEqual([]);
		expect(
			after.requests.filter(
				(r) =>
					r.method === 'GET' &&
					r.path === '/v1.0/workflow/processInstances' &&
					r.query.processInstanceId === refused.id,
			),
		).toHaveLength(1);
		expect((await stream()).unacked).toEqual([]);
	},
	scaled(120000),
);
