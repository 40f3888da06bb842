import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { EmulatorWorkbookState } from '../../emulator';
import { useEmulator } from '../../support/useEmulator';
import { resourceMapperFields } from '../editor';
import { runNode, TestCredentialsHelper } from '../harness';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());
const BOOK = 'WorkbookEmu000000000000000001';
const SHEET_PATH = `/v1.0/doc/workbooks/${BOOK}/sheets/st0001`;

const params = (operation: string, extra: IDataObject = {}): IDataObject => ({
	resource: 'workbook',
	operation,
	workbook: { __rl: true, mode: 'url', value: `https://alidocs.dingtalk.com/i/nodes/${BOOK}` },
	worksheet: { __rl: true, mode: 'list', value: 'st0001' },
	operatorId: 'user0001',
	...extra,
});
const rows = async () =>
	(await env.client.admin<{ workbooks: EmulatorWorkbookState[] }>('GET', 'state')).workbooks[0]
		.sheets[0].rows;

describe('Sheets (Workbook)', () => {
	it('Read Rows: every used row as an item, the header row naming the fields', async () => {
		const { output, error } = await runNode({
			credentials: credentials(),
			parameters: params('readRows'),
		});
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json)).toEqual([
			{ row: 2, Name: 'Alice', Team: 'Sales', Amount: 120 },
			{ row: 3, Name: 'Bob', Team: 'Ops', Amount: 80 },
		]);
		const calls = (await env.client.state()).requests.filter((r) => r.path.startsWith(SHEET_PATH));
		expect(calls.map((r) => `${r.method} ${r.path.slice(SHEET_PATH.length)}`)).toEqual([
			'GET ',
			'GET /ranges/A1:C3',
		]);
		expect(calls[0].query.operatorId).toMatch(/^union/);
		const part = await runNode({
			credentials: credentials(),
			parameters: params('readRows', { readRange: 'B2:C3', header: false }),
		});
		expect(part.output.map((item) => item.json)).toEqual([
			{ row: 2, B: 'Sales', C: 120 },
			{ row: 3, B: 'Ops', C: 80 },
		]);
	});

	it('Read Rows can find rows by a column value; an unknown column names the parameter', async () => {
		const found = await runNode({
			credentials: credentials(),
			parameters: params('readRows', { lookupColumn: 'Team', lookupValue: 'Ops' }),
		});
		expect(found.output.map((item) => item.json)).toEqual([
			{ row: 3, Name: 'Bob', Team: 'Ops', Amount: 80 },
		]);
		const byAmount = await runNode({
			credentials: credentials(),
			parameters: params('readRows', { lookupColumn: 'Amount', lookupValue: '120' }),
		});
		expect(byAmount.output.map((item) => item.json.Name)).toEqual(['Alice']);
		const unknown = await runNode({
			credentials: credentials(),
			parameters: params('readRows', { lookupColumn: 'Department', lookupValue: 'x' }),
		});
		expect(unknown.error?.message).toBe(
			'The range has no column "Department" in parameter "Find Rows Where Column" [item 0]',
		);
	});

	it('Append Rows: one call, cells by the header; an unknown field or no known field is an item error, never an empty row', async () => {
		const { output } = await runNode({
			credentials: credentials(),
			items: [
				{ json: { Name: 'Carol', Team: 'Sales', Amount: 55 } },
				{ json: { Name: 'Dan', Team: 'Ops' } },
			],
			parameters: params('appendRows'),
		});
		expect(output.map((item) => item.json.appended)).toEqual([true, true]);
		const appends = await env.client.requestsTo(`${SHEET_PATH}/appendRows`);
		expect(appends.map((r) => r.body)).toEqual([
			{
				values: [
					['Carol', 'Sales', '55'],
					['Dan', 'Ops', ''],
				],
			},
		]);
		expect((await rows()).slice(3)).toEqual([
			['Carol', 'Sales', 55],
			['Dan', 'Ops', null],
		]);

		const bad = await runNode({
			credentials: credentials(),
			items: [{ json: { Name: 'Eve' } }, { json: { Nom: 'Frank' } }, { json: {} }],
			parameters: params('appendRows'),
			continueOnFail: true,
		});
		expect(bad.output.map((item) => item.json.error ?? null)).toEqual([
			null,
			'Field "Nom" has no column in the header row in parameter "Input Fields" [item 1]',
			'None of the item\'s fields is a column of the sheet in parameter "Input Fields" [item 2]',
		]);
		expect((await env.client.requestsTo(`${SHEET_PATH}/appendRows`)).at(-1)?.body).toEqual({
			values: [['Eve', '', '']],
		});
	});

	it("Update Range: values of the range's shape are written; another shape is an error naming both, nothing sent", async () => {
		const wrong = await runNode({
			credentials: credentials(),
			parameters: params('updateRange', { range: 'B2:C3', values: '[["Support", 130]]' }),
		});
		expect(wrong.error?.message).toBe(
			'The range B2:C3 is 2 × 2 cells but the values are 1 row in parameter "Values (JSON)" [item 0]',
		);
		expect((await env.client.state()).requests.filter((r) => r.method === 'PUT')).toHaveLength(0);
		const ragged = await runNode({
			credentials: credentials(),
			parameters: params('updateRange', { range: 'B2:C3', values: '[["Support", 130], ["Ops"]]' }),
		});
		expect(ragged.error?.message).toContain('(row 2 has 1 cells)');
		const { output } = await runNode({
			credentials: credentials(),
			parameters: params('updateRange', {
				range: 'b2:c3',
				values: '[["Support", 130], ["Ops", 90]]',
			}),
		});
		expect(output[0].json).toEqual({ range: 'B2:C3', rows: 2, columns: 2, updated: true });
		const [put] = await env.client.requestsTo(`${SHEET_PATH}/ranges/B2:C3`);
		expect(put.body).toEqual({
			values: [
				['Support', '130'],
				['Ops', '90'],
			],
		});
		expect((await rows()).slice(1)).toEqual([
			['Alice', 'Support', 130],
			['Bob', 'Ops', 90],
		]);
		const noRange = await runNode({
			credentials: credentials(),
			parameters: params('updateRange', { range: 'second row', values: '[[1]]' }),
		});
		expect(noRange.error?.message).toBe(
			'"second row" is not an A1 range in parameter "Range" [item 0]',
		);
	});

	it('Get Many Sheets, Create Sheet, Delete Sheet', async () => {
		const many = await runNode({ credentials: credentials(), parameters: params('getManySheets') });
		expect(many.output.map((item) => item.json)).toEqual([
			{ id: 'st0001', name: 'Sheet1' },
			{ id: 'st0002', name: 'Notes' },
		]);
		const created = await runNode({
			credentials: credentials(),
			parameters: params('createSheet', { sheetName: 'Q4' }),
		});
		expect(created.output[0].json).toMatchObject({ id: expect.any(String), name: 'Q4' });
		const deleted = await runNode({
			credentials: credentials(),
			parameters: params('deleteSheet', { worksheet: { __rl: true, mode: 'id', value: 'Q4' } }),
		});
		expect(deleted.output[0].json).toEqual({ sheet: 'Q4', deleted: true });
		const calls = (await env.client.state()).requests.filter((r) => r.path.includes('/workbooks/'));
		expect(calls.map((r) => `${r.method} ${r.path.split(BOOK)[1]}`)).toEqual([
			'GET /sheets',
			'POST /sheets',
			'DELETE /sheets/Q4',
		]);
		const noName = await runNode({
			credentials: credentials(),
			parameters: params('createSheet', { sheetName: '={{ "" }}' }),
		});
		expect(noName.error?.message).toBe('No name given in parameter "Sheet Name" [item 0]');
	});

	it("Append Rows with n8n's Retry On Fail: the next try appends only the part that failed", async () => {
		// 600 items: a part of 500 rows, then one of 100. The second part gets a 503: whether it was
		// appended is unknown, so the transport does not repeat it and the node fails; n8n runs it
		// again, and that try appends the second part only.
		await env.client.faults({
			rules: [
				{ type: 'status', status: 503, path: `${SHEET_PATH}/appendRows`, after: 1, count: 1 },
			],
		});
		const people = Array.from({ length: 600 }, (_, n) => ({
			json: { Name: `P${n}`, Team: 'T', Amount: n },
		}));
		const { output, error } = await runNode({
			credentials: credentials(),
			items: people,
			parameters: params('appendRows'),
			settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		});
		const appends = await env.client.requestsTo(`${SHEET_PATH}/appendRows`);
		expect(error).toBeUndefined();
		// The emulator keeps no body of a refused call.
		expect(
			appends.map((r) => [r.outcome, (r.body?.values as unknown[] | undefined)?.length]),
		).toEqual([
			['ok', 500],
			['fault-status', undefined],
			['ok', 100],
		]);
		const written = (await rows()).slice(3);
		expect(written.map((row) => row[0])).toEqual(people.map((p) => p.json.Name));
		expect(output).toHaveLength(600);
		expect(output.every((item) => item.json.appended === true)).toBe(true);
	});

	it('Append Rows with Columns mapped one by one: cells by the header, fixed and computed values', async () => {
		const columns = (value: IDataObject) => ({
			mappingMode: 'defineBelow',
			value,
			matchingColumns: [],
			schema: [],
		});
		const { output } = await runNode({
			credentials: credentials(),
			items: [{ json: { who: 'Gus', n: 10 } }, { json: { who: 'Hana', n: 2.5 } }],
			parameters: params('appendRows', {
				columns: columns({ Amount: '={{ $json.n * 2 }}', Name: '={{ $json.who }}', Team: 'Ops' }),
			}),
		});
		expect((await env.client.requestsTo(`${SHEET_PATH}/appendRows`)).map((r) => r.body)).toEqual([
			{
				values: [
					['Gus', 'Ops', '20'],
					['Hana', 'Ops', '5'],
				],
			},
		]);
		expect(output.map((item) => item.json)).toEqual([
			{ Amount: 20, Name: 'Gus', Team: 'Ops', appended: true },
			{ Amount: 5, Name: 'Hana', Team: 'Ops', appended: true },
		]);
		// A column the header row lacks (a schema saved before the header changed) names Columns.
		const stale = await runNode({
			credentials: credentials(),
			items: [{ json: { who: 'Ida' } }],
			parameters: params('appendRows', {
				columns: columns({ Name: '={{ $json.who }}', Region: 'N' }),
			}),
		});
		expect(stale.error?.message).toBe(
			'Field "Region" has no column in the header row in parameter "Columns" [item 0]',
		);
		expect(await env.client.requestsTo(`${SHEET_PATH}/appendRows`)).toHaveLength(1);
	});

	it("Append Rows' Columns in the editor: the header row's names, asked as the operator", async () => {
		const { fields } = await resourceMapperFields('getWorkbookColumns', {
			credentials: credentials(),
			parameters: params('appendRows') as INodeParameters,
		});
		expect(fields.map((f) => [f.id, f.type, f.required])).toEqual([
			['Name', 'string', false],
			['Team', 'string', false],
			['Amount', 'string', false],
		]);
		const header = await env.client.requestsTo(`${SHEET_PATH}/ranges/A1:C1`);
		expect(header).toHaveLength(1);
		expect(header[0].query.operatorId).toMatch(/^union/);
	});

	it('Clear Range empties the cells', async () => {
		const { output } = await runNode({
			credentials: credentials(),
			parameters: params('clearRange', { range: 'A3:C3' }),
		});
		expect(output[0].json).toEqual({ range: 'A3:C3', cleared: true });
		expect((await rows())[2]).toEqual([null, null, null]);
	});
});
