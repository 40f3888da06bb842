/**
 * DingTalk Trigger (HTTP) inside n8n-core's WebhookContext, fed requests the emulator builds as
 * DingTalk does (encrypted, signed events; signed robot messages), its replays, re-splits and
 * retries, and malformed but validly signed events. Each answer is checked by the emulator (is it
 * the encrypted "success" DingTalk requires) and each run counted from what the trigger started.
 */
import type { IDataObject } from 'n8n-workflow';

import { lines as logLines } from '../../support/logCapture';
import { useEmulator } from '../../support/useEmulator';
import { TestCredentialsHelper } from '../harness';
import { activate, callWebhook, requestOf, type WebhookOutcome } from './triggerHarness';

const env = useEmulator();

interface KeptPush {
	id: number;
	url: string;
	headers: IDataObject;
	body: string;
	payload: IDataObject;
}

const credentials = (overrides: Record<string, string> = {}) =>
	new TestCredentialsHelper(env.emulator.credentials(overrides));
const EVENTS = { source: 'events', eventTypes: [], otherEventTypes: '', options: {} };
const ROBOT = { source: 'robot', messageTypes: [], conversationType: 'any', options: {} };

/** Builds a push as DingTalk would send it, without sending it. */
async function build(spec: IDataObject): Promise<KeptPush> {
	return await env.client.admin<KeptPush>('POST', 'push', {
		url: 'http://127.0.0.1:9/webhook',
		kind: 'event',
		deliver: false,
		...spec,
	});
}

async function deliver(
	push: KeptPush,
	parameters: IDataObject = EVENTS,
	overrides: Record<string, string> = {},
): Promise<WebhookOutcome> {
	return await callWebhook(credentials(overrides), parameters, requestOf(push));
}

async function replyValid(outcome: WebhookOutcome): Promise<boolean> {
	return (
		await env.client.admin<{ valid: boolean }>('POST', 'push/checkReply', { reply: outcome.body })
	).valid;
}

const logSince = (from: number) => logLines.slice(from).join('\n');

describe('DingTalk Trigger · replays that keep a valid signature', () => {
	it('a captured event replayed with digits moved between timestamp and nonce is refused (100 events)', async () => {
		let variants = 0;
		let started = 0;
		const statuses = new Set<number>();
		for (let i = 0; i < 100; i++) {
			const push = await build({ payload: { EventId: `resplit-${i}` } });
			const first = await deliver(push);
			expect(first.started).toHaveLength(1);
			const resplits = await env.client.admin<KeptPush[]>('POST', 'push/resplits', { of: push.id });
			for (const variant of resplits) {
				variants++;
				const replay = await deliver(variant);
				statuses.add(replay.status);
				if (replay.started) started++;
			}
		}
		// About half of DingTalk-style events have such a re-split (the emulator's hex nonces).
		expect(variants).toBeGreaterThan(20);
		expect(started).toBe(0);
		expect([...statuses].every((status) => status >= 400 && status < 500)).toBe(true);
	});

	it('a replayed event is refused until its signed timestamp is stale, measured from that timestamp', async () => {
		// Signed 30 min ahead of now, accepted with a 1 h skew; an hour later it is still inside the
		// window (30 min old), so the memory must still hold it.
		const parameters = { ...EVENTS, options: { maxSkewSeconds: 3600 } };
		const push = await build({
			timestampOffsetMs: 30 * 60 * 1000,
			payload: { EventId: 'ahead-1' },
		});
		expect((await deliver(push, parameters)).started).toHaveLength(1);
		const now = Date.now();
		const clock = jest.spyOn(Date, 'now');
		try {
			clock.mockReturnValue(now + 61 * 60 * 1000);
			const later = await deliver(push, parameters);
			expect(later).toMatchObject({ status: 403, body: { errmsg: 'replayed callback' } });
			expect(later.started).toBeUndefined();
			clock.mockReturnValue(now + 91 * 60 * 1000);
			expect(await deliver(push, parameters)).toMatchObject({
				status: 403,
				body: { errmsg: 'stale timestamp' },
			});
		} finally {
			clock.mockRestore();
		}
	});

	it('the default Max Clock Skew is 5 minutes: an event signed 10 minutes ago is refused', async () => {
		const old = await deliver(await build({ timestampOffsetMs: -10 * 60 * 1000 }));
		expect(old).toMatchObject({ status: 403, body: { errmsg: 'stale timestamp' } });
		expect(old.started).toBeUndefined();
		const recent = await deliver(await build({ timestampOffsetMs: -4 * 60 * 1000 }));
		expect(recent.started).toHaveLength(1);
	});
});

describe('DingTalk Trigger · invalid security options fail closed', () => {
	it.each<[string, unknown]>([
		['text', 'one hour'],
		['a numeric text', '3600'],
		['NaN', NaN],
		['Infinity', Infinity],
		['negative', -60],
		['0', 0],
		['below the minimum', 5],
		['above the maximum', 30 * 24 * 3600],
	])(
		'Max Clock Skew %s: every callback refused with 4xx, nothing started, a clear error at activation and in the log',
		async (_case, value) => {
			const parameters = { ...EVENTS, options: { maxSkewSeconds: value } };
			const from = logLines.length;
			// A 30-day-old event, and a fresh one: neither starts anything.
			for (const push of [
				await build({ timestampOffsetMs: -30 * 24 * 3600 * 1000 }),
				await build({}),
			]) {
				const outcome = await deliver(push, parameters);
				expect(outcome.status).toBe(400);
				expect(outcome.started).toBeUndefined();
				expect(String(outcome.body.errmsg)).toContain(
					'Max Clock Skew (Seconds) must be a number from 10 to 3600',
				);
			}
			expect(logSince(from)).toContain(
				'DingTalk Trigger refused a callback: the trigger is misconfigured: Options → Max Clock Skew (Seconds)',
			);
			await expect(activate(credentials(), parameters)).rejects.toThrow(
				'Max Clock Skew (Seconds) must be a number from 10 to 3600',
			);
		},
	);

	it('an unknown Owner Key is refused the same way', async () => {
		const parameters = { ...EVENTS, options: { ownerKey: 'anything' } };
		const outcome = await deliver(await build({}), parameters);
		expect(outcome.status).toBe(400);
		expect(outcome.started).toBeUndefined();
		await expect(activate(credentials(), parameters)).rejects.toThrow(
			'Owner Key must be "appKey" or "corpId"',
		);
	});

	it('valid options activate and accept events', async () => {
		for (const options of [
			{},
			{ maxSkewSeconds: 10 },
			{ maxSkewSeconds: 3600, ownerKey: 'appKey' },
		]) {
			await expect(activate(credentials(), { ...EVENTS, options })).resolves.toBe(true);
			expect((await deliver(await build({}), { ...EVENTS, options })).started).toHaveLength(1);
		}
	});
});

describe('DingTalk Trigger · DingTalk retries an event it got no timely answer for', () => {
	it.each([
		['with an event id', { EventId: 'evt-retry-1' }],
		['without one (recognised by the event text)', {}],
	])(
		'%s: the retry, re-signed with a new nonce and timestamp, runs nothing again; both get the encrypted success',
		async (_case, payload) => {
			const first = await build({ payload: { EventType: 'user_add_org', ...payload } });
			const retry = await env.client.admin<KeptPush>('POST', 'push', {
				retryOf: first.id,
				deliver: false,
			});
			expect(new URL(retry.url).searchParams.get('nonce')).not.toBe(
				new URL(first.url).searchParams.get('nonce'),
			);
			expect(JSON.parse(retry.body).encrypt).not.toBe(JSON.parse(first.body).encrypt);
			const outcomes = [await deliver(first), await deliver(retry)];
			expect(outcomes.map((o) => o.status)).toEqual([200, 200]);
			expect(await replyValid(outcomes[0])).toBe(true);
			expect(await replyValid(outcomes[1])).toBe(true);
			expect(outcomes[0].started?.map((item) => item.json.eventType)).toEqual(['user_add_org']);
			expect(outcomes[1].started).toBeUndefined();
		},
	);

	it('distinct events with their own ids each run once', async () => {
		const runs: string[] = [];
		for (const id of ['evt-a', 'evt-b', 'evt-c']) {
			const outcome = await deliver(await build({ payload: { EventId: id } }));
			runs.push(...(outcome.started ?? []).map((item) => String(item.json.EventId)));
		}
		expect(runs).toEqual(['evt-a', 'evt-b', 'evt-c']);
	});
});

describe('DingTalk Trigger · malformed but validly signed events', () => {
	it.each([
		['JSON null', 'null', 'decrypted payload is not a JSON object (it is null)'],
		[
			'a JSON string',
			'"chat_update_title"',
			'decrypted payload is not a JSON object (it is a string)',
		],
		[
			'a JSON list',
			'[{"EventType":"chat_update_title"}]',
			'decrypted payload is not a JSON object (it is a list)',
		],
		['a JSON number', '42', 'decrypted payload is not a JSON object (it is a number)'],
	])(
		'%s is refused with 400, nothing started, a clear log line',
		async (_case, message, reason) => {
			const from = logLines.length;
			const outcome = await deliver(await build({ message }));
			expect(outcome).toMatchObject({ status: 400, body: { errmsg: reason } });
			expect(outcome.started).toBeUndefined();
			expect(logSince(from)).toContain(`DingTalk Trigger refused a callback: ${reason}`);
		},
	);

	it('padding where only the last byte is right is refused', async () => {
		const outcome = await deliver(
			await build({ tamper: 'padding', payload: { EventId: 'bad-padding' } }),
		);
		expect(outcome).toMatchObject({
			status: 400,
			body: { errmsg: 'bad padding (wrong aes_key?)' },
		});
		expect(outcome.started).toBeUndefined();
	});
});

describe('DingTalk Trigger · robot messages over HTTP', () => {
	async function robotPush(spec: IDataObject = {}): Promise<KeptPush> {
		return await build({ kind: 'robot', ...spec });
	}

	it('the same signed robot message delivered 5 times runs once; the others get 403', async () => {
		const push = await robotPush({ payload: { text: { content: 'hello once' } } });
		const outcomes: WebhookOutcome[] = [];
		for (let i = 0; i < 5; i++) outcomes.push(await deliver(push, ROBOT));
		expect(outcomes.map((o) => o.status)).toEqual([200, 403, 403, 403, 403]);
		expect(outcomes.filter((o) => o.started).map((o) => o.started![0].json.text)).toEqual([
			'hello once',
		]);
	});

	it('two messages signed in the same millisecond (same sign, different messages) both run', async () => {
		const first = await robotPush({ payload: { text: { content: 'first' } } });
		const second = {
			...first,
			body: JSON.stringify({
				...JSON.parse(first.body),
				msgId: 'msg-second',
				text: { content: 'second' },
			}),
		};
		const outcomes = [await deliver(first, ROBOT), await deliver(second, ROBOT)];
		expect(outcomes.map((o) => o.started?.[0].json.text)).toEqual(['first', 'second']);
	});

	it.each([
		['empty', ''],
		['whitespace-only', '   '],
	])(
		'an %s Client Secret refuses every robot message, also one signed with an empty key',
		async (_case, clientSecret) => {
			const from = logLines.length;
			for (const tamper of ['emptySecret', undefined]) {
				const outcome = await deliver(await robotPush(tamper ? { tamper } : {}), ROBOT, {
					clientSecret,
				});
				expect(outcome.status).toBe(500);
				expect(outcome.started).toBeUndefined();
			}
			expect(logSince(from)).toContain(
				'DingTalk Trigger refused a callback: the DingTalk API credential has no Client Secret',
			);
		},
	);

	it('a robot message with odd field types is passed on, normalised, without throwing', async () => {
		const outcome = await deliver(
			await robotPush({
				payload: {
					createAt: 'yesterday',
					atUsers: [null, 7, { staffId: 'user0002' }],
					text: 'not an object',
					sessionWebhookExpiredTime: 1e20,
					senderNick: 42,
				},
			}),
			ROBOT,
		);
		expect(outcome.status).toBe(200);
		expect(outcome.started?.[0].json).toMatchObject({
			createdAt: null,
			atUserIds: ['user0002'],
			text: null,
			sessionWebhookExpiresAt: null,
			senderNick: '42',
		});
	});
});
