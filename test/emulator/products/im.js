'use strict';
// IM ids (dingtalk-api.md §9.4): old chatId → openConversationId, from the groups directory.
const { HttpReply, newApiError } = require('../core');

/** Default group chats (dingtalk-api.md §4, §9.4): ids are base64-ish with + / = like DingTalk's. */
function defaultGroups(robotCode) {
	const members = (from, to) => {
		const ids = [];
		for (let n = from; n <= to; n++) ids.push(`user${String(n).padStart(4, '0')}`);
		return ids;
	};
	return [
		{
			openConversationId: 'cidEmuGroup+One/AAA==',
			chatId: 'chatemu0001',
			title: 'Emulated Group One',
			memberUserIds: members(1, 10),
			robotCodes: new Set([robotCode]),
		},
		{
			// The robot was never added to this group: group sends answer robotCode.notExsit.
			openConversationId: 'cidEmuGroup+Two/BBB==',
			chatId: 'chatemu0002',
			title: 'Emulated Group Two (no robot)',
			memberUserIds: members(1, 5),
			robotCodes: new Set(),
		},
	];
}

/** Normalises a group as given over JSON (robotCodes as an array) into the directory shape. */
function toGroup(group) {
	const full = {
		openConversationId: String(group.openConversationId),
		chatId: String(group.chatId || ''),
		title: String(group.title || group.chatId || group.openConversationId),
		memberUserIds: [...(group.memberUserIds || [])].map(String),
		robotCodes: new Set([...(group.robotCodes || [])].map(String)),
	};
	if (group.coolAppCode) full.coolAppCode = String(group.coolAppCode);
	return full;
}

function addGroup(core, group) {
	const full = toGroup(group);
	core.groups.set(full.openConversationId, full);
	return full;
}

function groupByChatId(core, chatId) {
	return [...core.groups.values()].find((group) => group.chatId && group.chatId === chatId);
}

/** Group chats are directory, like users: reset() keeps them. */
const state = {
	init(core, options) {
		core.groups = new Map();
		const robotCode = core.apps.values().next().value.robotCode;
		for (const group of options.groups || defaultGroups(robotCode)) addGroup(core, group);
	},
	snapshot: (core) => ({
		groups: [...core.groups.values()].map((group) => ({
			...group,
			robotCodes: [...group.robotCodes],
		})),
	}),
};

module.exports = {
	addGroup,
	defaultGroups,
	groupByChatId,
	state,
	routes: [
		{
			// No body. The chatId is a path segment; the SDK URL-encodes it (GetEncodeParam).
			host: 'api',
			method: 'POST',
			path: '/v1.0/im/chat/:chatId/convertToOpenConversationId',
			scope: 'qyapi_chat_read',
			handle({ core, params }) {
				const group = groupByChatId(core, params.chatId);
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
