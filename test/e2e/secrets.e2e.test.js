'use strict';
// Secrets in a real n8n at debug log level: sends that succeed and fail (wrong AppSecret, DingTalk
// refusals), an HTTP trigger with a reply through the sessionWebhook, and a send-and-wait resumed by
// a click. Then n8n's own log, the CLI output and every stored execution are searched for the
// AppSecret, the event encryption key and signing token, and every access token DingTalk issued:
// 0 hits. (Object-store traffic is checked by the emulator in the engine tier.)
const { scaled } = require('./machine');
const fs = require('node:fs');
const path = require('node:path');

const { startEmulator } = require('../emulator');
const { answerApproval, emulatorApi, wait } = require('./emulatorApi');
const { N8nInstance, emulatorCredential } = require('./n8n');

const GOOD = { dingTalkApi: { id: 'dingTalkEmu00001', name: 'DingTalk (emulator)' } };
const BAD = { dingTalkApi: { id: 'dingTalkBadSec01', name: 'DingTalk (wrong secret)' } };
const ROBOT_HOOK = '6a7f4d23-0000-4000-8000-0000000000a1';
const DINGTALK_IOS =
	'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Mobile/15E148 AliApp(DingTalk/7.6.0)';
const env = {};
const { call } = emulatorApi(env);

function flow(id, n, trigger, node, credentials = GOOD) {
	const dingTalk = {
		id: `6a7f4d23-0000-4000-8000-${String(n * 10 + 2).padStart(12, '0')}`,
		name: 'DingTalk',
		type: 'n8n-nodes-dingtalk-app.dingTalk',
		typeVersion: 1,
		position: [240, 0],
		parameters: node,
		credentials,
	};
	return {
		id,
		name: id,
		nodes: [
			{
				id: `6a7f4d23-0000-4000-8000-${String(n * 10 + 1).padStart(12, '0')}`,
				typeVersion: 1,
				position: [0, 0],
				...trigger,
			},
			dingTalk,
		],
		connections: { [trigger.name]: { main: [[{ node: 'DingTalk', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}
const manual = { name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} };

beforeAll(async () => {
	env.emulator = await startEmulator();
	env.n8n = await N8nInstance.create({ logLevel: 'debug' });
	const good = emulatorCredential(env.emulator);
	const bad = emulatorCredential(env.emulator, {
		id: BAD.dingTalkApi.id,
		name: BAD.dingTalkApi.name,
	});
	bad.data.clientSecret = `${good.data.clientSecret}-WRONG-${'7'.repeat(12)}`;
	env.wrongSecret = bad.data.clientSecret;
	env.credential = good.data;
	await env.n8n.importCredentials([good, bad]);
	env.flows = [
		flow('dtSecSendOk00001', 1, manual, {
			resource: 'message',
			operation: 'sendToUsers',
			userIds: 'user0001',
			messageType: 'text',
			content: 'hi',
		}),
		flow(
			'dtSecWrongSec001',
			2,
			manual,
			{
				resource: 'message',
				operation: 'sendToUsers',
				userIds: 'user0001',
				messageType: 'text',
				content: 'hi',
			},
			BAD,
		),
		flow('dtSecRefused0001', 3, manual, {
			resource: 'message',
			operation: 'sendToGroup',
			conversationId: 'cidEmuGroup+Two/BBB==',
			messageType: 'text',
			content: 'not in this group',
		}),
		flow(
			'dtSecReply000001',
			4,
			{
				name: 'DingTalk Trigger',
				type: 'n8n-nodes-dingtalk-app.dingTalkTrigger',
				webhookId: ROBOT_HOOK,
				parameters: { source: 'robot', messageTypes: [], conversationType: 'any', options: {} },
				credentials: GOOD,
			},
			{
				resource: 'message',
				operation: 'reply',
				messageType: 'text',
				content: 'got it',
				conversationId: '={{ $json.conversationId }}',
				conversationType: '={{ $json.conversationType }}',
				senderUserId: '={{ $json.senderUserId }}',
				sessionWebhook: '={{ $json.sessionWebhook }}',
				sessionWebhookExpiresAt: '={{ $json.sessionWebhookExpiresAt }}',
			},
		),
		flow(
			'dtSecWait0000001',
			5,
			{
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				webhookId: '6a7f4d23-0000-4000-8000-0000000000b1',
				parameters: {
					httpMethod: 'POST',
					path: 'secret-wait',
					responseMode: 'onReceived',
					options: {},
				},
			},
			{
				resource: 'message',
				operation: 'sendAndWait',
				sendTo: 'user',
				userIds: 'user0002',
				title: 'secret-test approval',
				message: 'ok?',
				approvalOptions: { values: { approvalType: 'double' } },
			},
		),
	];
	for (const wf of env.flows) await env.n8n.importWorkflow(wf);
	for (const id of ['dtSecReply000001', 'dtSecWait0000001']) await env.n8n.publish(id);
}, scaled(180000));

afterAll(async () => {
	if (env.n8n) {
		await env.n8n.stop();
		env.n8n.removeHome();
	}
	if (env.emulator) await env.emulator.stop();
});

it(
	'n8n at debug level: outputs, errors, logs and stored executions hold no secret and no token',
	async () => {
		const cli = [];
		for (const id of ['dtSecSendOk00001', 'dtSecWrongSec001', 'dtSecRefused0001']) {
			const result = await env.n8n.execute(id, { N8N_LOG_LEVEL: 'debug' });
			cli.push(result.stdout, result.stderr);
		}
		expect(cli.join('\n')).toContain('Wrong Client ID or Client Secret');
		expect(cli.join('\n')).toContain('invalidParameter.robotCode.notExsit');

		await env.n8n.start();
		await env.n8n.setupOwner();
		const robotUrl = `${env.n8n.baseUrl}/webhook/${ROBOT_HOOK}/webhook`;
		await env.n8n.waitForWebhook(robotUrl);
		expect(
			(
				await call('POST', 'push', {
					url: robotUrl,
					kind: 'robot',
					payload: { senderStaffId: 'user0003' },
				})
			).status,
		).toBe(200);
		const waitUrl = `${env.n8n.baseUrl}/webhook/secret-wait`;
		for (let i = 0; i < 240 && !/POST/.test(await (await fetch(waitUrl)).text()); i++)
			await wait(250);
		await fetch(waitUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}',
		});
		let question;
		for (let i = 0; i < 80 && !question; i++) {
			await wait(250);
			question = (await call('GET', 'state')).messages.find(
				(m) => m.msgParam && m.msgParam.title === 'secret-test approval',
			);
		}
		// Opening the link shows the confirmation page; its button (a POST) resumes the execution.
		const answered = await answerApproval(question.msgParam.buttonUrl1, DINGTALK_IOS);
		expect(answered.page.status).toBe(200);
		expect(answered.confirmed.status).toBe(200);
		for (
			let i = 0;
			i < 80 && !(await call('GET', 'state')).messages.some((m) => m.channel === 'session');
			i++
		)
			await wait(250);
		await wait(2000);

		// Everything n8n kept: its log file and every stored execution with its data.
		const log = fs.readFileSync(path.join(env.n8n.home, 'n8n-start.log'), 'utf8');
		expect(log).toMatch(/debug/i);
		const list = await env.n8n.rest('GET', '/executions?limit=100');
		const ids = (list.body.data.results || list.body.data || []).map((e) => e.id);
		expect(ids.length).toBeGreaterThanOrEqual(2);
		const executions = [];
		for (const id of ids)
			executions.push(JSON.stringify((await env.n8n.rest('GET', `/executions/${id}`)).body));
		const { tokens } = await call('GET', 'tokens');
		expect(tokens.length).toBeGreaterThan(0);
		const secrets = [
			env.credential.clientSecret,
			env.wrongSecret,
			env.credential.eventAesSecret,
			env.credential.eventToken,
			...tokens.map((t) => t.token),
		];
		const haystacks = { log, cli: cli.join('\n'), executions: executions.join('\n') };
		const found = Object.entries(haystacks).flatMap(([where, text]) =>
			secrets
				.filter((secret) => text.includes(secret) || text.includes(encodeURIComponent(secret)))
				.map((secret) => `${where}: ${secret.slice(0, 6)}…`),
		);
		expect(found).toEqual([]);
		// The search would have found them: the emulator's own request log has the AppSecret (token request).
		expect(JSON.stringify((await call('GET', 'state')).requests)).toContain(
			env.credential.clientSecret.slice(0, 10),
		);
	},
	scaled(240000),
);
