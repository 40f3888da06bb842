import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { parameterError, runPerItem } from '../../helpers/execution/items';
import { isGroupConversation } from '../../helpers/messages/conversation';
import { readRobotMessage } from './robotMessage';
import { SESSION_EXPIRY_MARGIN_MS, sessionBody, sessionTarget } from './sessionReply';
import { dingTalkApiRequest, robotCodeOf } from '../../transport';
import { options, optionsCollection } from '../common.description';
import { robotMessageFields } from '../robotMessage.description';

const fromTrigger = (name: string, displayName: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: `={{ $json.${name} }}`,
	description,
});

const properties: INodeProperties[] = [
	{
		...fromTrigger(
			'conversationId',
			'Conversation ID',
			"The conversation the message came from (a DingTalk Trigger's conversationId)",
		),
		required: true,
		hint: 'Filled in from a DingTalk Trigger or DingTalk Stream Trigger robot message',
	},
	{
		displayName: 'Conversation Type',
		name: 'conversationType',
		type: 'string',
		default: '={{ $json.conversationType }}',
		description:
			'"group" or "oneToOne", as the trigger outputs it (DingTalk\'s "2" and "1" work too)',
	},
	fromTrigger(
		'senderUserId',
		'Sender User ID',
		'UserId of who wrote the message: mentioned in groups, and the recipient of 1:1 replies sent through the robot API',
	),
	fromTrigger(
		'sessionWebhook',
		'Session Webhook',
		"The message's sessionWebhook: used while it is valid (about 90 minutes), for text, Markdown, link and action-card replies",
	),
	fromTrigger(
		'sessionWebhookExpiresAt',
		'Session Webhook Expires At',
		'When the sessionWebhook ends (ISO date or milliseconds); afterwards the reply goes through the robot API',
	),
	...robotMessageFields,
	optionsCollection(
		{
			displayName: 'Mention the Sender',
			name: 'mentionSender',
			type: 'boolean',
			default: true,
			description:
				'Whether a reply in a group @-mentions who wrote the message (only possible through the sessionWebhook)',
		},
		options.fileName,
		options.robotCode,
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['reply'] } },
	properties,
);

function expiryOf(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const time =
		typeof value === 'number' || /^\d+$/.test(String(value))
			? Number(value)
			: Date.parse(String(value));
	return Number.isFinite(time) ? time : undefined;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const credentials = await run.api.credentials();
	return await runPerItem(this, items, async (i) => {
		const itemOptions = this.getNodeParameter('options', i, {}) as IDataObject;
		const conversationId = String(this.getNodeParameter('conversationId', i, '') ?? '').trim();
		const type = String(this.getNodeParameter('conversationType', i, '') ?? '').trim();
		const isGroup = isGroupConversation(this, i, type);
		const sender = String(this.getNodeParameter('senderUserId', i, '') ?? '').trim();
		const sessionWebhook = String(this.getNodeParameter('sessionWebhook', i, '') ?? '').trim();
		const expiresAt = expiryOf(this.getNodeParameter('sessionWebhookExpiresAt', i, ''));
		const message = await readRobotMessage(run, i);
		const robotCode = robotCodeOf(credentials, itemOptions.robotCode as string);
		const mention = isGroup && itemOptions.mentionSender !== false && sender ? sender : undefined;

		// 1. The sessionWebhook, while valid and for the types it carries.
		const body = sessionBody(message, mention);
		let fallbackReason = !sessionWebhook
			? 'no sessionWebhook'
			: !body
				? 'media messages go through the robot API'
				: expiresAt !== undefined && expiresAt - SESSION_EXPIRY_MARGIN_MS <= Date.now()
					? 'sessionWebhook expired'
					: undefined;
		if (!fallbackReason) {
			const target = sessionTarget(credentials, sessionWebhook);
			if (target.problem !== undefined) {
				throw parameterError(
					this,
					i,
					'Session Webhook',
					target.problem,
					'Map the sessionWebhook of a message from a DingTalk Trigger that uses this credential.',
				);
			}
			try {
				await dingTalkApiRequest<IDataObject>(run.api, {
					api: 'old',
					method: 'POST',
					path: target.path,
					qs: { session: target.session },
					body: body!,
					itemIndex: i,
				});
				return {
					via: 'sessionWebhook',
					conversationId,
					conversationType: isGroup ? 'group' : 'oneToOne',
					mentionedUserIds: mention ? [mention] : [],
					processQueryKey: null,
				};
			} catch (error) {
				// DingTalk answered and refused (expired or unknown session): nothing was sent, so the
				// robot API may send it. A lost answer is not retried (the reply may have arrived).
				if (!(error instanceof NodeApiError))
					throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
				if ((error.context.dingTalk as IDataObject | undefined)?.outcome !== 'refused')
					throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
				fallbackReason = `sessionWebhook refused: ${(error.context.dingTalk as IDataObject | undefined)?.message ?? error.message}`;
			}
		}

		// 2. The robot API: 1:1 to the sender, or into the group.
		if (!conversationId && isGroup) {
			throw parameterError(
				this,
				i,
				'Conversation ID',
				'No conversation ID given',
				'Map the conversationId of the incoming message.',
			);
		}
		let processQueryKey: string | null = null;
		if (isGroup) {
			const response = await dingTalkApiRequest<{ processQueryKey?: string }>(run.api, {
				api: 'new',
				method: 'POST',
				path: '/v1.0/robot/groupMessages/send',
				body: {
					robotCode,
					openConversationId: conversationId,
					msgKey: message.msgKey,
					msgParam: message.msgParam,
				},
				itemIndex: i,
			});
			processQueryKey = response.processQueryKey ?? null;
		} else {
			if (!sender) {
				throw parameterError(
					this,
					i,
					'Sender User ID',
					'No sender user ID',
					'External users have none; reply through the sessionWebhook while it is valid.',
				);
			}
			const response = await dingTalkApiRequest<{
				processQueryKey?: string;
				invalidStaffIdList?: string[];
			}>(run.api, {
				api: 'new',
				method: 'POST',
				path: '/v1.0/robot/oToMessages/batchSend',
				body: { robotCode, userIds: [sender], msgKey: message.msgKey, msgParam: message.msgParam },
				itemIndex: i,
			});
			if ((response.invalidStaffIdList ?? []).includes(sender)) {
				throw parameterError(
					this,
					i,
					'Sender User ID',
					`DingTalk does not know the user "${sender}"`,
					'Map senderUserId (the staff userId) of the incoming message.',
				);
			}
			processQueryKey = response.processQueryKey ?? null;
		}
		return {
			via: 'robotApi',
			fallbackReason,
			conversationId,
			conversationType: isGroup ? 'group' : 'oneToOne',
			mentionedUserIds: [],
			processQueryKey,
		};
	});
}
