'use strict';
// bench/messages: DingTalk → Send to Users against the flows people build today from n8n's HTTP
// Request node, in the same real n8n, against the emulator with 30 ms latency, without a quota and
// with a 20-QPS per-API quota. Scenario (a): 1,000 users, the same text, one item each;
// (b): 1,000 items with distinct texts. Prints a table (and writes bench/results/messages.json).
//   npm run bench:messages            (needs the e2e cache; npm run demo or npm test provisions it)
const fs = require('node:fs');
const path = require('node:path');

const { startEmulator } = require('../test/emulator');
const { N8nInstance, emulatorCredential } = require('../test/e2e/n8n');

const ITEMS = Number(process.env.BENCH_ITEMS || 1000);
const LATENCY_MS = 30;
const SEND = '/v1.0/robot/oToMessages/batchSend';

const MANUAL = {
	id: 'b0000000-0000-4000-8000-000000000001',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function code(name, js, x = 220) {
	return {
		id: `b0000000-0000-4000-8000-0000000000${x % 100}`,
		name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [x, 0],
		parameters: { jsCode: js },
	};
}

function itemsJs(scenario) {
	const text =
		scenario === 'a'
			? "'Deployment finished: all services healthy'"
			: "'Your ticket #' + (i + 1) + ' was updated'";
	return `return Array.from({ length: ${ITEMS} }, (_, i) => ({ json: { userId: 'user' + String(i + 1).padStart(4, '0'), text: ${text} } }));`;
}

function chunkedJs() {
	return `const users = Array.from({ length: ${ITEMS} }, (_, i) => 'user' + String(i + 1).padStart(4, '0'));
const out = [];
for (let i = 0; i < users.length; i += 20) out.push({ json: { userIds: users.slice(i, i + 20), text: 'Deployment finished: all services healthy' } });
return out;`;
}

function http(name, { url, body, token, x, retry }) {
	const node = {
		id: `b0000000-0000-4000-8000-0000000001${x % 100}`,
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [x, 0],
		parameters: {
			method: 'POST',
			url,
			sendHeaders: Boolean(token),
			headerParameters: token
				? { parameters: [{ name: 'x-acs-dingtalk-access-token', value: token }] }
				: undefined,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: body,
			options: {},
		},
	};
	if (retry) Object.assign(node, { retryOnFail: true, maxTries: 3, waitBetweenTries: 1000 });
	return node;
}

function chain(nodes) {
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++)
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return connections;
}

function workflow(id, name, nodes) {
	return {
		id,
		name,
		nodes,
		connections: chain(nodes),
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** The flows, each ending in a node named "Send". */
function flows(emulator, scenario) {
	const app = emulator.app;
	const tokenUrl = `${emulator.apiBaseUrl}/v1.0/oauth2/accessToken`;
	const sendUrl = `${emulator.apiBaseUrl}${SEND}`;
	const tokenBody = JSON.stringify({ appKey: app.appKey, appSecret: app.appSecret });
	const sendOne = (token) =>
		`={{ JSON.stringify({ robotCode: '${app.appKey}', userIds: [$json.userId ?? $('Items').item.json.userId], msgKey: 'sampleText', msgParam: JSON.stringify({ content: $json.text ?? $('Items').item.json.text }) }) }}`;
	const list = [
		{
			key: 'node',
			label: 'DingTalk node (this package)',
			wf: workflow(`bench${scenario}Node000001`, 'bench node', [
				MANUAL,
				code('Items', itemsJs(scenario)),
				{
					id: 'b0000000-0000-4000-8000-000000000201',
					name: 'Send',
					type: 'n8n-nodes-dingtalk-app.dingTalk',
					typeVersion: 1,
					position: [440, 0],
					parameters: {
						resource: 'message',
						operation: 'sendToUsers',
						userIds: '={{ $json.userId }}',
						messageType: 'text',
						content: '={{ $json.text }}',
						options: {},
					},
					credentials: { dingTalkApi: { id: 'dingTalkEmu00001', name: 'DingTalk (emulator)' } },
				},
			]),
		},
		{
			key: 'httpTokenPerItem',
			label: 'HTTP Request: token + send per item',
			wf: workflow(`bench${scenario}Http000001`, 'bench http token per item', [
				MANUAL,
				code('Items', itemsJs(scenario)),
				http('Token', { url: tokenUrl, body: tokenBody, x: 440 }),
				http('Send', { url: sendUrl, body: sendOne(), token: '={{ $json.accessToken }}', x: 660 }),
			]),
		},
		{
			key: 'httpTokenOnce',
			label: 'HTTP Request: token once + send per item',
			wf: workflow(`bench${scenario}Http000002`, 'bench http token once', [
				MANUAL,
				http('Token', { url: tokenUrl, body: tokenBody, x: 220 }),
				code('Items', itemsJs(scenario), 440),
				http('Send', {
					url: sendUrl,
					body: sendOne(),
					token: "={{ $('Token').first().json.accessToken }}",
					x: 660,
				}),
			]),
		},
		{
			key: 'httpTokenOnceRetry',
			label: 'HTTP Request: token once + send per item, Retry On Fail',
			quotaOnly: true,
			wf: workflow(`bench${scenario}Http000003`, 'bench http token once retry', [
				MANUAL,
				http('Token', { url: tokenUrl, body: tokenBody, x: 220 }),
				code('Items', itemsJs(scenario), 440),
				http('Send', {
					url: sendUrl,
					body: sendOne(),
					token: "={{ $('Token').first().json.accessToken }}",
					x: 660,
					retry: true,
				}),
			]),
		},
	];
	if (scenario === 'a') {
		list.push({
			key: 'httpChunked',
			label: 'HTTP Request: token once + 20 users a call (hand-chunked)',
			wf: workflow(`bench${scenario}Http000004`, 'bench http chunked', [
				MANUAL,
				http('Token', { url: tokenUrl, body: tokenBody, x: 220 }),
				code('Items', chunkedJs(), 440),
				http('Send', {
					url: sendUrl,
					body: `={{ JSON.stringify({ robotCode: '${app.appKey}', userIds: $json.userIds, msgKey: 'sampleText', msgParam: JSON.stringify({ content: $json.text }) }) }}`,
					token: "={{ $('Token').first().json.accessToken }}",
					x: 660,
				}),
			]),
		});
	}
	return list;
}

async function post(emulator, route, body = {}) {
	await fetch(`${emulator.apiBaseUrl}/__emulator/${route}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
}

async function measure(n8n, emulator, flow, quota) {
	// Every run starts without a token: the HTTP flows fetch their own; the node's credential is
	// re-imported empty, so it fetches exactly as a first run would.
	if (flow.key === 'node') await n8n.importCredentials([emulatorCredential(emulator)]);
	await post(emulator, 'reset');
	await post(emulator, 'faults', {
		clear: true,
		latencyMs: LATENCY_MS,
		throttles: quota ? [{ path: SEND, qps: quota }] : [],
	});
	const t0 = Date.now();
	const result = await n8n.execute(flow.wf.id);
	const wallMs = Date.now() - t0;
	const state = await (await fetch(`${emulator.apiBaseUrl}/__emulator/state`)).json();
	const sendRuns = result.run?.data?.resultData?.runData?.Send ?? [];
	const nodeMs = sendRuns.reduce((sum, run) => sum + (run.executionTime || 0), 0);
	const seen = new Map();
	for (const m of state.messages) {
		const key = `${m.userId}\u0000${JSON.stringify(m.msgParam)}`;
		seen.set(key, (seen.get(key) || 0) + 1);
	}
	return {
		flow: flow.label,
		quota: quota ? `${quota} QPS` : 'none',
		status: result.code === 0 ? 'success' : 'failed',
		sendCalls: state.requests.filter((r) => r.path === SEND).length,
		throttled: state.requests.filter((r) => r.path === SEND && r.outcome === 'throttled').length,
		tokenRequests: state.tokenRequests,
		delivered: seen.size,
		duplicates: state.messages.length - seen.size,
		nodeSeconds: +(nodeMs / 1000).toFixed(2),
		wallSeconds: +(wallMs / 1000).toFixed(1),
	};
}

function table(rows) {
	const head =
		'| scenario | flow | quota | status | send calls | throttled | token requests | delivered | duplicates | send node s | wall s |';
	const line = '|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|';
	return [
		head,
		line,
		...rows.map(
			(r) =>
				`| ${r.scenario} | ${r.flow} | ${r.quota} | ${r.status} | ${r.sendCalls} | ${r.throttled} | ${r.tokenRequests} | ${r.delivered}/${ITEMS} | ${r.duplicates} | ${r.nodeSeconds} | ${r.wallSeconds} |`,
		),
	].join('\n');
}

async function main() {
	const only = process.argv.slice(2);
	const emulator = await startEmulator();
	const n8n = await N8nInstance.create();
	const rows = [];
	try {
		await n8n.importCredentials([emulatorCredential(emulator)]);
		for (const scenario of ['a', 'b']) {
			for (const flow of flows(emulator, scenario)) {
				if (only.length && !only.includes(flow.key) && !only.includes(scenario)) continue;
				await n8n.importWorkflow(flow.wf);
				for (const quota of flow.quotaOnly ? [20] : [0, 20]) {
					const row = {
						scenario: scenario === 'a' ? '(a) same text' : '(b) distinct texts',
						...(await measure(n8n, emulator, flow, quota)),
					};
					rows.push(row);
					process.stderr.write(`${JSON.stringify(row)}\n`);
				}
			}
		}
	} finally {
		await n8n.stop();
		n8n.removeHome();
		await emulator.stop();
	}
	const out = table(rows);
	process.stdout.write(
		`\n${ITEMS} items, emulator latency ${LATENCY_MS} ms, n8n 2.41.1 on Node 24, ${new Date().toISOString()}\n\n${out}\n`,
	);
	fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
	fs.writeFileSync(
		path.join(__dirname, 'results', 'messages.json'),
		JSON.stringify(
			{ items: ITEMS, latencyMs: LATENCY_MS, at: new Date().toISOString(), rows },
			null,
			2,
		),
	);
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
