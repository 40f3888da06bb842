'use strict';
// IM ids (dingtalk-api.md §9.4): old chatId → openConversationId, from the groups directory.
const { HttpReply, newApiError } = require('../core');

module.exports = {
	routes: [
		{
			// No body. The chatId is a path segment; the SDK URL-encodes it (GetEncodeParam).
			host: 'api',
			method: 'POST',
			path: '/v1.0/im/chat/:chatId/convertToOpenConversationId',
			scope: 'qyapi_chat_read',
			handle({ core, params }) {
				const group = core.groupByChatId(params.chatId);
				if (!group) {
					// [INF] DingTalk's exact code for an unknown chatId is not documented.
					return newApiError(
						400,
						'invalidParameter.chatId.invalid',
						`chatId无效或群不存在: ${params.chatId} (unknown chatId)`,
					);
				}
				return new HttpReply(200, { openConversationId: group.openConversationId });
			},
		},
	],
};
