'use strict';
// DingTalk Trigger in a real n8n (`n8n start`, published workflows on 127.0.0.1): the console's
// check_url handshake, 100 encrypted events with 0 lost and 0 duplicated, forged / replayed /
// wrong-key / stale / malformed / oversized callbacks refused with no execution, and signed robot
// messages. Each execution reports what it received to the emulator's sink; each test marks the
// events it sends and counts only its own, so a late execution of one test never fails another.
const { machineIsIdle, scaled, timingTarget } = require('./machine');
const { reportNode } = require('./emulatorApi');
const { useRealN8n } = require('./setup');

const EVENTS_HOOK = '3d4c1a90-0000-4000-8000-0000000000e1';
const ROBOT_HOOK = '3d4c1a90-0000-4000-8000-0000000000e2';

function triggerWorkflow(id, webhookId, parameters) {
	return {
		id,
		name: id,
		nodes: [
			{
				id: `3d4c1a90-0000-4000-8000-${id.slice(-12)}`,
				name: 'DingTalk Trigger',
				type: 'n8n-nodes-dingtalk-app.dingTalkTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters,
				credentials: { dingTalkApi: { id: 'dingTalkEmu00001', name: 'DingTalk (emulator)' } },
			},
			reportNode(env.emulator.apiBaseUrl, {
				id: `3d4c1a90-0000-4000-8000-${id.slice(-12, -1)}f`,
				position: [240, 0],
			}),
		],
		connections: { 'DingTalk Trigger': { main: [[{ node: 'Report', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

const post = async (route, body = {}) =>
	await (
		await fetch(`${env.emulator.apiBaseUrl}/__emulator/${route}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		})
	).json();
const sink = async () => await (await fetch(`${env.emulator.apiBaseUrl}/__emulator/sink`)).json();

/** The sink entries of one test: events carry its marker as their title, robot messages as their text. */
const markedBy = (marker) => (entry) =>
	entry.body.title === marker || String(entry.body.text ?? '').includes(marker);

/**
 * Waits until `expected` executions of this test reported (time-out scaled to the machine), then
 * gives stragglers (duplicates) a moment to show up too, and returns this test's entries.
 */
async function sinkSettles(marker, expected, timeoutMs = 30000) {
	const mine = async () => (await sink()).filter(markedBy(marker));
	const deadline = Date.now() + scaled(timeoutMs);
	let entries = await mine();
	while (entries.length < expected && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 200));
		entries = await mine();
	}
	await new Promise((resolve) => setTimeout(resolve, scaled(1000)));
	return await mine();
}

const env = useRealN8n(async ({ emulator, n8n }) => {
	const events = triggerWorkflow('dtE2eTrigEvents01', EVENTS_HOOK, {
		source: 'events',
		eventTypes: [],
		otherEventTypes: '',
		options: {},
	});
	const robot = triggerWorkflow('dtE2eTrigRobot001', ROBOT_HOOK, {
		source: 'robot',
		messageTypes: [],
		conversationType: 'any',
		options: {},
	});
	for (const wf of [events, robot]) {
		await n8n.importWorkflow(wf);
		await n8n.publish(wf.id);
	}
	await n8n.start();
	// Production webhooks are registered a moment after REST answers: wait until ours do.
	for (const url of [eventsUrl(), robotUrl()]) await n8n.waitForWebhook(url);
}, scaled(180000));

beforeEach(async () => {
	await post('reset');
	// On a starved machine n8n has been seen answering 404 for a production webhook it had
	// registered (it re-activates a workflow whose first activation was slow): wait until both
	// answer again, so a test measures the trigger, not n8n's activation.
	for (const url of [eventsUrl(), robotUrl()]) await env.n8n.waitForWebhook(url);
});

const eventsUrl = () => `${env.n8n.baseUrl}/webhook/${EVENTS_HOOK}/webhook`;
const robotUrl = () => `${env.n8n.baseUrl}/webhook/${ROBOT_HOOK}/webhook`;

describe('DingTalk Trigger in real n8n', () => {
	it('answers the console\'s check_url with the encrypted "success" within 1.5 s, starting nothing', async () => {
		const machine = machineIsIdle();
		const result = await post('push', {
			url: eventsUrl(),
			kind: 'event',
			payload: { EventType: 'check_url', title: 'check-url' },
		});
		expect(result).toMatchObject({ status: 200, replyValid: true });
		timingTarget(expect, 'check_url answer', result.ms, 1500, {}, machine);
		expect(await sinkSettles('check-url', 0, 1000)).toHaveLength(0);
	});

	it(
		'100 events: every reply valid, 0 lost, 0 duplicated',
		async () => {
			const machine = machineIsIdle();
			const burst = await post('pushMany', {
				url: eventsUrl(),
				kind: 'event',
				count: 100,
				concurrency: 10,
				payload: { EventType: 'chat_update_title', title: 'burst' },
			});
			expect(burst).toMatchObject({ sent: 100, ok: 100, replyValid: 100 });
			// DingTalk wants each answer within 1.5 s and pushes a late one again (answered, not run
			// twice: the trigger de-duplicates by event). On 2 cores with n8n's SQLite the answers
			// share n8n's process with the burst's 100 executions, and n8n's own credential read takes
			// ~120 ms of each (bench/triggerLatency.js; the trigger's own work ~0.1 ms): idle, the
			// 95th percentile is 1.2-1.3 s and the slowest answer up to ~1.5 s. The median is the
			// target (a regression of the trigger's path shows there); p95 and max are reported.
			timingTarget(
				expect,
				'median of 100 answers (10 at a time)',
				burst.p50Ms,
				1500,
				{ p50Ms: burst.p50Ms, p95Ms: burst.p95Ms, maxMs: burst.maxMs },
				machine,
			);
			const received = await sinkSettles('burst', 100);
			const ids = received.map((r) => r.body.EventId);
			expect(new Set(ids).size).toBe(100);
			expect(ids).toHaveLength(100);
			expect(received[0].body).toMatchObject({ eventType: 'chat_update_title', title: 'burst' });
		},
		scaled(60000),
	);

	it.each(['signature', 'ownerKey', 'staleTimestamp', 'base64', 'oversized'])(
		'refuses a %s-tampered callback with 4xx and starts nothing',
		async (tamper) => {
			const marker = `tampered-${tamper}`;
			const result = await post('push', {
				url: eventsUrl(),
				kind: 'event',
				tamper,
				payload: { title: marker },
			});
			expect(result.status).toBeGreaterThanOrEqual(400);
			expect(result.status).toBeLessThan(500);
			expect(result.replyValid).toBe(false);
			expect(await sinkSettles(marker, 0, 1000)).toHaveLength(0);
		},
	);

	it('refuses a replayed callback', async () => {
		const first = await post('push', {
			url: eventsUrl(),
			kind: 'event',
			payload: { EventId: 'once', title: 'replayed' },
		});
		expect(first.status).toBe(200);
		const replay = await post('push', { replayOf: first.id });
		expect(replay.status).toBe(403);
		const received = await sinkSettles('replayed', 1, 3000);
		expect(received.map((r) => r.body.EventId)).toEqual(['once']);
	});

	it('passes a signed robot message on, normalised; refuses a forged one', async () => {
		const ok = await post('push', {
			url: robotUrl(),
			kind: 'robot',
			payload: { text: { content: ' @bot 查一下订单 123 robot-ok' }, senderStaffId: 'user0007' },
		});
		expect(ok.status).toBe(200);
		const [entry] = await sinkSettles('robot-ok', 1);
		expect(entry.body).toMatchObject({
			messageType: 'text',
			text: '@bot 查一下订单 123 robot-ok',
			senderUserId: 'user0007',
			conversationType: 'group',
		});
		expect(entry.body.sessionWebhookExpiresAt).toMatch(/^\d{4}-/);
		for (const tamper of ['signature', 'wrongSecret', 'staleTimestamp']) {
			const forged = await post('push', {
				url: robotUrl(),
				kind: 'robot',
				tamper,
				payload: { text: { content: `robot-forged-${tamper}` } },
			});
			expect(forged.status).toBe(403);
		}
		expect(await sinkSettles('robot-', 1, 1000)).toHaveLength(1);
	});
});
