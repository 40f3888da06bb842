import { parseExactJson, stringifyWithInt64 } from '../../../nodes/DingTalk/transport/exactJson';

describe('exact JSON for int64 ids', () => {
	it('keeps integers above 2^53 as their digits, and leaves the rest as JSON.parse would', () => {
		expect(
			parseExactJson(
				'{"task_id":9007199254740993,"neg":-9007199254740993,"safe":256271667526,' +
					'"max":9007199254740991,"float":1234567890123456.5,"exp":1e20,' +
					'"text":"id 9007199254740993 \\" 18446744073709551615","list":[18446744073709551615]}',
			),
		).toEqual({
			task_id: '9007199254740993',
			neg: '-9007199254740993',
			safe: 256271667526,
			max: 9007199254740991,
			float: 1234567890123456.5,
			exp: 1e20,
			text: 'id 9007199254740993 " 18446744073709551615',
			list: ['18446744073709551615'],
		});
	});

	it('writes the named fields as bare numbers with every digit, and nothing else', () => {
		expect(
			stringifyWithInt64(
				{ agent_id: '3000000001', task_id: '9007199254740993', note: '9007199254740993', n: 1 },
				['agent_id', 'task_id'],
			),
		).toBe('{"agent_id":3000000001,"task_id":9007199254740993,"note":"9007199254740993","n":1}');
		expect(stringifyWithInt64({ task_id: 'abc' }, ['task_id'])).toBe('{"task_id":"abc"}');
	});
});
