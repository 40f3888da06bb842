'use strict';
// Send and Wait in a real n8n (`n8n start`, published workflows on 127.0.0.1), the answers no
// browser gives:
// - Approve In: DingTalk Card. The question goes out as an interactive card; clicks arrive as
//   DingTalk card callbacks on the Stream connection of an active DingTalk Stream Trigger, which
//   hands them to the waiting execution. A non-approver's click is refused (a 1:1 message tells
//   them) and the wait goes on; a forged answer posted straight to the resume URL resumes
//   nothing; the approver's click resumes the execution with who decided, and the cards show the
//   outcome without buttons. The Stream Trigger's own workflow is not started by these clicks.
// - Custom Form: the fields defined on the node, answered on the page the node serves.
// Every execution reports its output to the emulator's sink, tagged.
const { scaled } = require('./machine');

const { emulatorApi, reportNode, until, wait } = require('./emulatorApi');
const { useRealN8n } = require('./setup');

const CREDENTIAL = { dingTalkApi: { id: 'dingTalkEmu00001', name: 'DingTalk (emulator)' } };
const DINGTALK_IOS =
	'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/7.6.0) com.laiwang.DingTalk/36';
const ASK_NODE = '5a6b7c01-0000-4000-8000-000000000012';

let env;
const id12 = (n) => String(n).padStart(12, '0');

const report = (n, tag) =>
	reportNode(env.emulator.apiBaseUrl, {
		id: `5a6b7c01-0000-4000-8000-${id12(n * 10 + 3)}`,
		position: [480, 0],
		json: `{ tag: ${JSON.stringify(tag)}, ...$json }`,
	});

/** Webhook → DingTalk Send and Wait (parameters) → Report (sink, tagged). */
function askFlow(id, n, path, parameters) {
	return {
		id,
		name: id,
		nodes: [
			{
				id: `5a6b7c01-0000-4000-8000-${id12(n * 10 + 1)}`,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `5a6b7c01-0000-4000-8000-${id12(n * 10 + 9)}`,
				parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
			},
			{
				id: `5a6b7c01-0000-4000-8000-${id12(n * 10 + 2)}`,
				name: 'DingTalk',
				type: 'n8n-nodes-dingtalk-app.dingTalk',
				typeVersion: 1,
				position: [240, 0],
				parameters: {
					resource: 'message',
					operation: 'sendAndWait',
					sendTo: 'user',
					message: '**Order:** 4711\n**Customer:** ACME',
					...parameters,
				},
				credentials: CREDENTIAL,
			},
			report(n, id),
		],
		connections: {
			Webhook: { main: [[{ node: 'DingTalk', type: 'main', index: 0 }]] },
			DingTalk: { main: [[{ node: 'Report', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

const { call, sink, state } = emulatorApi({
	get emulator() {
		return env.emulator;
	},
});

const tagged = async (tag) =>
	(await sink()).filter((entry) => entry.body.tag === tag).map((entry) => entry.body);

const start = async (path, body = {}) =>
	await fetch(`${env.n8n.baseUrl}/webhook/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});

const buttonsOf = (cardData) =>
	(cardData.contents || []).filter((c) => c.type === 'action').flatMap((c) => c.actions);

env = useRealN8n(async ({ n8n }) => {
	const flows = [
		askFlow('dtE2eCardApproval', 1, 'card-approval', {
			userIds: 'user0001, manager4220',
			title: 'card-approval-flow',
			responseType: 'approval',
			approvalOptions: {
				values: { approvalType: 'double', approveLabel: '同意', disapproveLabel: '拒绝' },
			},
			approveIn: 'card',
			approvers: 'manager4220',
			unauthorizedReplyText: 'Only the finance manager decides refunds.',
			postDecisionBehavior: 'showOutcome',
			options: { appendAttribution: false },
		}),
		askFlow('dtE2eCustomForm01', 2, 'custom-form', {
			userIds: 'user0002',
			title: 'custom-form-flow',
			responseType: 'customForm',
			defineForm: 'fields',
			formFields: {
				values: [
					{ fieldLabel: 'Reason', fieldType: 'textarea', requiredField: true },
					{
						fieldLabel: 'Decision',
						fieldType: 'radio',
						fieldOptions: { values: [{ option: 'Refund' }, { option: 'Replace' }] },
						requiredField: true,
					},
					{ fieldLabel: 'Amount', fieldType: 'number' },
					{
						fieldLabel: 'Notify',
						fieldType: 'checkbox',
						fieldOptions: { values: [{ option: 'Finance' }, { option: 'Legal' }] },
					},
				],
			},
			options: { messageButtonLabel: 'Fill in', responseFormTitle: 'Refund review' },
		}),
	];
	const streamFlow = {
		id: 'dtE2eCardStream01',
		name: 'stream trigger',
		nodes: [
			{
				id: '5a6b7c01-0000-4000-8000-000000000091',
				name: 'DingTalk Stream Trigger',
				type: 'n8n-nodes-dingtalk-app.dingTalkStreamTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					subscriptions: ['cardCallbacks'],
					eventTypes: '',
					acknowledge: 'afterAccepted',
				},
				credentials: CREDENTIAL,
			},
			reportNode(env.emulator.apiBaseUrl, {
				id: '5a6b7c01-0000-4000-8000-000000000092',
				json: '{ tag: "streamRun", ...$json }',
			}),
		],
		connections: {
			'DingTalk Stream Trigger': { main: [[{ node: 'Report', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
	for (const wf of [...flows, streamFlow]) {
		await n8n.importWorkflow(wf);
		await n8n.publish(wf.id);
	}
	await n8n.start();
	for (const hook of ['card-approval', 'custom-form']) {
		const deadline = Date.now() + scaled(60000);
		while (
			!/POST/.test(await (await fetch(`${n8n.baseUrl}/webhook/${hook}`)).text()) &&
			Date.now() < deadline
		)
			await wait(250);
	}
}, scaled(180000));

describe('Send and Wait · Approve In: DingTalk Card, through the Stream Trigger (no browser)', () => {
	it(
		"a non-approver's click is refused and the wait goes on; a forged answer resumes nothing; the approver's click resumes with who decided and the cards show it",
		async () => {
			await call('POST', 'reset');
			await until(async () => (await call('GET', 'stream')).activeConnections === 1);
			expect((await start('card-approval')).status).toBe(200);
			const cards = await until(async () => {
				const sent = await call('GET', 'cards');
				return sent.length >= 2 ? sent : undefined;
			});
			const byUser = Object.fromEntries(cards.map((c) => [c.userId, c]));
			expect(Object.keys(byUser).sort()).toEqual(['manager4220', 'user0001']);
			const [approve, decline] = buttonsOf(byUser.user0001.cardData);
			expect([approve.label.text, decline.label.text]).toEqual(['同意', '拒绝']);
			expect(approve.actionType).toBe('request');
			expect(byUser.user0001.cardBizId).toMatch(new RegExp(`^hitl\\.\\d+\\.${ASK_NODE}\\.\\d$`));

			// user0001 got the card but is not an approver: told so in a 1:1 message; nothing resumes.
			// The click can reach the emulator before n8n has put the execution to wait; the card is
			// clicked again until the refusal arrives.
			const refusal = await until(async () => {
				await call('POST', 'cards/click', {
					cardBizId: byUser.user0001.cardBizId,
					actionId: approve.id,
					userId: 'user0001',
				});
				await wait(1000);
				const told = (await state()).messages.filter(
					(m) => m.userId === 'user0001' && m.msgKey === 'sampleText',
				);
				return told.length ? told : undefined;
			}, 60000);
			expect(refusal[0].msgParam).toEqual({ content: 'Only the finance manager decides refunds.' });
			await wait(1500);
			expect(await tagged('dtE2eCardApproval')).toHaveLength(0);
			expect(buttonsOf((await call('GET', 'cards'))[0].cardData)).toHaveLength(2);

			// Someone who read the card's ids posts an answer straight to n8n: no proof, no resume.
			const [, executionId] = /^hitl\.(\d+)\./.exec(byUser.manager4220.cardBizId);
			const signature = Buffer.from(approve.id.slice(1), 'base64url').toString('hex');
			const forged = await fetch(
				`${env.n8n.baseUrl}/webhook-waiting/${executionId}/${ASK_NODE}?hitl=card&signature=${signature}`,
				{
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({
						hitl: 'dingtalk-card',
						cardBizId: byUser.manager4220.cardBizId,
						decision: 'approve',
						userId: 'manager4220',
						at: Date.now(),
						messageId: 'forged',
						proof: 'f'.repeat(64),
					}),
				},
			);
			expect(forged.status).toBe(200);
			expect(await forged.json()).toEqual({ resumed: false, reason: 'bad proof' });
			await wait(1000);
			expect(await tagged('dtE2eCardApproval')).toHaveLength(0);

			// The manager declines on their own card: the execution resumes with that decision.
			const [, managerDecline] = buttonsOf(byUser.manager4220.cardData);
			await call('POST', 'cards/click', {
				cardBizId: byUser.manager4220.cardBizId,
				actionId: managerDecline.id,
				userId: 'manager4220',
			});
			const [result] = await until(async () => {
				const rows = await tagged('dtE2eCardApproval');
				return rows.length ? rows : undefined;
			});
			expect(result.data).toMatchObject({
				approved: false,
				decision: 'declined',
				timedOut: false,
				responder: { id: 'manager4220', source: 'dingtalk' },
				client: 'DingTalk card',
			});
			// Both cards now show the outcome and who decided, without buttons.
			const after = await call('GET', 'cards');
			for (const card of after) {
				expect(buttonsOf(card.cardData)).toHaveLength(0);
				expect(JSON.stringify(card.cardData)).toContain('Declined** by manager4220');
			}
			// The preview (what a DingTalk user sees) shows it too.
			const preview = await (
				await fetch(
					`${env.emulator.apiBaseUrl}/__emulator/preview?cardBizId=${encodeURIComponent(byUser.manager4220.cardBizId)}`,
				)
			).text();
			expect(preview).toContain('Declined</b> by manager4220');
			// The Stream Trigger handed the clicks over instead of starting its own workflow.
			expect(await tagged('streamRun')).toHaveLength(0);
			await wait(1500);
			expect(await tagged('dtE2eCardApproval')).toHaveLength(1);
		},
		scaled(120000),
	);
});

describe('Send and Wait · Custom Form in real n8n', () => {
	it(
		'the button opens the form the node defines; the submitted answer resumes with its fields',
		async () => {
			await call('POST', 'reset');
			expect((await start('custom-form')).status).toBe(200);
			const [message] = await until(async () => {
				const rows = (await state()).messages.filter(
					(m) => m.msgParam && m.msgParam.title === 'custom-form-flow',
				);
				return rows.length ? rows : undefined;
			});
			expect(message.msgParam.singleTitle).toBe('Fill in');
			const url = message.msgParam.singleURL;
			const open = async (init = {}) => {
				const response = await fetch(url, {
					...init,
					headers: { 'user-agent': DINGTALK_IOS, ...(init.headers || {}) },
				});
				return { status: response.status, text: await response.text() };
			};
			let form = await open();
			const deadline = Date.now() + scaled(30000);
			while (form.status === 409 && Date.now() < deadline) {
				await wait(500);
				form = await open();
			}
			expect(form.status).toBe(200);
			expect(form.text).toContain('<h1>Refund review</h1>');
			expect(form.text).toContain('Reason *</label>');
			const confirmation = /name="confirmation" value="([0-9a-f]{64})"/.exec(form.text)[1];
			expect(form.text).toContain('enctype="multipart/form-data"');
			// As a browser submits the page: multipart (n8n refuses anything else for a custom form).
			const submit = async (fields) => {
				const body = new FormData();
				for (const [name, value] of Object.entries(fields))
					for (const one of [].concat(value)) body.append(name, one);
				return await open({ method: 'POST', body });
			};
			const missing = await submit({ confirmation, 'field-1': 'Refund' });
			expect(missing.text).toContain('Please fill in');
			await wait(1000);
			expect(await tagged('dtE2eCustomForm01')).toHaveLength(0);
			const done = await submit({
				confirmation,
				'field-0': 'Arrived broken',
				'field-1': 'Replace',
				'field-2': '42',
				'field-3': ['Finance', 'Legal'],
			});
			expect(done.status).toBe(200);
			expect(done.text).toContain('Response recorded');
			const [result] = await until(async () => {
				const rows = await tagged('dtE2eCustomForm01');
				return rows.length ? rows : undefined;
			});
			expect(result.data).toMatchObject({
				Reason: 'Arrived broken',
				Decision: 'Replace',
				Amount: 42,
				Notify: ['Finance', 'Legal'],
				responder: { id: 'user0002', source: 'dingtalk' },
			});
		},
		scaled(60000),
	);
});
