/**
 * Recipients as the message operations take them: the "User IDs" / "Department IDs" text (a list,
 * JSON array or an array from an expression, as before) plus the users or departments picked one
 * by one in "Users" / "Departments" (resource locators: list, mobile, ID). One list, de-duplicated,
 * in that order.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { parameterError } from '../../helpers/execution/items';
import type { ParameterReader } from '../../helpers/execution/engine';
import { locatorText } from '../../helpers/lookups/locators';
import type { Lookups } from '../../helpers/lookups/lookups';
import { userIdList } from '../../helpers/lookups/userLists';
import { parseIdList } from '../../helpers/messages/recipients';

/** User IDs + Users: the userIds of one item (empty when neither holds any). */
export async function recipientUserIds(
	context: IExecuteFunctions,
	run: Lookups,
	read: ParameterReader,
	itemIndex: number,
): Promise<string[]> {
	return await userIdList(context, run, itemIndex, {
		text: read<unknown>('userIds', itemIndex, ''),
		textName: 'User IDs',
		picked: read<unknown>('userList', itemIndex, {}),
		pickedName: 'Users',
	});
}

/** Department IDs + Departments: the department ids of one item. */
export function recipientDeptIds(
	context: IExecuteFunctions,
	read: ParameterReader,
	itemIndex: number,
): string[] {
	const parsed = parseIdList(read<unknown>('deptIds', itemIndex, ''), 'department ID');
	if (parsed.problem !== undefined)
		throw parameterError(context, itemIndex, 'Department IDs', parsed.problem, parsed.fix);
	const ids = new Set(parsed.ids);
	const entries = (
		read<unknown>('departmentList', itemIndex, {}) as {
			departments?: Array<{ department?: unknown }>;
		}
	).departments;
	for (const entry of Array.isArray(entries) ? entries : []) {
		const { value } = locatorText(context, itemIndex, entry?.department, 'Departments');
		if (!value) continue;
		if (!/^\d+$/.test(value))
			throw parameterError(
				context,
				itemIndex,
				'Departments',
				`Department ID "${value}" is not a number`,
				'Pick the department from the list, or enter its numeric ID.',
			);
		ids.add(value);
	}
	return [...ids];
}
