'use strict';
// Sheets (钉钉表格 / Workbook) in a real n8n: 1,200 items appended under the header row in calls of
// 500, in the items' order, numbers stored as numbers; the next node finds rows by a column value
// (reading the 1,203-row sheet in slices of 1,000). Then Update Range with values that do not fit
// the range: the run fails naming "Values (JSON)" and nothing is written. And Append Rows with its
// Columns mapped one by one (expressions and a fixed value, the schema the editor saves).
const { useRealN8n } = require('./setup');
const { N8nInstance } = require('./n8n');

const BOOK = 'WorkbookEmu000000000000000001';
const SHEET_PATH = `/v1.0/doc/workbooks/${BOOK}/sheets/st0001`;
const CREDENTIALS = { dingTalkApi: { id: 'dingTalkEmu00001', name: 'DingTalk (emulator)' } };
// Picked as a user does: the workbook by its link, the sheet from the list.
const TARGET = {
	resource: 'workbook',
	workbook: { __rl: true, mode: 'url', value: `https://alidocs.dingtalk.com/i/nodes/${BOOK}` },
	worksheet: { __rl: true, mode: 'list', value: 'st0001', cachedResultName: 'Sheet1' },
	operatorId: 'user0001',
	operatorIdType: 'userId',
};
const COUNT = 1200;
const TEAMS = ['Sales', 'Ops', 'Support'];
// The rows the Code node makes (and the test expects), Amount a number with a fraction.
const person = (i) => ({ Name: `Person ${i}`, Team: TEAMS[i % 3], Amount: i * 2.5 });

const node = (n, name, type, typeVersion, parameters, extra = {}) => ({
	id: `5ee70000-0000-4000-8000-00000000000${n}`,
	name,
	type,
	typeVersion,
	position: [n * 200, 0],
	parameters,
	...extra,
});

const appendAndFind = {
	id: 'dtE2eSheets00001',
	name: 'dtE2eSheets00001',
	nodes: [
		node(1, 'Start', 'n8n-nodes-base.manualTrigger', 1, {}),
		node(2, 'People', 'n8n-nodes-base.code', 2, {
			jsCode: `const teams = ${JSON.stringify(TEAMS)};\nreturn Array.from({ length: ${COUNT} }, (_, i) => ({ json: { Name: \`Person \${i}\`, Team: teams[i % 3], Amount: i * 2.5 } }));`,
		}),
		node(
			3,
			'Append',
			'n8n-nodes-dingtalk-app.dingTalk',
			1,
			{ ...TARGET, operation: 'appendRows', options: {} },
			{ credentials: CREDENTIALS },
		),
		node(
			4,
			'Find Ops',
			'n8n-nodes-dingtalk-app.dingTalk',
			1,
			{ ...TARGET, operation: 'readRows', lookupColumn: 'Team', lookupValue: 'Ops' },
			{ credentials: CREDENTIALS, executeOnce: true },
		),
	],
	connections: {
		Start: { main: [[{ node: 'People', type: 'main', index: 0 }]] },
		People: { main: [[{ node: 'Append', type: 'main', index: 0 }]] },
		Append: { main: [[{ node: 'Find Ops', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
	pinData: {},
};

// Two rows of values for a range of three rows.
const misshapenUpdate = {
	id: 'dtE2eSheets00002',
	name: 'dtE2eSheets00002',
	nodes: [
		node(1, 'Start', 'n8n-nodes-base.manualTrigger', 1, {}),
		node(
			2,
			'Update',
			'n8n-nodes-dingtalk-app.dingTalk',
			1,
			{
				...TARGET,
				operation: 'updateRange',
				range: 'A2:C4',
				values: '[["Zed", "Ops", 1], ["Yan", "Ops", 2]]',
			},
			{ credentials: CREDENTIALS },
		),
	],
	connections: { Start: { main: [[{ node: 'Update', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
	pinData: {},
};

// Columns mapped one by one, in another order than the header's, with the schema the editor
// saves from getWorkbookColumns (every header name as text).
const mappedAppend = {
	id: 'dtE2eSheets00003',
	name: 'dtE2eSheets00003',
	nodes: [
		node(1, 'Start', 'n8n-nodes-base.manualTrigger', 1, {}),
		node(2, 'Orders', 'n8n-nodes-base.code', 2, {
			jsCode: `return [{ json: { customer: 'Kim', total: 12.5 } }, { json: { customer: 'Lee', total: 7 } }];`,
		}),
		node(
			3,
			'Append',
			'n8n-nodes-dingtalk-app.dingTalk',
			1,
			{
				...TARGET,
				operation: 'appendRows',
				columns: {
					mappingMode: 'defineBelow',
					value: { Amount: '={{ $json.total * 2 }}', Name: '={{ $json.customer }}', Team: 'Web' },
					matchingColumns: [],
					schema: ['Name', 'Team', 'Amount'].map((id) => ({
						id,
						displayName: id,
						required: false,
						defaultMatch: false,
						canBeUsedToMatch: false,
						display: true,
						type: 'string',
					})),
				},
				options: {},
			},
			{ credentials: CREDENTIALS },
		),
	],
	connections: {
		Start: { main: [[{ node: 'Orders', type: 'main', index: 0 }]] },
		Orders: { main: [[{ node: 'Append', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
	pinData: {},
};

const state = async () => await (await fetch(`${env.emulator.apiBaseUrl}/__emulator/state`)).json();
const sheetCalls = (s) =>
	s.requests
		.filter((r) => r.path.startsWith(SHEET_PATH))
		.map((r) => ({ ...r, call: `${r.method} ${r.path.slice(SHEET_PATH.length)}` }));

const env = useRealN8n(async ({ n8n }) => {
	await n8n.importWorkflows([appendAndFind, misshapenUpdate, mappedAppend]);
});

describe('Sheets in real n8n', () => {
	it('1,200 items → 3 appends (500, 500, 200) in order, numbers as numbers; Find Rows Where Team = Ops', async () => {
		const { code, run, stdout } = await env.n8n.execute(appendAndFind.id);
		expect({ code, tail: code === 0 ? '' : stdout.slice(-1500) }).toEqual({ code: 0, tail: '' });
		const people = Array.from({ length: COUNT }, (_, i) => person(i));

		// The sheet: the header and the seeded rows untouched, then every item in order.
		const s = await state();
		expect(s.workbooks[0].sheets[0].rows).toEqual([
			['Name', 'Team', 'Amount'],
			['Alice', 'Sales', 120],
			['Bob', 'Ops', 80],
			...people.map((p) => [p.Name, p.Team, p.Amount]),
		]);

		// What DingTalk received: the operator's unionId on every call; the header read once, then
		// the rows in calls of 500 (ROWS_PER_APPEND), one after another; then the read in slices.
		const calls = sheetCalls(s);
		const [lookup, ...more] = s.requests.filter((r) => r.path === '/topapi/v2/user/get');
		expect(lookup.body).toMatchObject({ userid: 'user0001' });
		const unionId = s.requests.find((r) => r.seq > lookup.seq && r.path.startsWith(SHEET_PATH))
			.query.operatorId;
		expect(unionId).toMatch(/^union/);
		expect(new Set(calls.map((r) => r.query.operatorId))).toEqual(new Set([unionId]));
		// One lookup per node run (Append, Find Ops), however many items.
		expect(more).toHaveLength(1);
		expect(calls.map((r) => r.call)).toEqual([
			'GET ',
			'GET /ranges/A1:C1',
			'POST /appendRows',
			'POST /appendRows',
			'POST /appendRows',
			'GET ',
			'GET /ranges/A1:C1000',
			'GET /ranges/A1001:C1203',
		]);
		const appends = calls.filter((r) => r.call === 'POST /appendRows');
		expect(appends.map((r) => r.body.values.length)).toEqual([500, 500, 200]);
		expect(appends.map((r) => r.outcome)).toEqual(['ok', 'ok', 'ok']);
		expect(appends[2].body.values[199]).toEqual(['Person 1199', 'Support', '2997.5']);

		// The Append node's items: each as it came, marked appended.
		const appended = N8nInstance.output(run, 'Append');
		expect(appended).toHaveLength(COUNT);
		expect(appended[1199].json).toEqual({ ...people[1199], appended: true });

		// Find Ops: the header names the fields, `row` is the sheet row; Bob first, then every
		// third person.
		const found = N8nInstance.output(run, 'Find Ops').map((item) => item.json);
		expect(found).toEqual([
			{ row: 3, Name: 'Bob', Team: 'Ops', Amount: 80 },
			...people.map((p, i) => ({ row: i + 4, ...p })).filter((p) => p.Team === 'Ops'),
		]);
		expect(found).toHaveLength(401);
	});

	it('Update Range with values of another shape fails naming "Values (JSON)"; nothing is written', async () => {
		const before = await state();
		const { code, stdout } = await env.n8n.execute(misshapenUpdate.id);
		expect(code).not.toBe(0);
		expect(stdout).toContain(
			'The range A2:C4 is 3 × 3 cells but the values are 2 rows in parameter "Values (JSON)" [item 0]',
		);
		const after = await state();
		const newCalls = sheetCalls(after).filter((r) => r.seq > before.requests.at(-1).seq);
		expect(newCalls.filter((r) => r.method === 'PUT')).toEqual([]);
		expect(after.workbooks[0].sheets[0].rows).toEqual(before.workbooks[0].sheets[0].rows);
	});

	it('Append Rows with Columns mapped one by one: the cells under their header, in one call', async () => {
		const before = await state();
		const { code, run } = await env.n8n.execute(mappedAppend.id);
		expect(code).toBe(0);
		const after = await state();
		const appends = sheetCalls(after).filter(
			(r) => r.seq > before.requests.at(-1).seq && r.method === 'POST',
		);
		expect(appends.map((r) => r.body)).toEqual([
			{
				values: [
					['Kim', 'Web', '25'],
					['Lee', 'Web', '14'],
				],
			},
		]);
		expect(after.workbooks[0].sheets[0].rows.slice(-2)).toEqual([
			['Kim', 'Web', 25],
			['Lee', 'Web', 14],
		]);
		const output = run.data.resultData.runData.Append[0].data.main[0].map((item) => item.json);
		expect(output).toEqual([
			{ Amount: 25, Name: 'Kim', Team: 'Web', appended: true },
			{ Amount: 14, Name: 'Lee', Team: 'Web', appended: true },
		]);
	});
});
