/**
 * DingTalk Stream Trigger inside n8n-core's TriggerContext, connected to the emulator's Stream
 * gateway: robot messages with odd fields are emitted and acknowledged, and a message whose run
 * could not be started is not acknowledged, so DingTalk's re-push of it runs the workflow.
 */
import { sleep } from 'n8n-workflow';

import '../../support/webSocketGlobal';
import { useEmulator } from '../../support/useEmulator';
import { TestCredentialsHelper } from '../harness';
import { startStream, type StreamRun } from './triggerHarness';

const env = useEmulator();

interface GatewayState {
	activeConnections: number;
	messages: number;
	acked: number;
	unacked: string[];
	deliveries: number;
}

const gateway = async () => await env.client.admin<GatewayState>('GET', 'stream');

async function until(check: () => Promise<boolean>, timeoutMs = 10000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error('timed out');
		await sleep(50);
	}
}

describe('DingTalk Stream Trigger · no input loses a message', () => {
	let run: StreamRun;
	/** The gateway keeps its messages across the emulator's reset: count acknowledgements from here. */
	let ackedBefore = 0;
	const acked = async () => (await gateway()).acked - ackedBefore;

	beforeEach(async () => {
		run = await startStream(new TestCredentialsHelper(env.emulator.credentials()), {
			subscriptions: ['robotMessages', 'events'],
			eventTypes: '',
			acknowledge: 'afterAccepted',
		});
		await until(async () => (await gateway()).activeConnections === 1);
		ackedBefore = (await gateway()).acked;
	});

	afterEach(async () => {
		await run.close();
		await until(async () => (await gateway()).activeConnections === 0);
	});

	it('a robot message with a bad createAt and other odd fields is emitted, normalised, and acknowledged', async () => {
		const odd = {
			createAt: 'not a time',
			atUsers: [null, 'x', { staffId: 'user0002' }],
			text: 42,
			conversationType: 2,
			sessionWebhookExpiredTime: 1e20,
			isAdmin: 'yes',
		};
		const { messageIds } = await env.client.admin<{ messageIds: string[] }>('POST', 'stream/push', {
			kind: 'robot',
			data: odd,
		});
		await until(async () => run.emitted.length === 1 && (await acked()) === 1);
		expect(run.emitted[0]).toMatchObject({
			source: 'robotMessage',
			messageId: messageIds[0],
			msgId: `msg-${messageIds[0]}`,
			createdAt: null,
			atUserIds: ['user0002'],
			text: null,
			conversationType: 'group',
			sessionWebhookExpiresAt: null,
			isAdmin: null,
		});
		expect((await gateway()).unacked).toEqual([]);
	});

	it('a message whose run could not be started is not acknowledged; its re-push runs the workflow once', async () => {
		await env.client.admin('POST', 'stream/settings', { redeliverMs: 300 });
		run.failNextEmits(1);
		const { messageIds } = await env.client.admin<{ messageIds: string[] }>('POST', 'stream/push', {
			kind: 'robot',
			data: { text: { content: 'try again' } },
		});
		await until(async () => run.emitted.length === 1 && (await acked()) === 1);
		const state = await gateway();
		expect(state.deliveries).toBeGreaterThanOrEqual(2);
		expect(state.unacked).toEqual([]);
		expect(run.emitted.map((json) => [json.messageId, json.text])).toEqual([
			[messageIds[0], 'try again'],
		]);
		// Later re-pushes of the handled message are acknowledged and start nothing.
		await env.client.admin('POST', 'stream/disconnect', { mode: 'drop' });
		await until(async () => (await gateway()).activeConnections === 1);
		await sleep(500);
		expect(run.emitted).toHaveLength(1);
	});

	it('an event is emitted with its data and acknowledged', async () => {
		await env.client.admin('POST', 'stream/push', {
			kind: 'event',
			data: { list: [1, 2] },
			eventType: 'chat_update_title',
		});
		await until(async () => run.emitted.length === 1 && (await acked()) === 1);
		expect(run.emitted[0]).toMatchObject({ eventType: 'chat_update_title', list: [1, 2] });
	});
});

describe('DingTalk Stream Trigger · deactivation', () => {
	it('deactivated while the gateway call is in flight: no connection is opened afterwards, nothing is emitted', async () => {
		const before = await env.client.admin<GatewayState & { connectionsOpened: number }>(
			'GET',
			'stream',
		);
		await env.client.faults({ latencyMs: 300 });
		// trigger() returns while the gateway call is still under way: deactivate at once.
		const run = await startStream(new TestCredentialsHelper(env.emulator.credentials()), {
			subscriptions: ['robotMessages'],
			eventTypes: '',
			acknowledge: 'afterAccepted',
		});
		await run.close();
		await sleep(800);
		await env.client.admin('POST', 'stream/push', {
			kind: 'robot',
			data: { text: { content: 'after deactivation' } },
		});
		await sleep(300);
		const after = await env.client.admin<GatewayState & { connectionsOpened: number }>(
			'GET',
			'stream',
		);
		expect(after.connectionsOpened - before.connectionsOpened).toBe(0);
		expect(after.activeConnections).toBe(0);
		expect(run.emitted).toEqual([]);
	});
});
