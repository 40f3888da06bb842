'use strict';
// What `npm run demo` tells a new user to do, done the way they would do it: the live examples
// started through their webhooks, then answered from the emulator's preview page — the approval's
// Approve link (n8n's signed resume URL, which opens the node's confirmation page; its button posts
// the answer) and the alert card's Acknowledge button (an HTML form that
// sends the card callback to the Stream Trigger example, which updates the card).
const path = require('node:path');

const { answerApproval, emulatorApi, until } = require('./emulatorApi');
const { scaled } = require('./machine');
const { REPO, loadWorkflow } = require('./n8n');
const { useRealN8n } = require('./setup');

const example = (name) => loadWorkflow(path.join(REPO, 'examples', name));
const APPROVAL = example('approval-send-and-wait.json');
const CARD = example('interactive-card-alert.json');
const ACKNOWLEDGE = example('card-acknowledge-stream.json');
const DINGTALK_MAC =
	'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) DingTalk(7.6.0) Mac/7.6.0';

let env;
const { state } = emulatorApi({
	get emulator() {
		return env.emulator;
	},
});
const webhookPath = (workflow) =>
	workflow.nodes.find((n) => n.type === 'n8n-nodes-base.webhook').parameters.path;
const preview = async () =>
	await (await fetch(`${env.emulator.apiBaseUrl}/__emulator/preview`)).text();
const decode = (html) =>
	html
		.replace(/&amp;/g, '&')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>');

env = useRealN8n(async ({ n8n }) => {
	await n8n.importWorkflows([APPROVAL, CARD, ACKNOWLEDGE]);
	for (const workflow of [APPROVAL, CARD, ACKNOWLEDGE]) await n8n.publish(workflow.id);
	await n8n.start();
	for (const workflow of [APPROVAL, CARD]) {
		const url = `${n8n.baseUrl}/webhook/${webhookPath(workflow)}`;
		const deadline = Date.now() + scaled(60000);
		while (!/POST/.test(await (await fetch(url)).text()) && Date.now() < deadline)
			await new Promise((r) => setTimeout(r, 250));
	}
	// The Stream Trigger example holds one connection to the emulator's gateway.
	await until(
		async () =>
			(await (await fetch(`${env.emulator.apiBaseUrl}/__emulator/stream`)).json())
				.activeConnections >= 1,
		60000,
	);
});

describe("the demo's printed paths, answered from the preview page", () => {
	it('approval: the question stays in the preview; its Approve link opens the confirmation page, whose button resumes the execution', async () => {
		await fetch(`${env.n8n.baseUrl}/webhook/${webhookPath(APPROVAL)}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}',
		});
		await until(async () => (await state()).messages.length >= 1);
		const page = decode(await preview());
		const approve = [...page.matchAll(/<a class="button[^"]*" href="([^"]+)">([^<]+)<\/a>/g)].find(
			(m) => /Approve/i.test(m[2]),
		);
		expect(approve).toBeDefined();
		// The question is sent while the node runs; n8n marks the execution as waiting a moment
		// later and answers a click before that with 409 (nothing recorded): answerApproval opens
		// the link again, as a person would, then presses the page's button (a POST).
		const answered = await answerApproval(approve[1], DINGTALK_MAC);
		expect(answered.page.status).toBe(200);
		expect(answered.page.text).toContain('Your answer: <b>Approve 同意</b>');
		expect(answered.confirmed).toBeDefined();
		expect(answered.confirmed.status).toBeLessThan(400);
		expect(answered.confirmed.text).toContain('Approved');
		// The example posts the decision into the group.
		const announcement = await until(
			async () =>
				(await state()).messages.find((m) => m.msgParam && m.msgParam.title === 'Refund approved'),
			60000,
		);
		expect(announcement).toBeDefined();
		expect(announcement.openConversationId).toBeTruthy();
		expect(announcement.msgParam.text).toContain('Refund approved by manager4220');
	});

	it("card: the preview's Acknowledge button reaches the Stream Trigger, which marks the card acknowledged", async () => {
		await fetch(`${env.n8n.baseUrl}/webhook/${webhookPath(CARD)}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}',
		});
		const card = await until(async () =>
			(await state()).messages.find((m) => m.channel === 'card'),
		);
		expect(card).toBeDefined();
		const page = decode(await preview());
		const form = /<form class="click" method="post" action="([^"]+)">(.*?)<\/form>/s.exec(page);
		expect(form).not.toBeNull();
		const fields = Object.fromEntries(
			[...form[2].matchAll(/name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
		);
		expect(fields).toMatchObject({ cardBizId: card.cardBizId, actionId: 'ack' });
		const click = await fetch(`${env.emulator.apiBaseUrl}${form[1]}`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(fields).toString(),
			redirect: 'manual',
		});
		expect(click.status).toBe(303);
		const updated = await until(async () => {
			const [now] = (
				await (await fetch(`${env.emulator.apiBaseUrl}/__emulator/cards`)).json()
			).filter((c) => c.cardBizId === card.cardBizId);
			return now && now.updates.length > 0 ? now : undefined;
		}, 60000);
		expect(updated).toBeDefined();
		expect(JSON.stringify(updated.cardData)).toContain('Acknowledged by');
		expect(decode(await preview())).toContain('Acknowledged by');
	});
});
