/**
 * Sheets bad input: three items of which only the middle one is bad, Continue On Fail on. The bad
 * item becomes one error item naming the parameter and the item (a huge value quoted short), the
 * other two succeed, and the sheet gets only their calls.
 */
import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());
const BOOK = 'WorkbookEmu000000000000000001';
const V = '={{ $json.v }}';

const params = (operation: string, extra: IDataObject = {}): IDataObject => ({
	resource: 'workbook',
	operation,
	workbook: { __rl: true, mode: 'id', value: BOOK },
	worksheet: { __rl: true, mode: 'list', value: 'st0001' },
	operatorId: 'user0001',
	...extra,
});

interface Case {
	name: string;
	parameters: IDataObject;
	good: [unknown, unknown];
	bad: unknown;
	message: string;
	/** Calls the good items make (method and path below the workbook). */
	calls: string[];
}

const HUGE = 'A'.repeat(100_000);

const CASES: Case[] = [
	{
		name: 'Read Rows: a Range that is an object',
		parameters: params('readRows', { readRange: V }),
		good: ['A1:C2', 'A1:C3'],
		bad: { from: 'A1' },
		message: 'Expected text but got an object in parameter "Range" [item 1]',
		calls: ['GET /sheets/st0001/ranges/A1:C2', 'GET /sheets/st0001/ranges/A1:C3'],
	},
	{
		name: 'Read Rows: a Range of 100,000 characters, quoted short',
		parameters: params('readRows', { readRange: V }),
		good: ['A1:C2', 'A1:C2'],
		bad: HUGE,
		message: `"${'A'.repeat(80)}" is not an A1 range in parameter "Range" [item 1]`,
		calls: ['GET /sheets/st0001/ranges/A1:C2', 'GET /sheets/st0001/ranges/A1:C2'],
	},
	{
		name: 'Update Range: a Range that is a number',
		parameters: params('updateRange', { range: V, values: '[["x"]]' }),
		good: ['D1', 'D2'],
		bad: 5,
		message: '"5" is not an A1 range in parameter "Range" [item 1]',
		calls: ['PUT /sheets/st0001/ranges/D1:D1', 'PUT /sheets/st0001/ranges/D2:D2'],
	},
	{
		name: 'Update Range: Values that are not JSON',
		parameters: params('updateRange', { range: 'D1', values: V }),
		good: ['[["a"]]', '[["b"]]'],
		bad: 'a, b',
		message: 'Not JSON in parameter "Values (JSON)" [item 1]',
		calls: ['PUT /sheets/st0001/ranges/D1:D1', 'PUT /sheets/st0001/ranges/D1:D1'],
	},
	{
		name: 'Clear Range: no range',
		parameters: params('clearRange', { range: V }),
		good: ['A2', 'B2'],
		bad: '',
		message: 'No range given in parameter "Range" [item 1]',
		calls: [
			'POST /sheets/st0001/ranges/A2:A2/clearData',
			'POST /sheets/st0001/ranges/B2:B2/clearData',
		],
	},
	{
		name: 'Create Sheet: a Sheet Name that is an object',
		parameters: params('createSheet', { sheetName: V }),
		good: ['Q1', 'Q2'],
		bad: { name: 'Q3' },
		message: 'Expected text but got an object in parameter "Sheet Name" [item 1]',
		calls: ['POST /sheets', 'POST /sheets'],
	},
	{
		name: 'Read Rows: no sheet',
		parameters: params('readRows', {
			worksheet: { __rl: true, mode: 'id', value: V },
			readRange: 'A1:A2',
		}),
		good: ['st0001', 'Sheet1'],
		bad: '',
		message: 'No sheet given in parameter "Sheet" [item 1]',
		calls: ['GET /sheets/st0001/ranges/A1:A2', 'GET /sheets/Sheet1/ranges/A1:A2'],
	},
	{
		name: 'Get Many Sheets: a Workbook that is neither an ID nor a link',
		parameters: params('getManySheets', { workbook: { __rl: true, mode: 'id', value: V } }),
		good: [BOOK, `https://alidocs.dingtalk.com/i/nodes/${BOOK}`],
		bad: 'my budget',
		message: '"my budget" is neither a workbook ID nor its link in parameter "Workbook" [item 1]',
		calls: ['GET /sheets', 'GET /sheets'],
	},
];

describe('Sheets bad input: the middle of three items is bad, Continue On Fail on', () => {
	it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
		const { output, error } = await runNode({
			credentials: credentials(),
			items: [testCase.good[0], testCase.bad, testCase.good[1]].map((v) => ({
				json: { v } as IDataObject,
			})),
			parameters: testCase.parameters,
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		const errors = output.filter((item) => item.json.error !== undefined);
		expect(errors).toHaveLength(1);
		expect(errors[0].json.error).toBe(testCase.message);
		expect(errors[0].pairedItem).toEqual({ item: 1 });
		expect(String(errors[0].json.description ?? '')).not.toBe('');
		const paired = output.map((item) => (item.pairedItem as { item: number }).item);
		expect(paired).toContain(0);
		expect(paired).toContain(2);
		const calls = (await env.client.state()).requests
			.filter((r) => r.path.startsWith(`/v1.0/doc/workbooks/${BOOK}`))
			.map((r) => `${r.method} ${r.path.slice(`/v1.0/doc/workbooks/${BOOK}`.length)}`);
		expect(calls).toEqual(testCase.calls);
	});
});
