import { chunk, parseIdList } from '../../../../nodes/DingTalk/helpers/messages/recipients';

describe('parseIdList', () => {
	describe('arrays', () => {
		it('takes the entries of an array as IDs, in order', () => {
			expect(parseIdList(['user1', 'user2', 'user3'])).toEqual({
				ids: ['user1', 'user2', 'user3'],
			});
		});

		it('turns numbers inside an array into strings', () => {
			expect(parseIdList([123, 'user2', 456])).toEqual({ ids: ['123', 'user2', '456'] });
		});

		it('trims entries and drops empty, null and undefined ones', () => {
			expect(parseIdList(['  user1 ', '', '   ', null, undefined, 'user2'])).toEqual({
				ids: ['user1', 'user2'],
			});
		});

		it('returns an empty list for an empty array', () => {
			expect(parseIdList([])).toEqual({ ids: [] });
		});

		it('rejects an object inside an array and names its position (1-based)', () => {
			const result = parseIdList(['user1', { userId: 'user2' }], 'user ID');
			expect(result.ids).toBeUndefined();
			expect(result.problem).toContain('Entry 2');
			expect(result.problem).toContain('object');
			expect(result.problem).toContain('user ID');
		});

		it('rejects a nested array and says it is an array', () => {
			const result = parseIdList(['user1', 'user2', ['user3']]);
			expect(result.ids).toBeUndefined();
			expect(result.problem).toContain('Entry 3');
			expect(result.problem).toContain('an array');
		});

		it('rejects a boolean inside an array', () => {
			const result = parseIdList([true]);
			expect(result.problem).toContain('Entry 1');
			expect(result.problem).toContain('boolean');
		});
	});

	describe('numbers', () => {
		it('takes a single number as one ID', () => {
			expect(parseIdList(12345)).toEqual({ ids: ['12345'] });
		});

		it('takes zero as an ID', () => {
			expect(parseIdList(0)).toEqual({ ids: ['0'] });
		});
	});

	describe('JSON array strings', () => {
		it('parses a JSON array of strings', () => {
			expect(parseIdList('["id1", "id2"]')).toEqual({ ids: ['id1', 'id2'] });
		});

		it('parses a JSON array with surrounding whitespace and numbers', () => {
			expect(parseIdList('  [ "id1", 42 ]\n')).toEqual({ ids: ['id1', '42'] });
		});

		it('parses an empty JSON array', () => {
			expect(parseIdList('[]')).toEqual({ ids: [] });
		});

		it('de-duplicates entries of a JSON array', () => {
			expect(parseIdList('["a","b","a"]')).toEqual({ ids: ['a', 'b'] });
		});

		it('reports invalid JSON that starts with "[" as a problem that mentions JSON', () => {
			const result = parseIdList('[id1, id2]', 'user ID');
			expect(result.ids).toBeUndefined();
			expect(result.problem).toContain('JSON');
			expect(result.problem).toContain('user ID');
		});

		it('reports an unterminated JSON array as a problem', () => {
			const result = parseIdList('["id1", "id2"');
			expect(result.ids).toBeUndefined();
			expect(result.problem).toContain('JSON');
		});

		it('rejects an object inside a JSON array and names its position', () => {
			const result = parseIdList('["id1", "id2", {"userId": "id3"}]', 'user ID');
			expect(result.ids).toBeUndefined();
			expect(result.problem).toContain('Entry 3');
			expect(result.problem).toContain('object');
		});

		it('skips null entries of a JSON array', () => {
			expect(parseIdList('["id1", null, "id2"]')).toEqual({ ids: ['id1', 'id2'] });
		});
	});

	describe('separated text', () => {
		it('splits on commas and trims', () => {
			expect(parseIdList('user1, user2 ,user3')).toEqual({ ids: ['user1', 'user2', 'user3'] });
		});

		it('splits on new lines (LF and CRLF)', () => {
			expect(parseIdList('user1\nuser2\r\nuser3\n')).toEqual({ ids: ['user1', 'user2', 'user3'] });
		});

		it('splits on semicolons', () => {
			expect(parseIdList('user1;user2; user3')).toEqual({ ids: ['user1', 'user2', 'user3'] });
		});

		it('splits on the Chinese (full-width) comma, semicolon and enumeration comma', () => {
			expect(parseIdList('user1，user2；user3、user4')).toEqual({
				ids: ['user1', 'user2', 'user3', 'user4'],
			});
		});

		it('splits on spaces and tabs', () => {
			expect(parseIdList('user1 user2\tuser3')).toEqual({ ids: ['user1', 'user2', 'user3'] });
		});

		it('ignores empty segments between repeated separators', () => {
			expect(parseIdList(',,user1,, ;\n\nuser2,')).toEqual({ ids: ['user1', 'user2'] });
		});

		it('strips quotes around IDs', () => {
			expect(parseIdList('"user1", \'user2\', user3')).toEqual({
				ids: ['user1', 'user2', 'user3'],
			});
		});

		it('strips quotes around array entries too', () => {
			expect(parseIdList(['"user1"', "'user2'"])).toEqual({ ids: ['user1', 'user2'] });
		});

		it('de-duplicates, keeping the first occurrence order', () => {
			expect(parseIdList('b, a, b, c, a')).toEqual({ ids: ['b', 'a', 'c'] });
		});

		it('treats a quoted and an unquoted copy of the same ID as duplicates', () => {
			expect(parseIdList('"user1", user1, user2')).toEqual({ ids: ['user1', 'user2'] });
		});

		it('returns an empty list for an empty or blank string', () => {
			expect(parseIdList('')).toEqual({ ids: [] });
			expect(parseIdList('  \n ')).toEqual({ ids: [] });
		});

		it('keeps a single ID', () => {
			expect(parseIdList('manager4220')).toEqual({ ids: ['manager4220'] });
		});
	});

	describe('missing and unsupported values', () => {
		it('returns an empty list for null and undefined', () => {
			expect(parseIdList(null)).toEqual({ ids: [] });
			expect(parseIdList(undefined)).toEqual({ ids: [] });
		});

		it('rejects a plain object and says what it got', () => {
			const result = parseIdList({ userId: 'u1' }, 'user ID');
			expect(result.ids).toBeUndefined();
			expect(result.problem).toContain('user ID');
			expect(result.problem).toContain('object');
		});

		it('rejects a boolean', () => {
			const result = parseIdList(true);
			expect(result.ids).toBeUndefined();
			expect(result.problem).toContain('boolean');
		});

		it('pairs every problem with a fix', () => {
			expect(parseIdList('[oops').fix).toContain('["id1", "id2"]');
			expect(parseIdList('[oops').fix).toContain('commas');
			expect(parseIdList(['u1', { userId: 'u2' }], 'user ID').fix).toContain('{{ $json.userId }}');
			expect(parseIdList(true).fix).toMatch(/\S/);
		});

		it('has no problem and no fix on success', () => {
			const result = parseIdList('u1,u2');
			expect(result.problem).toBeUndefined();
			expect(result.fix).toBeUndefined();
		});

		it('uses "ID" as the default noun in problems', () => {
			expect(parseIdList('[oops').problem).toContain('IDs');
		});
	});
});

describe('chunk', () => {
	it('splits 45 entries into chunks of 20, 20 and 5, preserving order', () => {
		const list = Array.from({ length: 45 }, (_, n) => `u${n}`);
		const chunks = chunk(list, 20);
		expect(chunks.map((c) => c.length)).toEqual([20, 20, 5]);
		expect(chunks.flat()).toEqual(list);
		expect(chunks[1][0]).toBe('u20');
		expect(chunks[2]).toEqual(['u40', 'u41', 'u42', 'u43', 'u44']);
	});

	it('returns a single chunk when the list is exactly the chunk size', () => {
		expect(chunk([1, 2, 3], 3)).toEqual([[1, 2, 3]]);
	});

	it('returns no chunks for an empty list', () => {
		expect(chunk([], 20)).toEqual([]);
	});

	it('returns one chunk when the list is shorter than the size', () => {
		expect(chunk(['a', 'b'], 20)).toEqual([['a', 'b']]);
	});

	it('does not modify the input list', () => {
		const list = ['a', 'b', 'c'];
		chunk(list, 2);
		expect(list).toEqual(['a', 'b', 'c']);
	});
});
