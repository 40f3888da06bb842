import NotableClient, {
	CreateFieldHeaders,
	CreateFieldRequest,
	CreateSheetHeaders,
	CreateSheetRequest,
	CreateSheetRequestFields,
	DeleteFieldHeaders,
	DeleteFieldRequest,
	DeleteRecordsHeaders,
	DeleteRecordsRequest,
	DeleteSheetHeaders,
	DeleteSheetRequest,
	GetAllFieldsHeaders,
	GetAllFieldsRequest,
	GetAllSheetsHeaders,
	GetAllSheetsRequest,
	GetRecordHeaders,
	GetRecordRequest,
	GetRecordsHeaders,
	GetRecordsRequest,
	GetSheetHeaders,
	GetSheetRequest,
	InsertRecordsHeaders,
	InsertRecordsRequest,
	InsertRecordsRequestRecords,
	ListRecordsHeaders,
	ListRecordsRequest,
	ListRecordsRequestFilter,
	ListRecordsRequestFilterConditions,
	UpdateFieldHeaders,
	UpdateFieldRequest,
	UpdateRecordsHeaders,
	UpdateRecordsRequest,
	UpdateRecordsRequestRecords,
	UpdateSheetHeaders,
	UpdateSheetRequest,
} from '@alicloud/dingtalk/dist/notable_1_0/client';

import axios from 'axios';

import type { EmulatorNotableState } from '../../../emulator';
import { sdkAccessToken, sdkClient, sdkRefusal, sdkRuntime } from '../../../support/officialSdk';
import { useEmulator } from '../../../support/useEmulator';

/**
 * notable_1_0 (AI Table) through the official SDK: sheets, fields, records — every endpoint the
 * node calls, from the SDK's required fields only, with the optional ones, at the per-call maxima
 * and one over. The SDK puts operatorId (a unionId) in the query and the rest in a JSON body.
 */

const env = useEmulator();
const BASE = 'NotableEmuBase00000000000000001';
const TASKS = 'TasksS1';

let client: NotableClient;
let token: string;
let operatorId: string;

const notable = async () =>
	(await env.client.admin<{ notable: EmulatorNotableState }>('GET', 'state')).notable;
const tasks = async () =>
	(await notable()).bases.find((b) => b.baseId === BASE)!.sheets.find((s) => s.id === TASKS)!;
const lastRequest = async () => (await env.client.state()).requests.at(-1);
const headers = <T>(Headers: new (map: { xAcsDingtalkAccessToken: string }) => T) =>
	new Headers({ xAcsDingtalkAccessToken: token });

beforeAll(async () => {
	client = sdkClient(NotableClient, env.emulator);
	token = await sdkAccessToken(env.emulator);
	operatorId = (await notable()).bases[0].members[0];
});

const insert = (records: Array<Record<string, unknown>>, sheet = TASKS) =>
	client.insertRecordsWithOptions(
		BASE,
		sheet,
		new InsertRecordsRequest({
			operatorId,
			records: records.map((fields) => new InsertRecordsRequestRecords({ fields })),
		}),
		headers(InsertRecordsHeaders),
		sdkRuntime(),
	);
const list = (request: Record<string, unknown>) =>
	client.listRecordsWithOptions(
		BASE,
		TASKS,
		new ListRecordsRequest({ operatorId, ...request }),
		headers(ListRecordsHeaders),
		sdkRuntime(),
	);

describe('AI Table (notable_1_0) with the official SDK as the client', () => {
	it('sheets: list, get by id or name, create with fields, rename, delete', async () => {
		const all = await client.getAllSheetsWithOptions(
			BASE,
			new GetAllSheetsRequest({ operatorId }),
			headers(GetAllSheetsHeaders),
			sdkRuntime(),
		);
		expect(all.body?.value?.map((s) => s.name)).toEqual(['Tasks', 'Archive']);
		expect(await lastRequest()).toMatchObject({
			method: 'GET',
			path: `/v1.0/notable/bases/${BASE}/sheets`,
			query: { operatorId },
			tokenInHeader: true,
		});
		const byName = await client.getSheetWithOptions(
			BASE,
			'Tasks',
			new GetSheetRequest({ operatorId }),
			headers(GetSheetHeaders),
			sdkRuntime(),
		);
		expect(byName.body).toMatchObject({ id: TASKS, name: 'Tasks' });

		const created = await client.createSheetWithOptions(
			BASE,
			new CreateSheetRequest({
				operatorId,
				name: 'Leads',
				fields: [
					new CreateSheetRequestFields({ name: 'Company', type: 'text' }),
					new CreateSheetRequestFields({
						name: 'Stage',
						type: 'singleSelect',
						property: { choices: [{ name: 'New' }, { name: 'Won' }] },
					}),
				],
			}),
			headers(CreateSheetHeaders),
			sdkRuntime(),
		);
		expect(created.body).toMatchObject({ id: expect.any(String), name: 'Leads' });
		const renamed = await client.updateSheetWithOptions(
			BASE,
			created.body!.id!,
			new UpdateSheetRequest({ operatorId, name: 'Prospects' }),
			headers(UpdateSheetHeaders),
			sdkRuntime(),
		);
		expect(renamed.body).toEqual({ id: created.body!.id, name: 'Prospects' });
		const deleted = await client.deleteSheetWithOptions(
			BASE,
			'Prospects',
			new DeleteSheetRequest({ operatorId }),
			headers(DeleteSheetHeaders),
			sdkRuntime(),
		);
		expect(deleted.body).toEqual({ success: true });
		expect((await notable()).bases[0].sheets.map((s) => s.name)).toEqual(['Tasks', 'Archive']);
	});

	it('fields: list with types and properties, create, rename, delete (not the primary field)', async () => {
		const fields = await client.getAllFieldsWithOptions(
			BASE,
			TASKS,
			new GetAllFieldsRequest({ operatorId }),
			headers(GetAllFieldsHeaders),
			sdkRuntime(),
		);
		expect(fields.body?.value?.map((f) => [f.name, f.type])).toEqual([
			['Title', 'text'],
			['Count', 'number'],
			['Status', 'singleSelect'],
			['Tags', 'multipleSelect'],
			['Due', 'date'],
			['Owner', 'user'],
			['Files', 'attachment'],
			['Link', 'url'],
		]);
		const status = fields.body!.value!.find((f) => f.name === 'Status')!;
		expect(status.property).toEqual({
			choices: [
				{ id: expect.any(String), name: 'Todo' },
				{ id: expect.any(String), name: 'Doing' },
				{ id: expect.any(String), name: 'Done' },
			],
		});
		const created = await client.createFieldWithOptions(
			BASE,
			TASKS,
			new CreateFieldRequest({ operatorId, name: 'Budget', type: 'number' }),
			headers(CreateFieldHeaders),
			sdkRuntime(),
		);
		expect(created.body).toMatchObject({ id: expect.any(String), name: 'Budget', type: 'number' });
		const renamed = await client.updateFieldWithOptions(
			BASE,
			TASKS,
			'Budget',
			new UpdateFieldRequest({ operatorId, name: 'Cost', property: { formatter: 'FLOAT_2' } }),
			headers(UpdateFieldHeaders),
			sdkRuntime(),
		);
		expect(renamed.body).toEqual({ id: created.body!.id });
		await client.deleteFieldWithOptions(
			BASE,
			TASKS,
			'Cost',
			new DeleteFieldRequest({ operatorId }),
			headers(DeleteFieldHeaders),
			sdkRuntime(),
		);
		const primary = await sdkRefusal(
			client.deleteFieldWithOptions(
				BASE,
				TASKS,
				'Title',
				new DeleteFieldRequest({ operatorId }),
				headers(DeleteFieldHeaders),
				sdkRuntime(),
			),
		);
		expect(primary).toMatchObject({ statusCode: 400, code: 'invalidRequest.inputArgs.invalid' });
		const unknownType = await sdkRefusal(
			client.createFieldWithOptions(
				BASE,
				TASKS,
				new CreateFieldRequest({ operatorId, name: 'X', type: 'hologram' }),
				headers(CreateFieldHeaders),
				sdkRuntime(),
			),
		);
		expect(unknownType.code).toBe('invalidRequest.inputArgs.invalid');
	});

	it('records: insert every field type, read back in the record value format', async () => {
		const inserted = await insert([
			{
				Title: 'Write docs',
				Count: 3,
				Status: 'Doing',
				Tags: ['red', 'blue'],
				Due: '2026-12-01',
				Owner: [{ unionId: operatorId }],
				Link: { text: 'DingTalk', link: 'https://www.dingtalk.com' },
			},
			{ Title: 'Review', Count: '7', Due: 1764547200000 },
		]);
		expect(inserted.body?.value).toEqual([{ id: expect.any(String) }, { id: expect.any(String) }]);
		const request = await lastRequest();
		expect(request).toMatchObject({
			method: 'POST',
			path: `/v1.0/notable/bases/${BASE}/sheets/${TASKS}/records`,
			query: { operatorId },
		});
		const id = inserted.body!.value![0].id!;
		const record = await client.getRecordWithOptions(
			BASE,
			TASKS,
			id,
			new GetRecordRequest({ operatorId }),
			headers(GetRecordHeaders),
			sdkRuntime(),
		);
		expect(record.body).toMatchObject({
			id,
			createdBy: { unionId: operatorId },
			createdTime: expect.any(Number),
			fields: {
				Title: 'Write docs',
				Count: '3',
				Status: { id: expect.any(String), name: 'Doing' },
				Tags: [
					{ id: expect.any(String), name: 'red' },
					{ id: expect.any(String), name: 'blue' },
				],
				// 2026-12-01 00:00 in UTC+8.
				Due: Date.UTC(2026, 10, 30, 16),
				Owner: [{ unionId: operatorId }],
				Link: { text: 'DingTalk', link: 'https://www.dingtalk.com' },
			},
		});
	});

	it('insert with a clientToken (UUID v4): a repeated call inserts nothing and answers the same ids', async () => {
		// notable_1_0 2.2.27 has no clientToken field: sent as DingTalk documents it (a query
		// parameter) beside what the SDK builds, over plain HTTP.
		const call = (uuid: string) =>
			axios.post<{ value: Array<{ id: string }> }>(
				`${env.emulator.apiBaseUrl}/v1.0/notable/bases/${BASE}/sheets/${TASKS}/records`,
				{ records: [{ fields: { Title: 'once' } }] },
				{
					params: { operatorId, clientToken: uuid },
					headers: { 'x-acs-dingtalk-access-token': token },
					validateStatus: () => true,
				},
			);
		const sameUuid = '550e8400-e29b-41d4-a716-446655440000';
		const first = await call(sameUuid);
		const again = await call(sameUuid);
		expect(first.status).toBe(200);
		expect(again.data.value).toEqual(first.data.value);
		expect((await tasks()).records.filter((r) => r.fields.Title === 'once')).toHaveLength(1);
		expect((await notable()).replays).toBe(1);
		const notUuid = await call('retry-1');
		expect(notUuid.status).toBe(400);
		expect(notUuid.data).toMatchObject({ code: 'invalidRequest.inputArgs.invalid' });
	});

	it('insert: 100 records a call; 101 refused; a bad value names the field; nothing half-written', async () => {
		const hundred = Array.from({ length: 100 }, (_, n) => ({ Title: `row ${n}`, Count: n }));
		expect((await insert(hundred)).body?.value).toHaveLength(100);
		const over = await sdkRefusal(insert([...hundred, { Title: 'one too many' }]));
		expect(over).toMatchObject({ statusCode: 400, code: 'invalidRequest.inputArgs.invalid' });
		const badOption = await sdkRefusal(insert([{ Title: 'a' }, { Status: 'Someday' }]));
		expect(badOption.message).toContain('Status');
		const badNumber = await sdkRefusal(insert([{ Count: 'many' }]));
		expect(badNumber.message).toContain('Count');
		const unknownField = await sdkRefusal(insert([{ Nope: 1 }]));
		expect(unknownField.message).toContain('Nope');
		expect((await tasks()).records).toHaveLength(100);
	});

	it('update and delete: 100 a call, 101 refused; an unknown record id is refused', async () => {
		const ids = (
			await insert(Array.from({ length: 100 }, (_, n) => ({ Title: `r${n}` })))
		).body!.value!.map((v) => v.id!);
		const updated = await client.updateRecordsWithOptions(
			BASE,
			TASKS,
			new UpdateRecordsRequest({
				operatorId,
				records: ids.map(
					(id) => new UpdateRecordsRequestRecords({ id, fields: { Status: 'Done' } }),
				),
			}),
			headers(UpdateRecordsHeaders),
			sdkRuntime(),
		);
		expect(updated.body?.value).toHaveLength(100);
		expect(
			(await tasks()).records.every((r) => (r.fields.Status as { name: string }).name === 'Done'),
		).toBe(true);
		const tooMany = await sdkRefusal(
			client.updateRecordsWithOptions(
				BASE,
				TASKS,
				new UpdateRecordsRequest({
					operatorId,
					records: [...ids, ids[0]].map(
						(id) => new UpdateRecordsRequestRecords({ id, fields: { Title: 'x' } }),
					),
				}),
				headers(UpdateRecordsHeaders),
				sdkRuntime(),
			),
		);
		expect(tooMany.code).toBe('invalidRequest.inputArgs.invalid');
		const remove = (recordIds: string[]) =>
			client.deleteRecordsWithOptions(
				BASE,
				TASKS,
				new DeleteRecordsRequest({ operatorId, recordIds }),
				headers(DeleteRecordsHeaders),
				sdkRuntime(),
			);
		expect((await sdkRefusal(remove([...ids, 'extra']))).code).toBe(
			'invalidRequest.inputArgs.invalid',
		);
		expect((await sdkRefusal(remove(['noSuchRecord']))).code).toBe(
			'invalidRequest.resource.notFound',
		);
		expect((await remove(ids)).body).toEqual({ success: true });
		expect((await tasks()).records).toHaveLength(0);
	});

	it('list: filter and/or, pages of at most 100 with nextToken; maxResults 101 refused', async () => {
		await insert(
			Array.from({ length: 100 }, (_, n) => ({
				Title: `t${n}`,
				Count: n,
				Status: n % 2 ? 'Done' : 'Todo',
			})),
		);
		await insert(Array.from({ length: 50 }, (_, n) => ({ Title: `u${n}`, Count: 100 + n })));
		const all: string[] = [];
		let nextToken: string | undefined;
		do {
			const page = await list({ maxResults: 100, nextToken });
			all.push(...page.body!.records!.map((r) => String(r.fields?.Title)));
			nextToken = page.body!.hasMore ? page.body!.nextToken : undefined;
		} while (nextToken);
		expect(all).toHaveLength(150);
		expect(new Set(all).size).toBe(150);

		const and = await list({
			filter: new ListRecordsRequestFilter({
				combination: 'and',
				conditions: [
					new ListRecordsRequestFilterConditions({
						field: 'Status',
						operator: 'equal',
						value: ['Done'],
					}),
					new ListRecordsRequestFilterConditions({
						field: 'Count',
						operator: 'greaterEqual',
						value: ['90'],
					}),
				],
			}),
		});
		// (notable_1_0 2.2.27 has no fieldIdOrNames: the node's engine test covers it.)
		expect(and.body?.records?.map((r) => r.fields?.Title)).toEqual(
			[91, 93, 95, 97, 99].map((n) => `t${n}`),
		);
		const or = await list({
			filter: new ListRecordsRequestFilter({
				combination: 'or',
				conditions: [
					new ListRecordsRequestFilterConditions({
						field: 'Title',
						operator: 'equal',
						value: ['t3'],
					}),
					new ListRecordsRequestFilterConditions({
						field: 'Title',
						operator: 'equal',
						value: ['u4'],
					}),
					new ListRecordsRequestFilterConditions({ field: 'Status', operator: 'empty' }),
				],
			}),
			maxResults: 10,
		});
		expect(or.body?.records?.map((r) => r.fields?.Title)).toEqual([
			't3',
			...Array.from({ length: 9 }, (_, n) => `u${n}`),
		]);
		expect(or.body?.hasMore).toBe(true);
		const over = await sdkRefusal(list({ maxResults: 101 }));
		expect(over.code).toBe('invalidRequest.inputArgs.invalid');
		const badOperator = await sdkRefusal(
			list({
				filter: new ListRecordsRequestFilter({
					conditions: [
						new ListRecordsRequestFilterConditions({
							field: 'Title',
							operator: 'like',
							value: ['t'],
						}),
					],
				}),
			}),
		);
		expect(badOperator.message).toContain('like');
	});

	it('GET records pages too; operatorId missing, unknown or without rights on the base is refused', async () => {
		await insert(Array.from({ length: 3 }, (_, n) => ({ Title: `g${n}` })));
		const page = await client.getRecordsWithOptions(
			BASE,
			TASKS,
			new GetRecordsRequest({ operatorId, maxResults: 2 }),
			headers(GetRecordsHeaders),
			sdkRuntime(),
		);
		expect(page.body).toMatchObject({ hasMore: true, nextToken: expect.any(String) });
		expect(page.body?.records).toHaveLength(2);
		const sheets = (id?: string) =>
			client.getAllSheetsWithOptions(
				BASE,
				new GetAllSheetsRequest({ operatorId: id }),
				headers(GetAllSheetsHeaders),
				sdkRuntime(),
			);
		expect(await sdkRefusal(sheets(undefined))).toMatchObject({
			statusCode: 400,
			code: 'MissingoperatorId',
		});
		expect((await sdkRefusal(sheets('unionNobody'))).code).toBe(
			'invalidRequest.operatorId.invalid',
		);
		// manager4220 is in the directory but not a member of the base.
		expect(await sdkRefusal(sheets('unionmanager4220xxxx'))).toMatchObject({
			statusCode: 403,
			code: 'Forbidden.AccessDenied.NoPermission',
		});
	});
});
