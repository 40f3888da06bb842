import TodoClient, {
	CreateTodoTaskHeaders,
	CreateTodoTaskRequest,
	CreateTodoTaskRequestDetailUrl,
	DeleteTodoTaskHeaders,
	DeleteTodoTaskRequest,
	GetTodoTaskBySourceIdHeaders,
	GetTodoTaskHeaders,
	QueryOrgTodoTasksHeaders,
	QueryOrgTodoTasksRequest,
	UpdateTodoTaskExecutorStatusHeaders,
	UpdateTodoTaskExecutorStatusRequest,
	UpdateTodoTaskExecutorStatusRequestExecutorStatusList,
	UpdateTodoTaskHeaders,
	UpdateTodoTaskRequest,
} from '@alicloud/dingtalk/dist/todo_1_0/client';

import { sdkAccessToken, sdkClient, sdkRefusal, sdkRuntime } from '../../../support/officialSdk';
import { useEmulator } from '../../../support/useEmulator';

/**
 * todo_1_0 through the official SDK: every to-do endpoint the package calls, with the SDK's own
 * request models (unionIds in the path and the operatorId query, the rest in the body), and the
 * refusals DingTalk documents (duplicate source ID, oversize subject, missing task).
 */

const env = useEmulator();
const CREATOR = 'unionTodoCreator01';
const DOER = 'unionTodoDoer00002';
const WATCHER = 'unionTodoWatcher03';

let client: TodoClient;
let token: string;

beforeAll(async () => {
	client = sdkClient(TodoClient, env.emulator);
	token = await sdkAccessToken(env.emulator);
	await env.client.directory({
		users: [
			{ userId: 'todoCreator', unionId: CREATOR, name: 'Creator', mobile: '13900000001' },
			{ userId: 'todoDoer', unionId: DOER, name: 'Doer', mobile: '13900000002' },
			{ userId: 'todoWatcher', unionId: WATCHER, name: 'Watcher', mobile: '13900000003' },
		],
	});
});

const headers = <T>(Headers: new (map: Record<string, unknown>) => T): T =>
	new Headers({ xAcsDingtalkAccessToken: token });

const create = (request: Record<string, unknown>, unionId = CREATOR) =>
	client.createTodoTaskWithOptions(
		unionId,
		new CreateTodoTaskRequest({ operatorId: CREATOR, subject: 'Review budget', ...request }),
		headers(CreateTodoTaskHeaders),
		sdkRuntime(),
	);
const get = (taskId: string) =>
	client.getTodoTaskWithOptions(CREATOR, taskId, headers(GetTodoTaskHeaders), sdkRuntime());
const query = (request: Record<string, unknown>, unionId = DOER) =>
	client.queryOrgTodoTasksWithOptions(
		unionId,
		new QueryOrgTodoTasksRequest(request),
		headers(QueryOrgTodoTasksHeaders),
		sdkRuntime(),
	);

describe('todo_1_0 with the official SDK as client', () => {
	it('creates a to-do and reads it back by id and by source id', async () => {
		const created = await create({
			creatorId: CREATOR,
			description: 'Q3',
			dueTime: 1_800_000_000_000,
			executorIds: [DOER],
			participantIds: [WATCHER],
			sourceId: 'erp-1',
			priority: 30,
			detailUrl: new CreateTodoTaskRequestDetailUrl({
				appUrl: 'https://erp.example.com/1',
				pcUrl: 'https://erp.example.com/1',
			}),
		});
		expect(created.statusCode).toBe(200);
		expect(created.body).toMatchObject({
			id: expect.stringMatching(/^task/),
			subject: 'Review budget',
			creatorId: CREATOR,
			executorIds: [DOER],
			done: false,
			dueTime: 1_800_000_000_000,
			priority: 30,
			sourceId: 'erp-1',
			detailUrl: { appUrl: 'https://erp.example.com/1' },
		});
		expect(created.body?.participantIds).toEqual(expect.arrayContaining([DOER, WATCHER]));
		const [request] = await env.client.requestsTo(`/v1.0/todo/users/${CREATOR}/tasks`);
		expect(request.query).toEqual({ operatorId: CREATOR });
		expect(request.body).toMatchObject({ subject: 'Review budget', executorIds: [DOER] });

		const byId = await get(created.body!.id!);
		expect(byId.body).toMatchObject({ id: created.body!.id, subject: 'Review budget' });
		const bySource = await client.getTodoTaskBySourceIdWithOptions(
			CREATOR,
			'erp-1',
			headers(GetTodoTaskBySourceIdHeaders),
			sdkRuntime(),
		);
		expect(bySource.body?.id).toBe(created.body!.id);
	});

	it('refuses a second to-do with the same source id, an oversize subject, unknown people', async () => {
		await create({ sourceId: 'erp-2' });
		expect(await sdkRefusal(create({ sourceId: 'erp-2' }))).toMatchObject({
			statusCode: 400,
			code: 'todo.taskCreate.paramError',
			message: 'task exist',
		});
		expect(await sdkRefusal(create({ subject: 'x'.repeat(1025) }))).toMatchObject({
			code: 'todo.taskCreate.paramError',
			message: 'subject is oversize',
		});
		expect((await create({ subject: '字'.repeat(1024) })).statusCode).toBe(200);
		expect(await sdkRefusal(create({ executorIds: ['unionNobody'] }))).toMatchObject({
			code: 'todo.taskCreate.paramError',
		});
		expect(await sdkRefusal(create({ subject: '' }))).toMatchObject({ statusCode: 400 });
		expect(await sdkRefusal(create({}, 'unionNobody'))).toMatchObject({ statusCode: 400 });
	});

	it('updates, marks an executor done, marks the to-do done and deletes it', async () => {
		const id = (await create({ executorIds: [DOER] })).body!.id!;
		const updated = await client.updateTodoTaskWithOptions(
			CREATOR,
			id,
			new UpdateTodoTaskRequest({ operatorId: CREATOR, subject: 'Renamed', done: true }),
			headers(UpdateTodoTaskHeaders),
			sdkRuntime(),
		);
		expect(updated.body).toMatchObject({ result: true });
		expect((await get(id)).body).toMatchObject({ subject: 'Renamed', done: true });

		const status = await client.updateTodoTaskExecutorStatusWithOptions(
			CREATOR,
			id,
			new UpdateTodoTaskExecutorStatusRequest({
				operatorId: CREATOR,
				executorStatusList: [
					new UpdateTodoTaskExecutorStatusRequestExecutorStatusList({ id: DOER, isDone: true }),
				],
			}),
			headers(UpdateTodoTaskExecutorStatusHeaders),
			sdkRuntime(),
		);
		expect(status.body).toMatchObject({ result: true });

		const deleted = await client.deleteTodoTaskWithOptions(
			CREATOR,
			id,
			new DeleteTodoTaskRequest({ operatorId: CREATOR }),
			headers(DeleteTodoTaskHeaders),
			sdkRuntime(),
		);
		expect(deleted.body).toMatchObject({ result: true });
		expect(await sdkRefusal(get(id))).toMatchObject({ statusCode: 400, message: 'task not exist' });
	});

	it("lists a user's to-dos page by page with nextToken, filtered by role and status", async () => {
		for (let n = 0; n < 45; n++) await create({ subject: `T${n}`, executorIds: [DOER] });
		await create({ subject: 'not mine' });
		const seen: string[] = [];
		let nextToken: string | undefined;
		let pages = 0;
		do {
			const page = await query({ roleTypes: [['executor']], ...(nextToken ? { nextToken } : {}) });
			seen.push(...(page.body?.todoCards ?? []).map((c) => String(c.subject)));
			nextToken = page.body?.nextToken;
			pages++;
		} while (nextToken);
		expect(pages).toBe(3);
		expect(seen).toHaveLength(45);
		expect(seen).not.toContain('not mine');
		const done = await query({ isDone: true });
		expect(done.body?.todoCards).toEqual([]);
		const creator = await query({ roleTypes: [['creator']] }, CREATOR);
		expect(creator.body?.todoCards).toHaveLength(20);
	});

	it('answers 403 with the scope when the app lacks the to-do permissions', async () => {
		await env.client.permissions({ revoke: ['Todo.Todo.Write'] });
		const refusal = await sdkRefusal(create({}));
		expect(refusal).toMatchObject({
			statusCode: 403,
			code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
		});
		expect(refusal.message).toContain('Todo.Todo.Write');
	});
});
