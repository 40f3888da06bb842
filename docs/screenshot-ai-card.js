'use strict';
// Renders docs/images/ai-card-streaming.png: the AI assistant example
// (examples/ai-assistant-streaming-card.json) answering two robot messages in a real n8n, against
// the emulator and its deterministic chat model — one card finished, one caught while it streams —
// as the emulator's preview page shows them, screenshotted with headless Chromium
// (Debian: apt-get install chromium).
// Run: npm run build && node docs/screenshot-ai-card.js
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');
const path = require('node:path');

const { startEmulator } = require('../test/emulator');
const { OPENAI_API_KEY } = require('../test/emulator/products/openai');
const { N8nInstance, REPO, emulatorCredential, loadWorkflow } = require('../test/e2e/n8n');

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const FIRST = [
	'**Refunds** are possible within *30 days* of purchase:',
	'',
	'- Open the order in the customer portal and choose **Request refund**.',
	'- Finance approves it within two working days.',
	'- The money is back on the original payment method 3–5 days later.',
	'',
	'需要帮助时，请联系 finance@example.com。',
].join('\n');
const SECOND = [
	'## Release checklist for v2.4',
	'',
	'1. **Freeze** the release branch on Monday at 10:00 and announce it in the #release group.',
	'2. Run the full regression suite against staging; every failure gets an owner the same day.',
	'3. Update the changelog and the migration guide, then ask support to review both.',
	'4. Deploy to 5% of tenants, watch error rates and latency for two hours, then roll out.',
	'5. Publish the release notes in DingTalk and close the release ticket.',
	'',
	'> Tip: keep the rollback command ready in the release ticket before step 4.',
].join('\n');

async function main() {
	const emulator = await startEmulator({ latencyMs: 30 });
	const admin = async (method, route, body) =>
		await (
			await fetch(`${emulator.apiBaseUrl}/__emulator/${route}`, {
				method,
				headers: { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			})
		).json();
	const n8n = await N8nInstance.create();
	try {
		await n8n.importCredentials([
			emulatorCredential(emulator),
			{
				id: 'openAiEmu0000001',
				name: 'OpenAI',
				type: 'openAiApi',
				data: { apiKey: OPENAI_API_KEY, url: `${emulator.apiBaseUrl}/v1` },
			},
		]);
		const workflow = loadWorkflow(path.join(REPO, 'examples', 'ai-assistant-streaming-card.json'));
		// A slower pace than the default, so the screenshot catches the second card mid-answer.
		const stream = workflow.nodes.find((node) => node.name === 'Stream Answer');
		stream.parameters.options = { charsPerUpdate: 40, intervalMs: 400 };
		await n8n.importWorkflow(workflow);
		await n8n.publish(workflow.id);
		await n8n.start();
		for (let i = 0; i < 240 && (await admin('GET', 'stream')).activeConnections !== 1; i++) await wait(250);
		await admin('POST', 'openai/script', {
			rules: [
				{ match: 'refund', answer: FIRST },
				{ match: 'release', answer: SECOND },
			],
		});
		const push = async (userId, nick, text) =>
			await admin('POST', 'stream/push', {
				kind: 'robot',
				data: {
					msgtype: 'text',
					text: { content: text },
					senderStaffId: userId,
					senderNick: nick,
					conversationType: '2',
					conversationId: 'cidEmuGroup+One/AAA==',
				},
			});
		await push('user0002', 'Emulated User 2', 'How do refunds work?');
		for (let i = 0; i < 200 && !(await admin('GET', 'aiCards')).some((c) => c.cardParamMap.flowStatus === '3'); i++) await wait(100);
		await push('user0003', 'Emulated User 3', 'What is the release checklist?');
		for (let i = 0; i < 200; i++) {
			const second = (await admin('GET', 'aiCards'))[1];
			if (second && second.state === 'streaming' && second.streamingUpdates.length >= 4) break;
			await wait(50);
		}
		const out = path.join(REPO, 'docs', 'images', 'ai-card-streaming.png');
		// Asynchronously: the emulator serving the page runs in this process.
		await promisify(execFile)('chromium', [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--hide-scrollbars',
			`--screenshot=${out}`,
			'--window-size=600,720',
			`${emulator.apiBaseUrl}/__emulator/preview`,
		]);
		console.log(`wrote ${path.relative(REPO, out)}`);
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
