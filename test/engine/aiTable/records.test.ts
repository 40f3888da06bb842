import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';
import { columns, notableState, RECORDS_PATH, seed, target, tasks } from './aiTable';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const items = (n: number) =>
	Array.from({ length: n }, (_, i) => ({ json: { title: `task ${i}`, n: i, status: 'Todo' } }));

describe('AI Table records', () => {
	it('Create Record: 250 items in 3 inserts of at most 100, each with its own clientToken; output ids match', async () => {
		const { output, error } = await runNode({
			credentials: credentials(),
			items: items(250),
			parameters: target('createRecord', {
				columns: columns({
					Title: '={{ $json.title }}',
					Count: '={{ $json.n }}',
					Status: '={{ $json.status }}',
				}),
			}),
		});
		expect(error).toBeUndefined();
		const inserts = (await env.client.requestsTo(RECORDS_PATH)).filter((r) => r.method === 'POST');
		// Calls run side by side: they may arrive in any order.
		const sizes = inserts.map((r) => (r.body?.records as unknown[]).length);
		expect(sizes.sort((a, b) => b - a)).toEqual([100, 100, 50]);
		const tokens = inserts.map((r) => r.query.clientToken);
		expect(tokens.every((t) => UUID_V4.test(t))).toBe(true);
		expect(new Set(tokens).size).toBe(3);
		expect(inserts[0].query.operatorId).toMatch(/^union/);
		expect(inserts.flatMap((r) => r.body?.records as unknown[])).toContainEqual({
			fields: { Title: 'task 0', Count: 0, Status: 'Todo' },
		});

		const stored = await tasks(env);
		expect(stored).toHaveLength(250);
		expect(output).toHaveLength(250);
		const byId = new Map(stored.map((r) => [r.id, r]));
		output.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json).toMatchObject({ Title: `task ${i}`, Count: i, Status: 'Todo' });
			expect(byId.get(String(item.json.id))?.fields.Title).toBe(`task ${i}`);
		});
	});

	it('Create Record: an insert whose answer is lost is repeated with the same clientToken and inserts nothing twice', async () => {
		await env.client.faults({ rules: [{ type: 'drop-after', path: '/records', count: 1 }] });
		const { output, error } = await runNode({
			credentials: credentials(),
			items: items(120),
			parameters: target('createRecord', { columns: columns({ Title: '={{ $json.title }}' }) }),
		});
		expect(error).toBeUndefined();
		const inserts = (await env.client.requestsTo(RECORDS_PATH)).filter((r) => r.method === 'POST');
		expect(inserts).toHaveLength(3);
		const dropped = inserts.find((r) => r.outcome === 'dropped-after');
		expect(inserts.filter((r) => r.query.clientToken === dropped?.query.clientToken)).toHaveLength(
			2,
		);
		const stored = await tasks(env);
		expect(stored).toHaveLength(120);
		expect(new Set(stored.map((r) => r.fields.Title)).size).toBe(120);
		expect((await notableState(env)).replays).toBe(1);
		expect(output.map((item) => item.json.id)).toEqual(
			output.map((item) => stored.find((r) => r.fields.Title === item.json.Title)?.id),
		);
	});

	it('Create Record under a 5-QPS quota, a token revoked mid-run, 503s and a lost answer: 10 accepted inserts, 0 lost, 0 duplicated', async () => {
		await env.client.faults({
			throttles: [{ path: RECORDS_PATH, qps: 5 }],
			rules: [
				{ type: 'revoke', path: RECORDS_PATH, after: 2, count: 1 },
				{ type: 'status', status: 503, path: RECORDS_PATH, after: 4, count: 2 },
				{ type: 'drop-after', path: RECORDS_PATH, after: 6, count: 1 },
			],
		});
		const { output, error } = await runNode({
			credentials: credentials(),
			items: items(1000),
			parameters: target('createRecord', { columns: columns({ Title: '={{ $json.title }}' }) }),
		});
		expect(error).toBeUndefined();
		const stored = await tasks(env);
		expect(stored).toHaveLength(1000);
		expect(new Set(stored.map((r) => r.fields.Title)).size).toBe(1000);
		const inserts = (await env.client.requestsTo(RECORDS_PATH)).filter((r) => r.method === 'POST');
		const inserted = inserts.filter((r) => r.outcome === 'ok' || r.outcome === 'dropped-after');
		// Accepted calls: 10 that inserted, plus answers DingTalk gave from the clientToken.
		expect(inserted.length - (await notableState(env)).replays).toBe(10);
		expect(inserts.some((r) => r.outcome === 'token-rejected')).toBe(true);
		expect(inserts.some((r) => r.outcome === 'fault-status')).toBe(true);
		expect(output.map((item) => item.json.Title)).toEqual(items(1000).map((i) => i.json.title));
	});

	it("Create Record with n8n's Retry On Fail: the next try repeats the insert's clientToken, so nothing is inserted twice", async () => {
		// Every answer of the first four inserts is lost: the transport's 3 retries run out, the
		// node fails, n8n runs it again, and that try's insert carries the same token.
		await env.client.faults({ rules: [{ type: 'drop-after', path: '/records', count: 4 }] });
		const { output, error } = await runNode({
			credentials: credentials(),
			items: items(5),
			parameters: target('createRecord', { columns: columns({ Title: '={{ $json.title }}' }) }),
			settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		});
		expect(error).toBeUndefined();
		const inserts = (await env.client.requestsTo(RECORDS_PATH)).filter((r) => r.method === 'POST');
		expect(inserts.map((r) => r.outcome)).toEqual([
			'dropped-after',
			'dropped-after',
			'dropped-after',
			'dropped-after',
			'ok',
		]);
		expect(new Set(inserts.map((r) => r.query.clientToken)).size).toBe(1);
		expect((await tasks(env)).map((r) => r.fields.Title)).toEqual(
			items(5).map((i) => i.json.title),
		);
		expect((await notableState(env)).replays).toBe(4);
		expect(output.map((item) => item.json.id)).toEqual((await tasks(env)).map((r) => r.id));
	});

	it('Create Record with Map Automatically: item fields become columns; an unknown one is an item error unless ignored', async () => {
		const auto = { mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: [] };
		const rows = [
			{ json: { Title: 'a', Count: '3', Tags: 'red, blue' } },
			{ json: { Title: 'b', Extra: 1 } },
		];
		const refused = await runNode({
			credentials: credentials(),
			items: rows,
			parameters: target('createRecord', { columns: auto }),
		});
		expect(refused.error?.message).toBe(
			'Column "Extra" is not a field of sheet "TasksS1" in parameter "Columns" [item 1]',
		);
		expect(refused.error?.description).toContain('Title, Count, Status');
		expect(await env.client.requestsTo(RECORDS_PATH)).toHaveLength(0);

		const { output } = await runNode({
			credentials: credentials(),
			items: rows,
			parameters: target('createRecord', {
				columns: auto,
				options: { ignoreUnknownColumns: true },
			}),
		});
		expect(output.map((item) => item.json.Title)).toEqual(['a', 'b']);
		const stored = await tasks(env);
		expect(stored[0].fields).toMatchObject({
			Title: 'a',
			Count: '3',
			Tags: [expect.objectContaining({ name: 'red' }), expect.objectContaining({ name: 'blue' })],
		});
	});

	it('Create Record: a value the field cannot take names the column and item; nothing is written; Continue On Fail keeps the rest', async () => {
		const parameters = target('createRecord', {
			columns: columns({ Title: '={{ $json.title }}', Count: '={{ $json.n }}' }),
		});
		const bad = [
			{ json: { title: 'ok', n: 1 } },
			{ json: { title: 'bad', n: 'many' } },
			{ json: { title: 'ok2', n: 2 } },
		];
		const stopped = await runNode({ credentials: credentials(), items: bad, parameters });
		expect(stopped.error?.message).toBe(
			'Column "Count" (number): "many" is not a number in parameter "Columns" [item 1]',
		);
		expect(await env.client.requestsTo(RECORDS_PATH)).toHaveLength(0);

		const { output } = await runNode({
			credentials: credentials(),
			items: bad,
			parameters,
			continueOnFail: true,
		});
		expect(output[1].json.error).toContain('"many" is not a number');
		expect(output.map((item) => item.json.Title ?? null)).toEqual(['ok', null, 'ok2']);
		const inserts = await env.client.requestsTo(RECORDS_PATH);
		expect(inserts).toHaveLength(1);
		expect((await tasks(env)).map((r) => r.fields.Title)).toEqual(['ok', 'ok2']);
	});

	it("Create Record: DingTalk's refusal of a bad option becomes a NodeApiError with its code and the item", async () => {
		const { error } = await runNode({
			credentials: credentials(),
			items: [{ json: {} }],
			parameters: target('createRecord', { columns: columns({ Title: 'x', Status: 'Someday' }) }),
		});
		expect(error?.message).toContain('invalidRequest.inputArgs.invalid');
		expect(error?.message).toContain('Status');
		expect(error?.message).toContain('[request id');
	});

	it('without the AI Table write permission the error names it', async () => {
		await env.client.permissions({ revoke: ['Notable.Base.Write.All'] });
		const { error } = await runNode({
			credentials: credentials(),
			items: [{ json: {} }],
			parameters: target('createRecord', { columns: columns({ Title: 'x' }) }),
		});
		expect(error?.message).toContain('AI表格应用写权限 (Notable.Base.Write.All)');
		expect(error?.description).toContain('Enable AI表格应用写权限 (Notable.Base.Write.All)');
	});

	it('Get Many Records: 250 records read 100 a page to the end; Simplify gives numbers and option names', async () => {
		await seed(env, 250, { Count: '{n}', Status: 'Done' });
		const { output } = await runNode({
			credentials: credentials(),
			parameters: target('getManyRecords', { returnAll: true }),
		});
		expect(output).toHaveLength(250);
		expect(output[7].json).toMatchObject({
			id: expect.any(String),
			Title: 't7',
			Count: 7,
			Status: 'Done',
		});
		const pages = await env.client.requestsTo(`${RECORDS_PATH}/list`);
		expect(pages.map((p) => p.body?.maxResults)).toEqual([100, 100, 100]);
		expect(pages[0].body?.nextToken).toBeUndefined();
		expect(pages[1].body?.nextToken).toEqual(expect.any(String));
	});

	it('Get Many Records: filters with AND / OR go to DingTalk; Limit asks only for what it needs; Sort in n8n', async () => {
		await seed(env, 30, { Count: '{n}' });
		const and = await runNode({
			credentials: credentials(),
			parameters: target('getManyRecords', {
				returnAll: true,
				filters: {
					conditions: [
						{ field: 'Count', operator: 'greaterEqual', value: '10' },
						{ field: 'Count', operator: 'less', value: '13' },
					],
				},
				combination: 'and',
				sort: { property: [{ field: 'Count', direction: 'desc' }] },
			}),
		});
		expect(and.output.map((item) => item.json.Count)).toEqual([12, 11, 10]);
		const sent = (await env.client.requestsTo(`${RECORDS_PATH}/list`))[0];
		expect(sent.body?.filter).toEqual({
			combination: 'and',
			conditions: [
				{ field: 'Count', operator: 'greaterEqual', value: ['10'] },
				{ field: 'Count', operator: 'less', value: ['13'] },
			],
		});
		const or = await runNode({
			credentials: credentials(),
			parameters: target('getManyRecords', {
				returnAll: false,
				limit: 2,
				filters: {
					conditions: [
						{ field: 'Title', operator: 'equal', value: 't3' },
						{ field: 'Title', operator: 'equal', value: 't20' },
						{ field: 'Title', operator: 'equal', value: 't25' },
					],
				},
				combination: 'or',
				outputFields: 'Title',
				simplify: false,
			}),
		});
		expect(or.output.map((item) => item.json.fields)).toEqual([{ Title: 't3' }, { Title: 't20' }]);
		const limited = (await env.client.requestsTo(`${RECORDS_PATH}/list`)).at(-1);
		expect(limited?.body).toMatchObject({ maxResults: 2, fieldIdOrNames: ['Title'] });
		const unknown = await runNode({
			credentials: credentials(),
			parameters: target('getManyRecords', {
				filters: { conditions: [{ field: 'Colour', operator: 'equal', value: 'red' }] },
			}),
		});
		expect(unknown.error?.message).toContain('Field "Colour" is not in the sheet');
		expect(unknown.error?.message).toContain('parameter "Filters" [item 0]');
	});

	it('Get Record, Update Record (Record ID column), Delete Record (100 a call)', async () => {
		await seed(env, 150, { Count: '{n}' });
		const stored = await tasks(env);
		const got = await runNode({
			credentials: credentials(),
			parameters: target('getRecord', { recordId: stored[5].id }),
		});
		expect(got.output[0].json).toMatchObject({ id: stored[5].id, Title: 't5', Count: 5 });

		const updated = await runNode({
			credentials: credentials(),
			items: stored.slice(0, 3).map((r) => ({ json: { id: r.id } })),
			parameters: target('updateRecord', {
				columns: columns({ id: '={{ $json.id }}', Status: 'Doing', Count: 99 }),
			}),
		});
		expect(updated.output.map((item) => item.json)).toEqual(
			stored.slice(0, 3).map((r) => ({ id: r.id, Status: 'Doing', Count: 99 })),
		);
		const put = (await env.client.requestsTo(RECORDS_PATH)).find((r) => r.method === 'PUT');
		expect(put?.body?.records).toEqual(
			stored.slice(0, 3).map((r) => ({ id: r.id, fields: { Status: 'Doing', Count: 99 } })),
		);
		const noId = await runNode({
			credentials: credentials(),
			parameters: target('updateRecord', { columns: columns({ Status: 'Doing' }) }),
		});
		expect(noId.error?.message).toBe(
			'No record ID given (column "id") in parameter "Columns" [item 0]',
		);

		const deleted = await runNode({
			credentials: credentials(),
			items: stored.map((r) => ({ json: { id: r.id } })),
			parameters: target('deleteRecord', { recordId: '={{ $json.id }}' }),
		});
		expect(deleted.output).toHaveLength(150);
		expect(deleted.output[0].json).toEqual({ id: stored[0].id, deleted: true });
		const deletes = await env.client.requestsTo(`${RECORDS_PATH}/delete`);
		expect(
			deletes.map((r) => (r.body?.recordIds as string[]).length).sort((a, b) => b - a),
		).toEqual([100, 50]);
		expect(await tasks(env)).toHaveLength(0);
	});

	it('Create or Update Record: matches on the key column, updates found records, inserts the rest once', async () => {
		await seed(env, 3, { Count: '{n}' });
		const { output, error } = await runNode({
			credentials: credentials(),
			items: [
				{ json: { title: 't1', n: 10 } },
				{ json: { title: 'new', n: 20 } },
				{ json: { title: 't2', n: 30 } },
				{ json: { title: 'new', n: 21 } },
			],
			parameters: target('upsertRecord', {
				columns: columns({ Title: '={{ $json.title }}', Count: '={{ $json.n }}' }, ['Title']),
			}),
		});
		expect(error).toBeUndefined();
		const stored = await tasks(env);
		expect(stored.map((r) => [r.fields.Title, r.fields.Count])).toEqual([
			['t0', '0'],
			['t1', '10'],
			['t2', '30'],
			['new', '21'],
		]);
		expect(output.map((item) => [item.json.Title, item.json.upserted, item.json.id])).toEqual([
			['t1', 'updated', stored[1].id],
			['new', 'created', stored[3].id],
			['t2', 'updated', stored[2].id],
			['new', 'created', stored[3].id],
		]);
		const lookup = (await env.client.requestsTo(`${RECORDS_PATH}/list`))[0];
		expect(lookup.body?.filter).toEqual({
			combination: 'or',
			conditions: [
				{ field: 'Title', operator: 'equal', value: ['t1'] },
				{ field: 'Title', operator: 'equal', value: ['new'] },
				{ field: 'Title', operator: 'equal', value: ['t2'] },
			],
		});
		const calls = await env.client.requestsTo(RECORDS_PATH);
		expect(calls.map((r) => r.method)).toEqual(['PUT', 'POST']);
		const noKey = await runNode({
			credentials: credentials(),
			parameters: target('upsertRecord', { columns: columns({ Title: 'x' }) }),
		});
		expect(noKey.error?.message).toBe('No column to match on in parameter "Columns" [item 0]');
	});
});
