import WorkflowClient, {
	AddProcessInstanceCommentHeaders,
	AddProcessInstanceCommentRequest,
	ExecuteProcessInstanceHeaders,
	ExecuteProcessInstanceRequest,
	GetProcessInstanceHeaders,
	GrantProcessInstanceForDownloadFileHeaders,
	GrantProcessInstanceForDownloadFileRequest,
	GetProcessInstanceRequest,
	ListProcessInstanceIdsHeaders,
	ListProcessInstanceIdsRequest,
	ListUserVisibleBpmsProcessesHeaders,
	ListUserVisibleBpmsProcessesRequest,
	QuerySchemaByProcessCodeHeaders,
	QuerySchemaByProcessCodeRequest,
	RedirectWorkflowTaskHeaders,
	RedirectWorkflowTaskRequest,
	StartProcessInstanceHeaders,
	StartProcessInstanceRequest,
	StartProcessInstanceRequestApprovers,
	StartProcessInstanceRequestFormComponentValues,
	TerminateProcessInstanceHeaders,
	TerminateProcessInstanceRequest,
} from '@alicloud/dingtalk/dist/workflow_1_0/client';

import { sdkAccessToken, sdkClient, sdkRefusal, sdkRuntime } from '../../../support/officialSdk';
import { useEmulator } from '../../../support/useEmulator';

/**
 * workflow_1_0 through the official SDK: the approval endpoints the package calls, with the SDK's
 * request models (query parameters for the GETs, JSON bodies for the rest), at the per-call
 * maxima (20 instance IDs, 100 templates) and one over, and the refusals for acting out of turn.
 */

const env = useEmulator();
const LEAVE = 'PROC-LEAVE-0001';
const EXPENSE = 'PROC-EXPENSE-0002';

let client: WorkflowClient;
let token: string;

beforeAll(async () => {
	client = sdkClient(WorkflowClient, env.emulator);
	token = await sdkAccessToken(env.emulator);
});

const h = <T>(Headers: new (map: Record<string, unknown>) => T): T =>
	new Headers({ xAcsDingtalkAccessToken: token });
const field = (name: string, value: string) =>
	new StartProcessInstanceRequestFormComponentValues({ name, value });

const startLeave = (extra: Record<string, unknown> = {}) =>
	client.startProcessInstanceWithOptions(
		new StartProcessInstanceRequest({
			processCode: LEAVE,
			originatorUserId: 'user0001',
			deptId: -1,
			formComponentValues: [field('Reason', 'Rest'), field('Days', '2')],
			...extra,
		}),
		h(StartProcessInstanceHeaders),
		sdkRuntime(),
	);
const getInstance = async (processInstanceId: string) =>
	(
		await client.getProcessInstanceWithOptions(
			new GetProcessInstanceRequest({ processInstanceId }),
			h(GetProcessInstanceHeaders),
			sdkRuntime(),
		)
	).body!.result!;
const listIds = (request: Record<string, unknown>) =>
	client.listProcessInstanceIdsWithOptions(
		new ListProcessInstanceIdsRequest({
			processCode: LEAVE,
			startTime: Date.now() - 60_000,
			...request,
		}),
		h(ListProcessInstanceIdsHeaders),
		sdkRuntime(),
	);
const execute = (request: Record<string, unknown>) =>
	client.executeProcessInstanceWithOptions(
		new ExecuteProcessInstanceRequest(request),
		h(ExecuteProcessInstanceHeaders),
		sdkRuntime(),
	);

describe('workflow_1_0 with the official SDK as client', () => {
	it('lists visible templates (maxResults 1..100) and reads a form schema', async () => {
		const visible = await client.listUserVisibleBpmsProcessesWithOptions(
			new ListUserVisibleBpmsProcessesRequest({
				userId: 'user0001',
				maxResults: 100,
				nextToken: 0,
			}),
			h(ListUserVisibleBpmsProcessesHeaders),
			sdkRuntime(),
		);
		expect(visible.body?.result?.processList?.map((p) => p.processCode)).toEqual([LEAVE, EXPENSE]);
		const paged = await client.listUserVisibleBpmsProcessesWithOptions(
			new ListUserVisibleBpmsProcessesRequest({ userId: 'user0001', maxResults: 1 }),
			h(ListUserVisibleBpmsProcessesHeaders),
			sdkRuntime(),
		);
		expect(paged.body?.result).toMatchObject({
			processList: [{ processCode: LEAVE }],
			nextToken: 1,
		});
		expect(
			await sdkRefusal(
				client.listUserVisibleBpmsProcessesWithOptions(
					new ListUserVisibleBpmsProcessesRequest({ userId: 'user0001', maxResults: 101 }),
					h(ListUserVisibleBpmsProcessesHeaders),
					sdkRuntime(),
				),
			),
		).toMatchObject({ statusCode: 400, code: 'invalidParameter.maxResults' });

		const schema = await client.querySchemaByProcessCodeWithOptions(
			new QuerySchemaByProcessCodeRequest({ processCode: LEAVE }),
			h(QuerySchemaByProcessCodeHeaders),
			sdkRuntime(),
		);
		const items = schema.body?.result?.schemaContent?.items ?? [];
		expect(items.map((i) => i.componentName)).toEqual([
			'TextField',
			'NumberField',
			'DDDateField',
			'DDSelectField',
			'DDAttachment',
			'TableField',
		]);
		expect(items[0].props).toMatchObject({ label: 'Reason', required: true });
	});

	it('starts an instance, reads it, and approves it: the instance completes as agreed', async () => {
		const started = await startLeave({
			approvers: [
				new StartProcessInstanceRequestApprovers({ actionType: 'NONE', userIds: ['user0002'] }),
			],
			ccList: ['user0003'],
			ccPosition: 'START',
		});
		const id = started.body!.instanceId!;
		const running = await getInstance(id);
		expect(running).toMatchObject({
			status: 'RUNNING',
			originatorUserId: 'user0001',
			ccUserIds: ['user0003'],
			formComponentValues: [
				{ name: 'Reason', value: 'Rest', componentType: 'TextField' },
				{ name: 'Days', value: '2', componentType: 'NumberField' },
			],
			tasks: [{ userId: 'user0002', status: 'RUNNING', result: 'NONE' }],
		});
		const taskId = running.tasks![0].taskId!;
		expect(
			await sdkRefusal(
				execute({ processInstanceId: id, taskId, actionerUserId: 'user0009', result: 'agree' }),
			),
		).toMatchObject({ statusCode: 400, code: 'invalidParameter.actionerUserId' });
		const done = await execute({
			processInstanceId: id,
			taskId,
			actionerUserId: 'user0002',
			result: 'agree',
			remark: 'ok',
		});
		expect(done.body).toEqual({ result: true, success: true });
		expect(await getInstance(id)).toMatchObject({ status: 'COMPLETED', result: 'agree' });
		expect(
			await sdkRefusal(
				execute({ processInstanceId: id, taskId, actionerUserId: 'user0002', result: 'agree' }),
			),
		).toMatchObject({ code: 'taskNotRunning' });
	});

	it('refuses a form without a required field, an unknown field and a bad number', async () => {
		expect(
			await sdkRefusal(startLeave({ formComponentValues: [field('Reason', 'x')] })),
		).toMatchObject({ statusCode: 400, code: 'invalidParameter.formComponentValues' });
		expect(
			await sdkRefusal(
				startLeave({
					formComponentValues: [field('Reason', 'x'), field('Days', '1'), field('Nope', '1')],
				}),
			),
		).toMatchObject({ code: 'invalidParameter.formComponentValues' });
		expect(
			await sdkRefusal(
				startLeave({ formComponentValues: [field('Reason', 'x'), field('Days', 'two')] }),
			),
		).toMatchObject({ code: 'invalidParameter.formComponentValues' });
		expect(await sdkRefusal(startLeave({ processCode: 'PROC-NOPE' }))).toMatchObject({
			code: 'invalidParameter.processCode',
		});
	});

	it('lists instance IDs 20 at a time with nextToken; 21 and a 121-day window are refused', async () => {
		for (let n = 0; n < 25; n++) await startLeave();
		const first = await listIds({ maxResults: 20 });
		expect(first.body?.result?.list).toHaveLength(20);
		const second = await listIds({
			maxResults: 20,
			nextToken: Number(first.body?.result?.nextToken),
		});
		expect(second.body?.result?.list).toHaveLength(5);
		expect(second.body?.result?.nextToken).toBeUndefined();
		expect(await sdkRefusal(listIds({ maxResults: 21 }))).toMatchObject({
			code: 'invalidParameter.maxResults',
		});
		expect(
			await sdkRefusal(
				listIds({ startTime: Date.now() - 121 * 24 * 3600_000, endTime: Date.now() }),
			),
		).toMatchObject({ code: 'invalidParameter.timeRange' });
		const running = await listIds({ statuses: ['RUNNING'], userIds: ['user0001'] });
		expect(running.body?.result?.list).toHaveLength(20);
	});

	it('transfers a task, comments, and terminates (originator only)', async () => {
		const id = (await startLeave()).body!.instanceId!;
		const taskId = (await getInstance(id)).tasks![0].taskId!;
		const moved = await client.redirectWorkflowTaskWithOptions(
			new RedirectWorkflowTaskRequest({
				taskId,
				operateUserId: 'manager4220',
				toUserId: 'user0004',
				remark: 'yours',
			}),
			h(RedirectWorkflowTaskHeaders),
			sdkRuntime(),
		);
		expect(moved.body).toEqual({ result: true });
		expect((await getInstance(id)).tasks?.map((t) => [t.userId, t.status])).toEqual([
			['manager4220', 'COMPLETED'],
			['user0004', 'RUNNING'],
		]);
		const comment = await client.addProcessInstanceCommentWithOptions(
			new AddProcessInstanceCommentRequest({
				processInstanceId: id,
				commentUserId: 'user0001',
				text: 'thanks',
			}),
			h(AddProcessInstanceCommentHeaders),
			sdkRuntime(),
		);
		expect(comment.body).toMatchObject({ result: true });
		const terminate = (operatingUserId: string) =>
			client.terminateProcessInstanceWithOptions(
				new TerminateProcessInstanceRequest({
					processInstanceId: id,
					operatingUserId,
					isSystem: false,
				}),
				h(TerminateProcessInstanceHeaders),
				sdkRuntime(),
			);
		expect(await sdkRefusal(terminate('user0004'))).toMatchObject({
			code: 'invalidParameter.operatingUserId',
		});
		expect((await terminate('user0001')).body).toMatchObject({ result: true });
		expect(await getInstance(id)).toMatchObject({ status: 'TERMINATED' });
	});

	it('grants a download of a form attachment: a signed object-store URL serving the file', async () => {
		const file = await env.client.admin<Record<string, string>>('POST', 'workflow/files', {
			fileName: 'plan.txt',
			base64: btoa('the plan'),
		});
		const id = (
			await startLeave({
				formComponentValues: [
					field('Reason', 'x'),
					field('Days', '1'),
					field('Attachments', JSON.stringify([file])),
				],
			})
		).body!.instanceId!;
		const grant = (fileId: string) =>
			client.grantProcessInstanceForDownloadFileWithOptions(
				new GrantProcessInstanceForDownloadFileRequest({
					processInstanceId: id,
					fileId,
					withCommentAttatchment: false,
				}),
				h(GrantProcessInstanceForDownloadFileHeaders),
				sdkRuntime(),
			);
		const granted = await grant(file.fileId);
		expect(granted.body?.result).toMatchObject({
			fileId: file.fileId,
			spaceId: Number(file.spaceId),
		});
		const download = await fetch(String(granted.body?.result?.downloadUri));
		expect(download.status).toBe(200);
		expect(await download.text()).toBe('the plan');
		expect(await sdkRefusal(grant('123'))).toMatchObject({
			statusCode: 400,
			code: 'invalidParameter.fileId',
		});
	});

	it('answers 403 naming the scope without the approval permission', async () => {
		await env.client.permissions({ revoke: ['Workflow.Instance.Write'] });
		const refusal = await sdkRefusal(startLeave());
		expect(refusal).toMatchObject({
			statusCode: 403,
			code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
		});
		expect(refusal.message).toContain('Workflow.Instance.Write');
	});
});
