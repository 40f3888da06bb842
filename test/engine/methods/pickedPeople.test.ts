/**
 * To-do, Calendar and Approval reading the user pickers and locators: people picked one by one
 * next to the userIds text (list, mobile, ID; merged, each once), the acting user as a locator,
 * and the approval template picked from the list — what DingTalk received. Plain text in these
 * parameters (workflows saved before) is what the existing todo/calendar/approval engine tests
 * still pass.
 */
import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());
const rl = (mode: string, value: string) => ({ __rl: true, mode, value });
const picked = (...users: unknown[]) => ({ users: users.map((user) => ({ user })) });

const UNION = {
	pickBoss: 'unionPickBoss000001',
	pickA: 'unionPickA000000002',
	pickB: 'unionPickB000000003',
	pickC: 'unionPickC000000004',
	pickD: 'unionPickD000000005',
};

beforeAll(async () => {
	await env.client.directory({
		users: [
			{ userId: 'pickBoss', unionId: UNION.pickBoss, name: 'Pick Boss', mobile: '13900000201' },
			{ userId: 'pickA', unionId: UNION.pickA, name: 'Pick A', mobile: '13900000202' },
			{ userId: 'pickB', unionId: UNION.pickB, name: 'Pick B', mobile: '13900000203' },
			{ userId: 'pickC', unionId: UNION.pickC, name: 'Pick C', mobile: '13900000204' },
			{ userId: 'pickD', unionId: UNION.pickD, name: 'Pick D', mobile: '13900000205' },
		],
	});
});

const run = async (parameters: IDataObject) =>
	await runNode({ credentials: credentials(), parameters });

describe('To-do people picked from the list', () => {
	it('Create: operator by mobile; executors = text + picks (list, mobile, ID), participants picked', async () => {
		const { output, error } = await run({
			resource: 'todo',
			operation: 'create',
			operatorUserId: rl('mobile', '139 0000 0201'),
			subject: 'Picked people',
			executorUserIds: 'pickA',
			executorUserList: picked(rl('list', 'pickB'), rl('mobile', '13900000204'), rl('id', 'pickA')),
			options: { participantUserList: picked(rl('list', 'pickD')) },
		});
		expect(error).toBeUndefined();
		// DingTalk's answer lists the creator and executors among the participants too.
		expect(output[0].json).toMatchObject({ executorIds: [UNION.pickA, UNION.pickB, UNION.pickC] });
		const [call] = await env.client.requestsTo(`/v1.0/todo/users/${UNION.pickBoss}/tasks`);
		expect(call.query).toMatchObject({ operatorId: UNION.pickBoss });
		expect(call.body).toMatchObject({
			creatorId: UNION.pickBoss,
			executorIds: [UNION.pickA, UNION.pickB, UNION.pickC],
			participantIds: [UNION.pickD],
		});
	});

	it('Update: picked executors alone replace the executors; Mark Done for picked executors only', async () => {
		const created = await run({
			resource: 'todo',
			operation: 'create',
			operatorUserId: rl('list', 'pickBoss'),
			subject: 'To change',
			executorUserIds: 'pickA, pickB',
		});
		const id = String(created.output[0].json.id);
		const updated = await run({
			resource: 'todo',
			operation: 'update',
			operatorUserId: rl('id', 'pickBoss'),
			todoId: id,
			updateFields: { executorUserList: picked(rl('list', 'pickC')) },
		});
		expect(updated.error).toBeUndefined();
		const [put] = await env.client.requestsTo(`/v1.0/todo/users/${UNION.pickBoss}/tasks/${id}`);
		expect(put.body).toEqual({ executorIds: [UNION.pickC] });
		const done = await run({
			resource: 'todo',
			operation: 'markDone',
			operatorUserId: rl('list', 'pickBoss'),
			todoId: id,
			options: { executorUserList: picked(rl('mobile', '13900000204')) },
		});
		expect(done.error).toBeUndefined();
		const [status] = await env.client.requestsTo(
			`/v1.0/todo/users/${UNION.pickBoss}/tasks/${id}/executorStatus`,
		);
		expect(status.body).toEqual({ executorStatusList: [{ id: UNION.pickC, isDone: true }] });
	});

	it('an operator locator left empty is the parameter error, and the batch goes on', async () => {
		const { output, error } = await runNode({
			credentials: credentials(),
			items: [{ json: { who: '' } }, { json: { who: 'pickBoss' } }],
			continueOnFail: true,
			parameters: {
				resource: 'todo',
				operation: 'create',
				operatorUserId: rl('id', '={{ $json.who }}'),
				subject: 'Batch',
				executorUserList: picked(rl('list', 'pickA')),
			},
		});
		expect(error).toBeUndefined();
		expect(output[0].json.error).toContain('parameter "Operator User ID" [item 0]');
		expect(output[1].json).toMatchObject({ executorIds: [UNION.pickA] });
	});
});

describe('Calendar people picked from the list', () => {
	it('Create: the calendar user by list; attendees = text + picks', async () => {
		const { error } = await run({
			resource: 'calendar',
			operation: 'create',
			calendarUserId: rl('list', 'pickBoss'),
			summary: 'Picked',
			start: '2026-12-21T10:00:00+08:00',
			end: '2026-12-21T11:00:00+08:00',
			options: {
				timeZone: 'Asia/Shanghai',
				attendeeUserIds: 'pickA',
				attendeeUserList: picked(rl('mobile', '13900000203'), rl('list', 'pickA')),
			},
		});
		expect(error).toBeUndefined();
		const [call] = await env.client.requestsTo(
			`/v1.0/calendar/users/${UNION.pickBoss}/calendars/primary/events`,
		);
		expect(call.body?.attendees).toEqual([
			{ id: UNION.pickA, isOptional: false },
			{ id: UNION.pickB, isOptional: false },
		]);
	});
});

describe('Calendar Get Free/Busy with users picked', () => {
	it('User IDs text then picks; the first makes the call; picks alone are enough', async () => {
		const window = {
			resource: 'calendar',
			operation: 'getFreeBusy',
			startTime: '2026-12-21T00:00:00+08:00',
			endTime: '2026-12-22T00:00:00+08:00',
		};
		const mixed = await run({
			...window,
			userIds: 'pickA',
			userList: picked(rl('list', 'pickB'), rl('mobile', '13900000202')),
		});
		expect(mixed.error).toBeUndefined();
		expect(mixed.output.map((o) => o.json.userId)).toEqual(['pickA', 'pickB']);
		const alone = await run({ ...window, userList: picked(rl('list', 'pickC')) });
		expect(alone.output.map((o) => o.json.userId)).toEqual(['pickC']);
		const [first] = await env.client.requestsTo(
			`/v1.0/calendar/users/${UNION.pickA}/querySchedule`,
		);
		expect(first.body).toMatchObject({ userIds: [UNION.pickA, UNION.pickB] });
		const [second] = await env.client.requestsTo(
			`/v1.0/calendar/users/${UNION.pickC}/querySchedule`,
		);
		expect(second.body).toMatchObject({ userIds: [UNION.pickC] });
	});
});

describe('Approval template and users picked', () => {
	it('Start: template picked from the list, originator by mobile', async () => {
		const { output, error } = await run({
			resource: 'approval',
			operation: 'start',
			processCode: rl('list', 'PROC-EXPENSE-0002'),
			originatorUserId: rl('mobile', '18500000000'),
			form: { mappingMode: 'defineBelow', value: { Total: 12.5 } },
		});
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({
			processCode: 'PROC-EXPENSE-0002',
			originatorUserId: 'manager4220',
		});
		const [call] = await env.client.requestsTo('/v1.0/workflow/processInstances');
		expect(call.body).toMatchObject({
			processCode: 'PROC-EXPENSE-0002',
			originatorUserId: 'manager4220',
		});
	});

	it('Start: approvers in order (text, then picks) and CC users picked', async () => {
		const { error } = await run({
			resource: 'approval',
			operation: 'start',
			processCode: rl('id', 'PROC-EXPENSE-0002'),
			originatorUserId: rl('list', 'user0001'),
			form: { mappingMode: 'defineBelow', value: { Total: 3 } },
			options: {
				approverUserIds: 'user0003',
				approverUserList: picked(rl('list', 'manager4220'), rl('id', 'user0003')),
				ccUserList: picked(rl('mobile', '13800000002')),
			},
		});
		expect(error).toBeUndefined();
		const [call] = await env.client.requestsTo('/v1.0/workflow/processInstances');
		expect(call.body).toMatchObject({
			approvers: [
				{ actionType: 'NONE', userIds: ['user0003'] },
				{ actionType: 'NONE', userIds: ['manager4220'] },
			],
			ccList: ['user0002'],
			ccPosition: 'START',
		});
	});

	it('Get Templates for a user picked from the list', async () => {
		const { output, error } = await run({
			resource: 'approval',
			operation: 'getTemplates',
			userId: rl('list', 'user0001'),
			returnAll: true,
		});
		expect(error).toBeUndefined();
		expect(output.map((o) => o.json.processCode)).toEqual(['PROC-LEAVE-0001', 'PROC-EXPENSE-0002']);
		const [call] = await env.client.requestsTo(
			'/v1.0/workflow/processes/userVisibilities/templates',
		);
		expect(call.query).toMatchObject({ userId: 'user0001', maxResults: '100' });
	});
});
