'use strict';
// Group files (dingtalk-api.md §9, convFile_1_0): a group's file space, and sending a stored file
// into the chat as the operator (unionId, a required query parameter). Header token.
const { HttpReply, newApiError } = require('../core');
const { findGroup } = require('./robot');
const {
	addFile,
	checkRequest,
	dentryView,
	freeName,
	groupSpace,
	noSpacePermission,
	spaceMembers,
} = require('./storage');

function isGroupMember(core, group, unionId) {
	return group.memberUserIds.some((userId) => (core.users.get(userId) || {}).unionId === unionId);
}

const notGroupMember = (openConversationId) =>
	newApiError(
		403,
		'Forbidden.AccessDenied.NoPermission',
		`操作人不是该群成员 (the operator is not a member of conversation ${openConversationId})`,
	);

module.exports = {
	routes: [
		{
			// §9.1: the group's file space (created on first use).
			host: 'api',
			method: 'POST',
			path: '/v1.0/convFile/conversations/spaces/query',
			scope: 'ConvFile.Space.Read',
			handle({ core, app, query, body }) {
				const request = checkRequest(core, query, body, ['openConversationId']);
				if (request.error) return request.error;
				const { unionId } = request;
				body = request.body;
				const found = findGroup(core, body.openConversationId);
				if (found.error) return found.error;
				if (!isGroupMember(core, found.group, unionId))
					return notGroupMember(body.openConversationId);
				const space = groupSpace(core, found.group.openConversationId);
				return new HttpReply(200, {
					space: {
						spaceId: space.spaceId,
						corpId: app.corpId,
						createTime: space.createTime,
						modifiedTime: space.modifiedTime,
					},
				});
			},
		},
		{
			// §9.2: sends a stored file into the chat as the operator. The file then lives in the
			// group's space [INF]: a file from another space is copied into the group space's root
			// (auto-renamed on a name clash); one already in the group space is sent as is.
			host: 'api',
			method: 'POST',
			path: '/v1.0/convFile/conversations/files/send',
			scope: 'ConvFile.File.Send',
			handle({ core, query, body }) {
				const request = checkRequest(core, query, body, [
					'spaceId',
					'dentryId',
					'openConversationId',
				]);
				if (request.error) return request.error;
				const { unionId } = request;
				body = request.body;
				const found = findGroup(core, body.openConversationId);
				if (found.error) return found.error;
				const group = found.group;
				const spaceId = String(body.spaceId);
				const space = /^\d+$/.test(spaceId) ? core.storage.spaces.get(spaceId) : undefined;
				if (!space)
					return newApiError(
						400,
						'invalidParameter.spaceId',
						`spaceId无效，空间不存在 (no space ${body.spaceId})`,
					);
				const dentry = space.dentries.get(String(body.dentryId));
				if (!dentry || dentry.status !== 'NORMAL') {
					return newApiError(
						400,
						'invalidParameter.dentryId',
						`dentryId无效，文件不存在 (no file ${body.dentryId} in space ${spaceId})`,
					);
				}
				if (dentry.type !== 'FILE')
					return newApiError(
						400,
						'invalidParameter.dentryId',
						`只能发送文件，${body.dentryId}是文件夹`,
					);
				if (!isGroupMember(core, group, unionId)) return notGroupMember(group.openConversationId);
				if (!spaceMembers(core, space).has(unionId)) return noSpacePermission(space.spaceId);

				const chatSpace = groupSpace(core, group.openConversationId);
				let file = dentry;
				if (chatSpace.spaceId !== space.spaceId) {
					file = addFile(core, chatSpace, {
						parentId: '0',
						name: freeName(chatSpace, '0', dentry.name),
						unionId,
						content: { size: dentry.size, sha256: dentry.sha256, bytes: dentry.bytes },
					});
				}
				core.messages.push({
					channel: 'groupFile',
					openConversationId: group.openConversationId,
					unionId,
					spaceId,
					dentryId: dentry.id,
					fileId: file.id,
					fileSpaceId: chatSpace.spaceId,
					name: file.name,
					size: file.size,
					sha256: file.sha256,
					at: Date.now(),
				});
				const view = dentryView(chatSpace, file);
				return new HttpReply(200, {
					file: {
						id: view.id,
						conversationId: group.openConversationId,
						spaceId: view.spaceId,
						parentId: view.parentId,
						name: view.name,
						extension: view.extension,
						size: view.size,
						type: 'FILE',
						path: view.path,
						version: view.version,
						status: 'NORMAL',
						uuid: view.uuid,
						createTime: view.createTime,
						modifiedTime: view.modifiedTime,
						creatorId: view.creatorId,
						modifierId: view.modifierId,
					},
				});
			},
		},
	],
};
