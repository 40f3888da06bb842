'use strict';
// AI Table in a real n8n: 1,000 items into records through the Columns resource mapper (defined
// below with the typed schema the editor saves, so n8n's own type checks and conversions run), in
// calls of 100 with a clientToken each; then the editor's side: the sheet list and the columns
// n8n asks the node for while a workflow is built.
const { useRealN8n } = require('./setup');
const { N8nInstance } = require('./n8n');

const BASE_ID = 'NotableEmuBase00000000000000001';
const RECORDS_PATH = `/v1.0/notable/bases/${BASE_ID}/sheets/TasksS1/records`;
const CREDENTIALS = { dingTalkApi: { id: 'dingTalkEmu00001', name: 'DingTalk (emulator)' } };
const TARGET = {
	resource: 'aiTable',
	base: { __rl: true, mode: 'url', value: `https://alidocs.dingtalk.com/i/nodes/${BASE_ID}` },
	sheet: { __rl: true, mode: 'list', value: 'TasksS1', cachedResultName: 'Tasks' },
	operatorId: 'user0001',
	operatorIdType: 'userId',
};

/** The schema the editor stores with a resource mapper (from getAiTableColumns). */
const schema = [
	{
		id: 'Title',
		displayName: 'Title',
		required: false,
		defaultMatch: false,
		canBeUsedToMatch: true,
		display: true,
		type: 'string',
		removed: false,
	},
	{
		id: 'Count',
		displayName: 'Count',
		required: false,
		defaultMatch: false,
		canBeUsedToMatch: true,
		display: true,
		type: 'number',
		removed: false,
	},
	{
		id: 'Status',
		displayName: 'Status',
		required: false,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: 'options',
		options: [
			{ name: 'Todo', value: 'Todo' },
			{ name: 'Doing', value: 'Doing' },
			{ name: 'Done', value: 'Done' },
		],
		removed: false,
	},
	{
		id: 'Due',
		displayName: 'Due',
		required: false,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: 'dateTime',
		removed: false,
	},
];

const workflow = {
	id: 'dtE2eAiTable0001',
	name: 'dtE2eAiTable0001',
	nodes: [
		{
			id: 'a1e00000-0000-4000-8000-000000000001',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'a1e00000-0000-4000-8000-000000000002',
			name: 'Rows',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [200, 0],
			// Counts as text, as a form or a CSV gives them: the schema's number type converts them.
			parameters: {
				jsCode:
					"return Array.from({ length: 1000 }, (_, i) => ({ json: { title: `row ${i}`, count: String(i), status: i % 2 ? 'Done' : 'Todo', due: '2026-12-01T08:00:00+08:00' } }));",
			},
		},
		{
			id: 'a1e00000-0000-4000-8000-000000000003',
			name: 'DingTalk',
			type: 'n8n-nodes-dingtalk-app.dingTalk',
			typeVersion: 1,
			position: [400, 0],
			parameters: {
				...TARGET,
				operation: 'createRecord',
				columns: {
					mappingMode: 'defineBelow',
					value: {
						Title: '={{ $json.title }}',
						Count: '={{ $json.count }}',
						Status: '={{ $json.status }}',
						Due: '={{ $json.due }}',
					},
					matchingColumns: [],
					schema,
					attemptToConvertTypes: false,
					convertFieldsToString: false,
				},
				options: {},
			},
			credentials: CREDENTIALS,
		},
	],
	connections: {
		Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
		Rows: { main: [[{ node: 'DingTalk', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
	pinData: {},
};

const state = async () => await (await fetch(`${env.emulator.apiBaseUrl}/__emulator/state`)).json();

const env = useRealN8n(async ({ n8n }) => {
	await n8n.importWorkflow(workflow);
});

describe('AI Table in real n8n', () => {
	it('1,000 items → 10 inserts of 100, each with a clientToken; typed columns arrive typed', async () => {
		const { code, run, stdout } = await env.n8n.execute(workflow.id);
		expect({ code, tail: code === 0 ? '' : stdout.slice(-1500) }).toEqual({ code: 0, tail: '' });
		const output = N8nInstance.output(run, 'DingTalk');
		expect(output).toHaveLength(1000);
		const s = await state();
		const inserts = s.requests.filter((r) => r.path === RECORDS_PATH && r.method === 'POST');
		expect(inserts.map((r) => r.body.records.length)).toEqual(Array(10).fill(100));
		expect(new Set(inserts.map((r) => r.query.clientToken)).size).toBe(10);
		const row3 = inserts.flatMap((r) => r.body.records).find((r) => r.fields.Title === 'row 3');
		expect(row3.fields).toEqual({
			Title: 'row 3',
			Count: 3,
			Status: 'Done',
			Due: Date.UTC(2026, 11, 1, 0),
		});
		const records = s.notable.bases[0].sheets[0].records;
		expect(records).toHaveLength(1000);
		// Calls run side by side, so records are stored in any batch order: match them by title.
		const stored = records.find((r) => r.fields.Title === 'row 999');
		expect(output[999].json).toMatchObject({ id: stored.id, Title: 'row 999', Count: 999 });
		expect(new Set(records.map((r) => r.fields.Title)).size).toBe(1000);
	});

	it("the editor's side: Sheet → From List and the Columns of the resource mapper, typed", async () => {
		await env.n8n.start();
		await env.n8n.setupOwner();
		const request = {
			nodeTypeAndVersion: { name: 'n8n-nodes-dingtalk-app.dingTalk', version: 1 },
			currentNodeParameters: { ...TARGET, operation: 'createRecord' },
			credentials: CREDENTIALS,
		};
		const sheets = await env.n8n.rest('POST', '/dynamic-node-parameters/resource-locator-results', {
			...request,
			path: 'sheet',
			methodName: 'searchAiTableSheets',
		});
		expect(sheets.body.data.results).toEqual([
			{ name: 'Tasks', value: 'TasksS1' },
			{ name: 'Archive', value: 'ArchivS' },
		]);
		const columns = await env.n8n.rest('POST', '/dynamic-node-parameters/resource-mapper-fields', {
			...request,
			path: 'columns',
			methodName: 'getAiTableColumns',
		});
		const fields = columns.body.data.fields;
		expect(fields.map((f) => [f.id, f.type])).toEqual([
			['Title', 'string'],
			['Count', 'number'],
			['Status', 'options'],
			['Tags', 'array'],
			['Due', 'dateTime'],
			['Owner', 'array'],
			['Files', 'array'],
			['Link', 'string'],
		]);
		expect(fields.find((f) => f.id === 'Status').options.map((o) => o.value)).toEqual([
			'Todo',
			'Doing',
			'Done',
		]);
	});
});
