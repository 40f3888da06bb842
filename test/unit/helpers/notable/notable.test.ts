import {
	plainFields,
	toCell,
	type NotableField,
} from '../../../../nodes/DingTalk/helpers/notable/fields';
import { locatorValue, parseBase } from '../../../../nodes/DingTalk/helpers/notable/target';
import { sortRecords } from '../../../../nodes/DingTalk/actions/aiTable/records';

const field = (type: string, name = 'F'): NotableField => ({ id: `fld${name}`, name, type });

describe('parseBase', () => {
	it('takes an ID, or the ID and linked sheet of an AI Table link', () => {
		expect(parseBase(' Gl6Pm2Db8D332mAgCnxo5w9lJxLq0Ee4 ')).toEqual({
			baseId: 'Gl6Pm2Db8D332mAgCnxo5w9lJxLq0Ee4',
		});
		expect(
			parseBase(
				'https://alidocs.dingtalk.com/i/nodes/Gl6Pm2Db8D332mAgCnxo5w9lJxLq0Ee4?utm_scene=team_space&iframeQuery=sheetId%3Dabc123%26viewId%3Dv9',
			),
		).toEqual({ baseId: 'Gl6Pm2Db8D332mAgCnxo5w9lJxLq0Ee4', sheetId: 'abc123' });
		expect(parseBase('https://alidocs.dingtalk.com/i/nodes/Base12345678?sheetId=s1')).toEqual({
			baseId: 'Base12345678',
			sheetId: 's1',
		});
	});

	it('names what is wrong with anything else', () => {
		expect(parseBase('')).toMatchObject({ problem: 'No base given' });
		expect(parseBase('my table')).toMatchObject({
			problem: '"my table" is neither a base ID nor an AI Table link',
		});
		expect(parseBase('https://alidocs.dingtalk.com/i/spaces/x')).toMatchObject({
			problem: 'The link names no AI Table',
		});
	});

	it('reads a resource locator or a plain value', () => {
		expect(locatorValue({ __rl: true, mode: 'id', value: 'abc' })).toBe('abc');
		expect(locatorValue('abc')).toBe('abc');
		expect(locatorValue(undefined)).toBe('');
	});
});

describe('toCell: n8n values in the record value format', () => {
	it('converts by field type', () => {
		expect(toCell(field('number'), '12.5')).toEqual({ value: 12.5 });
		expect(toCell(field('number'), 'many')).toEqual({ problem: '"many" is not a number' });
		expect(toCell(field('number'), '')).toBeUndefined();
		expect(toCell(field('text'), 42)).toEqual({ value: '42' });
		expect(toCell(field('date'), { toMillis: () => 1700000000000 })).toEqual({
			value: 1700000000000,
		});
		expect(toCell(field('date'), new Date(1700000000000))).toEqual({ value: 1700000000000 });
		expect(toCell(field('date'), '1700000000')).toEqual({ value: 1700000000000 });
		expect(toCell(field('date'), '2026-12-01 09:00')).toEqual({ value: '2026-12-01 09:00' });
		expect(toCell(field('multipleSelect'), 'red, blue')).toEqual({ value: ['red', 'blue'] });
		expect(toCell(field('singleSelect'), { id: 'o1', name: 'Done' })).toEqual({ value: 'Done' });
		expect(toCell(field('user'), 'u1,u2')).toEqual({
			value: [{ unionId: 'u1' }, { unionId: 'u2' }],
		});
		expect(toCell(field('department'), [7])).toEqual({ value: [{ deptId: '7' }] });
		expect(toCell(field('url'), 'https://x.io')).toEqual({
			value: { text: 'https://x.io', link: 'https://x.io' },
		});
		expect(toCell(field('unidirectionalLink'), 'r1, r2')).toEqual({
			value: { linkedRecordIds: ['r1', 'r2'] },
		});
		expect(toCell(field('text'), undefined)).toBeUndefined();
		expect(toCell(field('number'), null)).toEqual({ value: null });
	});

	it('turns DingTalk answers into plain values', () => {
		const fields = [
			field('number', 'N'),
			field('singleSelect', 'S'),
			field('multipleSelect', 'M'),
			field('text', 'T'),
		];
		expect(
			plainFields(fields, {
				N: '3.5',
				S: { id: 'o1', name: 'Done' },
				M: [{ id: 'o2', name: 'red' }],
				T: 'hi',
			}),
		).toEqual({ N: 3.5, S: 'Done', M: ['red'], T: 'hi' });
	});
});

describe('sortRecords', () => {
	it('sorts by several fields, numbers by value, empty values last in both directions', () => {
		const records = [
			{ id: 'a', Count: 10, Title: 'b' },
			{ id: 'b', Count: 9, Title: 'a' },
			{ id: 'c', Title: 'c' },
			{ id: 'd', Count: 10, Title: 'a' },
		];
		expect(sortRecords(records, [{ field: 'Count', descending: false }]).map((r) => r.id)).toEqual([
			'b',
			'a',
			'd',
			'c',
		]);
		expect(
			sortRecords(records, [
				{ field: 'Count', descending: true },
				{ field: 'Title', descending: false },
			]).map((r) => r.id),
		).toEqual(['d', 'a', 'b', 'c']);
	});
});
