'use strict';
// Renders docs/images/approval-card.png: what the approval example and an interactive card look
// like when the emulator receives them from the real node in a real n8n (the emulator's preview
// page, /__emulator/preview), screenshotted with headless Chromium (Debian: apt-get install chromium).
// Run: npm run build && node docs/screenshot.js
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');
const path = require('node:path');

const { startEmulator } = require('../test/emulator');
const { N8nInstance, REPO, emulatorCredential, loadWorkflow } = require('../test/e2e/n8n');

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
	const emulator = await startEmulator();
	const n8n = await N8nInstance.create();
	try {
		await n8n.importCredentials([emulatorCredential(emulator)]);
		const approval = loadWorkflow(path.join(REPO, 'examples', 'approval-send-and-wait.json'));
		const card = loadWorkflow(path.join(REPO, 'examples', 'interactive-card-alert.json'));
		for (const workflow of [approval, card]) {
			await n8n.importWorkflow(workflow);
			await n8n.publish(workflow.id);
		}
		await n8n.start();
		for (const workflow of [card, approval]) {
			const hook = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.webhook');
			const url = `${n8n.baseUrl}/webhook/${hook.parameters.path}`;
			for (let attempt = 0; attempt < 240 && !/POST/.test(await (await fetch(url)).text()); attempt++) await wait(250);
			await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
		}
		for (let attempt = 0; attempt < 80; attempt++) {
			if ((await (await fetch(`${emulator.apiBaseUrl}/__emulator/state`)).json()).messages.length >= 2) break;
			await wait(250);
		}
		const out = path.join(REPO, 'docs', 'images', 'approval-card.png');
		// Asynchronously: the emulator serving the page runs in this process.
		await promisify(execFile)('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--screenshot=${out}`, '--window-size=600,640', `${emulator.apiBaseUrl}/__emulator/preview`]);
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
