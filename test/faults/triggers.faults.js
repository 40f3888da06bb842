'use strict';
// Fault suite, triggers: the packed package in a real n8n (`n8n start`, published workflows), the
// emulator pushing as DingTalk does, with faults: bursts, replays of delivered callbacks, forged and
// malformed callbacks, and Stream connections dropped or closed by DingTalk while messages are
// re-pushed until acknowledged. Counted from what the workflows reported to the emulator's sink.
const { emulatorApi, reportNode, until: waitUntil, wait } = require('../e2e/emulatorApi');
const { useRealN8n } = require('../e2e/setup');
const { record } = require('./table');

const CREDENTIAL = { dingTalkApi: { id: 'dingTalkEmu00001', name: 'DingTalk (emulator)' } };
const EVENTS_HOOK = '5f6e3c12-0000-4000-8000-0000000000e1';
let env;

const { call } = emulatorApi({
	get emulator() {
		return env.emulator;
	},
});
const until = (check, timeoutMs = 60000) => waitUntil(check, timeoutMs);

function flow(id, trigger) {
	return {
		id,
		name: id,
		nodes: [
			{
				id: `5f6e3c12-0000-4000-8000-${id.slice(-12)}`,
				typeVersion: 1,
				position: [0, 0],
				credentials: CREDENTIAL,
				...trigger,
			},
			reportNode(env.emulator.apiBaseUrl, { id: `5f6e3c12-0000-4000-8000-${id.slice(-12, -1)}f` }),
		],
		connections: { [trigger.name]: { main: [[{ node: 'Report', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** Counts sink entries by id against the intended ids; records the table row. */
async function countRow(scenario, intended, idOf, attempted, result, settleMs = 1500) {
	await until(async () => (await call('GET', 'sink')).length >= intended.length, 60000);
	await wait(settleMs); // late duplicates
	const ids = (await call('GET', 'sink')).map((entry) => idOf(entry.body));
	const distinct = new Set(ids);
	const counted = {
		attempted,
		delivered: intended.filter((id) => distinct.has(id)).length,
		intended: intended.length,
		lost: intended.filter((id) => !distinct.has(id)).length,
		duplicated: ids.length - distinct.size,
	};
	record({
		scenario,
		attempted,
		delivered: `${counted.delivered}/${counted.intended}`,
		lost: counted.lost,
		duplicated: counted.duplicated,
		result,
	});
	return counted;
}

env = useRealN8n(async ({ n8n }) => {
	const http = flow('dtFaultHttpEvt001', {
		name: 'DingTalk Trigger',
		type: 'n8n-nodes-dingtalk-app.dingTalkTrigger',
		webhookId: EVENTS_HOOK,
		parameters: { source: 'events', eventTypes: [], otherEventTypes: '', options: {} },
	});
	const stream = flow('dtFaultStream0001', {
		name: 'DingTalk Stream Trigger',
		type: 'n8n-nodes-dingtalk-app.dingTalkStreamTrigger',
		parameters: { subscriptions: ['events'], eventTypes: '', acknowledge: 'afterAccepted' },
	});
	for (const wf of [http, stream]) {
		await n8n.importWorkflow(wf);
		await n8n.publish(wf.id);
	}
	await n8n.start();
	const url = `${n8n.baseUrl}/webhook/${EVENTS_HOOK}/webhook`;
	const deadline = Date.now() + 60000;
	// Registered once an unsigned POST is refused by the trigger itself (4xx other than n8n's 404);
	// while n8n is still starting it may also answer 5xx.
	const registered = (status) => status >= 400 && status < 500 && status !== 404;
	while (!registered((await fetch(url, { method: 'POST' })).status) && Date.now() < deadline)
		await wait(250);
}, 180000);

const eventsUrl = () => `${env.n8n.baseUrl}/webhook/${EVENTS_HOOK}/webhook`;

describe('fault suite · triggers (real n8n)', () => {
	beforeEach(async () => {
		await call('POST', 'reset');
	});

	it('HTTP trigger · 100-event burst, then every delivered callback replayed: 100 executions, replays refused', async () => {
		const burst = await call('POST', 'pushMany', {
			url: eventsUrl(),
			kind: 'event',
			count: 100,
			concurrency: 10,
			payload: { EventType: 'chat_update_title' },
		});
		expect(burst).toMatchObject({ sent: 100, replyValid: 100 });
		const pushes = await call('GET', 'pushes');
		const replays = [];
		for (const push of pushes) replays.push(await call('POST', 'push', { replayOf: push.id }));
		const refused = replays.filter((r) => r.status >= 400 && r.status < 500).length;
		const intended = Array.from({ length: 100 }, (_, i) => `burst-${i}`);
		const counted = await countRow(
			'HTTP trigger · 100-event burst + each callback replayed',
			intended,
			(body) => body.EventId,
			200,
			`${burst.replyValid}/100 valid encrypted replies (max ${burst.maxMs} ms); ${refused}/100 replays refused with 4xx`,
		);
		expect(counted).toMatchObject({ delivered: 100, lost: 0, duplicated: 0 });
		expect(refused).toBe(100);
	}, 120000);

	it('HTTP trigger · forged, wrong-key, stale, malformed and oversized callbacks: 0 executions', async () => {
		const tampers = ['signature', 'ownerKey', 'staleTimestamp', 'base64', 'oversized'];
		const results = [];
		for (const tamper of tampers)
			results.push(await call('POST', 'push', { url: eventsUrl(), kind: 'event', tamper }));
		await wait(1500);
		const executions = (await call('GET', 'sink')).length;
		record({
			scenario:
				'HTTP trigger · 5 tampered callbacks (signature, owner key, stale, base64, oversized)',
			attempted: tampers.length,
			delivered: '0/0',
			lost: 0,
			duplicated: 0,
			result: `${results.filter((r) => r.status >= 400 && r.status < 500).length}/5 refused with 4xx; ${executions} executions`,
		});
		expect(results.every((r) => r.status >= 400 && r.status < 500)).toBe(true);
		expect(executions).toBe(0);
	});

	it('Stream trigger · DingTalk closes the connection, then the socket drops, while unacknowledged messages are re-pushed: 0 lost, 0 duplicated', async () => {
		await until(async () => (await call('GET', 'stream')).activeConnections === 1);
		const before = (await call('GET', 'stream')).connectionsOpened;
		await call('POST', 'stream/settings', { redeliverMs: 150 });
		const ids = [];
		ids.push(...(await call('POST', 'stream/push', { kind: 'event', count: 40 })).messageIds);
		await call('POST', 'stream/disconnect', { mode: 'system' });
		ids.push(...(await call('POST', 'stream/push', { kind: 'event', count: 30 })).messageIds);
		await until(async () => (await call('GET', 'stream')).connectionsOpened === before + 1);
		await call('POST', 'stream/disconnect', { mode: 'drop' });
		ids.push(...(await call('POST', 'stream/push', { kind: 'event', count: 30 })).messageIds);
		await until(async () => (await call('GET', 'stream')).connectionsOpened === before + 2);
		await until(async () => (await call('GET', 'sink')).length >= ids.length);
		await wait(1500);
		const state = await call('GET', 'stream');
		await call('POST', 'stream/settings', { redeliverMs: 60000 });
		// attempted = the gateway's deliveries, re-pushes included.
		const counted = await countRow(
			'Stream trigger · SYSTEM disconnect + dropped socket, re-pushes every 150 ms',
			ids,
			(body) => body.eventId,
			state.deliveries,
			`${state.connectionsOpened - before} reconnects; ${state.unacked.length} unacknowledged`,
			0,
		);
		expect(counted).toMatchObject({ delivered: 100, lost: 0, duplicated: 0 });
		expect(state.unacked).toHaveLength(0);
	}, 120000);
});
