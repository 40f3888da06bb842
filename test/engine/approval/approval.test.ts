import type { IDataObject, ResourceMapperFields } from 'n8n-workflow';

import { useEmulator } from '../../support/useEmulator';
import { resourceMapperFields } from '../editor';
import { runNode, TestCredentialsHelper } from '../harness';

/** Approval (OA 审批) → every operation in n8n's engine against the emulator's workflow_1_0. */

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());
const LEAVE = 'PROC-LEAVE-0001';
const EXPENSE = 'PROC-EXPENSE-0002';

interface StoredInstance {
	id: string;
	processCode: string;
	status: string;
	result: string;
	originatorUserId: string;
	ccList: string[];
	formComponentValues: Array<{ name: string; value: string; componentType: string }>;
	tasks: Array<{ taskId: number; userId: string; status: string; result: string }>;
	operationRecords: Array<{
		type: string;
		userId: string;
		remark?: string;
		images?: string[];
		attachments?: IDataObject[];
	}>;
}

const instances = async () =>
	(await env.client.admin<{ workflow: { instances: StoredInstance[] } }>('GET', 'state')).workflow
		.instances;
const instance = async (id: unknown) => (await instances()).find((i) => i.id === id)!;

const approval = (operation: string, parameters: IDataObject = {}): IDataObject => ({
	resource: 'approval',
	operation,
	...parameters,
});

const LEAVE_FORM = {
	values: [
		{ name: 'Reason', value: 'Family matters' },
		{ name: 'Days', value: '2' },
		{ name: 'Start date', value: '2026-12-21' },
		{ name: 'Leave type', value: 'Annual' },
		{
			name: 'Details',
			value: '[[{"name":"Item","value":"Train"},{"name":"Amount","value":"120"}]]',
		},
	],
};

async function started(processCode = LEAVE, extra: IDataObject = {}): Promise<string> {
	const { output, error } = await runNode({
		credentials: credentials(),
		parameters: approval('start', {
			processCode,
			originatorUserId: 'user0001',
			formValues:
				processCode === LEAVE ? LEAVE_FORM : { values: [{ name: 'Total', value: '99.5' }] },
			...extra,
		}),
	});
	expect(error).toBeUndefined();
	return String(output[0].json.instanceId);
}

/** The Start operation's Form fields, loaded as the editor loads them (n8n-core's LoadOptionsContext). */
async function formFields(processCode: string): Promise<ResourceMapperFields> {
	return await resourceMapperFields('getApprovalFormFields', {
		credentials: credentials(),
		parameters: { resource: 'approval', operation: 'start', processCode },
		path: 'parameters.form',
	});
}

describe('Approval', () => {
	it("Start's Form offers the template's fields (types, required, select options); they reach DingTalk by name", async () => {
		const { fields } = await formFields(LEAVE);
		expect(fields.map((f) => [f.id, f.type, f.required])).toEqual([
			['Reason', 'string', true],
			['Days', 'number', true],
			['Start date', 'dateTime', false],
			['Leave type', 'options', false],
			['Attachments', 'string', false],
			['Details', 'string', false],
		]);
		expect(fields.find((f) => f.id === 'Leave type')?.options).toEqual([
			{ name: 'Annual', value: 'Annual' },
			{ name: 'Personal', value: 'Personal' },
		]);
		expect(fields.find((f) => f.id === 'Details')?.displayName).toBe(
			'Details (JSON rows of {name, value})',
		);
		expect(await formFields('')).toMatchObject({
			fields: [],
			emptyFieldsNotice: expect.any(String),
		});

		const { output, error } = await runNode({
			credentials: credentials(),
			parameters: approval('start', {
				processCode: LEAVE,
				originatorUserId: 'user0001',
				form: {
					mappingMode: 'defineBelow',
					value: {
						Reason: 'Rest',
						Days: 2,
						'Start date': '2026-12-21T00:00:00.000+08:00',
						'Leave type': 'Personal',
						Attachments: '',
					},
					matchingColumns: [],
					schema: fields as unknown as IDataObject[],
					attemptToConvertTypes: false,
					convertFieldsToString: false,
				},
				formValues: { values: [{ name: 'Reason', value: 'Family' }] },
			}),
		});
		expect(error).toBeUndefined();
		const stored = await instance(output[0].json.instanceId);
		expect(stored.formComponentValues.map((v) => [v.name, v.value])).toEqual([
			['Days', '2'],
			['Start date', '2026-12-21'],
			['Leave type', 'Personal'],
			['Reason', 'Family'],
		]);
	});

	it('Get Templates lists what a user may submit, 100 a call', async () => {
		const mine = await runNode({
			credentials: credentials(),
			parameters: approval('getTemplates', { userId: 'user0001' }),
		});
		expect(mine.output.map((o) => o.json.processCode)).toEqual([LEAVE, EXPENSE]);
		const theirs = await runNode({
			credentials: credentials(),
			parameters: approval('getTemplates', { userId: 'user0005' }),
		});
		expect(theirs.output.map((o) => o.json.processCode)).toEqual([LEAVE]);
		const calls = await env.client.requestsTo(
			'/v1.0/workflow/processes/userVisibilities/templates',
		);
		expect(calls[0].query).toEqual({ userId: 'user0001', maxResults: '100' });
	});

	it('Start sends the form by field name; Get normalises status, approvers and form values', async () => {
		const { output, error } = await runNode({
			credentials: credentials(),
			items: [{ json: { days: 3 } }],
			parameters: approval('start', {
				processCode: LEAVE,
				originatorUserId: 'user0001',
				formValues: {
					values: [
						...LEAVE_FORM.values.filter((v) => v.name !== 'Days'),
						{ name: 'Days', value: '={{ $json.days }}' },
					],
				},
				options: { ccUserIds: 'user0009', ccPosition: 'FINISH', deptId: 100 },
			}),
		});
		expect(error).toBeUndefined();
		const id = output[0].json.instanceId;
		expect(output[0].json).toMatchObject({ processCode: LEAVE, originatorUserId: 'user0001' });
		const [call] = await env.client.requestsTo('/v1.0/workflow/processInstances');
		expect(call.body).toMatchObject({
			processCode: LEAVE,
			originatorUserId: 'user0001',
			deptId: 100,
			ccList: ['user0009'],
			ccPosition: 'FINISH',
		});
		expect(
			(call.body?.formComponentValues as IDataObject[]).find((v) => v.name === 'Days'),
		).toEqual({
			name: 'Days',
			value: '3',
		});
		expect((await instance(id)).ccList).toEqual(['user0009']);

		const got = await runNode({
			credentials: credentials(),
			parameters: approval('get', { instanceId: id }),
		});
		expect(got.output[0].json).toMatchObject({
			instanceId: id,
			status: 'RUNNING',
			result: null,
			originatorUserId: 'user0001',
			currentApproverUserIds: ['manager4220'],
			currentTasks: [{ userId: 'manager4220', taskId: expect.stringMatching(/^\d+$/) }],
			form: {
				Reason: 'Family matters',
				Days: '3',
				'Leave type': 'Annual',
				Details: [
					[
						{ name: 'Item', value: 'Train' },
						{ name: 'Amount', value: '120' },
					],
				],
			},
		});
	});

	it('Approve finds the approver’s open task; the last approval completes the instance as agreed', async () => {
		const id = await started();
		const { output } = await runNode({
			credentials: credentials(),
			parameters: approval('approve', {
				instanceId: id,
				actionerUserId: 'manager4220',
				remark: 'Enjoy',
			}),
		});
		const stored = await instance(id);
		expect(output[0].json).toEqual({
			instanceId: id,
			taskId: String(stored.tasks[0].taskId),
			userId: 'manager4220',
			result: 'agree',
			done: true,
		});
		expect(stored).toMatchObject({ status: 'COMPLETED', result: 'agree' });
		const [execute] = await env.client.requestsTo('/v1.0/workflow/processInstances/execute');
		expect(execute.body).toEqual({
			processInstanceId: id,
			taskId: stored.tasks[0].taskId,
			actionerUserId: 'manager4220',
			result: 'agree',
			remark: 'Enjoy',
		});
	});

	it('Transfer hands the task on; Reject by the new approver refuses the instance', async () => {
		const id = await started(EXPENSE);
		const moved = await runNode({
			credentials: credentials(),
			parameters: approval('transfer', {
				instanceId: id,
				operateUserId: 'user0003',
				toUserId: 'user0004',
			}),
		});
		expect(moved.output[0].json).toMatchObject({
			fromUserId: 'user0003',
			toUserId: 'user0004',
			transferred: true,
		});
		const rejected = await runNode({
			credentials: credentials(),
			parameters: approval('reject', {
				instanceId: id,
				actionerUserId: 'user0004',
				remark: 'No receipt',
			}),
		});
		expect(rejected.output[0].json).toMatchObject({ result: 'refuse', done: true });
		const stored = await instance(id);
		expect(stored).toMatchObject({ status: 'COMPLETED', result: 'refuse' });
		expect(stored.tasks.map((t) => [t.userId, t.result])).toEqual([
			['user0003', 'REDIRECTED'],
			['user0004', 'REFUSE'],
		]);
	});

	it('Comment with photos and attachments; Terminate by the originator, then DingTalk refuses a second one', async () => {
		const id = await started();
		const commented = await runNode({
			credentials: credentials(),
			parameters: approval('comment', {
				instanceId: id,
				commentUserId: 'user0001',
				text: 'Receipt attached',
				options: {
					photos: 'https://img.example.com/a.png',
					attachments:
						'[{"spaceId":"1000001","fileId":"42","fileName":"r.pdf","fileSize":"10","fileType":"pdf"}]',
				},
			}),
		});
		expect(commented.output[0].json).toMatchObject({ commented: true });
		const remark = (await instance(id)).operationRecords.find((r) => r.type === 'ADD_REMARK');
		expect(remark).toMatchObject({
			userId: 'user0001',
			remark: 'Receipt attached',
			images: ['https://img.example.com/a.png'],
			attachments: [{ fileId: '42', fileName: 'r.pdf', spaceId: '1000001' }],
		});

		const stopped = await runNode({
			credentials: credentials(),
			parameters: approval('terminate', {
				instanceId: id,
				operatingUserId: 'user0001',
				remark: 'Plans changed',
			}),
		});
		expect(stopped.output[0].json).toEqual({ instanceId: id, terminated: true });
		expect((await instance(id)).status).toBe('TERMINATED');
		const again = await runNode({
			credentials: credentials(),
			parameters: approval('terminate', { instanceId: id, operatingUserId: 'user0001' }),
		});
		expect(again.error?.message).toContain('instanceNotRunning');
	});

	it('Get Many IDs walks every page (20 a call) and splits windows over 120 days', async () => {
		const made = await runNode({
			credentials: credentials(),
			items: Array.from({ length: 45 }, () => ({ json: {} })),
			parameters: approval('start', {
				processCode: EXPENSE,
				originatorUserId: 'user0001',
				formValues: { values: [{ name: 'Total', value: '1' }] },
			}),
		});
		expect(made.output.every((o) => typeof o.json.instanceId === 'string')).toBe(true);
		const path = '/v1.0/workflow/processes/instanceIds/query';
		const all = await runNode({
			credentials: credentials(),
			parameters: approval('getAll', {
				processCode: EXPENSE,
				startTime: new Date(Date.now() - 3600_000).toISOString(),
				returnAll: true,
			}),
		});
		expect(all.error).toBeUndefined();
		expect(all.output).toHaveLength(45);
		expect(new Set(all.output.map((o) => o.json.instanceId)).size).toBe(45);
		let calls = await env.client.requestsTo(path);
		expect(calls.map((c) => [c.body?.maxResults, c.body?.nextToken])).toEqual([
			[20, undefined],
			[20, 20],
			[20, 40],
		]);

		const year = await runNode({
			credentials: credentials(),
			parameters: approval('getAll', {
				processCode: EXPENSE,
				startTime: new Date(Date.now() - 200 * 24 * 3600_000).toISOString(),
				limit: 5,
				filters: { statuses: ['RUNNING'], userIds: 'user0001' },
			}),
		});
		expect(year.error).toBeUndefined();
		expect(year.output).toHaveLength(5);
		calls = (await env.client.requestsTo(path)).slice(3);
		expect(calls).toHaveLength(2);
		for (const call of calls) {
			expect(Number(call.body?.endTime) - Number(call.body?.startTime)).toBeLessThanOrEqual(
				120 * 24 * 3600_000,
			);
			expect(call.body).toMatchObject({ statuses: ['RUNNING'], userIds: ['user0001'] });
		}
		expect(Number(calls[1].body?.startTime)).toBe(Number(calls[0].body?.endTime) + 1);
	});

	it('Download Attachment: a file attached to the form comes out as binary; Get lists the attachments', async () => {
		const text = '%PDF-1.4 receipt';
		const file = await env.client.admin<IDataObject>('POST', 'workflow/files', {
			fileName: 'receipt.pdf',
			base64: btoa(text),
		});
		const id = await started(LEAVE, {
			formValues: {
				values: [...LEAVE_FORM.values, { name: 'Attachments', value: JSON.stringify([file]) }],
			},
		});
		const got = await runNode({
			credentials: credentials(),
			parameters: approval('get', { instanceId: id }),
		});
		expect(got.output[0].json.attachments).toEqual([{ field: 'Attachments', ...file }]);
		const { output, error } = await runNode({
			credentials: credentials(),
			continueOnFail: true,
			items: [{ json: { fileId: file.fileId } }, { json: { fileId: '999' } }],
			parameters: approval('downloadAttachment', { instanceId: id, fileId: '={{ $json.fileId }}' }),
		});
		expect(error).toBeUndefined();
		expect(output[0].json).toEqual({
			instanceId: id,
			fileId: file.fileId,
			fileName: 'receipt.pdf',
			mimeType: 'application/pdf',
			size: text.length,
		});
		expect(atob(String(output[0].binary?.data.data))).toBe(text);
		expect(output[1].json.error).toContain('invalidParameter.fileId');
		expect(output[1].binary).toBeUndefined();
	});

	it('bad inputs fail their own item, named and indexed', async () => {
		const id = await started();
		const { output, error } = await runNode({
			credentials: credentials(),
			continueOnFail: true,
			items: [
				{ json: { who: 'user0002' } },
				{ json: { who: 'manager4220', task: 'abc' } },
				{ json: { who: 'manager4220' } },
			],
			parameters: approval('approve', {
				instanceId: id,
				actionerUserId: '={{ $json.who }}',
				taskId: '={{ $json.task ?? "" }}',
			}),
		});
		expect(error).toBeUndefined();
		expect(output[0].json.error).toContain('user0002 has no open task');
		expect(output[0].json.error).toContain('parameter "Approver User ID" [item 0]');
		expect(output[1].json.error).toContain('parameter "Task ID" [item 1]');
		expect(output[2].json).toMatchObject({ result: 'agree', done: true });

		const badForm = await runNode({
			credentials: credentials(),
			continueOnFail: true,
			items: [{ json: {} }, { json: {} }],
			parameters: approval('start', {
				processCode: LEAVE,
				originatorUserId: 'user0001',
				formValues: { values: [{ name: '={{ $itemIndex ? "" : "Reason" }}', value: 'x' }] },
			}),
		});
		expect(badForm.output[0].json.error).toContain('必填控件 Days');
		expect(badForm.output[1].json.error).toContain('parameter "Form Values" [item 1]');
		const noStart = await runNode({
			credentials: credentials(),
			parameters: approval('getAll', { processCode: LEAVE, startTime: 'soon' }),
		});
		expect(noStart.error?.message).toContain('parameter "Start Time" [item 0]');
	});

	it('permission errors name the approval permission', async () => {
		await env.client.permissions({ revoke: ['Workflow.Instance.Write'] });
		const write = await runNode({
			credentials: credentials(),
			parameters: approval('start', {
				processCode: LEAVE,
				originatorUserId: 'user0001',
				formValues: LEAVE_FORM,
			}),
		});
		expect(write.error?.message).toContain('审批实例写权限 (Workflow.Instance.Write)');
		await env.client.permissions({ revoke: ['Workflow.Instance.Read', 'Workflow.Process.Read'] });
		const read = await runNode({
			credentials: credentials(),
			parameters: approval('get', { instanceId: 'x' }),
		});
		expect(read.error?.message).toContain('(Workflow.Instance.Read)');
		const templates = await runNode({
			credentials: credentials(),
			parameters: approval('getTemplates', { userId: 'user0001' }),
		});
		expect(templates.error?.message).toContain('(Workflow.Process.Read)');
	});
});
