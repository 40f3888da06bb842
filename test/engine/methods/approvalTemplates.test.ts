/**
 * The approval template picker, called as n8n's editor calls it (editor.ts), and Start's Form
 * (a resource mapper) loading the schema of the template picked in the locator: what DingTalk
 * received and what the editor shows.
 */
import type { INodeParameters } from 'n8n-workflow';

import { useEmulator } from '../../support/useEmulator';
import { listSearch, resourceMapperFields } from '../editor';
import { TestCredentialsHelper } from '../harness';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());
const rl = (mode: string, value: string) => ({ __rl: true, mode, value });
const TEMPLATES = '/v1.0/workflow/processes/userVisibilities/templates';

const start = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'approval',
	operation: 'start',
	...extra,
});

const search = async (parameters: INodeParameters, filter?: string) =>
	await listSearch('searchApprovalTemplates', {
		credentials: credentials(),
		parameters,
		filter,
		path: 'parameters.processCode',
	});

describe('searchApprovalTemplates', () => {
	it("Start: the templates the originator can see, each with its processCode and DingTalk's link", async () => {
		const found = await search(start({ originatorUserId: rl('list', 'user0003') }));
		// The expense claim is visible only to user0001, user0002 and manager4220.
		expect(found).toEqual({
			results: [
				{
					name: 'Leave request',
					value: 'PROC-LEAVE-0001',
					description: 'PROC-LEAVE-0001',
					url: 'https://aflow.dingtalk.com/dingtalk/mobile/homepage.htm#/custom?processCode=PROC-LEAVE-0001',
				},
			],
			paginationToken: undefined,
		});
		const calls = await env.client.requestsTo(TEMPLATES);
		expect(calls).toHaveLength(1);
		expect(calls[0].query).toEqual({ userId: 'user0003', maxResults: '100' });
	});

	it('an originator by mobile is looked up; the filter matches names and codes', async () => {
		const byName = await search(
			start({ originatorUserId: rl('mobile', '185 0000 0000') }),
			'expense',
		);
		expect(byName.results.map((r) => r.value)).toEqual(['PROC-EXPENSE-0002']);
		const byCode = await search(start({ originatorUserId: 'manager4220' }), 'proc-leave');
		expect(byCode.results.map((r) => r.value)).toEqual(['PROC-LEAVE-0001']);
		const calls = await env.client.requestsTo(TEMPLATES);
		expect(calls.map((c) => c.query.userId)).toEqual(['manager4220', 'manager4220']);
		expect((await env.client.requestsTo('/topapi/v2/user/getbymobile'))[0].body).toMatchObject({
			mobile: '18500000000',
		});
	});

	it('Get Many: the templates the first of Filters → Originator User IDs can see', async () => {
		const found = await search({
			resource: 'approval',
			operation: 'getAll',
			filters: { userIds: 'user0002, user0003' },
		});
		expect(found.results.map((r) => r.value)).toEqual(['PROC-LEAVE-0001', 'PROC-EXPENSE-0002']);
		expect((await env.client.requestsTo(TEMPLATES))[0].query).toMatchObject({ userId: 'user0002' });
	});

	it('without a fixed user it says what to fill first, and asks DingTalk nothing', async () => {
		for (const parameters of [
			start(),
			start({ originatorUserId: rl('list', '') }),
			start({ originatorUserId: rl('id', '={{ $json.userId }}') }),
			{ resource: 'approval', operation: 'getAll' },
		]) {
			await expect(search(parameters)).rejects.toMatchObject({
				message: 'Set the user first',
				description: expect.stringContaining('Originator User ID'),
			});
		}
		expect(await env.client.requestsTo(TEMPLATES)).toHaveLength(0);
	});
});

describe("Start's Form with a picked template", () => {
	async function formFields(processCode: unknown) {
		return await resourceMapperFields('getApprovalFormFields', {
			credentials: credentials(),
			parameters: start({ processCode } as INodeParameters),
			path: 'parameters.form',
		});
	}

	it("loads the schema of the locator's value (list or ID mode; plain text as before)", async () => {
		for (const processCode of [
			rl('list', 'PROC-EXPENSE-0002'),
			rl('id', ' PROC-EXPENSE-0002 '),
			'PROC-EXPENSE-0002',
		]) {
			const { fields } = await formFields(processCode);
			expect(fields.map((f) => [f.id, f.type, f.required])).toEqual([['Total', 'number', true]]);
		}
		const calls = await env.client.requestsTo('/v1.0/workflow/forms/schemas/processCodes');
		expect(calls.map((c) => c.query.processCode)).toEqual([
			'PROC-EXPENSE-0002',
			'PROC-EXPENSE-0002',
			'PROC-EXPENSE-0002',
		]);
	});

	it('an empty locator asks for the template and calls nothing', async () => {
		const mapped = await formFields(rl('list', ''));
		expect(mapped).toEqual({
			fields: [],
			emptyFieldsNotice: 'Pick the template (Template Process Code) to load its form',
		});
		expect(await env.client.requestsTo('/v1.0/workflow/forms/schemas/processCodes')).toHaveLength(
			0,
		);
	});
});
