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
	const sent: IDataObject[] = [];
	for (const userId of userIds) {
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
			`DingTalk delivered the question to nobody (${userIds.join(', ')}: invalid or flow-controlled)`,
			"Check the userIds (用户ID, not unionIds or mobile numbers; User → Get by Mobile finds them) and that the users are inside the app's visible range (可见范围: developer console → your app → Version Management & Release).",
		);
	}
	return sent;
}
