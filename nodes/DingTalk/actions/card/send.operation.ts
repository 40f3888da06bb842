import { randomBytes } from 'crypto';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { resolveOpenConversationId } from '../../helpers/lookups/conversation';
import { userIdOf } from '../../helpers/lookups/locators';
import { parameterError, runPerItem } from '../../helpers/execution/items';
import { dingTalkApiRequest, robotCodeOf } from '../../transport';
import { conversationIdField, options, optionsCollection } from '../common.description';
import { userLocator } from '../locators.description';
import { cardContentFields, readCardData } from './common.description';

const CARD_BIZ_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

const properties: INodeProperties[] = [
	{
		displayName: 'Send To',
		name: 'sendTo',
		type: 'options',
		default: 'user',
		options: [
			{ name: 'User', value: 'user', description: 'A 1:1 chat between the robot and one user' },
			{ name: 'Group', value: 'group', description: 'A group the robot is a member of' },
		],
	},
	userLocator({
		displayName: 'User ID',
		description:
			'The recipient: pick from the list, or give their mobile number or userId (用户ID)',
		displayOptions: { show: { sendTo: ['user'] } },
	}),
	conversationIdField({ displayOptions: { show: { sendTo: ['group'] } } }),
	...cardContentFields,
	optionsCollection(
		{
			displayName: 'Card Biz ID',
			name: 'cardBizId',
			type: 'string',
			default: '',
			placeholder: 'e.g. alert-4711',
			description:
				'Your own ID for the card (cardBizId), to update it later. Defaults to a random one; each card needs a new ID.',
		},
		{
			displayName: 'Allow Forwarding',
			name: 'enableForward',
			type: 'boolean',
			default: true,
			description: 'Whether people may forward the card to other chats',
		},
		options.robotCode,
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['card'], operation: ['send'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const credentials = await run.api.credentials();
	return await runPerItem(this, items, async (i) => {
		const itemOptions = this.getNodeParameter('options', i, {}) as IDataObject;
		const cardBizId =
			String(itemOptions.cardBizId ?? '').trim() || `n8n-${randomBytes(12).toString('hex')}`;
		if (!CARD_BIZ_ID.test(cardBizId)) {
			throw parameterError(
				this,
				i,
				'Card Biz ID',
				`"${cardBizId.slice(0, 70)}" is not a usable card ID`,
				'Use 1–64 letters, digits, ".", "_", ":" or "-".',
			);
		}
		const cardData = readCardData(this, i, itemOptions.enableForward !== false);
		const robotCode = robotCodeOf(credentials, itemOptions.robotCode as string);
		const body: IDataObject = { cardTemplateId: 'StandardCard', cardBizId, robotCode, cardData };
		const sendTo = this.getNodeParameter('sendTo', i) as string;
		const target: IDataObject = {};
		if (sendTo === 'group') {
			target.openConversationId = await resolveOpenConversationId(
				run,
				i,
				this.getNodeParameter('conversationId', i, ''),
			);
			body.openConversationId = target.openConversationId;
		} else {
			const userId = await userIdOf(
				this,
				run,
				i,
				this.getNodeParameter('userId', i, ''),
				'User ID',
			);
			if (!userId)
				throw parameterError(
					this,
					i,
					'User ID',
					'No user ID given',
					"Enter the recipient's userId (用户ID), e.g. from User → Get by Mobile.",
				);
			target.userId = userId;
			body.singleChatReceiver = JSON.stringify({ userId });
		}
		const response = await dingTalkApiRequest<{ processQueryKey?: string }>(run.api, {
			api: 'new',
			method: 'POST',
			path: '/v1.0/im/v1.0/robot/interactiveCards/send',
			body,
			itemIndex: i,
		});
		return { cardBizId, ...target, robotCode, processQueryKey: response.processQueryKey ?? null };
	});
}
