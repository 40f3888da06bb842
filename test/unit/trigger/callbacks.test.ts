import { readMaxSkewSeconds, readOwnerKey } from '../../../nodes/DingTalk/trigger/http/options';
import { isoTime, normalizeRobotMessage } from '../../../nodes/DingTalk/trigger/normalize';
import { ReplayMemory } from '../../../nodes/DingTalk/trigger/replayMemory';

describe('Max Clock Skew option', () => {
	it.each<[unknown, number]>([
		[undefined, 300],
		['', 300],
		[10, 10],
		[300, 300],
		[3600, 3600],
		[90.5, 90.5],
	])('%p → %p seconds', (value, seconds) => {
		expect(readMaxSkewSeconds(value)).toEqual({ seconds });
	});

	it.each<unknown>([
		'one hour',
		'300',
		NaN,
		Infinity,
		-Infinity,
		-60,
		0,
		9,
		3601,
		2592000,
		{},
		[],
		true,
	])('%p is a problem, never a disabled check', (value) => {
		const result = readMaxSkewSeconds(value);
		expect(result.seconds).toBeUndefined();
		expect(result.problem).toMatch(
			/^Options → Max Clock Skew \(Seconds\) must be a number from 10 to 3600, but it is /,
		);
	});
});

describe('Owner Key option', () => {
	it('accepts appKey (default) and corpId, nothing else', () => {
		expect(readOwnerKey(undefined)).toEqual({ ownerKey: 'appKey' });
		expect(readOwnerKey('corpId')).toEqual({ ownerKey: 'corpId' });
		expect(readOwnerKey('CorpId').problem).toContain('Owner Key must be "appKey" or "corpId"');
	});
});

describe('ReplayMemory', () => {
	it('refuses a second claim until the given time, then accepts it again', () => {
		const memory = new ReplayMemory(10);
		expect(memory.claim('a', 2000, 1000)).toBe(true);
		expect(memory.claim('a', 5000, 1999)).toBe(false);
		expect(memory.claim('a', 5000, 2000)).toBe(true);
	});

	it('over its bound drops expired entries first, then the oldest', () => {
		const memory = new ReplayMemory(10);
		for (let i = 0; i < 5; i++) memory.remember(`old${i}`, 100, 0);
		for (let i = 0; i < 6; i++) memory.remember(`live${i}`, 10000, 200);
		expect(memory.size).toBeLessThanOrEqual(10);
		for (let i = 0; i < 6; i++) expect(memory.has(`live${i}`, 200)).toBe(true);
	});
});

describe('robot message normalisation never throws', () => {
	it.each<[string, unknown]>([
		['null', null],
		['a string', 'text'],
		['a list', [1, 2]],
		[
			'odd field types',
			{
				msgtype: 7,
				createAt: 'not a time',
				atUsers: [null, 'x', 3, { staffId: 5 }],
				text: 'plain',
				content: 'x',
				sessionWebhookExpiredTime: 1e20,
				conversationType: { a: 1 },
			},
		],
		['a createAt beyond the Date range', { msgtype: 'text', createAt: 9e15 }],
	])('%s', (_case, input) => {
		const message = normalizeRobotMessage(input);
		expect(message.createdAt).toBeNull();
		expect(Array.isArray(message.atUserIds)).toBe(true);
	});

	it('keeps good values', () => {
		const message = normalizeRobotMessage({
			msgtype: 'text',
			text: { content: ' hi ' },
			createAt: 1700000000000,
			atUsers: [{ staffId: 'u1' }],
			conversationType: '2',
			sessionWebhookExpiredTime: '1700000000000',
		});
		expect(message).toMatchObject({
			messageType: 'text',
			text: 'hi',
			createdAt: '2023-11-14T22:13:20.000Z',
			atUserIds: ['u1'],
			conversationType: 'group',
			sessionWebhookExpiresAt: '2023-11-14T22:13:20.000Z',
		});
	});

	it('isoTime accepts ms as a number or digits only', () => {
		expect(isoTime(0)).toBeNull();
		expect(isoTime('12abc')).toBeNull();
		expect(isoTime(Number.NaN)).toBeNull();
		expect(isoTime('1700000000000')).toBe('2023-11-14T22:13:20.000Z');
	});
});
