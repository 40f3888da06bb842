import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { parameterError } from '../../helpers/execution/items';
import { resolveOpenConversationId } from '../../helpers/lookups/conversation';
import { isGroupConversation } from '../../helpers/messages/conversation';
import { conversationIdField } from '../common.description';

/** Where a card goes: the robot's 1:1 chat with a user (IM_ROBOT) or a group (IM_GROUP). */
export interface CardTarget {
	spaceType: 'IM_ROBOT' | 'IM_GROUP';
	spaceId: string;
	/** The group's openConversationId (group and group replies). */
	conversationId?: string;
	/** atUserIds of a group reply: {userId: name}. */
	mention?: Record<string, string>;
}

const fromTrigger = (
	name: string,
	displayName: string,
	description: string,
	extra: Partial<INodeProperties> = {},
): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: `={{ $json.${name} }}`,
	description,
	displayOptions: { show: { sendTo: ['reply'] } },
	...extra,
});

export const targetFields: INodeProperties[] = [
	{
		displayName: 'Send To',
		name: 'sendTo',
		type: 'options',
		default: 'reply',
		options: [
			{
				name: 'Reply to Message',
				value: 'reply',
				description:
					'The chat a robot message came from (DingTalk Trigger or DingTalk Stream Trigger): the group, or the 1:1 chat with who wrote it',
			},
			{ name: 'User', value: 'user', description: 'The 1:1 chat between the robot and one user' },
			{ name: 'Group', value: 'group', description: 'A group the robot is a member of' },
		],
	},
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. manager4220',
		description: 'UserId (用户ID) of the recipient',
		displayOptions: { show: { sendTo: ['user'] } },
	},
	conversationIdField({ displayOptions: { show: { sendTo: ['group'] } } }),
	fromTrigger(
		'conversationId',
		'Conversation ID',
		"The conversation the message came from (a DingTalk trigger's conversationId)",
		{
			required: true,
			hint: 'Filled in from a DingTalk Trigger or DingTalk Stream Trigger robot message',
		},
	),
	fromTrigger(
		'conversationType',
		'Conversation Type',
		'"group" or "oneToOne", as the trigger outputs it (DingTalk\'s "2" and "1" work too)',
	),
	fromTrigger(
		'senderUserId',
		'Sender User ID',
		'UserId of who wrote the message: the 1:1 chat the card goes to, or who is mentioned in a group',
	),
	fromTrigger(
		'senderNick',
		'Sender Name',
		"Name shown for the @-mention of the sender in a group (the trigger's senderNick)",
	),
	{
		displayName: 'Mention the Sender',
		name: 'mentionSender',
		type: 'boolean',
		default: true,
		description: 'Whether a card in a group @-mentions who wrote the message',
		displayOptions: { show: { sendTo: ['reply'] } },
	},
];

const text = (context: IExecuteFunctions, i: number, name: string): string =>
	String(context.getNodeParameter(name, i, '') ?? '').trim();

/** Reads Send To and its fields for item `i`; a group's chatId is converted (once per run). */
export async function readCardTarget(
	context: IExecuteFunctions,
	run: RunContext,
	i: number,
): Promise<CardTarget> {
	const sendTo = context.getNodeParameter('sendTo', i, 'reply') as string;
	if (sendTo === 'user') {
		const userId = text(context, i, 'userId');
		if (!userId)
			throw parameterError(
				context,
				i,
				'User ID',
				'No user ID given',
				"Enter the recipient's userId (用户ID).",
			);
		return { spaceType: 'IM_ROBOT', spaceId: userId };
	}
	if (sendTo === 'group') {
		const conversationId = await resolveOpenConversationId(
			run,
			i,
			context.getNodeParameter('conversationId', i, ''),
		);
		return { spaceType: 'IM_GROUP', spaceId: conversationId, conversationId };
	}
	const type = text(context, i, 'conversationType');
	const isGroup = isGroupConversation(context, i, type);
	const sender = text(context, i, 'senderUserId');
	if (isGroup) {
		const conversationId = text(context, i, 'conversationId');
		if (!conversationId)
			throw parameterError(
				context,
				i,
				'Conversation ID',
				'No conversation ID given',
				'Map the conversationId of the incoming message.',
			);
		const mention =
			sender && context.getNodeParameter('mentionSender', i, true) !== false
				? { [sender]: text(context, i, 'senderNick') || sender }
				: undefined;
		return { spaceType: 'IM_GROUP', spaceId: conversationId, conversationId, mention };
	}
	if (!sender)
		throw parameterError(
			context,
			i,
			'Sender User ID',
			'No sender user ID',
			'Map the senderUserId of the incoming message; external users have none, and a card cannot reach them.',
		);
	return { spaceType: 'IM_ROBOT', spaceId: sender };
}
