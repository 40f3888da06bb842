/**
 * What the to-do operations share: the acting user (a userId, turned into the unionId every
 * todo_1_0 path takes), user lists, due times and the task's output shape.
 * https://open.dingtalk.com/document/orgapp/add-dingtalk-to-do-task
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parameterError } from '../../helpers/execution/items';
import { epochMs, isoOrNull } from '../../helpers/execution/time';
import { requiredUserId } from '../../helpers/lookups/locators';
import { userIdList, type UserListInput } from '../../helpers/lookups/userLists';
import { unionIdsOf } from '../../helpers/lookups/users';
import { userUnionId } from '../../helpers/lookups/operator';
import { userLocator, usersPickerField } from '../locators.description';
import type { RunContext } from '../../helpers/execution/runContext';

/** todo_1_0 limits (the docs answer "oversize" above them; numbers in docs/dingtalk-api-notes.md). */
export const TODO_LIMITS = { subject: 1024, description: 4096, users: 1000 };

export const PRIORITY_OPTIONS = [
	{ name: 'Low (较低)', value: 10 },
	{ name: 'Normal (普通)', value: 20 },
	{ name: 'Urgent (紧急)', value: 30 },
	{ name: 'Very Urgent (非常紧急)', value: 40 },
];

/** The acting user: a user locator under its old name (plain text in older workflows = ID). */
export function operatorField(operations: string[], description: string): INodeProperties {
	return userLocator({
		displayName: 'Operator User ID',
		name: 'operatorUserId',
		description,
		displayOptions: { show: { resource: ['todo'], operation: operations } },
	});
}

/** Users picked one by one for a to-do's executors or participants (added to the text). */
export function todoUsersPicker(name: string, displayName: string, description: string) {
	return usersPickerField({ name, displayName, description });
}

export function taskIdField(operations: string[]): INodeProperties {
	return {
		displayName: 'To-Do ID',
		name: 'todoId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. task86e68644789bd6xxxx',
		description: 'The ID of the to-do (待办ID), as Create or Get Many returns it',
		displayOptions: { show: { resource: ['todo'], operation: operations } },
	};
}

/** The unionId of the Operator parameter (picked, by mobile, or a userId). */
export async function operatorUnionId(
	context: IExecuteFunctions,
	run: RunContext,
	itemIndex: number,
): Promise<string> {
	const userId = await requiredUserId(
		context,
		run,
		itemIndex,
		'operatorUserId',
		'Operator User ID',
		'Pick the member the call acts for, or enter their userId (用户ID) or map one from an earlier node.',
	);
	return await userUnionId(run, itemIndex, userId, 'Operator User ID');
}

/** A userIds text plus its picker list → their unionIds, at most DingTalk's maximum. */
export async function userListUnionIds(
	context: IExecuteFunctions,
	run: RunContext,
	itemIndex: number,
	input: UserListInput,
): Promise<string[]> {
	const ids = await userIdList(context, run, itemIndex, input);
	if (ids.length > TODO_LIMITS.users)
		throw parameterError(
			context,
			itemIndex,
			input.textName,
			`${ids.length} users, over DingTalk's ${TODO_LIMITS.users} per to-do`,
			'Split the users over several to-dos.',
		);
	return await unionIdsOf(run, itemIndex, ids);
}

/** A due time (ISO text, timestamp or date) → ms; a parameter error when it is not a time. */
export function dueTimeMs(
	context: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	displayName = 'Due Time',
): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const ms = epochMs(value);
	if (ms === undefined)
		throw parameterError(
			context,
			itemIndex,
			displayName,
			`"${String(value)}" is not a date and time`,
			'Pick a date, or map an ISO date-time such as 2026-12-31T18:00:00+08:00 or a timestamp in milliseconds.',
		);
	return ms;
}

/** Subject and description within DingTalk's limits (characters). */
export function checkLength(
	context: IExecuteFunctions,
	itemIndex: number,
	text: string,
	limit: number,
	displayName: string,
): string {
	const length = [...text].length;
	if (length > limit)
		throw parameterError(
			context,
			itemIndex,
			displayName,
			`${length} characters, over DingTalk's ${limit}`,
			`Shorten it to ${limit} characters.`,
		);
	return text;
}

/** DingTalk's to-do record with readable times (ISO) next to its timestamps; no request id. */
export function taskOutput(task: IDataObject): IDataObject {
	const rest: IDataObject = { ...task };
	delete rest.requestId;
	return {
		...rest,
		dueDate: isoOrNull(task.dueTime),
		createdDate: isoOrNull(task.createdTime),
		finishDate: isoOrNull(task.finishTime),
	};
}

export const todoPath = (unionId: string, taskId?: string): string =>
	`/v1.0/todo/users/${encodeURIComponent(unionId)}/tasks${taskId === undefined ? '' : `/${encodeURIComponent(taskId)}`}`;
