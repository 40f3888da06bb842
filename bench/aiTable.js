'use strict';
// bench/aiTable: DingTalk → AI Table Create Record against the HTTP Request node (one insert per
// item, the flow people build today), in the same real n8n, against the emulator with 30 ms
// latency: without a quota, with a 20-QPS quota on the insert, and (node only) with the token
// revoked mid-run and a burst of 5xx answers. Then reading 50,000 records: Get Many Records
// (Return All) against a plain paging loop over HTTP, and 50,000 Sheets rows: Read Rows against a
// plain loop over the same slices; each with the n8n process's peak RSS. Prints tables
// (bench/results/aiTable.json).
//   npm run bench:aiTable            (needs the e2e cache; npm run demo or npm test provisions it)
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startEmulator } = require('../test/emulator');
const { N8nInstance, emulatorCredential } = require('../test/e2e/n8n');

const ITEMS = Number(process.env.BENCH_ITEMS || 10000);
const READ_RECORDS = Number(process.env.BENCH_READ_RECORDS || 50000);
const LATENCY_MS = 30;
const QPS = 20;
const BASE_ID = 'NotableEmuBase00000000000000001';
const SHEET = 'TasksS1';
const RECORDS = `/v1.0/notable/bases/${BASE_ID}/sheets/${SHEET}/records`;
const WORKBOOK_ID = 'WorkbookEmu000000000000000001';
const WORKSHEET = 'st0001';
/** The node's slice (nodes/DingTalk/actions/workbook/readRows.operation.ts, ROWS_PER_READ). */
const ROWS_PER_READ = 1000;
const CREDENTIALS = { dingTalkApi: { id: 'dingTalkEmu00001', name: 'DingTalk (emulator)' } };

const node = (id, name, type, x, parameters, extra = {}) => ({
	id: `ba000000-0000-4000-8000-0000000000${String(id).padStart(2, '0')}`,
	name,
	type,
	typeVersion: type === 'n8n-nodes-base.httpRequest' ? 4.2 : type === 'n8n-nodes-base.code' ? 2 : 1,
	position: [x, 0],
	parameters,
	...extra,
});

const MANUAL = node(1, 'Start', 'n8n-nodes-base.manualTrigger', 0, {});
const itemsJs = `return Array.from({ length: ${ITEMS} }, (_, i) => ({ json: { title: 'row ' + i, n: i } }));`;

function workflow(id, nodes) {
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++)
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return { id, name: id, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

function flows(emulator, unionId) {
	const app = emulator.app;
	const target = {
		resource: 'aiTable',
		base: { __rl: true, mode: 'id', value: BASE_ID },
		sheet: { __rl: true, mode: 'id', value: SHEET },
		operatorId: unionId,
		operatorIdType: 'unionId',
	};
	const http = (name, x, url, body, token) =>
		node(x / 10, name, 'n8n-nodes-base.httpRequest', x, {
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
		});
	return [
		{
			key: 'node',
			label: 'DingTalk node: Create Record',
			wf: workflow('benchAiTableNode01', [
				MANUAL,
				node(2, 'Items', 'n8n-nodes-base.code', 220, { jsCode: itemsJs }),
				node(
					3,
					'Write',
					'n8n-nodes-dingtalk-app.dingTalk',
					440,
					{
						...target,
						operation: 'createRecord',
						columns: {
							mappingMode: 'defineBelow',
							value: { Title: '={{ $json.title }}', Count: '={{ $json.n }}' },
							matchingColumns: [],
							schema: [],
						},
						options: {},
					},
					{ credentials: CREDENTIALS },
				),
			]),
		},
		{
			key: 'http',
			label: 'HTTP Request: token once + one insert per item',
			wf: workflow('benchAiTableHttp01', [
				MANUAL,
				http(
					'Token',
					220,
					`${emulator.apiBaseUrl}/v1.0/oauth2/accessToken`,
					JSON.stringify({ appKey: app.appKey, appSecret: app.appSecret }),
				),
				node(4, 'Items', 'n8n-nodes-base.code', 440, { jsCode: itemsJs }),
				http(
					'Write',
					660,
					`${emulator.apiBaseUrl}${RECORDS}?operatorId=${unionId}`,
					'={{ JSON.stringify({ records: [{ fields: { Title: $json.title, Count: $json.n } }] }) }}',
					"={{ $('Token').first().json.accessToken }}",
				),
			]),
		},
	];
}

async function post(emulator, route, body = {}) {
	const response = await fetch(`${emulator.apiBaseUrl}/__emulator/${route}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return await response.json();
}

const state = async (emulator) =>
	await (await fetch(`${emulator.apiBaseUrl}/__emulator/state`)).json();

/** The fault sets: none; a quota; a quota plus a token revoked mid-run and a 5xx burst. */
const CONDITIONS = [
	{ label: 'no quota', faults: { throttles: [] } },
	{ label: `${QPS} QPS`, faults: { throttles: [{ path: RECORDS, qps: QPS }] } },
	{
		label: `${QPS} QPS + token revoked + 5xx burst`,
		nodeOnly: true,
		faults: {
			throttles: [{ path: RECORDS, qps: QPS }],
			rules: [
				{ type: 'revoke', path: RECORDS, after: 30, count: 1 },
				{ type: 'status', status: 503, path: RECORDS, after: 60, count: 3 },
				{ type: 'drop-after', path: RECORDS, after: 75, count: 2 },
			],
		},
	},
];

async function measureWrite(n8n, emulator, flow, condition) {
	if (flow.key === 'node') await n8n.importCredentials([emulatorCredential(emulator)]);
	await post(emulator, 'reset');
	await post(emulator, 'faults', { clear: true, latencyMs: LATENCY_MS, ...condition.faults });
	const t0 = Date.now();
	const result = await n8n.execute(flow.wf.id);
	const wallMs = Date.now() - t0;
	const s = await state(emulator);
	const records = s.notable.bases[0].sheets[0].records;
	const titles = new Set(records.map((r) => r.fields.Title));
	const inserts = s.requests.filter((r) => r.path === RECORDS && r.method === 'POST');
	const accepted = inserts.filter(
		(r) => r.outcome === 'ok' || r.outcome === 'dropped-after',
	).length;
	const runs = result.run?.data?.resultData?.runData?.Write ?? [];
	const nodeMs = runs.reduce((sum, run) => sum + (run.executionTime || 0), 0);
	const quota = condition.faults.throttles.length ? QPS : 0;
	return {
		flow: flow.label,
		condition: condition.label,
		status: result.code === 0 ? 'success' : 'failed',
		calls: inserts.length,
		acceptedCalls: accepted,
		throttled: inserts.filter((r) => r.outcome === 'throttled').length,
		stored: records.length,
		lost: ITEMS - titles.size,
		duplicates: records.length - titles.size,
		nodeSeconds: +(nodeMs / 1000).toFixed(2),
		// The quota-bound minimum: the accepted calls spread over seconds at the quota.
		quotaMinimumSeconds: quota ? Math.ceil(accepted / quota) : null,
		// The tightest a one-second window allows: full windows back to back, the last call's latency.
		windowMinimumSeconds: quota
			? +(Math.ceil(accepted / quota) - 1 + LATENCY_MS / 1000).toFixed(2)
			: null,
		wallSeconds: +(wallMs / 1000).toFixed(1),
	};
}

/** A plain paging loop over HTTP (what a hand-written script does), as the read baseline. */
async function accessToken(emulator) {
	const answer = await fetch(`${emulator.apiBaseUrl}/v1.0/oauth2/accessToken`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ appKey: emulator.app.appKey, appSecret: emulator.app.appSecret }),
	});
	return (await answer.json()).accessToken;
}

async function rawRead(emulator, unionId) {
	const token = await accessToken(emulator);
	const t0 = Date.now();
	let count = 0;
	let nextToken;
	do {
		const page = await (
			await fetch(`${emulator.apiBaseUrl}${RECORDS}/list?operatorId=${unionId}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': token },
				body: JSON.stringify({ maxResults: 100, ...(nextToken ? { nextToken } : {}) }),
			})
		).json();
		count += page.records.length;
		nextToken = page.hasMore ? page.nextToken : undefined;
	} while (nextToken);
	return { count, seconds: (Date.now() - t0) / 1000 };
}

async function measureRead(n8n, emulator, unionId) {
	await post(emulator, 'reset');
	await post(emulator, 'faults', { clear: true, latencyMs: LATENCY_MS });
	for (let done = 0; done < READ_RECORDS; done += 10000) {
		await post(emulator, 'notable/records/generate', {
			baseId: BASE_ID,
			sheet: SHEET,
			count: Math.min(10000, READ_RECORDS - done),
			fields: { Title: 'r{n}', Count: '{n}', Status: 'Done' },
		});
	}
	const wf = workflow('benchAiTableRead01', [
		MANUAL,
		node(
			5,
			'Read',
			'n8n-nodes-dingtalk-app.dingTalk',
			220,
			{
				resource: 'aiTable',
				operation: 'getManyRecords',
				base: { __rl: true, mode: 'id', value: BASE_ID },
				sheet: { __rl: true, mode: 'id', value: SHEET },
				operatorId: unionId,
				operatorIdType: 'unionId',
				returnAll: true,
			},
			{ credentials: CREDENTIALS },
		),
	]);
	const idle = workflow('benchAiTableIdle01', [MANUAL]);
	await n8n.importWorkflows([wf, idle]);
	const raw = await rawRead(emulator, unionId);
	const baseline = await peakRss(n8n, idle.id);
	const t0 = Date.now();
	const { result, peakKiB } = await peakRss(n8n, wf.id);
	const wallMs = Date.now() - t0;
	const template = result.run?.data?.resultData?.runData?.Read?.[0]?.data?.main?.[0]?.[0]?.json;
	const hold = await holdingPeakKiB(n8n, 'benchAiTableHold01', template, READ_RECORDS);
	return readFigures(result, 'Read', raw, wallMs, peakKiB, baseline.peakKiB, hold);
}

/**
 * Peak RSS of n8n holding the same items without the DingTalk node: a Code node that outputs
 * `count` items shaped like `template` (every text value made distinct), run like the read.
 */
async function holdingPeakKiB(n8n, id, template, count) {
	const fields = Object.entries(template ?? {})
		.map(([key, value]) =>
			typeof value === 'string'
				? `${JSON.stringify(key)}: ${JSON.stringify(value)} + i`
				: `${JSON.stringify(key)}: ${JSON.stringify(value)}`,
		)
		.join(', ');
	const wf = workflow(id, [
		MANUAL,
		node(7, 'Hold', 'n8n-nodes-base.code', 220, {
			jsCode: `return Array.from({ length: ${count} }, (_, i) => ({ json: { ${fields} } }));`,
		}),
	]);
	await n8n.importWorkflow(wf);
	return (await peakRss(n8n, wf.id)).peakKiB;
}

/** The figures of a read run: speed against the raw loop, items out, peak RSS over an empty run. */
function readFigures(result, nodeName, raw, wallMs, peakKiB, idleKiB, holdKiB) {
	const run = result.run?.data?.resultData?.runData?.[nodeName]?.[0];
	const nodeSeconds = (run?.executionTime ?? 0) / 1000;
	return {
		records: READ_RECORDS,
		status: result.code === 0 ? 'success' : 'failed',
		read: run?.data?.main?.[0]?.length ?? 0,
		rawLoopSeconds: +raw.seconds.toFixed(2),
		rawLoopRead: raw.count,
		nodeSeconds: +nodeSeconds.toFixed(2),
		speedVsRawLoop: nodeSeconds ? +(raw.seconds / nodeSeconds).toFixed(2) : null,
		wallSeconds: +(wallMs / 1000).toFixed(1),
		// n8n holds every item it outputs; the growth over an empty run is what reading them cost.
		peakRssMiB: +(peakKiB / 1024).toFixed(0),
		idlePeakRssMiB: +(idleKiB / 1024).toFixed(0),
		rssGrowthMiB: +((peakKiB - idleKiB) / 1024).toFixed(0),
		holdingRssGrowthMiB: +((holdKiB - idleKiB) / 1024).toFixed(0),
		outputJsonMiB: +(
			Buffer.byteLength(JSON.stringify(run?.data?.main?.[0] ?? [])) /
			1024 /
			1024
		).toFixed(1),
	};
}

/** A plain loop over the sheet's rows, ROWS_PER_READ a call (what a hand-written script does). */
async function rawSheetRead(emulator, unionId, lastRow) {
	const token = await accessToken(emulator);
	const t0 = Date.now();
	let count = 0;
	for (let start = 1; start <= lastRow; start += ROWS_PER_READ) {
		const end = Math.min(lastRow, start + ROWS_PER_READ - 1);
		const page = await (
			await fetch(
				`${emulator.apiBaseUrl}/v1.0/doc/workbooks/${WORKBOOK_ID}/sheets/${WORKSHEET}/ranges/A${start}:C${end}?operatorId=${unionId}`,
				{ headers: { 'x-acs-dingtalk-access-token': token } },
			)
		).json();
		count += page.values.length;
	}
	return { count, seconds: (Date.now() - t0) / 1000 };
}

async function measureSheetRead(n8n, emulator, unionId) {
	await post(emulator, 'reset');
	await post(emulator, 'faults', { clear: true, latencyMs: LATENCY_MS });
	const generated = await post(emulator, 'workbook/rows/generate', {
		workbookId: WORKBOOK_ID,
		sheet: WORKSHEET,
		count: READ_RECORDS,
		row: ['r{n}', 'Team {n}', '{n}'],
	});
	const wf = workflow('benchSheetsRead01', [
		MANUAL,
		node(
			6,
			'Read',
			'n8n-nodes-dingtalk-app.dingTalk',
			220,
			{
				resource: 'workbook',
				operation: 'readRows',
				workbook: { __rl: true, mode: 'id', value: WORKBOOK_ID },
				worksheet: { __rl: true, mode: 'id', value: WORKSHEET },
				operatorId: unionId,
				operatorIdType: 'unionId',
			},
			{ credentials: CREDENTIALS },
		),
	]);
	await n8n.importWorkflow(wf);
	const raw = await rawSheetRead(emulator, unionId, generated.rows);
	const baseline = await peakRss(n8n, 'benchAiTableIdle01');
	const t0 = Date.now();
	const { result, peakKiB } = await peakRss(n8n, wf.id);
	const wallMs = Date.now() - t0;
	const template = result.run?.data?.resultData?.runData?.Read?.[0]?.data?.main?.[0]?.[0]?.json;
	const hold = await holdingPeakKiB(n8n, 'benchSheetsHold01', template, READ_RECORDS);
	return readFigures(result, 'Read', raw, wallMs, peakKiB, baseline.peakKiB, hold);
}

/** Runs a workflow with bench/rssProbe.js preloaded: the result and the process's peak RSS (KiB). */
async function peakRss(n8n, workflowId) {
	const file = path.join(os.tmpdir(), `bench-rss-${process.pid}-${workflowId}`);
	const result = await n8n.execute(workflowId, {
		NODE_OPTIONS: `--require ${path.join(__dirname, 'rssProbe.js')}`,
		BENCH_RSS_FILE: file,
	});
	const peakKiB = Number(fs.readFileSync(file, 'utf8'));
	fs.rmSync(file, { force: true });
	return { result, peakKiB };
}

async function main() {
	const emulator = await startEmulator();
	const n8n = await N8nInstance.create();
	const rows = [];
	let read;
	let sheetRead;
	try {
		const unionId = (await state(emulator)).notable.bases[0].members[0];
		await n8n.importCredentials([emulatorCredential(emulator)]);
		for (const flow of flows(emulator, unionId)) {
			await n8n.importWorkflow(flow.wf);
			for (const condition of CONDITIONS) {
				if (condition.nodeOnly && flow.key !== 'node') continue;
				const row = await measureWrite(n8n, emulator, flow, condition);
				rows.push(row);
				process.stderr.write(`${JSON.stringify(row)}\n`);
			}
		}
		read = await measureRead(n8n, emulator, unionId);
		process.stderr.write(`${JSON.stringify(read)}\n`);
		sheetRead = await measureSheetRead(n8n, emulator, unionId);
		process.stderr.write(`${JSON.stringify(sheetRead)}\n`);
	} finally {
		await n8n.stop();
		n8n.removeHome();
		await emulator.stop();
	}
	const head =
		'| flow | condition | status | insert calls | accepted | throttled | stored | lost | duplicates | node s | quota-bound minimum s | tightest window s | wall s |';
	const table = [
		head,
		'|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
		...rows.map(
			(r) =>
				`| ${r.flow} | ${r.condition} | ${r.status} | ${r.calls} | ${r.acceptedCalls} | ${r.throttled} | ${r.stored} | ${r.lost} | ${r.duplicates} | ${r.nodeSeconds} | ${r.quotaMinimumSeconds ?? '—'} | ${r.windowMinimumSeconds ?? '—'} | ${r.wallSeconds} |`,
		),
	].join('\n');
	process.stdout.write(
		`\n${ITEMS} items, emulator latency ${LATENCY_MS} ms, ${new Date().toISOString()}\n\n${table}\n\n` +
			[
				['AI Table records (Get Many Records)', read],
				['Sheets rows (Read Rows)', sheetRead],
			]
				.map(
					([what, r]) =>
						`Reading ${r.records} ${what}: node ${r.nodeSeconds} s, raw loop ${r.rawLoopSeconds} s (node at ${r.speedVsRawLoop}× the loop's speed), ${r.read} items out; ` +
						`n8n peak RSS ${r.peakRssMiB} MiB (an empty run ${r.idlePeakRssMiB} MiB: +${r.rssGrowthMiB} MiB for ${r.outputJsonMiB} MiB of output JSON; a Code node outputting the same items: +${r.holdingRssGrowthMiB} MiB)\n`,
				)
				.join(''),
	);
	fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
	fs.writeFileSync(
		path.join(__dirname, 'results', 'aiTable.json'),
		JSON.stringify(
			{ items: ITEMS, latencyMs: LATENCY_MS, at: new Date().toISOString(), rows, read, sheetRead },
			null,
			2,
		),
	);
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
