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
	let unionId: string;
	try {
		unionId = await unionIdOf(run, itemIndex, value);
	} catch (error) {
		// 60121: no such user (https://open.dingtalk.com/document/orgapp/query-user-details) — the Operator ID is wrong, not the request.
		if (((error as NodeApiError).context?.dingTalk as IDataObject | undefined)?.code === '60121') {
			throw parameterError(
				context,
				itemIndex,
				'Operator ID',
				`DingTalk has no user "${value}"`,
				'Check the userId (用户ID) in the admin console → Contacts, or give the unionId directly (Operator ID Type: Union ID).',
			);
		}
		// Same instance back: NodeApiError does not re-wrap itself.
		throw new NodeApiError(context.getNode(), error as JsonObject);
	}
	if (!unionId)
		throw parameterError(
			context,
			itemIndex,
			'Operator ID',
			`DingTalk has no unionId for user "${value}"`,
			'Check the userId, or give the unionId directly.',
		);
	return unionId;
}
