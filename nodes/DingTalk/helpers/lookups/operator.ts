/**
 * The operator (操作人) of APIs that act as a person (Drive, AI Table): their unionId, converted
 * from a userId through the per-execution user lookup, or given directly.
 */
import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { parameterError } from '../execution/items';
import type { RunContext } from '../execution/runContext';
import { unionIdOf } from './users';

/**
 * The operator's unionId for item `itemIndex`. `id` is the Operator ID parameter's value, `type`
 * the Operator ID Type ('userId' or 'unionId'); `who` tells the user whom to enter when it is empty.
 */
export async function operatorUnionId(
	run: RunContext,
	itemIndex: number,
	id: string,
	type: string,
	who: string,
): Promise<string> {
	const { context } = run;
	const value = id.trim();
	if (!value) {
		throw parameterError(context, itemIndex, 'Operator ID', 'No operator given', who);
	}
	if (type === 'unionId') return value;
	return await userUnionId(
		run,
		itemIndex,
		value,
		'Operator ID',
		' or give the unionId directly (Operator ID Type: Union ID)',
	);
}

/**
 * The unionId of user `userId`, for the parameter `parameter` that named them: one lookup per run;
 * an unknown user or one without a unionId is a parameter error naming it, never an empty ID in a
 * path.
 */
export async function userUnionId(
	run: RunContext,
	itemIndex: number,
	userId: string,
	parameter: string,
	orElse = '',
): Promise<string> {
	const { context } = run;
	let unionId: string;
	try {
		unionId = await unionIdOf(run, itemIndex, userId);
	} catch (error) {
		// 60121: no such user (https://open.dingtalk.com/document/orgapp/query-user-details) — the parameter is wrong, not the request.
		if (((error as NodeApiError).context?.dingTalk as IDataObject | undefined)?.code === '60121') {
			throw parameterError(
				context,
				itemIndex,
				parameter,
				`DingTalk has no user "${userId}"`,
				`Check the userId (用户ID) in the admin console → Contacts${orElse}.`,
			);
		}
		// Same instance back: NodeApiError does not re-wrap itself.
		throw new NodeApiError(context.getNode(), error as JsonObject);
	}
	if (!unionId)
		throw parameterError(
			context,
			itemIndex,
			parameter,
			`DingTalk has no unionId for user "${userId}"`,
			`Check the userId${orElse || ', or pick the user from the list'}.`,
		);
	return unionId;
}
