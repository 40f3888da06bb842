'use strict';
// Human in the loop in a real n8n (`n8n start`, published workflows on 127.0.0.1):
// - Send and Wait: a workflow waits; opening the button URL the emulator delivered (as the
//   DingTalk client would) shows a confirmation page, and its button (a POST) resumes the
//   execution with the decision and who gave it; link previews, a scanner's plain GET, a POST
//   without the page's value and tampered URLs resume nothing; a second click shows n8n's "no
//   action required" page;
//   the time limit resumes with the timeout result; the free-text form records a reply.
// - Reply: through the sessionWebhook with an @-mention, and through the robot API once expired.
// - Cards: a StandardCard sent by the node, a click on its callback button reaches the DingTalk
//   Stream Trigger.
// Every execution reports its output to the emulator's sink, tagged.
const { scaled } = require('./machine');
const path = require('node:path');

const { REPO, loadWorkflow } = require('./n8n');
const { answerApproval, emulatorApi, reportNode, until, wait } = require('./emulatorApi');
const { useRealN8n } = require('./setup');

const CREDENTIAL = { dingTalkApi: { id: 'dingTalkEmu00001', name: 'DingTalk (emulator)' } };
const DINGTALK_IOS =
	'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/7.6.0) com.laiwang.DingTalk/36';
const DINGTALK_MAC =
	'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) DingTalk(7.6.0) Mac/7.6.0';
/** A desktop browser, as corporate URL scanners name themselves. */
const CHROME_WINDOWS =
	'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

const ROBOT_HOOK = '4e5d2b01-0000-4000-8000-0000000000a1';
let env;

const id12 = (n) => String(n).padStart(12, '0');

/** trigger → DingTalk (parameters) → Report (sink, tagged). */
function workflow(id, n, trigger, dingTalkParameters) {
	const nodes = [
		{
			id: `4e5d2b01-0000-4000-8000-${id12(n * 10 + 1)}`,
			position: [0, 0],
			typeVersion: 1,
			...trigger,
		},
		{
			id: `4e5d2b01-0000-4000-8000-${id12(n * 10 + 2)}`,
			name: 'DingTalk',
			type: 'n8n-nodes-dingtalk-app.dingTalk',
			typeVersion: 1,
			position: [240, 0],
			parameters: dingTalkParameters,
			credentials: CREDENTIAL,
		},
		report(n, 3, id, [480, 0]),
	];
	return {
		id,
		name: id,
		nodes,
		connections: {
			[trigger.name]: { main: [[{ node: 'DingTalk', type: 'main', index: 0 }]] },
			DingTalk: { main: [[{ node: 'Report', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

function report(n, k, tag, position) {
	return reportNode(env.emulator.apiBaseUrl, {
		id: `4e5d2b01-0000-4000-8000-${id12(n * 10 + k)}`,
		position,
		json: `{ tag: ${JSON.stringify(tag)}, ...$json }`,
	});
}

const webhookTrigger = (path) => ({
	name: 'Webhook',
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	webhookId: `4e5d2b01-0000-4000-8000-${path
		.padEnd(12, '0')
		.slice(0, 12)
		.replace(/[^0-9a-f]/g, '0')}`,
	parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
});

const ask = (extra) => ({
	resource: 'message',
	operation: 'sendAndWait',
	sendTo: 'user',
	title: 'Refund ¥1,200 to ACME?',
	message: '**Order:** 4711\n**Customer:** ACME',
	...extra,
});

const { call, sink, state } = emulatorApi({
	get emulator() {
		return env.emulator;
	},
});

const tagged = async (tag) =>
	(await sink()).filter((entry) => entry.body.tag === tag).map((entry) => entry.body);

/** Starts a workflow through its production webhook. */
const start = async (path, body = {}) =>
	await fetch(`${env.n8n.baseUrl}/webhook/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});

/** Opens a button link the way a DingTalk client does. */
const open = async (url, { userAgent = DINGTALK_IOS, method = 'GET', form } = {}) => {
	const response = await fetch(url, {
		method,
		headers: {
			'user-agent': userAgent,
			...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
		},
		body: form ? new URLSearchParams(form).toString() : undefined,
		redirect: 'manual',
	});
	return { status: response.status, text: await response.text() };
};

/** The messages delivered for a title, waiting until `count` arrived. */
async function delivered(title, count) {
	return await until(async () => {
		const messages = (await state()).messages.filter(
			(m) => m.msgParam && m.msgParam.title === title,
		);
		return messages.length >= count ? messages : undefined;
	});
}

env = useRealN8n(async ({ n8n }) => {
	const flows = [
		workflow(
			'dtE2eWaitApprove1',
			1,
			webhookTrigger('approve'),
			ask({
				userIds: 'user0001, user0002',
				title: 'approve-flow',
				approvalOptions: { values: { approvalType: 'double' } },
			}),
		),
		workflow(
			'dtE2eWaitTimeout1',
			2,
			webhookTrigger('timeout'),
			ask({
				userIds: 'user0003',
				title: 'timeout-flow',
				options: {
					limitWaitTime: {
						values: { limitType: 'afterTimeInterval', resumeAmount: 0.05, resumeUnit: 'minutes' },
					},
				},
			}),
		),
		workflow(
			'dtE2eWaitFreeTxt1',
			3,
			webhookTrigger('freetext'),
			ask({
				sendTo: 'group',
				conversationId: 'chatemu0001',
				title: 'freetext-flow',
				responseType: 'freeText',
				options: { messageButtonLabel: '填写原因' },
			}),
		),
		workflow(
			'dtE2eReplyRobot01',
			4,
			{
				name: 'DingTalk Trigger',
				type: 'n8n-nodes-dingtalk-app.dingTalkTrigger',
				webhookId: ROBOT_HOOK,
				parameters: { source: 'robot', messageTypes: [], conversationType: 'any', options: {} },
				credentials: CREDENTIAL,
			},
			{
				resource: 'message',
				operation: 'reply',
				conversationId: '={{ $json.conversationId }}',
				conversationType: '={{ $json.conversationType }}',
				senderUserId: '={{ $json.senderUserId }}',
				sessionWebhook: '={{ $json.sessionWebhook }}',
				sessionWebhookExpiresAt: '={{ $json.sessionWebhookExpiresAt }}',
				messageType: 'text',
				content: '={{ "收到：" + $json.text }}',
			},
		),
		workflow('dtE2eCardSend0001', 5, webhookTrigger('card'), {
			resource: 'card',
			operation: 'send',
			sendTo: 'group',
			conversationId: 'cidEmuGroup+One/AAA==',
			title: 'CPU above 90% on web-01',
			content: '**Service:** checkout\n**Since:** 10:42',
			buttons: {
				button: [
					{ label: 'Acknowledge', behavior: 'callback', actionId: 'ack', style: 'primary' },
					{
						label: 'Open dashboard',
						behavior: 'openLink',
						url: 'https://grafana.example.com/d/abc',
					},
				],
			},
			options: { cardBizId: '={{ $json.body.cardBizId }}' },
		}),
	];
	const streamFlow = {
		id: 'dtE2eCardCallbck1',
		name: 'card callbacks',
		nodes: [
			{
				id: '4e5d2b01-0000-4000-8000-000000000061',
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
			report(6, 2, 'cardCallback', [240, 0]),
		],
		connections: {
			'DingTalk Stream Trigger': { main: [[{ node: 'Report', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
	const example = loadWorkflow(path.join(REPO, 'examples', 'approval-send-and-wait.json'));
	for (const wf of [...flows, streamFlow, example]) {
		await n8n.importWorkflow(wf);
		await n8n.publish(wf.id);
	}
	await n8n.start();
	// Production webhooks are registered a moment after REST answers. A GET on a POST webhook
	// answers 404 either way; once registered, n8n's text suggests the POST method.
	for (const hook of ['approve', 'timeout', 'freetext', 'card', 'refund-request']) {
		const deadline = Date.now() + scaled(60000);
		while (
			!/POST/.test(await (await fetch(`${n8n.baseUrl}/webhook/${hook}`)).text()) &&
			Date.now() < deadline
		)
			await wait(250);
	}
}, scaled(180000));

describe('Send and Wait for Response in real n8n', () => {
	it(
		'waits; previews, plain GETs, unconfirmed POSTs and tampered links resume nothing; the first confirmed answer resumes with who and what; a second click is already answered',
		async () => {
			await call('POST', 'reset');
			expect((await start('approve')).status).toBe(200);
			const [first, second] = await delivered('approve-flow', 2);
			expect([first.userId, second.userId].sort()).toEqual(['user0001', 'user0002']);
			expect(first.msgKey).toBe('sampleActionCard6');
			const links = Object.fromEntries(
				[first, second].map((m) => [
					m.userId,
					{ approve: m.msgParam.buttonUrl1, decline: m.msgParam.buttonUrl2 },
				]),
			);
			const approveUrl = new URL(links.user0001.approve);
			expect(approveUrl.origin).toBe(env.n8n.baseUrl);
			expect(approveUrl.pathname).toMatch(
				/^\/webhook-waiting\/\d+\/4e5d2b01-0000-4000-8000-000000000012$/,
			);
			expect(approveUrl.searchParams.get('signature')).toMatch(/^[0-9a-f]{64}$/);

			// A link-preview robot fetching the URL records nothing.
			const preview = await open(links.user0001.approve, {
				userAgent: 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
			});
			expect(preview.status).toBe(200);
			expect(preview.text).toContain('Open this link in DingTalk');
			// Someone editing the link (approve → decline, or another user) breaks n8n's signature.
			const tampered = new URL(links.user0001.approve);
			tampered.searchParams.set('userId', 'manager4220');
			expect((await open(tampered.toString())).status).toBe(401);
			// A URL scanner with a browser's user agent (or anyone) opening the link only gets the
			// confirmation page; a POST without the page's value is refused.
			const scanned = await open(links.user0001.approve, { userAgent: CHROME_WINDOWS });
			expect(scanned.status).toBe(200);
			expect(scanned.text).toContain('Your answer: <b>Approve</b>');
			expect(scanned.text).toContain('<form method="post">');
			const unconfirmed = await open(links.user0001.approve, {
				method: 'POST',
				userAgent: CHROME_WINDOWS,
				form: { confirmation: 'not-from-the-page' },
			});
			expect(unconfirmed.status).toBe(200);
			expect(unconfirmed.text).toContain('Your answer was not recorded');
			await wait(1500);
			expect(await tagged('dtE2eWaitApprove1')).toHaveLength(0);

			// user0002 declines from the desktop client: the confirmation page's button resumes the
			// execution with that answer.
			const declined = await answerApproval(links.user0002.decline, DINGTALK_MAC);
			expect(declined.page.status).toBe(200);
			expect(declined.page.text).toContain('Your answer: <b>Decline</b>');
			expect(declined.fields).toEqual({ confirmation: expect.stringMatching(/^[0-9a-f]{64}$/) });
			expect(declined.confirmed.status).toBe(200);
			expect(declined.confirmed.text).toContain('Declined');
			expect(declined.confirmed.text).toContain('已拒绝');
			const [result] = await until(async () => {
				const rows = await tagged('dtE2eWaitApprove1');
				return rows.length ? rows : undefined;
			});
			expect(result.data).toMatchObject({
				approved: false,
				decision: 'declined',
				timedOut: false,
				respondedBy: { userId: 'user0002' },
				client: 'DingTalk desktop',
			});

			// user0001 clicks afterwards: n8n's "no action required" page, no second resume. Until
			// the resumed execution has finished, n8n answers 409 (it is still running).
			let late = await open(links.user0001.approve);
			const lateDeadline = Date.now() + scaled(30000);
			while (late.status === 409 && Date.now() < lateDeadline) {
				await wait(500);
				late = await open(links.user0001.approve);
			}
			expect(late.status).toBe(200);
			expect(late.text).not.toContain('Approved');
			expect(late.text.toLowerCase()).toMatch(/no action|already/);
			await wait(1500);
			expect(await tagged('dtE2eWaitApprove1')).toHaveLength(1);
		},
		scaled(90000),
	);

	it(
		'resumes with the timeout result when nobody answers within the limit',
		async () => {
			await call('POST', 'reset');
			const started = Date.now();
			expect((await start('timeout')).status).toBe(200);
			await delivered('timeout-flow', 1);
			// n8n's wait tracker looks for due executions every 60 s.
			const [result] = await until(async () => {
				const rows = await tagged('dtE2eWaitTimeout1');
				return rows.length ? rows : undefined;
			}, scaled(100000));
			expect(result.data).toMatchObject({
				approved: false,
				decision: 'timeout',
				timedOut: true,
				respondedBy: null,
			});
			expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
		},
		scaled(120000),
	);

	it(
		'free text: the button opens a reply form; the posted reply resumes the execution',
		async () => {
			await call('POST', 'reset');
			expect((await start('freetext')).status).toBe(200);
			const [message] = await delivered('freetext-flow', 1);
			expect(message).toMatchObject({ channel: 'group', msgKey: 'sampleActionCard' });
			expect(message.msgParam.singleTitle).toBe('填写原因');
			// The message can arrive before n8n has put the execution to wait: n8n answers 409 until then.
			let form = await open(message.msgParam.singleURL);
			const formDeadline = Date.now() + scaled(30000);
			while (form.status === 409 && Date.now() < formDeadline) {
				await wait(500);
				form = await open(message.msgParam.singleURL);
			}
			expect(form.status).toBe(200);
			expect(form.text).toContain('<form method="post">');
			expect(form.text).toContain('freetext-flow');
			await wait(1000);
			expect(await tagged('dtE2eWaitFreeTxt1')).toHaveLength(0);
			const posted = await open(message.msgParam.singleURL, {
				method: 'POST',
				form: { response: '预算超了，下季度再说' },
			});
			expect(posted.status).toBe(200);
			expect(posted.text).toContain('Reply sent');
			const [result] = await until(async () => {
				const rows = await tagged('dtE2eWaitFreeTxt1');
				return rows.length ? rows : undefined;
			});
			expect(result.data).toMatchObject({
				decision: 'replied',
				text: '预算超了，下季度再说',
				respondedBy: null,
				client: 'DingTalk mobile',
			});
		},
		scaled(60000),
	);
});

describe('the approval example (examples/approval-send-and-wait.json)', () => {
	it(
		'asks the manager; Approve resumes it and the team hears who approved',
		async () => {
			await call('POST', 'reset');
			expect(
				(await start('refund-request', { amount: 300, customer: 'Globex', order: 'A-17' })).status,
			).toBe(200);
			const [question] = await delivered('Refund ¥300 to Globex?', 1);
			expect(question).toMatchObject({ userId: 'manager4220', msgKey: 'sampleActionCard6' });
			expect(question.msgParam.text).toContain('**Order:** A-17');
			const approved = await answerApproval(question.msgParam.buttonUrl1, DINGTALK_IOS);
			expect(approved.page.text).toContain('Your answer: <b>Approve 同意</b>');
			expect(approved.confirmed.text).toContain('Approved');
			const [announcement] = await until(async () => {
				const rows = (await state()).messages.filter((m) => m.channel === 'group');
				return rows.length ? rows : undefined;
			});
			expect(announcement.msgParam).toMatchObject({ title: 'Refund approved' });
			expect(announcement.msgParam.text).toContain('✅ Refund approved by manager4220');
		},
		scaled(60000),
	);
});

describe('Reply and cards in real n8n', () => {
	const robotUrl = () => `${env.n8n.baseUrl}/webhook/${ROBOT_HOOK}/webhook`;

	it(
		'replies in the group through the sessionWebhook with an @-mention, and through the robot API after expiry',
		async () => {
			await call('POST', 'reset');
			const live = await call('POST', 'push', {
				url: robotUrl(),
				kind: 'robot',
				payload: { text: { content: ' 查一下订单 123' }, senderStaffId: 'user0007' },
			});
			expect(live.status).toBe(200);
			const [viaSession] = await until(async () => {
				const rows = (await state()).messages.filter((m) => m.channel === 'session');
				return rows.length ? rows : undefined;
			});
			expect(viaSession).toMatchObject({
				openConversationId: 'cidEmuGroup+One/AAA==',
				msgKey: 'text',
				atUserIds: ['user0007'],
			});
			expect(viaSession.msgParam.content).toBe('@user0007 收到：查一下订单 123');

			const expired = await call('POST', 'push', {
				url: robotUrl(),
				kind: 'robot',
				payload: {
					text: { content: ' 还在吗' },
					senderStaffId: 'user0007',
					sessionWebhookExpiredTime: Date.now() - 1000,
				},
			});
			expect(expired.status).toBe(200);
			const [viaApi] = await until(async () => {
				const rows = (await state()).messages.filter((m) => m.channel === 'group');
				return rows.length ? rows : undefined;
			});
			expect(viaApi).toMatchObject({
				openConversationId: 'cidEmuGroup+One/AAA==',
				msgKey: 'sampleText',
				msgParam: { content: '收到：还在吗' },
			});
			const reports = await until(async () => {
				const rows = await tagged('dtE2eReplyRobot01');
				return rows.length >= 2 ? rows : undefined;
			});
			expect(reports.map((r) => r.via).sort()).toEqual(['robotApi', 'sessionWebhook']);
			expect((await state()).messages).toHaveLength(2);
		},
		scaled(60000),
	);

	it(
		'sends a StandardCard; a click on its callback button reaches the Stream Trigger with who clicked what',
		async () => {
			await call('POST', 'reset');
			await until(async () => (await call('GET', 'stream')).activeConnections === 1);
			expect((await start('card', { cardBizId: 'alert-e2e-1' })).status).toBe(200);
			const [sent] = await until(async () => {
				const rows = await tagged('dtE2eCardSend0001');
				return rows.length ? rows : undefined;
			});
			expect(sent).toMatchObject({
				cardBizId: 'alert-e2e-1',
				openConversationId: 'cidEmuGroup+One/AAA==',
			});
			const click = await call('POST', 'cards/click', {
				cardBizId: 'alert-e2e-1',
				userId: 'user0004',
				actionId: 'ack',
			});
			expect(click.messageId).toEqual(expect.any(String));
			const [callback] = await until(async () => {
				const rows = await tagged('cardCallback');
				return rows.length ? rows : undefined;
			});
			expect(callback).toMatchObject({
				source: 'cardCallback',
				cardBizId: 'alert-e2e-1',
				actionId: 'ack',
				userId: 'user0004',
				conversationType: 'group',
			});
		},
		scaled(60000),
	);
});
