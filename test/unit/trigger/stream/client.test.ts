/**
 * The Stream client against the emulator's Stream gateway (test/emulator/products/stream.js):
 * it connects with a gateway ticket, echoes pings, reconnects after `disconnect` frames and
 * dropped sockets, backs off while connecting fails, acknowledges every message by its id,
 * de-duplicates re-pushes (remembering an id only once the message was emitted and
 * acknowledged), and opens nothing once closed.
 */
import axios from 'axios';
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	StreamClient,
	type GatewayTicket,
	type StreamClientOptions,
} from '../../../../nodes/DingTalk/trigger/stream/client';
import { streamItem, TOPICS } from '../../../../nodes/DingTalk/trigger/stream/messages';
import { ReplayMemory } from '../../../../nodes/DingTalk/trigger/replayMemory';
import '../../../support/webSocketGlobal';
import { useEmulator } from '../../../support/useEmulator';

const env = useEmulator();

interface GatewayState {
	connectionsOpened: number;
	activeConnections: number;
	subscriptions: unknown[];
	unacked: string[];
	deliveries: number;
	pingAcks: number;
}

const gateway = async () => await env.client.admin<GatewayState>('GET', 'stream');
const push = async (body: Record<string, unknown>) =>
	(await env.client.admin<{ messageIds: string[] }>('POST', 'stream/push', body)).messageIds[0];

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error('timed out');
		await sleep(20);
	}
}

const SUBSCRIPTIONS = [TOPICS.events, TOPICS.robotMessages];

/** The gateway call, as the trigger makes it (anonymous, Client ID and Secret in the body). */
async function openAtEmulator(): Promise<GatewayTicket> {
	const { data } = await axios.post<GatewayTicket>(
		`${env.emulator.apiBaseUrl}/v1.0/gateway/connections/open`,
		{
			clientId: env.emulator.app.appKey,
			clientSecret: env.emulator.app.appSecret,
			subscriptions: SUBSCRIPTIONS,
		},
	);
	return data;
}

interface Harness {
	client: StreamClient;
	emitted: IDataObject[];
	/** Every wait between connections the client asked for, in ms. */
	waits: number[];
	logs: string[];
	errors: Error[];
	memory: ReplayMemory;
	failNextEmits(n: number): void;
}

let running: StreamClient | undefined;

function startClient(
	options: Partial<StreamClientOptions> & { eventTypes?: string[] } = {},
): Harness {
	const harness = {
		emitted: [],
		waits: [],
		logs: [],
		errors: [],
		memory: new ReplayMemory(1000),
	} as unknown as Harness;
	let failing = 0;
	harness.failNextEmits = (n) => {
		failing = n;
	};
	harness.client = new StreamClient({
		open: openAtEmulator,
		toItem: (frame) => streamItem(frame, options.eventTypes ?? []),
		emit: (json) => {
			if (failing > 0) {
				failing--;
				throw new Error('the run could not be started (test)');
			}
			harness.emitted.push(json);
		},
		ackFirst: false,
		logger: {
			warn: (m: string) => harness.logs.push(`warn: ${m}`),
			error: (m: string) => harness.logs.push(`error: ${m}`),
		},
		onError: (error) => harness.errors.push(error),
		memory: harness.memory,
		// The backoff is asserted from what the client asks for; the test does not sit it out.
		wait: async (ms) => {
			harness.waits.push(ms);
			await sleep(10);
		},
		...options,
	});
	running = harness.client;
	harness.client.start();
	return harness;
}

let before: GatewayState;

beforeEach(async () => {
	// The gateway keeps its counters and messages across the emulator's reset: compare with these.
	before = await gateway();
});

afterEach(async () => {
	await running?.close();
	running = undefined;
	await until(async () => (await gateway()).activeConnections === 0);
});

describe('Stream client · connection', () => {
	it("connects with the gateway's ticket and the subscriptions asked for; close ends it for good", async () => {
		const { client, waits, errors } = startClient();
		await until(async () => (await gateway()).activeConnections === 1);
		expect((await gateway()).subscriptions).toEqual(SUBSCRIPTIONS);
		await client.close();
		await until(async () => (await gateway()).activeConnections === 0);
		await sleep(300);
		expect((await gateway()).connectionsOpened - before.connectionsOpened).toBe(1);
		expect(waits).toEqual([]);
		expect(errors).toEqual([]);
	});

	it('echoes a ping', async () => {
		startClient();
		await until(async () => (await gateway()).activeConnections === 1);
		await env.client.admin('POST', 'stream/ping');
		await until(async () => (await gateway()).pingAcks === before.pingAcks + 1);
	});

	it.each(['disconnect frame', 'drop'])(
		'reconnects 200 ms after a session ends (%s)',
		async (mode) => {
			const { waits } = startClient();
			await until(async () => (await gateway()).activeConnections === 1);
			await env.client.admin('POST', 'stream/disconnect', {
				mode: mode === 'drop' ? 'drop' : 'frame',
			});
			await until(async () => {
				const state = await gateway();
				return (
					state.connectionsOpened === before.connectionsOpened + 2 && state.activeConnections === 1
				);
			});
			expect(waits).toEqual([200]);
		},
	);

	it('backs off 1 s, 2 s, 4 s … up to 60 s while the gateway fails, and from 200 ms again after a session', async () => {
		let failures = 8;
		const { waits, logs } = startClient({
			open: async () => {
				if (failures-- > 0) throw new Error('gateway down');
				return await openAtEmulator();
			},
		});
		await until(async () => (await gateway()).activeConnections === 1);
		expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
		expect(logs).toEqual(
			Array(8).fill('warn: DingTalk Stream: could not connect (gateway down); retrying'),
		);
		await env.client.admin('POST', 'stream/disconnect', { mode: 'drop' });
		await until(async () => (await gateway()).connectionsOpened === before.connectionsOpened + 2);
		expect(waits.slice(8)).toEqual([200]);
	});

	it('a socket that never opens (the gateway refuses the ticket) is a failed attempt', async () => {
		let first = true;
		const { waits } = startClient({
			open: async () => {
				const ticket = await openAtEmulator();
				if (!first) return ticket;
				first = false;
				return { ...ticket, ticket: 'not-a-ticket' };
			},
		});
		await until(async () => (await gateway()).activeConnections === 1);
		expect(waits).toEqual([1000]);
		expect((await gateway()).connectionsOpened - before.connectionsOpened).toBe(1);
	});

	it('closed while the gateway call is in flight: no socket is opened afterwards', async () => {
		let release!: () => void;
		const gate = new Promise<void>((resolve) => {
			release = resolve;
		});
		let opens = 0;
		const { client } = startClient({
			open: async () => {
				opens++;
				await gate;
				return await openAtEmulator();
			},
		});
		await until(() => opens === 1);
		await client.close();
		release();
		await sleep(500);
		const state = await gateway();
		expect(state.connectionsOpened - before.connectionsOpened).toBe(0);
		expect(state.activeConnections).toBe(0);
		expect(opens).toBe(1);
	});
});

describe('Stream client · messages', () => {
	it('emits a message with its id, then acknowledges it and remembers the id', async () => {
		const { emitted, memory } = startClient();
		await until(async () => (await gateway()).activeConnections === 1);
		const id = await push({ kind: 'robot', data: { text: { content: 'hello' } } });
		await until(async () => emitted.length === 1 && !(await gateway()).unacked.includes(id));
		expect(emitted[0]).toMatchObject({ messageId: id, source: 'robotMessage', text: 'hello' });
		expect(memory.has(`stream:${id}`)).toBe(true);
	});

	it('a re-push of a handled message is acknowledged again and starts nothing', async () => {
		const { emitted } = startClient();
		await until(async () => (await gateway()).activeConnections === 1);
		const id = `dup-${Date.now()}`;
		await push({ kind: 'event', messageId: id, eventType: 'chat_update_title', data: { n: 1 } });
		await until(async () => emitted.length === 1 && !(await gateway()).unacked.includes(id));
		await push({ kind: 'event', messageId: id, eventType: 'chat_update_title', data: { n: 1 } });
		await until(async () => !(await gateway()).unacked.includes(id));
		await sleep(200);
		expect(emitted.map((json) => [json.messageId, json.eventType, json.n])).toEqual([
			[id, 'chat_update_title', 1],
		]);
	});

	it('a message whose run could not start is not acknowledged nor remembered; its re-push runs once', async () => {
		await env.client.admin('POST', 'stream/settings', { redeliverMs: 300 });
		const { emitted, logs, memory, failNextEmits } = startClient();
		failNextEmits(1);
		await until(async () => (await gateway()).activeConnections === 1);
		const id = await push({ kind: 'robot', data: { text: { content: 'again' } } });
		await until(() => logs.length === 1);
		expect(logs[0]).toBe(
			`error: DingTalk Stream: message ${id} could not start the workflow (the run could not be started (test)); not acknowledged, so DingTalk will push it again`,
		);
		expect((await gateway()).unacked).toContain(id);
		expect(memory.has(`stream:${id}`)).toBe(false);
		await until(async () => emitted.length === 1 && !(await gateway()).unacked.includes(id));
		expect(emitted[0]).toMatchObject({ messageId: id, text: 'again' });
		expect(memory.has(`stream:${id}`)).toBe(true);
	});

	it('Acknowledge: Immediately acknowledges before emitting, so a failed run is not pushed again', async () => {
		const { emitted, logs, memory, failNextEmits } = startClient({ ackFirst: true });
		failNextEmits(1);
		await until(async () => (await gateway()).activeConnections === 1);
		const id = await push({ kind: 'robot', data: { text: { content: 'once' } } });
		await until(async () => logs.length === 1 && !(await gateway()).unacked.includes(id));
		expect(logs[0]).toContain(
			'it was acknowledged on receipt (Acknowledge: Immediately), so DingTalk will not push it again',
		);
		expect(emitted).toEqual([]);
		expect(memory.has(`stream:${id}`)).toBe(false);
	});

	it('a message the trigger does not want is acknowledged, not emitted, not remembered', async () => {
		const { emitted, memory } = startClient({ eventTypes: ['user_add_org'] });
		await until(async () => (await gateway()).activeConnections === 1);
		const skipped = await push({ kind: 'event', eventType: 'chat_update_title', data: {} });
		const wanted = await push({ kind: 'event', eventType: 'user_add_org', data: {} });
		await until(async () => {
			const { unacked } = await gateway();
			return emitted.length === 1 && !unacked.includes(skipped) && !unacked.includes(wanted);
		});
		expect(emitted.map((json) => json.messageId)).toEqual([wanted]);
		expect(memory.has(`stream:${skipped}`)).toBe(false);
	});
});

describe('Stream client · items that take a call to make (an approval event read with its instance)', () => {
	interface Acks {
		messageAcks: Record<string, number>;
		unacked: string[];
	}
	const acks = async () => await env.client.admin<GatewayState & Acks>('GET', 'stream');

	it('a re-push while the item is being made is ignored: the message runs once and is acknowledged once', async () => {
		await env.client.admin('POST', 'stream/settings', { redeliverMs: 150 });
		let made = 0;
		const { emitted, memory } = startClient({
			toItem: async (frame) => {
				made++;
				await sleep(700);
				return streamItem(frame, []);
			},
		});
		await until(async () => (await gateway()).activeConnections === 1);
		const id = await push({ kind: 'event', eventType: 'chat_update_title', data: { n: 1 } });
		await until(async () => !(await acks()).unacked.includes(id));
		await sleep(400);
		const state = await acks();
		expect(state.deliveries - before.deliveries).toBeGreaterThanOrEqual(3);
		expect(made).toBe(1);
		expect(emitted.map((json) => [json.messageId, json.n])).toEqual([[id, 1]]);
		expect(state.messageAcks[id]).toBe(1);
		expect(memory.has(`stream:${id}`)).toBe(true);
	});

	it('an item that fails to be made leaves the message unacknowledged; its re-push runs once', async () => {
		await env.client.admin('POST', 'stream/settings', { redeliverMs: 300 });
		let failures = 1;
		const { emitted, logs } = startClient({
			toItem: async (frame) => {
				await sleep(20);
				if (failures-- > 0) throw new Error('could not make the item');
				return streamItem(frame, []);
			},
		});
		await until(async () => (await gateway()).activeConnections === 1);
		const id = await push({ kind: 'event', eventType: 'chat_update_title', data: { n: 2 } });
		await until(async () => logs.length === 1);
		expect(logs[0]).toBe(
			'error: DingTalk Stream: a message could not be handled (could not make the item)',
		);
		expect((await acks()).unacked).toContain(id);
		await until(async () => emitted.length === 1 && !(await acks()).unacked.includes(id));
		expect(emitted[0]).toMatchObject({ messageId: id, n: 2 });
		expect((await acks()).messageAcks[id]).toBe(1);
	});

	it('Acknowledge: Immediately acknowledges before the item is made, once', async () => {
		let release: () => void = () => undefined;
		const made = new Promise<void>((resolve) => {
			release = resolve;
		});
		const { emitted } = startClient({
			ackFirst: true,
			toItem: async (frame) => {
				await made;
				return streamItem(frame, []);
			},
		});
		await until(async () => (await gateway()).activeConnections === 1);
		const id = await push({ kind: 'event', eventType: 'chat_update_title', data: { n: 3 } });
		await until(async () => !(await acks()).unacked.includes(id));
		expect(emitted).toEqual([]);
		release();
		await until(async () => emitted.length === 1);
		expect((await acks()).messageAcks[id]).toBe(1);
	});

	it('closed while the item is being made: nothing is emitted', async () => {
		let release: () => void = () => undefined;
		const made = new Promise<void>((resolve) => {
			release = resolve;
		});
		let asked = false;
		const { client, emitted } = startClient({
			toItem: async (frame) => {
				asked = true;
				await made;
				return streamItem(frame, []);
			},
		});
		await until(async () => (await gateway()).activeConnections === 1);
		const id = await push({ kind: 'event', eventType: 'chat_update_title', data: { n: 4 } });
		await until(async () => asked);
		await client.close();
		release();
		await sleep(100);
		expect(emitted).toEqual([]);
		expect((await acks()).unacked).toContain(id);
		// DingTalk pushes it to the next connection, which runs it (and leaves no message behind).
		const next = startClient();
		await until(async () => next.emitted.length === 1 && !(await acks()).unacked.includes(id));
		expect(next.emitted[0]).toMatchObject({ messageId: id, n: 4 });
	});
});
