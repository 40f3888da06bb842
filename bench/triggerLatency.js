'use strict';
// bench/triggerLatency: how fast a DingTalk event callback is answered in a real n8n, against the
// plain alternative in the same n8n — n8n's own Webhook node answering on receipt — and where the
// time goes. DingTalk wants the encrypted answer within 1.5 s. Bursts of 100 callbacks, 10 at a
// time (as DingTalk pushes), and one at a time; each workflow reports to the emulator's sink like
// the e2e tests do (so n8n also runs 100 executions during the burst).
//   npm run build && node bench/triggerLatency.js     (needs the e2e cache: npm test or npm run demo)
const { startEmulator } = require('../test/emulator');
const { reportNode } = require('../test/e2e/emulatorApi');
const { N8nInstance, emulatorCredential } = require('../test/e2e/n8n');

const COUNT = Number(process.env.BENCH_EVENTS || 100);
const HOOK = 'b7a1c000-0000-4000-8000-0000000000e1';
const PLAIN = 'plain-webhook';

function workflow(id, trigger, report) {
	return {
		id,
		name: id,
		nodes: [trigger, report],
		connections: { [trigger.name]: { main: [[{ node: 'Report', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

const percentile = (sorted, p) =>
	sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
const summary = (ms) => {
	const sorted = [...ms].sort((a, b) => a - b);
	return {
		p50: percentile(sorted, 0.5),
		p95: percentile(sorted, 0.95),
		max: sorted[sorted.length - 1],
	};
};

/** n8n's Webhook node, answering on receipt: the same burst shape as the emulator's pushMany. */
async function plainBurst(url, count, concurrency) {
	const ms = [];
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const i = next++;
			const started = Date.now();
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ EventType: 'chat_update_title', EventId: `plain-${i}` }),
			});
			await response.text();
			ms.push(Date.now() - started);
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return summary(ms);
}

async function main() {
	const emulator = await startEmulator();
	const n8n = await N8nInstance.create();
	const post = async (route, body) =>
		await (
			await fetch(`${emulator.apiBaseUrl}/__emulator/${route}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			})
		).json();
	try {
		await n8n.importCredentials([emulatorCredential(emulator)]);
		const dingTalk = workflow(
			'benchTrigLatency1',
			{
				id: 'b7a1c000-0000-4000-8000-000000000011',
				name: 'DingTalk Trigger',
				type: 'n8n-nodes-dingtalk-app.dingTalkTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: HOOK,
				parameters: { source: 'events', eventTypes: [], otherEventTypes: '', options: {} },
				credentials: { dingTalkApi: { id: 'dingTalkEmu00001', name: 'DingTalk (emulator)' } },
			},
			reportNode(emulator.apiBaseUrl, { id: 'b7a1c000-0000-4000-8000-000000000012' }),
		);
		const plain = workflow(
			'benchTrigLatency2',
			{
				id: 'b7a1c000-0000-4000-8000-000000000021',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'b7a1c000-0000-4000-8000-0000000000e2',
				parameters: { httpMethod: 'POST', path: PLAIN, responseMode: 'onReceived', options: {} },
			},
			reportNode(emulator.apiBaseUrl, { id: 'b7a1c000-0000-4000-8000-000000000022' }),
		);
		await n8n.importWorkflows([dingTalk, plain]);
		for (const wf of [dingTalk, plain]) await n8n.publish(wf.id);
		await n8n.start();
		const eventsUrl = `${n8n.baseUrl}/webhook/${HOOK}/webhook`;
		const plainUrl = `${n8n.baseUrl}/webhook/${PLAIN}`;
		for (const url of [eventsUrl, plainUrl]) await n8n.waitForWebhook(url);
		const rows = [];
		for (const concurrency of [1, 10]) {
			// Warm both paths once, then measure each.
			await post('pushMany', { url: eventsUrl, kind: 'event', count: 10, concurrency });
			await plainBurst(plainUrl, 10, concurrency);
			await new Promise((r) => setTimeout(r, 3000));
			const burst = await post('pushMany', {
				url: eventsUrl,
				kind: 'event',
				count: COUNT,
				concurrency,
				payload: { EventType: 'chat_update_title' },
			});
			rows.push({
				path: 'DingTalk Trigger (verify, decrypt, encrypted answer)',
				concurrency,
				p50: burst.p50Ms,
				p95: burst.p95Ms,
				max: burst.maxMs,
				valid: `${burst.replyValid}/${COUNT}`,
			});
			await new Promise((r) => setTimeout(r, 5000));
			const plainRun = await plainBurst(plainUrl, COUNT, concurrency);
			rows.push({
				path: "n8n's Webhook node (answers on receipt)",
				concurrency,
				...plainRun,
				valid: '—',
			});
			await new Promise((r) => setTimeout(r, 5000));
		}
		process.stdout.write(
			'\n| path | at a time | p50 ms | p95 ms | max ms | valid answers |\n|---|---|---|---|---|---|\n',
		);
		for (const r of rows)
			process.stdout.write(
				`| ${r.path} | ${r.concurrency} | ${r.p50} | ${r.p95} | ${r.max} | ${r.valid} |\n`,
			);
	} finally {
		await n8n.stop();
		n8n.removeHome();
		await emulator.stop();
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
