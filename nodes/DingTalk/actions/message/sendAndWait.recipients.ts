/**
 * Who gets the Send and Wait question: one message into a group
 * (https://open.dingtalk.com/document/orgapp/the-robot-sends-a-group-message), or one 1:1 message
 * per user (https://open.dingtalk.com/document/orgapp/chatbots-send-one-on-one-chat-messages-in-batches)
 * so each carries that user's own signed links.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { parameterError } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { resolveOpenConversationId } from '../../helpers/lookups/conversation';
import { recipientUserIds } from './pickedRecipients';
import type { RobotMessage } from '../../helpers/messages/content';
import { dingTalkApiRequest } from '../../transport';

/** Each recipient gets a message with their own signed links; more would flood the chat list. */
export const SEND_AND_WAIT_MAX_USERS = 20;

/** The msgKey and msgParam for one recipient (userId) or for the whole group (undefined). */
export type QuestionFor = (userId?: string) => RobotMessage;

/** The userIds to ask (User IDs + Users), checked: at least one, at most SEND_AND_WAIT_MAX_USERS. */
async function readUserIds(context: IExecuteFunctions, run: RunContext): Promise<string[]> {
	const i = 0;
	const userIds = await recipientUserIds(context, run, run.read, i);
	if (userIds.length === 0) {
		throw parameterError(
			context,
			i,
			'User IDs',
			'No user IDs given',
			'Enter the userId (用户ID) of at least one person to ask.',
		);
	}
	if (userIds.length > SEND_AND_WAIT_MAX_USERS) {
		throw parameterError(
			context,
			i,
			'User IDs',
			`${userIds.length} users given`,
			`Ask at most ${SEND_AND_WAIT_MAX_USERS} people at once, or send to a group.`,
		);
	}
	return userIds;
}

/** Sends the question into the group chosen in "Conversation ID". */
export async function askGroup(
	context: IExecuteFunctions,
	run: RunContext,
	robotCode: string,
	messageFor: QuestionFor,
): Promise<IDataObject[]> {
	const i = 0;
	const openConversationId = await resolveOpenConversationId(
		run,
		i,
		context.getNodeParameter('conversationId', i, ''),
	);
	const response = await dingTalkApiRequest<{ processQueryKey?: string }>(run.api, {
		api: 'new',
		method: 'POST',
		path: '/v1.0/robot/groupMessages/send',
		body: { robotCode, openConversationId, ...messageFor() },
		itemIndex: i,
	});
	return [{ openConversationId, processQueryKey: response.processQueryKey ?? null }];
}

/**
 * Sends the question to each user in "User IDs", one message each; fails when DingTalk delivered
 * it to nobody (the execution would wait for an answer that cannot come).
 */
export async function askUsers(
	context: IExecuteFunctions,
	run: RunContext,
	robotCode: string,
	messageFor: QuestionFor,
): Promise<IDataObject[]> {
	const i = 0;
	const ids = await readUserIds(context, run);
	const sent: IDataObject[] = [];
	for (const userId of ids) {
		const response = await dingTalkApiRequest<{
			processQueryKey?: string;
			invalidStaffIdList?: string[];
			flowControlledStaffIdList?: string[];
		}>(run.api, {
			api: 'new',
			method: 'POST',
			path: '/v1.0/robot/oToMessages/batchSend',
			body: { robotCode, userIds: [userId], ...messageFor(userId) },
			itemIndex: i,
		});
		const skipped = [
			...(response.invalidStaffIdList ?? []),
			...(response.flowControlledStaffIdList ?? []),
		];
		sent.push({
			userId,
			delivered: !skipped.includes(userId),
			processQueryKey: response.processQueryKey ?? null,
		});
	}
	if (!sent.some((s) => s.delivered)) {
		throw parameterError(
			context,
			i,
			'User IDs',
			`DingTalk delivered the question to nobody (${ids.join(', ')}: invalid or flow-controlled)`,
			"Check the userIds (用户ID, not unionIds or mobile numbers; User → Get by Mobile finds them) and that the users are inside the app's visible range (可见范围: developer console → your app → Version Management & Release).",
		);
	}
	return sent;
}

/**
 * Approve In: DingTalk Card. One StandardCard robot card per user (the nth card's cardBizId from
 * `cardBizIdFor(n)`), or one into the group
 * (https://open.dingtalk.com/document/orgapp/robots-send-interactive-cards).
 */
export async function cardsTo(
	context: IExecuteFunctions,
	run: RunContext,
	robotCode: string,
	cardData: string,
	cardBizIdFor: (n: number) => string,
): Promise<IDataObject[]> {
	const i = 0;
	const send = async (n: number, target: IDataObject) => {
		const cardBizId = cardBizIdFor(n);
		const response = await dingTalkApiRequest<{ processQueryKey?: string }>(run.api, {
			api: 'new',
			method: 'POST',
			path: '/v1.0/im/v1.0/robot/interactiveCards/send',
			body: { cardTemplateId: 'StandardCard', cardBizId, robotCode, cardData, ...target },
			itemIndex: i,
		});
		return { cardBizId, processQueryKey: response.processQueryKey ?? null };
	};
	if (context.getNodeParameter('sendTo', i) === 'group') {
		const openConversationId = await resolveOpenConversationId(
			run,
			i,
			context.getNodeParameter('conversationId', i, ''),
		);
		return [{ openConversationId, ...(await send(0, { openConversationId })) }];
	}
	const sent: IDataObject[] = [];
	for (const [n, userId] of (await readUserIds(context, run)).entries())
		sent.push({ userId, ...(await send(n, { singleChatReceiver: JSON.stringify({ userId }) })) });
	return sent;
}
