'use strict';
// Renders docs/images/approval-card-before.png and approval-card-after.png: a Send and Wait
// question with "Approve In: DingTalk Card" as the emulator received it from the real node in a
// real n8n, before and after the approver's click. The click goes to the emulator as a DingTalk
// card callback, which the active DingTalk Stream Trigger hands to the waiting execution — no
// browser, no public URL. Screenshots of the emulator's preview page in headless Chromium (Debian:
// apt-get install chromium).   Run: npm run build && node docs/screenshotApprovalCard.js
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');
const path = require('node:path');

const { startEmulator } = require('../test/emulator');
const { N8nInstance, REPO, emulatorCredential } = require('../test/e2e/n8n');

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const CREDENTIAL = { dingTalkApi: { id: 'dingTalkEmu00001', name: 'DingTalk (emulator)' } };

const node = (n, name, type, parameters, extra = {}) => ({
	id: `d0c5a11e-0000-4000-8000-00000000000${n}`,
	name,
	type,
	typeVersion: type.endsWith('webhook') ? 2 : 1,
	position: [n * 240, 0],
	parameters,
	...extra,
});

const askFlow = {
	id: 'docsCardApproval1',
	name: 'Refund approval (card)',
	nodes: [
		node(
			1,
			'Webhook',
			'n8n-nodes-base.webhook',
			{ httpMethod: 'POST', path: 'docs-card', responseMode: 'onReceived', options: {} },
			{ webhookId: 'd0c5a11e-0000-4000-8000-000000000009' },
		),
		node(
			2,
			'Ask the finance manager',
			'n8n-nodes-dingtalk-app.dingTalk',
			{
				resource: 'message',
				operation: 'sendAndWait',
				sendTo: 'user',
				userIds: 'manager4220',
				title: 'Refund ¥1,200 for order 4711?',
				message: '**Customer:** ACME\n**Order:** 4711\n**Amount:** ¥1,200\n**Reason:** damaged in transit',
				responseType: 'approval',
				approvalOptions: { values: { approvalType: 'double' } },
				approveIn: 'card',
				approvers: 'manager4220',
				postDecisionBehavior: 'showOutcome',
			},
			{ credentials: CREDENTIAL },
		),
	],
	connections: { Webhook: { main: [[{ node: 'Ask the finance manager', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
	pinData: {},
};

const streamFlow = {
	id: 'docsCardStream001',
	name: 'DingTalk card clicks',
	nodes: [
		node(
			3,
			'DingTalk Stream Trigger',
			'n8n-nodes-dingtalk-app.dingTalkStreamTrigger',
			{ subscriptions: ['cardCallbacks'], eventTypes: '', acknowledge: 'afterAccepted' },
			{ credentials: CREDENTIAL },
		),
	],
	connections: {},
	settings: { executionOrder: 'v1' },
	pinData: {},
};

async function until(check, what, ms = 120000) {
	const deadline = Date.now() + ms;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await wait(250);
	}
}

async function shoot(emulator, file) {
	const out = path.join(REPO, 'docs', 'images', file);
	await promisify(execFile)('chromium', [
		'--headless',
		'--no-sandbox',
		'--disable-gpu',
		'--hide-scrollbars',
		`--screenshot=${out}`,
		'--window-size=600,400',
		`${emulator.apiBaseUrl}/__emulator/preview`,
	]);
	console.log(`wrote ${path.relative(REPO, out)}`);
}

async function main() {
	const emulator = await startEmulator();
	const n8n = await N8nInstance.create();
	const admin = async (method, route, body) =>
		await (
			await fetch(`${emulator.apiBaseUrl}/__emulator/${route}`, {
				method,
				headers: { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			})
		).json();
	try {
		await n8n.importCredentials([emulatorCredential(emulator)]);
		for (const workflow of [askFlow, streamFlow]) {
			await n8n.importWorkflow(workflow);
			await n8n.publish(workflow.id);
		}
		await n8n.start();
		const hook = `${n8n.baseUrl}/webhook/docs-card`;
		await until(async () => /POST/.test(await (await fetch(hook)).text()), 'the webhook');
		await until(async () => (await admin('GET', 'stream')).activeConnections === 1, 'Stream');
		await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
		const [card] = await until(async () => {
			const cards = await admin('GET', 'cards');
			return cards.length ? cards : undefined;
		}, 'the card');
		await shoot(emulator, 'approval-card-before.png');
		const approve = card.cardData.contents
			.filter((c) => c.type === 'action')
			.flatMap((c) => c.actions)[0];
		// The click can come before n8n has put the execution to wait: click until the card changes.
		await until(async () => {
			await admin('POST', 'cards/click', {
				cardBizId: card.cardBizId,
				actionId: approve.id,
				userId: 'manager4220',
			});
			await wait(1000);
			const [now] = await admin('GET', 'cards');
			return JSON.stringify(now.cardData).includes('by manager4220');
		}, 'the decided card');
		await shoot(emulator, 'approval-card-after.png');
	} finally {
		await n8n.stop();
		n8n.removeHome();
		await emulator.stop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
