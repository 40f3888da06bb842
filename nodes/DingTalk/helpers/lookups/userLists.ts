/**
 * A multi-user parameter as the operations take it: the userIds text (a list, a JSON array or an
 * array from an expression) plus the users picked one by one in the matching picker list
 * (resource locators: list, mobile, ID). One list, de-duplicated, text first, then the picks.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { parameterError } from '../execution/items';
import { parseIdList } from '../messages/recipients';
import { pickedUsers, userIdOf } from './locators';
import type { Lookups } from './lookups';

export interface UserListInput {
	/** The userIds text parameter's value, and its display name for errors. */
	text: unknown;
	textName: string;
	/** The picker list's value ({ users: [{ user }] }), and its display name for errors. */
	picked?: unknown;
	pickedName?: string;
}

export async function userIdList(
	context: IExecuteFunctions,
	run: Lookups,
	itemIndex: number,
	input: UserListInput,
): Promise<string[]> {
	const parsed = parseIdList(input.text, 'user ID');
	if (parsed.problem !== undefined)
		throw parameterError(context, itemIndex, input.textName, parsed.problem, parsed.fix);
	const ids = new Set(parsed.ids);
	for (const picked of pickedUsers(input.picked)) {
		const userId = await userIdOf(context, run, itemIndex, picked, input.pickedName ?? 'Users');
		if (userId) ids.add(userId);
	}
	return [...ids];
}
