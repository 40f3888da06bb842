'use strict';
// The packed package in n8n's queue mode: a main (webhooks, triggers, REST) and two workers
// sharing PostgreSQL and Redis. 200 Send to Users runs fired through a production webhook on the
// main and run by the workers (0 lost, 0 duplicated, the access token shared through the stored
// credential); a multipart Drive upload from n8n's database binary store; 100 encrypted HTTP
// events; the Stream trigger holding exactly one gateway connection, on the main.
const { scaled } = require('../machine');
const crypto = require('node:crypto');

const { startEmulator } = require('../../emulator');
const {
	answerApproval,
	emulatorApi,
	reportNode: sinkReport,
	until: waitUntil,
	wait,
} = require('../emulatorApi');
const { emulatorCredential } = require('../n8n');
const { QueueCluster } = require('./cluster');

const CREDENTIAL = { dingTalkApi: { id: 'dingTalkEmu00001', name: 'DingTalk (emulator)' } };
// The Send to Users runs use a credential nothing else has used yet: its first use is concurrent.
const SEND_CREDENTIAL = { id: 'dingTalkQueue001', name: 'DingTalk (queue sends)' };
const SEND_HOOK = '9a11e0e0-0000-4000-8000-000000000001';
const DRIVE_HOOK = '9a11e0e0-0000-4000-8000-000000000002';
const EVENTS_HOOK = '9a11e0e0-0000-4000-8000-000000000003';
const APPROVAL_HOOK = '9a11e0e0-0000-4000-8000-000000000004';
const CARD_APPROVAL_HOOK = '9a11e0e0-0000-4000-8000-000000000005';
const DINGTALK_IOS =
	'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/7.6.0)';
const SEND_PATH = '/v1.0/robot/oToMessages/batchSend';
const SENDS = 200;
const WARM_SENDS = 50;
const EVENTS = 100;
const STREAM_EVENTS = 20;
const DRIVE_BYTES = 2.5 * 1024 * 1024;

const env = {};
const figures = {};
// Longer waits and slower polling than the single-instance tests: three n8n processes share 2 cores.
const until = (check, timeoutMs = 120000, everyMs = 500) => waitUntil(check, timeoutMs, everyMs);
const { call: emulatorCall, state, sink, stream } = emulatorApi(env);

/** A node that reports what reached it (plus the execution id) to the emulator's sink. */
/** Reports what reached it, plus the execution id, to the emulator's sink. */
const reportNode = (id, position) =>
	sinkReport(env.emulator.apiBaseUrl, {
		id,
		position,
		json: '{ ...$json, executionId: $execution.id }',
	});

function webhookNode(id, path) {
	return {
		id,
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: path,
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	};
}

function workflows() {
	const send = {
		id: 'dtQueueSend000001',
		name: 'queue: send to users',
		nodes: [
			webhookNode('9a11e0e0-0000-4000-8000-0000000000a1', SEND_HOOK),
			{
				id: '9a11e0e0-0000-4000-8000-0000000000a2',
				name: 'Send to Users',
				type: 'n8n-nodes-dingtalk-app.dingTalk',
				typeVersion: 1,
				position: [240, 0],
				parameters: {
					resource: 'message',
					operation: 'sendToUsers',
					userIds: 'user0001',
					messageType: 'text',
					content: "={{ 'queue #' + $json.body.n }}",
					options: {},
				},
				credentials: { dingTalkApi: SEND_CREDENTIAL },
			},
		],
		connections: { Webhook: { main: [[{ node: 'Send to Users', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
	const drive = {
		id: 'dtQueueDrive00001',
		name: 'queue: upload to drive',
		nodes: [
			webhookNode('9a11e0e0-0000-4000-8000-0000000000b1', DRIVE_HOOK),
			{
				id: '9a11e0e0-0000-4000-8000-0000000000b2',
				name: 'File',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
				// Deterministic bytes, so the test can compute the expected sha256.
				parameters: {
					jsCode: `const size = ${DRIVE_BYTES}; const b = Buffer.alloc(size); for (let i = 0; i < size; i++) b[i] = (i * 7 + 3) % 251;\nreturn [{ json: {}, binary: { data: await this.helpers.prepareBinaryData(b, 'queue-multi.bin', 'application/octet-stream') } }];`,
				},
			},
			{
				id: '9a11e0e0-0000-4000-8000-0000000000b3',
				name: 'DingTalk',
				type: 'n8n-nodes-dingtalk-app.dingTalk',
				typeVersion: 1,
				position: [400, 0],
				parameters: {
					resource: 'file',
					operation: 'uploadToDrive',
					spaceId: '1000001',
					parentId: '2000001',
					operatorId: 'user0001',
					operatorIdType: 'userId',
					binaryPropertyName: 'data',
					options: { partSizeMb: 1 },
				},
				credentials: CREDENTIAL,
			},
			reportNode('9a11e0e0-0000-4000-8000-0000000000b4', [600, 0]),
		],
		connections: {
			Webhook: { main: [[{ node: 'File', type: 'main', index: 0 }]] },
			File: { main: [[{ node: 'DingTalk', type: 'main', index: 0 }]] },
			DingTalk: { main: [[{ node: 'Report', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
	const events = {
		id: 'dtQueueEvents0001',
		name: 'queue: http events',
		nodes: [
			{
				id: '9a11e0e0-0000-4000-8000-0000000000c1',
				name: 'DingTalk Trigger',
				type: 'n8n-nodes-dingtalk-app.dingTalkTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: EVENTS_HOOK,
				parameters: { source: 'events', eventTypes: [], otherEventTypes: '', options: {} },
				credentials: CREDENTIAL,
			},
			reportNode('9a11e0e0-0000-4000-8000-0000000000c2', [240, 0]),
		],
		connections: { 'DingTalk Trigger': { main: [[{ node: 'Report', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
	const streamTrigger = {
		id: 'dtQueueStream0001',
		name: 'queue: stream trigger',
		nodes: [
			{
				id: '9a11e0e0-0000-4000-8000-0000000000d1',
				name: 'DingTalk Stream Trigger',
				type: 'n8n-nodes-dingtalk-app.dingTalkStreamTrigger',
				typeVersion: 1,
				position: [0, 0],
				// Card callbacks too: clicks on Send and Wait cards are handed to the waiting execution.
				parameters: {
					subscriptions: ['events', 'cardCallbacks'],
					eventTypes: '',
					acknowledge: 'afterAccepted',
				},
				credentials: CREDENTIAL,
			},
			reportNode('9a11e0e0-0000-4000-8000-0000000000d2', [240, 0]),
		],
		connections: {
			'DingTalk Stream Trigger': { main: [[{ node: 'Report', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
	const approval = {
		id: 'dtQueueApproval01',
		name: 'queue: send and wait',
		nodes: [
			webhookNode('9a11e0e0-0000-4000-8000-0000000000e1', APPROVAL_HOOK),
			{
				id: '9a11e0e0-0000-4000-8000-0000000000e2',
				name: 'DingTalk',
				type: 'n8n-nodes-dingtalk-app.dingTalk',
				typeVersion: 1,
				position: [240, 0],
				parameters: {
					resource: 'message',
					operation: 'sendAndWait',
					sendTo: 'user',
					userIds: 'manager4220',
					title: 'queue approval',
					message: 'Deploy?',
					approvalOptions: { values: { approvalType: 'double' } },
					options: {},
				},
				credentials: CREDENTIAL,
			},
			reportNode('9a11e0e0-0000-4000-8000-0000000000e3', [480, 0]),
		],
		connections: {
			Webhook: { main: [[{ node: 'DingTalk', type: 'main', index: 0 }]] },
			DingTalk: { main: [[{ node: 'Report', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
	const cardApproval = {
		id: 'dtQueueCardAppr01',
		name: 'queue: send and wait, approve in a DingTalk card',
		nodes: [
			webhookNode('9a11e0e0-0000-4000-8000-0000000000f1', CARD_APPROVAL_HOOK),
			{
				...approval.nodes[1],
				id: '9a11e0e0-0000-4000-8000-0000000000f2',
				parameters: {
					...approval.nodes[1].parameters,
					title: 'queue card approval',
					approveIn: 'card',
				},
			},
			reportNode('9a11e0e0-0000-4000-8000-0000000000f3', [480, 0]),
		],
		connections: approval.connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
	return { send, drive, events, streamTrigger, approval, cardApproval };
}

const hookUrl = (path) => `${env.cluster.baseUrl}/webhook/${path}`;
const eventsUrl = () => `${hookUrl(EVENTS_HOOK)}/webhook`;

/** A CORS preflight answers 204 only once the production webhook is registered; it starts nothing. */
async function webhookRegistered(url) {
	const response = await fetch(url, {
		method: 'OPTIONS',
		headers: { origin: 'http://127.0.0.1', 'access-control-request-method': 'POST' },
	});
	return response.status === 204;
}

/** POSTs {n} for n in [from, from + count) to a production webhook, `concurrency` at a time; returns the statuses. */
async function fire(path, from, count, concurrency = 10) {
	const statuses = [];
	let next = from;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < from + count) {
				const n = next++;
				const response = await fetch(hookUrl(path), {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ n }),
				});
				statuses.push(response.status);
				await response.text();
			}
		}),
	);
	return statuses;
}

/** Which worker started each of the given executions, counted per worker. */
function spread(executionIds) {
	const byWorker = env.cluster.executionsByWorker();
	const wanted = new Set(executionIds.map(String));
	return Object.fromEntries(
		Object.entries(byWorker).map(([worker, ids]) => [
			worker,
			ids.filter((id) => wanted.has(id)).length,
		]),
	);
}

beforeAll(async () => {
	const started = Date.now();
	env.emulator = await startEmulator();
	env.cluster = await QueueCluster.create({ workers: 2, concurrency: 10 });
	figures.servicesAndHomesSeconds = (Date.now() - started) / 1000;
	await env.cluster.importCredentials([
		emulatorCredential(env.emulator),
		emulatorCredential(env.emulator, SEND_CREDENTIAL),
	]);
	env.workflows = workflows();
	for (const wf of Object.values(env.workflows)) {
		await env.cluster.importWorkflow(wf);
		await env.cluster.publish(wf.id);
	}
	await env.cluster.startMain();
	// The Stream trigger connects from the main as soon as the workflow is active.
	await until(async () => (await stream()).activeConnections === 1, 60000, 250);
	env.streamBeforeWorkers = await stream();
	await env.cluster.startWorkers();
	for (const url of [
		hookUrl(SEND_HOOK),
		hookUrl(DRIVE_HOOK),
		hookUrl(APPROVAL_HOOK),
		hookUrl(CARD_APPROVAL_HOOK),
		eventsUrl(),
	])
		await until(() => webhookRegistered(url), 60000, 250);
	figures.clusterReadySeconds = (Date.now() - started) / 1000;
}, scaled(600000));

afterAll(async () => {
	if (env.cluster) {
		figures.executionsByWorker = Object.fromEntries(
			Object.entries(env.cluster.executionsByWorker()).map(([w, ids]) => [w, ids.length]),
		);
		await env.cluster.stop();
	}
	if (env.emulator) await env.emulator.stop();
	process.stderr.write(`[queue] measured: ${JSON.stringify(figures, null, 1)}\n`);
}, scaled(120000));

beforeEach(async () => {
	await emulatorCall('POST', 'reset', { storage: true });
});

describe('n8n queue mode: main + 2 workers, PostgreSQL, Redis', () => {
	it(`${SENDS} Send to Users runs through a production webhook: run by both workers, every message delivered once, the token shared`, async () => {
		const before = env.cluster.finishedCount();
		const started = Date.now();
		const statuses = await fire(SEND_HOOK, 0, SENDS);
		figures.sendWebhooksAcceptedSeconds = (Date.now() - started) / 1000;
		expect(statuses.filter((s) => s === 200)).toHaveLength(SENDS);

		await until(async () => env.cluster.finishedCount() - before >= SENDS, 300000);
		figures.sendAllFinishedSeconds = (Date.now() - started) / 1000;
		await wait(2000); // give duplicates, if any, a moment to show up
		const s = await state();
		const contents = s.messages.map((m) => m.msgParam.content);
		const sends = s.requests.filter((r) => r.path === SEND_PATH);
		figures.send = {
			messages: contents.length,
			uniqueMessages: new Set(contents).size,
			sendCalls: sends.length,
			sendOutcomes: [...new Set(sends.map((r) => r.outcome))],
			tokenRequests: s.tokenRequests,
			tokensIssued: s.tokensIssued,
		};
		expect(contents.sort()).toEqual(Array.from({ length: SENDS }, (_, n) => `queue #${n}`).sort());
		expect(sends.every((r) => r.tokenInHeader && !r.tokenInQuery)).toBe(true);
		// The credential had no token yet. Runs that start together in one worker wait for that
		// worker's first fetch (the transport shares it per process), so at most one request per
		// process that runs executions (the workers); later runs read the token n8n stored.
		expect(s.tokenRequests).toBeGreaterThanOrEqual(1);
		expect(s.tokenRequests).toBeLessThanOrEqual(env.cluster.workers.length);
		// DingTalk answers concurrent token requests with the same token, so all runs used one token.
		expect(new Set(sends.map((r) => r.appKey))).toEqual(new Set([env.emulator.app.appKey]));
		const records = env.cluster.executions(env.workflows.send.id);
		figures.send.executions = records.length;
		figures.send.statuses = [...new Set(records.map((r) => r.status))];
		figures.send.byWorker = spread(records.map((r) => r.id));
		expect(records).toHaveLength(SENDS);
		expect(records.every((r) => r.status === 'success')).toBe(true);
		const counts = Object.values(figures.send.byWorker);
		expect(counts.reduce((a, b) => a + b, 0)).toBe(SENDS);
		expect(counts.every((n) => n > 0)).toBe(true);
	});

	it(`a second wave of ${WARM_SENDS} runs with the token stored: 0 token requests, both workers`, async () => {
		const before = env.cluster.finishedCount();
		const beforeByWorker = env.cluster.executionsByWorker();
		const started = Date.now();
		const statuses = await fire(SEND_HOOK, SENDS, WARM_SENDS);
		expect(statuses.filter((s) => s === 200)).toHaveLength(WARM_SENDS);
		await until(async () => env.cluster.finishedCount() - before >= WARM_SENDS, 300000);
		figures.warmSendSeconds = (Date.now() - started) / 1000;
		await wait(2000);
		const s = await state();
		const contents = s.messages.map((m) => m.msgParam.content);
		const afterByWorker = env.cluster.executionsByWorker();
		figures.warm = {
			messages: contents.length,
			uniqueMessages: new Set(contents).size,
			tokenRequests: s.tokenRequests,
			byWorker: Object.fromEntries(
				Object.keys(afterByWorker).map((w) => [
					w,
					afterByWorker[w].length - beforeByWorker[w].length,
				]),
			),
		};
		expect(contents.sort()).toEqual(
			Array.from({ length: WARM_SENDS }, (_, n) => `queue #${SENDS + n}`).sort(),
		);
		expect(s.tokenRequests).toBe(0);
		expect(Object.values(figures.warm.byWorker).every((n) => n > 0)).toBe(true);
	});

	it('uploads a multipart file to Drive from the database binary store, committed once with the right sha256', async () => {
		const before = env.cluster.finishedCount();
		const response = await fetch(hookUrl(DRIVE_HOOK), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}',
		});
		expect(response.status).toBe(200);
		const [entry] = await until(async () => {
			const entries = await sink();
			return entries.length ? entries : undefined;
		});
		await until(async () => env.cluster.finishedCount() > before, 30000);
		const s = await state();
		const b = Buffer.alloc(DRIVE_BYTES);
		for (let i = 0; i < DRIVE_BYTES; i++) b[i] = (i * 7 + 3) % 251;
		const files = s.storage.dentries.filter((d) => d.name === 'queue-multi.bin');
		figures.drive = {
			files: files.length,
			puts: s.requests.filter((r) => r.host === 'oss' && r.method === 'PUT' && r.status === 200)
				.length,
			worker: env.cluster.workerOf(entry.body.executionId),
		};
		expect(files).toEqual([
			expect.objectContaining({
				size: DRIVE_BYTES,
				sha256: crypto.createHash('sha256').update(b).digest('hex'),
			}),
		]);
		expect(String(entry.body.id)).toBe(String(files[0].id));
		expect(figures.drive.puts).toBe(3);
		expect(s.storage.tokenLeaks).toEqual([]);
		expect(figures.drive.worker).toMatch(/^worker-\d$/);
	});

	it(`${EVENTS} encrypted HTTP events: every reply valid (from the main), ${EVENTS} executions on the workers, 0 lost, 0 duplicated`, async () => {
		const started = Date.now();
		const burst = await emulatorCall('POST', 'pushMany', {
			url: eventsUrl(),
			kind: 'event',
			count: EVENTS,
			concurrency: 10,
			payload: { EventType: 'chat_update_title', title: 'renamed' },
		});
		expect(burst).toMatchObject({ sent: EVENTS, ok: EVENTS, replyValid: EVENTS });
		await until(async () => (await sink()).length >= EVENTS);
		figures.eventsSeconds = (Date.now() - started) / 1000;
		await wait(2000);
		const received = await sink();
		const ids = received.map((r) => r.body.EventId);
		// The main decrypts, checks and answers each callback itself; the run goes to a worker.
		const replyMs = (await emulatorCall('GET', 'pushes')).map((p) => p.ms).sort((a, b) => a - b);
		figures.events = {
			replyMs: {
				p50: replyMs[Math.floor(replyMs.length / 2)],
				p95: replyMs[Math.floor(replyMs.length * 0.95)],
				max: burst.maxMs,
			},
			received: received.length,
			unique: new Set(ids).size,
			byWorker: spread(received.map((r) => r.body.executionId)),
		};
		expect({ received: received.length, unique: new Set(ids).size }).toEqual({
			received: EVENTS,
			unique: EVENTS,
		});
		const records = env.cluster.executions(env.workflows.events.id);
		expect(records).toHaveLength(EVENTS);
		expect(records.every((r) => r.status === 'success' && r.mode === 'webhook')).toBe(true);
		expect(Object.values(figures.events.byWorker).reduce((a, b) => a + b, 0)).toBe(EVENTS);
	});

	it(`the Stream trigger keeps exactly one gateway connection (the main's) with workers up; ${STREAM_EVENTS} events → ${STREAM_EVENTS} executions`, async () => {
		expect(env.streamBeforeWorkers).toMatchObject({ connectionsOpened: 1, activeConnections: 1 });
		const afterWorkers = await stream();
		expect(afterWorkers).toMatchObject({ connectionsOpened: 1, activeConnections: 1 });

		await emulatorCall('POST', 'stream/push', {
			kind: 'event',
			count: STREAM_EVENTS,
			data: { queue: true },
		});
		await until(async () => (await sink()).length >= STREAM_EVENTS, 60000);
		await wait(2000);
		const received = await sink();
		const ids = received.map((r) => r.body.messageId);
		const after = await stream();
		figures.stream = {
			connectionsOpened: after.connectionsOpened,
			activeConnections: after.activeConnections,
			received: received.length,
			unique: new Set(ids).size,
			unacked: after.unacked.length,
			byWorker: spread(received.map((r) => r.body.executionId)),
		};
		expect(figures.stream).toMatchObject({
			connectionsOpened: 1,
			activeConnections: 1,
			received: STREAM_EVENTS,
			unique: STREAM_EVENTS,
			unacked: 0,
		});
		expect(Object.values(figures.stream.byWorker).reduce((a, b) => a + b, 0)).toBe(STREAM_EVENTS);
		const records = env.cluster.executions(env.workflows.streamTrigger.id);
		expect(records).toHaveLength(STREAM_EVENTS);
		expect(records.every((r) => r.status === 'success' && r.mode === 'trigger')).toBe(true);
	});

	it('loses nothing while a worker is down: the other takes every run, and the stopped one rejoins', async () => {
		const before = env.cluster.executionsByWorker();
		await env.cluster.stopWorker('worker-1');
		const statuses = await fire(SEND_HOOK, SENDS + WARM_SENDS, 20);
		expect(statuses.filter((s) => s === 200)).toHaveLength(20);
		await until(async () => (await state()).messages.length >= 20, 120000);
		const during = env.cluster.executionsByWorker();
		await env.cluster.restartWorker('worker-1');
		const s = await state();
		figures.workerDown = {
			messages: s.messages.length,
			byWorker: Object.fromEntries(
				Object.keys(during).map((w) => [w, during[w].length - before[w].length]),
			),
		};
		expect(s.messages.map((m) => m.msgParam.content).sort()).toEqual(
			Array.from({ length: 20 }, (_, n) => `queue #${SENDS + WARM_SENDS + n}`).sort(),
		);
		expect(figures.workerDown.byWorker).toEqual({ 'worker-1': 0, 'worker-2': 20 });

		// Back in the pool: worker-1 takes runs again.
		const rejoined = env.cluster.executionsByWorker()['worker-1'].length;
		await fire(SEND_HOOK, SENDS + WARM_SENDS + 20, 20);
		await until(async () => (await state()).messages.length >= 40, 120000);
		expect(env.cluster.executionsByWorker()['worker-1'].length).toBeGreaterThan(rejoined);
	});

	it('send-and-wait: the worker that sent the question is gone; the click resumes the execution on the other worker', async () => {
		const statuses = await fire(APPROVAL_HOOK, 0, 1, 1);
		expect(statuses).toEqual([200]);
		const card = await until(
			async () => (await state()).messages.find((m) => m.msgParam.title === 'queue approval'),
			60000,
		);
		const approve = new URL(card.msgParam.buttonUrl1);
		// The button names the main (WEBHOOK_URL), not the worker that built it.
		expect(approve.origin).toBe(env.cluster.baseUrl);
		const executionId = approve.pathname.split('/')[2];
		await until(
			async () =>
				env.cluster
					.executions(env.workflows.approval.id)
					.some((r) => String(r.id) === executionId && r.status === 'waiting'),
			60000,
		);
		const sender = env.cluster.workerOf(executionId);
		expect(sender).toMatch(/^worker-[12]$/);
		await env.cluster.stopWorker(sender);
		try {
			// Opening the link shows the confirmation page; its button (a POST) resumes the execution.
			const answered = await answerApproval(approve.toString(), DINGTALK_IOS);
			expect(answered.page.status).toBe(200);
			expect(answered.confirmed.status).toBe(200);
			expect(answered.confirmed.text).toContain('Approved');
			const reports = await until(async () => {
				const rows = (await sink()).filter((r) => String(r.body.executionId) === executionId);
				return rows.length ? rows : undefined;
			}, scaled(60000));
			await wait(1500);
			const all = (await sink()).filter((r) => String(r.body.executionId) === executionId);
			expect(all).toHaveLength(1);
			expect(reports[0].body.data).toMatchObject({
				approved: true,
				respondedBy: { userId: 'manager4220' },
			});
			const other = sender === 'worker-1' ? 'worker-2' : 'worker-1';
			expect(env.cluster.worker(other).executions().started).toContain(executionId);
			await until(
				async () =>
					env.cluster
						.executions(env.workflows.approval.id)
						.some((r) => String(r.id) === executionId && r.status === 'success'),
				60000,
			);
			figures.sendAndWait = { executionId, sentBy: sender, resumedBy: other, reports: all.length };
		} finally {
			await env.cluster.restartWorker(sender);
		}
	});

	it("send-and-wait, approve in a card: a worker holds the wait; the click arrives on the main's Stream connection and resumes it", async () => {
		const streamRuns = env.cluster.executions(env.workflows.streamTrigger.id).length;
		const statuses = await fire(CARD_APPROVAL_HOOK, 0, 1, 1);
		expect(statuses).toEqual([200]);
		const [card] = await until(async () => {
			const cards = await emulatorCall('GET', 'cards');
			return cards.length ? cards : undefined;
		}, 60000);
		expect(card.userId).toBe('manager4220');
		const [, executionId] = /^hitl\.(\d+)\./.exec(card.cardBizId);
		await until(
			async () =>
				env.cluster
					.executions(env.workflows.cardApproval.id)
					.some((r) => String(r.id) === executionId && r.status === 'waiting'),
			60000,
		);
		// The wait belongs to a worker's execution; the Stream connection is the main's, the only one.
		const sender = env.cluster.workerOf(executionId);
		expect(sender).toMatch(/^worker-[12]$/);
		expect(await stream()).toMatchObject({ activeConnections: 1 });

		const [approve] = card.cardData.contents
			.filter((c) => c.type === 'action')
			.flatMap((c) => c.actions);
		await emulatorCall('POST', 'cards/click', {
			cardBizId: card.cardBizId,
			actionId: approve.id,
			userId: 'manager4220',
		});
		const reports = await until(async () => {
			const rows = (await sink()).filter((r) => String(r.body.executionId) === executionId);
			return rows.length ? rows : undefined;
		}, 60000);
		expect(reports[0].body.data).toMatchObject({
			approved: true,
			decision: 'approved',
			responder: { id: 'manager4220', source: 'dingtalk' },
			client: 'DingTalk card',
		});
		await until(
			async () =>
				env.cluster
					.executions(env.workflows.cardApproval.id)
					.some((r) => String(r.id) === executionId && r.status === 'success'),
			60000,
		);
		await wait(1500);
		expect((await sink()).filter((r) => String(r.body.executionId) === executionId)).toHaveLength(
			1,
		);
		// The card shows the outcome without buttons; the click started no Stream Trigger run.
		const [after] = await emulatorCall('GET', 'cards');
		expect(after.cardData.contents.filter((c) => c.type === 'action')).toHaveLength(0);
		expect(JSON.stringify(after.cardData)).toContain('Approved** by manager4220');
		expect(env.cluster.executions(env.workflows.streamTrigger.id)).toHaveLength(streamRuns);
		const ack = await stream();
		figures.cardApproval = {
			executionId,
			sentBy: sender,
			// Every worker that started it: the first run, then the resume (any worker may take it).
			ranOn: env.cluster.workers
				.filter((w) => w.executions().started.includes(executionId))
				.map((w) => w.role),
			unacked: ack.unacked.length,
		};
		expect(ack.unacked).toHaveLength(0);
	});
});
