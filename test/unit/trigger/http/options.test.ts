import { readMaxSkewSeconds, readOwnerKey } from '../../../../nodes/DingTalk/trigger/http/options';

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
