'use strict';
// DingTalk Stream Trigger in a real n8n (Node 24's global WebSocket): one connection, 100 events
// across two forced disconnects (a SYSTEM disconnect and a dropped socket) with DingTalk-style
// re-pushes of unacknowledged messages: 0 lost, 0 duplicated; pings answered; robot messages.
const { scaled } = require('./machine');
const { emulatorApi, reportNode, until, wait } = require('./emulatorApi');
const { useRealN8n } = require('./setup');

const { call, stream, sink } = emulatorApi({
	get emulator() {
		return env.emulator;
	},
});

const env = useRealN8n(async ({ emulator, n8n }) => {
	const wf = {
		id: 'dtE2eStreamTrig01',
		name: 'stream trigger',
		nodes: [
			{
				id: '5e0e0000-0000-4000-8000-000000000001',
				name: 'DingTalk Stream Trigger',
				type: 'n8n-nodes-dingtalk-app.dingTalkStreamTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					subscriptions: ['events', 'robotMessages'],
					eventTypes: '',
					acknowledge: 'afterAccepted',
				},
				credentials: { dingTalkApi: { id: 'dingTalkEmu00001', name: 'DingTalk (emulator)' } },
			},
			reportNode(emulator.apiBaseUrl, {
				id: '5e0e0000-0000-4000-8000-000000000002',
				position: [240, 0],
			}),
		],
		connections: {
			'DingTalk Stream Trigger': { main: [[{ node: 'Report', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
	await n8n.importWorkflow(wf);
	await n8n.publish(wf.id);
	await n8n.start();
}, scaled(180000));

it(
	'connects once, survives two forced disconnects and re-pushes: 100 events, 0 lost, 0 duplicated',
	async () => {
		expect(
			(await until(async () => (await stream()).activeConnections === 1)) &&
				(await stream()).connectionsOpened,
		).toBe(1);
		const opened = await stream();
		expect(opened.subscriptions).toEqual([
			{ type: 'EVENT', topic: '*' },
			{ type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' },
		]);
		// DingTalk re-pushes what is not acknowledged; make it eager so re-pushes really happen.
		await call('POST', 'stream/settings', { redeliverMs: 150 });

		await call('POST', 'stream/push', { kind: 'event', count: 40, data: { batch: 1 } });
		await until(async () => (await sink()).length >= 40);

		await call('POST', 'stream/disconnect', { mode: 'system' });
		await call('POST', 'stream/push', { kind: 'event', count: 30, data: { batch: 2 } });
		await until(async () => (await stream()).connectionsOpened === 2);

		await call('POST', 'stream/disconnect', { mode: 'drop' });
		await call('POST', 'stream/push', { kind: 'event', count: 30, data: { batch: 3 } });
		await until(
			async () => (await stream()).connectionsOpened === 3 && (await sink()).length >= 100,
			60000,
		);
		await wait(1500);

		const received = await sink();
		const ids = received.map((r) => r.body.messageId);
		const state = await stream();
		expect({
			received: received.length,
			unique: new Set(ids).size,
			unacked: state.unacked.length,
			connections: state.connectionsOpened,
		}).toEqual({
			received: 100,
			unique: 100,
			unacked: 0,
			connections: 3,
		});
		expect(state.deliveries).toBeGreaterThanOrEqual(100);
		expect(received[0].body).toMatchObject({ eventType: 'chat_update_title', batch: 1 });
	},
	scaled(120000),
);

it(
	'answers pings and passes robot messages on, normalised',
	async () => {
		await call('POST', 'reset');
		await call('POST', 'stream/ping');
		await until(async () => (await stream()).pingAcks > 0, 5000);
		expect((await stream()).pingAcks).toBeGreaterThan(0);
		await call('POST', 'stream/push', {
			kind: 'robot',
			data: {
				msgtype: 'text',
				text: { content: ' 你好 robot' },
				senderStaffId: 'user0009',
				conversationType: '1',
			},
		});
		const [entry] = await until(async () => {
			const entries = await sink();
			return entries.length ? entries : undefined;
		});
		expect(entry.body).toMatchObject({
			source: 'robotMessage',
			text: '你好 robot',
			senderUserId: 'user0009',
			conversationType: 'oneToOne',
		});
	},
	scaled(60000),
);
