/**
 * Group conversations: DingTalk's robot APIs want an openConversationId (`cid…`), while many
 * users hold an old chatId (`chat…`, from JSAPI chooseChat or older APIs). Both are accepted;
 * chatIds are converted once per execution (https://open.dingtalk.com/document/orgapp/obtain-group-openconversationid).
 */
import { dingTalkApiRequest } from '../../transport';
import { parameterError } from '../execution/items';
import type { RunContext } from '../execution/runContext';
import { locatorText } from './locators';

export async function resolveOpenConversationId(
	run: RunContext,
	itemIndex: number,
	value: unknown,
	parameter = 'Conversation ID',
): Promise<string> {
	const { context } = run;
	// A locator ({ mode: 'id' | 'chatId', value }) or, in workflows saved before, plain text.
	const id = locatorText(context, itemIndex, value, parameter).value;
	if (!id) {
		throw parameterError(
			context,
			itemIndex,
			parameter,
			'No conversation ID given',
			'Enter the group\'s openConversationId (starts with "cid") or its chatId (starts with "chat"), e.g. from a DingTalk Trigger\'s conversationId.',
		);
	}
	if (!/^chat/i.test(id)) return id;
	const conversions = run.conversations;
	let pending = conversions.get(id);
	if (!pending) {
		pending = dingTalkApiRequest<{ openConversationId?: string }>(run.api, {
			api: 'new',
			method: 'POST',
			path: `/v1.0/im/chat/${encodeURIComponent(id)}/convertToOpenConversationId`,
			itemIndex,
			idempotent: true,
		}).then((response) => String(response.openConversationId ?? ''));
		conversions.set(id, pending);
		pending.catch(() => conversions.delete(id));
	}
	return await pending;
}
