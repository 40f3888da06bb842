'use strict';
// `npm run demo`: the product working end to end with no DingTalk account. Starts the DingTalk
// emulator and a real n8n editor on 127.0.0.1 with this package installed, imports the emulator
// credential and the example workflows, runs each example once headless, prints what "DingTalk"
// received, then keeps the editor running until Ctrl-C.
const fs = require('node:fs');
const path = require('node:path');

const { startEmulator } = require('../emulator');
const { N8nInstance, REPO, emulatorCredential, loadWorkflow } = require('./n8n');
const { paths } = require('./provision');

const say = (text = '') => process.stdout.write(`${text}\n`);

function describeMessage(message) {
	const kind = message.msgKey || (message.msg && `work:${message.msg.msgtype}`) || message.channel;
	const param = message.msgParam || (message.msg && message.msg[message.msg.msgtype]) || {};
	// A StandardCard: its title and first Markdown block.
	const p = param.header || param.contents
		? { title: param.header && param.header.title && param.header.title.text, text: ((param.contents || []).find((c) => c.text) || {}).text }
		: param;
	const head = p.head && p.head.text ? `[${p.head.text}] ` : '';
	const body = p.content ?? p.text ?? p.fileName ?? (p.body && (p.body.title || p.body.content)) ?? p.title ?? JSON.stringify(p);
	const title = p.title ? `「${p.title}」 ` : '';
	return `${String(kind).padEnd(17)} ${head}${title}${String(body).replace(/\s+/g, ' ').slice(0, 70)}`;
}

function recipient(message) {
	return message.userId || (message.openConversationId ? `group ${message.openConversationId}` : message.channel);
}

async function main() {
	const started = Date.now();
	say('DingTalk for n8n — demo against the bundled DingTalk emulator\n');
	const emulator = await startEmulator({ latencyMs: 20 });
	say(`Emulator: new API ${emulator.apiBaseUrl}, old API ${emulator.oapiBaseUrl}`);

	const home = path.join(paths.cache, 'demo-home');
	fs.rmSync(home, { recursive: true, force: true });
	fs.mkdirSync(home, { recursive: true });
	const n8n = await N8nInstance.create({ home });
	let stopping = false;
	const stop = async (code = 0) => {
		if (stopping) return;
		stopping = true;
		say('\nStopping n8n and the emulator …');
		await n8n.stop();
		await emulator.stop();
		process.exit(code);
	};
	process.on('SIGINT', () => stop(0));
	process.on('SIGTERM', () => stop(0));

	try {
		await n8n.importCredentials([emulatorCredential(emulator)]);
		const examples = fs
			.readdirSync(path.join(REPO, 'examples'))
			.filter((f) => f.endsWith('.json'))
			.map((f) => loadWorkflow(path.join(REPO, 'examples', f)));
		for (const workflow of examples) await n8n.importWorkflow(workflow);
		say(`Imported the emulator credential and ${examples.length} example workflows.\n`);
		// Examples that start from a webhook (Send and Wait) run in the live n8n below; the others now.
		const webhookOf = (workflow) => workflow.nodes.find((node) => node.type === 'n8n-nodes-base.webhook');
		const live = examples.filter(webhookOf);
		for (const workflow of live) await n8n.publish(workflow.id);

		for (const workflow of examples.filter((w) => !webhookOf(w))) {
			await fetch(`${emulator.apiBaseUrl}/__emulator/reset`, { method: 'POST' });
			const t0 = Date.now();
			const result = await n8n.execute(workflow.id);
			const state = await (await fetch(`${emulator.apiBaseUrl}/__emulator/state`)).json();
			const seconds = ((Date.now() - t0) / 1000).toFixed(1);
			say(`▶ ${workflow.name}  (${result.code === 0 ? 'success' : `FAILED, exit ${result.code}`}, ${seconds} s)`);
			const calls = state.requests.filter((r) => !r.path.startsWith('/__emulator'));
			say(`  DingTalk received ${calls.length} API calls (${calls.map((r) => `${r.method} ${r.path} → ${r.status}`).join(', ')})`);
			const byText = new Map();
			for (const message of state.messages) {
				const key = describeMessage(message);
				byText.set(key, [...(byText.get(key) || []), recipient(message)]);
			}
			for (const [text, users] of byText) {
				const who = users.length > 4 ? `${users.slice(0, 3).join(', ')} … ${users[users.length - 1]} (${users.length} users)` : users.join(', ');
				say(`  delivered ${text}\n            to ${who}`);
			}
			if (result.code !== 0) say(result.stdout.slice(-1500));
			say();
		}

		await n8n.start();
		const owner = await n8n.setupOwner();
		for (const workflow of live) {
			await fetch(`${emulator.apiBaseUrl}/__emulator/reset`, { method: 'POST' });
			const url = `${n8n.baseUrl}/webhook/${webhookOf(workflow).parameters.path}`;
			// Production webhooks are registered a moment after the REST API answers.
			for (let attempt = 0; attempt < 120 && !/POST/.test(await (await fetch(url)).text()); attempt++) await new Promise((r) => setTimeout(r, 250));
			const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
			let message;
			for (let attempt = 0; attempt < 80 && !message; attempt++) {
				await new Promise((r) => setTimeout(r, 250));
				message = (await (await fetch(`${emulator.apiBaseUrl}/__emulator/state`)).json()).messages[0];
			}
			say(`▶ ${workflow.name}  (started through its webhook: ${response.status})`);
			if (message) {
				say(`  delivered ${describeMessage(message)}\n            to ${recipient(message)}; the workflow now waits for the answer.`);
				if (message.channel === 'card') {
					say(`  See the card: ${emulator.apiBaseUrl}/__emulator/preview (a click on Acknowledge is a card callback for the Stream Trigger)`);
				} else {
					say(`  See the question and answer it as the manager: ${emulator.apiBaseUrl}/__emulator/preview`);
					say('  (its buttons are n8n\'s signed resume links; the execution continues in the editor\'s Executions list)');
				}
			}
			say();
		}
		say(`n8n editor: ${n8n.baseUrl}   (ready after ${((Date.now() - started) / 1000).toFixed(0)} s)`);
		say(`  log in as ${owner.email} / ${owner.password}`);
		say('  open a workflow under "Overview" and press "Execute workflow"; the emulator state is at');
		say(`  ${emulator.apiBaseUrl}/__emulator/state`);
		say('Press Ctrl-C to stop.');
	} catch (error) {
		say(`Demo failed: ${error.message}`);
		await stop(1);
	}
}

main();
