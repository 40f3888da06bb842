import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';

/** To-do → every operation in n8n's engine against the emulator's todo_1_0. */

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());

const PEOPLE = {
	boss: 'unionTodoBoss00001',
	doer: 'unionTodoDoer00002',
	helper: 'unionTodoHelper003',
};

interface StoredTodo {
	id: string;
	subject: string;
	description: string;
	done: boolean;
	dueTime: number;
	creatorId: string;
	executorIds: string[];
	participantIds: string[];
	sourceId: string;
	priority: number;
	deleted?: boolean;
	executorDone: Record<string, boolean>;
}

const todos = async () =>
	(await env.client.admin<{ todos: StoredTodo[] }>('GET', 'state')).todos.filter((t) => !t.deleted);

beforeAll(async () => {
	await env.client.directory({
		users: [
			{ userId: 'boss', unionId: PEOPLE.boss, name: 'Boss', mobile: '13900000011' },
			{ userId: 'doer', unionId: PEOPLE.doer, name: 'Doer', mobile: '13900000012' },
			{ userId: 'helper', unionId: PEOPLE.helper, name: 'Helper', mobile: '13900000013' },
		],
	});
});

const todo = (operation: string, parameters: IDataObject = {}): IDataObject => ({
	resource: 'todo',
	operation,
	operatorUserId: 'boss',
	...parameters,
});

async function created(subject: string, extra: IDataObject = {}): Promise<IDataObject> {
	const { output, error } = await runNode({
		credentials: credentials(),
		parameters: todo('create', { subject, executorUserIds: 'doer', ...extra }),
	});
	expect(error).toBeUndefined();
	return output[0].json;
}

describe('To-do', () => {
	it('Create: executors and participants by userId reach DingTalk as unionIds, looked up once each', async () => {
		const { output, error } = await runNode({
			credentials: credentials(),
			items: [{ json: { who: 'doer, helper' } }, { json: { who: ['doer'] } }],
			parameters: todo('create', {
				subject: '={{ "Review " + $itemIndex }}',
				executorUserIds: '={{ $json.who }}',
				options: {
					participantUserIds: 'helper',
					description: 'Q3 numbers',
					dueTime: '2027-01-15T18:00:00+08:00',
					priority: 30,
					detailUrl: 'https://erp.example.com/42',
					dingNotify: true,
				},
			}),
		});
		expect(error).toBeUndefined();
		expect(output.map((o) => o.json.subject)).toEqual(['Review 0', 'Review 1']);
		expect(output[0].json).toMatchObject({
			id: expect.stringMatching(/^task/),
			creatorId: PEOPLE.boss,
			executorIds: [PEOPLE.doer, PEOPLE.helper],
			dueTime: Date.parse('2027-01-15T10:00:00Z'),
			dueDate: '2027-01-15T10:00:00.000Z',
			priority: 30,
			alreadyExisted: false,
		});
		expect(output[0].json.requestId).toBeUndefined();
		const calls = await env.client.requestsTo(`/v1.0/todo/users/${PEOPLE.boss}/tasks`);
		expect(calls).toHaveLength(2);
		expect(calls[0]).toMatchObject({
			method: 'POST',
			tokenInHeader: true,
			query: { operatorId: PEOPLE.boss },
		});
		expect(calls[0].body).toEqual({
			subject: 'Review 0',
			creatorId: PEOPLE.boss,
			executorIds: [PEOPLE.doer, PEOPLE.helper],
			participantIds: [PEOPLE.helper],
			description: 'Q3 numbers',
			dueTime: Date.parse('2027-01-15T10:00:00Z'),
			detailUrl: { appUrl: 'https://erp.example.com/42', pcUrl: 'https://erp.example.com/42' },
			priority: 30,
			notifyConfigs: { dingNotify: '1' },
		});
		expect(calls[1].body?.executorIds).toEqual([PEOPLE.doer]);
		const lookups = await env.client.requestsTo('/topapi/v2/user/get');
		expect(lookups.map((c) => c.body?.userid).sort()).toEqual(['boss', 'doer', 'helper']);
	});

	it('Create with a Source ID is idempotent: the second run returns the existing to-do', async () => {
		const first = await created('From ERP', { options: { sourceId: 'erp-42' } });
		const again = await created('From ERP (again)', { options: { sourceId: 'erp-42' } });
		expect(again).toMatchObject({ id: first.id, subject: 'From ERP', alreadyExisted: true });
		expect((await todos()).map((t) => t.sourceId)).toEqual(['erp-42']);
		const bySource = await env.client.requestsTo(
			`/v1.0/todo/users/${PEOPLE.boss}/tasks/sources/erp-42`,
		);
		expect(bySource).toHaveLength(1);
	});

	it('Get by To-do ID and by Source ID', async () => {
		const made = await created('Look me up', { options: { sourceId: 'crm-7' } });
		const byId = await runNode({
			credentials: credentials(),
			parameters: todo('get', { operatorUserId: 'doer', todoId: made.id }),
		});
		expect(byId.output[0].json).toMatchObject({ id: made.id, subject: 'Look me up', done: false });
		const bySource = await runNode({
			credentials: credentials(),
			parameters: todo('get', { lookUpBy: 'sourceId', sourceId: 'crm-7' }),
		});
		expect(bySource.output[0].json.id).toBe(made.id);
		const missing = await runNode({
			credentials: credentials(),
			parameters: todo('get', { todoId: 'task-nope' }),
		});
		expect(missing.error?.message).toContain('task not exist');
	});

	it('Get Many walks every page; Limit stops early; filters reach DingTalk', async () => {
		const made = await runNode({
			credentials: credentials(),
			items: Array.from({ length: 45 }, (_, n) => ({ json: { s: `T${n}` } })),
			parameters: todo('create', { subject: '={{ $json.s }}', executorUserIds: 'doer' }),
		});
		expect(made.output).toHaveLength(45);
		const all = await runNode({
			credentials: credentials(),
			parameters: todo('getAll', { operatorUserId: 'doer', returnAll: true }),
		});
		expect(all.error).toBeUndefined();
		expect(all.output).toHaveLength(45);
		expect(all.output.map((o) => o.json.subject)).toEqual(
			Array.from({ length: 45 }, (_, n) => `T${n}`),
		);
		const path = `/v1.0/todo/users/${PEOPLE.doer}/org/tasks/query`;
		const pages = await env.client.requestsTo(path);
		expect(pages.map((p) => p.body?.nextToken)).toEqual([undefined, '20', '40']);

		const some = await runNode({
			credentials: credentials(),
			parameters: todo('getAll', {
				operatorUserId: 'doer',
				limit: 5,
				filters: { role: 'executor', status: 'open' },
			}),
		});
		expect(some.output).toHaveLength(5);
		const later = (await env.client.requestsTo(path)).slice(pages.length);
		expect(later).toHaveLength(1);
		expect(later[0].body).toEqual({ roleTypes: [['executor']], isDone: false });
	});

	it('Update changes fields and people; Mark Done / Undone; executor-only status; Delete', async () => {
		const made = await created('Draft');
		const updated = await runNode({
			credentials: credentials(),
			parameters: todo('update', {
				todoId: made.id,
				updateFields: { subject: 'Final', executorUserIds: 'helper', dueTime: 1_900_000_000_000 },
			}),
		});
		expect(updated.output[0].json).toMatchObject({ id: made.id, updated: true, subject: 'Final' });
		let [stored] = await todos();
		expect(stored).toMatchObject({
			subject: 'Final',
			executorIds: [PEOPLE.helper],
			dueTime: 1_900_000_000_000,
		});

		await runNode({
			credentials: credentials(),
			parameters: todo('markDone', { todoId: made.id }),
		});
		[stored] = await todos();
		expect(stored.done).toBe(true);
		await runNode({
			credentials: credentials(),
			parameters: todo('markUndone', { todoId: made.id }),
		});
		[stored] = await todos();
		expect(stored.done).toBe(false);
		const part = await runNode({
			credentials: credentials(),
			parameters: todo('markDone', { todoId: made.id, options: { executorUserIds: 'helper' } }),
		});
		expect(part.output[0].json).toMatchObject({ done: true, executorIds: [PEOPLE.helper] });
		[stored] = await todos();
		expect(stored).toMatchObject({ done: false, executorDone: { [PEOPLE.helper]: true } });

		const deleted = await runNode({
			credentials: credentials(),
			parameters: todo('delete', { todoId: made.id }),
		});
		expect(deleted.output[0].json).toEqual({ id: made.id, deleted: true });
		expect(await todos()).toEqual([]);
		const calls = await env.client.requestsTo(
			`/v1.0/todo/users/${PEOPLE.boss}/tasks/${String(made.id)}`,
		);
		expect(calls.map((c) => c.method)).toEqual(['PUT', 'PUT', 'PUT', 'DELETE']);
		expect(calls[3].query).toEqual({ operatorId: PEOPLE.boss });
	});

	it('bad inputs fail their own item, named and indexed; the rest of the batch is created', async () => {
		const { output, error } = await runNode({
			credentials: credentials(),
			continueOnFail: true,
			items: [
				{ json: { s: 'ok 0', due: '' } },
				{ json: { s: '', due: '' } },
				{ json: { s: 'ok 2', due: 'next tuesday-ish' } },
				{ json: { s: 'x'.repeat(1025), due: '' } },
				{ json: { s: 'ok 4', due: '', who: 'ghost' } },
				{ json: { s: 'ok 5', due: '', who: { id: 'doer' } } },
			],
			parameters: todo('create', {
				subject: '={{ $json.s }}',
				executorUserIds: '={{ $json.who ?? "doer" }}',
				options: { dueTime: '={{ $json.due }}' },
			}),
		});
		expect(error).toBeUndefined();
		expect(output.map((o) => o.pairedItem)).toEqual([0, 1, 2, 3, 4, 5].map((item) => ({ item })));
		expect(output[0].json.subject).toBe('ok 0');
		expect(output[1].json.error).toContain('parameter "Subject" [item 1]');
		expect(output[2].json.error).toContain('parameter "Due Time" [item 2]');
		expect(output[3].json.error).toContain('over DingTalk\'s 1024 in parameter "Subject" [item 3]');
		expect(output[4].json.error).toContain('60121');
		expect(output[5].json.error).toContain('"Executor User IDs" [item 5]');
		expect((await todos()).map((t) => t.subject)).toEqual(['ok 0']);

		const noOperator = await runNode({
			credentials: credentials(),
			parameters: todo('get', { operatorUserId: '={{ "" }}', todoId: 'x' }),
		});
		expect(noOperator.error?.message).toContain('parameter "Operator User ID" [item 0]');
		const nothing = await runNode({
			credentials: credentials(),
			parameters: todo('update', { todoId: 'x', updateFields: {} }),
		});
		expect(nothing.error?.message).toContain('parameter "Update Fields" [item 0]');
	});

	it('permission errors name the to-do permission, read or write', async () => {
		await env.client.permissions({ revoke: ['Todo.Todo.Write'] });
		const write = await runNode({
			credentials: credentials(),
			parameters: todo('create', { subject: 'x' }),
		});
		expect(write.error?.message).toContain('待办应用中待办写权限 (Todo.Todo.Write)');
		await env.client.permissions({ grant: ['Todo.Todo.Write'], revoke: ['Todo.Todo.Read'] });
		const read = await runNode({
			credentials: credentials(),
			parameters: todo('getAll', { returnAll: true }),
		});
		expect(read.error?.message).toContain('待办应用中待办读权限 (Todo.Todo.Read)');
		const get = await runNode({
			credentials: credentials(),
			parameters: todo('get', { todoId: 'task1' }),
		});
		expect(get.error?.message).toContain('(Todo.Todo.Read)');
	});
});
