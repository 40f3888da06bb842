/** The conversation a robot message came from, as the replies to it need it. */
import type { IExecuteFunctions } from 'n8n-workflow';

import { parameterError } from '../execution/items';

/**
 * Whether a Conversation Type (as the triggers output it: "group" / "oneToOne", or DingTalk's raw
 * "2" / "1") is a group; anything else is a parameter error naming Conversation Type.
 */
export function isGroupConversation(
	context: IExecuteFunctions,
	itemIndex: number,
	type: string,
): boolean {
	if (type === 'group' || type === '2') return true;
	if (type === 'oneToOne' || type === '1') return false;
	throw parameterError(
		context,
		itemIndex,
		'Conversation Type',
		`"${type.slice(0, 40)}" is not a conversation type`,
		'Use "group" or "oneToOne" (a DingTalk Trigger outputs it as conversationType).',
	);
}
