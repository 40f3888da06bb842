import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';
import { BASE_ID, notableState, target } from './aiTable';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());
const SHEETS_PATH = `/v1.0/notable/bases/${BASE_ID}/sheets`;

describe('AI Table base, sheets and fields', () => {
	it('Get Base by link: the ID, the sheet the link names, the sheets; a link without an ID is a Base error', async () => {
		const { output } = await runNode({ credentials: credentials(), parameters: target('getBase') });
		expect(output[0].json).toEqual({
			baseId: BASE_ID,
			sheetId: 'TasksS1',
			sheets: [
				{ id: 'TasksS1', name: 'Tasks' },
				{ id: 'ArchivS', name: 'Archive' },
			],
		});
		const [call] = await env.client.requestsTo(SHEETS_PATH);
		expect(call).toMatchObject({
			method: 'GET',
			tokenInHeader: true,
			query: { operatorId: expect.stringMatching(/^union/) },
		});
		const bad = await runNode({
			credentials: credentials(),
			// A mapped link (n8n checks a typed one against the mode's regex before the run).
			parameters: target('getBase', {
				base: { __rl: true, mode: 'url', value: '={{ "https://alidocs.dingtalk.com/i/spaces" }}' },
			}),
		});
		expect(bad.error?.message).toBe('The link names no AI Table in parameter "Base" [item 0]');
	});

	it('Get Many Sheets, Get Sheet by name, Create Sheet with fields, Update Sheet, Delete Sheet', async () => {
		const base = { __rl: true, mode: 'id', value: BASE_ID };
		const many = await runNode({
			credentials: credentials(),
			parameters: target('getManySheets', { base }),
		});
		expect(many.output.map((item) => item.json.name)).toEqual(['Tasks', 'Archive']);
		const one = await runNode({
			credentials: credentials(),
			parameters: target('getSheet', { sheet: { __rl: true, mode: 'id', value: 'Archive' } }),
		});
		expect(one.output[0].json).toEqual({ id: 'ArchivS', name: 'Archive' });

		const created = await runNode({
			credentials: credentials(),
			parameters: target('createSheet', {
				sheetName: 'Leads',
				sheetFields: {
					field: [
						{ name: 'Company', type: 'text' },
						{ name: 'Stage', type: 'singleSelect', choices: 'New, Won' },
					],
				},
			}),
		});
		expect(created.output[0].json).toMatchObject({ id: expect.any(String), name: 'Leads' });
		const post = (await env.client.requestsTo(SHEETS_PATH)).find((r) => r.method === 'POST');
		expect(post?.body).toEqual({
			name: 'Leads',
			fields: [
				{ name: 'Company', type: 'text' },
				{
					name: 'Stage',
					type: 'singleSelect',
					property: { choices: [{ name: 'New' }, { name: 'Won' }] },
				},
			],
		});
		const renamed = await runNode({
			credentials: credentials(),
			parameters: target('updateSheet', {
				sheet: { __rl: true, mode: 'id', value: 'Leads' },
				newSheetName: 'Prospects',
			}),
		});
		expect(renamed.output[0].json).toEqual({ id: created.output[0].json.id, name: 'Prospects' });
		const deleted = await runNode({
			credentials: credentials(),
			parameters: target('deleteSheet', { sheet: { __rl: true, mode: 'id', value: 'Prospects' } }),
		});
		expect(deleted.output[0].json).toEqual({ sheet: 'Prospects', deleted: true });
		expect((await notableState(env)).bases[0].sheets.map((s) => s.name)).toEqual([
			'Tasks',
			'Archive',
		]);
		const noName = await runNode({
			credentials: credentials(),
			parameters: target('createSheet', { sheetName: ' ' }),
		});
		expect(noName.error?.message).toBe('No name given in parameter "Sheet Name" [item 0]');
	});

	it('Get Many Fields, Create Field (select with options), Update Field, Delete Field', async () => {
		const fields = await runNode({
			credentials: credentials(),
			parameters: target('getManyFields'),
		});
		expect(fields.output.map((item) => [item.json.name, item.json.type])).toContainEqual([
			'Status',
			'singleSelect',
		]);
		const created = await runNode({
			credentials: credentials(),
			parameters: target('createField', {
				fieldName: 'Priority',
				fieldType: 'singleSelect',
				fieldChoices: 'High, Low',
				fieldProperty: '{}',
			}),
		});
		expect(created.output[0].json).toMatchObject({
			name: 'Priority',
			type: 'singleSelect',
			property: {
				choices: [
					expect.objectContaining({ name: 'High' }),
					expect.objectContaining({ name: 'Low' }),
				],
			},
		});
		const updated = await runNode({
			credentials: credentials(),
			parameters: target('updateField', {
				field: 'Priority',
				newFieldName: 'Urgency',
				fieldProperty: '{}',
			}),
		});
		expect(updated.output[0].json).toEqual({ id: created.output[0].json.id });
		const badJson = await runNode({
			credentials: credentials(),
			parameters: target('createField', {
				fieldName: 'X',
				fieldType: 'number',
				fieldProperty: '{oops',
			}),
		});
		expect(badJson.error?.message).toBe(
			'Not a JSON object in parameter "Property (JSON)" [item 0]',
		);
		const deleted = await runNode({
			credentials: credentials(),
			parameters: target('deleteField', { field: 'Urgency' }),
		});
		expect(deleted.output[0].json).toEqual({ field: 'Urgency', deleted: true });
		const sheet = (await notableState(env)).bases[0].sheets[0];
		expect(sheet.fields.map((f) => f.name)).not.toContain('Urgency');
	});

	it('an operator without access to the base gets the operator hint; an unknown userId names Operator ID', async () => {
		const outsider = await runNode({
			credentials: credentials(),
			parameters: target('getManySheets', { operatorId: 'user0500' }),
		});
		expect(outsider.error?.message).toContain('Forbidden.AccessDenied.NoPermission');
		expect(outsider.error?.description).toContain('AI Table');
		const unknown = await runNode({
			credentials: credentials(),
			parameters: target('getManySheets', { operatorId: 'nobody' }),
		});
		expect(unknown.error?.message).toBe(
			'DingTalk has no user "nobody" in parameter "Operator ID" [item 0]',
		);
	});
});
