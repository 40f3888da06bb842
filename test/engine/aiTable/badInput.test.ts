import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';
import { columns, seed, target, tasks } from './aiTable';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());

type Value = IDataObject[string];

/** Three items; only the middle one's `v` is bad. */
const items = (good: Value, bad: Value) => [
	{ json: { v: good } },
	{ json: { v: bad } },
	{ json: { v: good } },
];

interface Case {
	name: string;
	parameters: (recordId: string) => IDataObject;
	good: (recordId: string) => Value;
	bad: Value;
	message: string;
}

const CASES: Case[] = [
	{
		name: 'Get Record: empty Record ID',
		parameters: () => target('getRecord', { recordId: '={{ $json.v }}' }),
		good: (id) => id,
		bad: '',
		message: 'No record ID given in parameter "Record ID" [item 1]',
	},
	{
		name: 'Delete Record: a Record ID that is an object',
		parameters: () => target('deleteRecord', { recordId: '={{ $json.v }}' }),
		good: (id) => id,
		bad: { id: 'x' },
		message: 'Expected text but got an object in parameter "Record ID" [item 1]',
	},
	{
		name: 'Update Record: no Record ID column value',
		parameters: () =>
			target('updateRecord', { columns: columns({ id: '={{ $json.v }}', Status: 'Done' }) }),
		good: (id) => id,
		bad: null,
		message: 'No record ID given (column "id") in parameter "Columns" [item 1]',
	},
	{
		name: 'Create or Update Record: an empty key',
		parameters: () =>
			target('upsertRecord', { columns: columns({ Title: '={{ $json.v }}' }, ['Title']) }),
		good: () => 'key',
		bad: '',
		message: 'No value for the key column "Title" in parameter "Columns" [item 1]',
	},
	{
		name: 'Get Many Records: a Limit of 0',
		parameters: () => target('getManyRecords', { returnAll: false, limit: '={{ $json.v }}' }),
		good: () => 1,
		bad: 0,
		message: 'Limit "0" is not a whole number of 1 or more in parameter "Limit" [item 1]',
	},
	{
		name: 'Create Field: Property that is not JSON',
		parameters: () =>
			target('createField', {
				fieldName: '={{ "F" + $itemIndex }}',
				fieldType: 'number',
				fieldProperty: '={{ $json.v }}',
			}),
		good: () => '{}',
		bad: '[1, 2]',
		message: 'Not a JSON object in parameter "Property (JSON)" [item 1]',
	},
	{
		name: 'Get Sheet: a Base that is neither an ID nor a link',
		parameters: () =>
			target('getSheet', { base: { __rl: true, mode: 'id', value: '={{ $json.v }}' } }),
		good: () => 'NotableEmuBase00000000000000001',
		bad: 'my table',
		message: '"my table" is neither a base ID nor an AI Table link in parameter "Base" [item 1]',
	},
];

describe('AI Table bad input: the middle of three items is bad, Continue On Fail on', () => {
	it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
		await seed(env, 1);
		const [record] = await tasks(env);
		const { output, error } = await runNode({
			credentials: credentials(),
			items: items(testCase.good(record.id), testCase.bad),
			parameters: testCase.parameters(record.id),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(output).toHaveLength(3);
		expect(output[1].json.error).toBe(testCase.message);
		expect(output[0].json.error).toBeUndefined();
		expect(output[2].json.error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});
