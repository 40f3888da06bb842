'use strict';
// Robot messages (dingtalk-api.md §3): 1:1 batch send with DingTalk's validation; files users
// sent to the robot (messageFiles/download, §3.5) are served from the object store (oss.js).
const crypto = require('node:crypto');

const { HttpReply, base64Id, newApiError } = require('../core');
const { issueGet } = require('../oss');

/** sampleActionCardN's fields: title, text, then actionTitleK/actionURLK for each of the N buttons. */
const actionCardFields = (buttons) => [
	'title',
	'text',
	...Array.from({ length: buttons }, (_, k) => [`actionTitle${k + 1}`, `actionURL${k + 1}`]).flat(),
];

/** msgKey → required msgParam fields (§3.4). */
const MSG_KEYS = {
	sampleText: ['content'],
	sampleMarkdown: ['title', 'text'],
	sampleImageMsg: ['photoURL'],
	sampleLink: ['text', 'title', 'picUrl', 'messageUrl'],
	sampleActionCard: ['title', 'text', 'singleTitle', 'singleURL'],
	sampleActionCard2: actionCardFields(2),
	sampleActionCard3: actionCardFields(3),
	sampleActionCard4: actionCardFields(4),
	sampleActionCard5: actionCardFields(5),
	sampleActionCard6: ['title', 'text', 'buttonTitle1', 'buttonUrl1', 'buttonTitle2', 'buttonUrl2'],
	sampleAudio: ['mediaId', 'duration'],
	sampleFile: ['mediaId', 'fileName', 'fileType'],
	sampleVideo: ['duration', 'videoMediaId', 'videoType', 'picMediaId'],
};

/** Fields that carry an uploaded media_id, and the media type each needs (§3.4, §5.1). */
const MEDIA_FIELDS = {
	sampleImageMsg: { photoURL: 'image' },
	sampleAudio: { mediaId: 'voice' },
	sampleFile: { mediaId: 'file' },
	sampleVideo: { videoMediaId: 'video', picMediaId: 'image' },
};

/** Group msgParam limit (§3.4, §4.1): 15 000 bytes of the JSON string. */
const GROUP_MSG_PARAM_MAX_BYTES = 15000;

/**
 * Checks one media_id-bearing value; returns a reason or undefined. A media_id is what
 * /media/upload returned ('@…'). photoURL may instead be an http(s) URL. Any other value
 * (a file name, a path, a bare id without '@') cannot be a media_id and is rejected [INF]:
 * DingTalk resolves the id server-side, so a fake one never delivers.
 */
function mediaProblem(core, field, value, type) {
	if (typeof value !== 'string') return `${field}必须是字符串`;
	if (!value.startsWith('@')) {
		if (field === 'photoURL' && /^https?:\/\/\S+$/i.test(value)) return undefined;
		return `${field}不是有效的media_id${field === 'photoURL' ? '或图片URL' : ''}: ${value}`;
	}
	const media = core.media.get(value);
	if (!media) return `${field}对应的media_id不存在: ${value}`;
	if (media.type !== type) return `${field}需要${type}类型的media_id，实际为${media.type}`;
	return undefined;
}

/** robotCode checks shared by every robot API (§3.1): empty, another app's robot, unknown robot. */
function checkRobotCode(core, app, robotCode) {
	if (!robotCode) return newApiError(400, 'invalidParameter.robotCode.empty', 'robotCode不能为空');
	if (robotCode !== app.robotCode) {
		const known = [...core.apps.values()].some((a) => a.robotCode === robotCode);
		return known
			? newApiError(
					400,
					'invalidParameter.robotCode.auth',
					'appkey与机器人robotCode不匹配，请使用机器人所属应用的appkey',
				)
			: newApiError(400, 'invalidParameter.robotCode.notExsit', '机器人不存在');
	}
	return undefined;
}

/** The opening checks of every robot API: a body, then its robotCode. Returns an error reply or undefined. */
function checkRobotBody(core, app, body) {
	if (!body) return newApiError(400, 'MissingBody', 'body is mandatory');
	return checkRobotCode(core, app, body.robotCode);
}

/**
 * Validates robotCode, msgKey and msgParam the way DingTalk does; returns an error reply or the
 * parsed param. `maxParamBytes` limits the msgParam string (group sends: 15 000 bytes).
 */
function validateMessage(core, app, body, { maxParamBytes } = {}) {
	const bodyError = checkRobotBody(core, app, body);
	if (bodyError) return { error: bodyError };
	if (!body.msgKey)
		return { error: newApiError(400, 'invalidParameter.msgKey.empty', 'msgKey不能为空') };
	const required = MSG_KEYS[body.msgKey];
	if (!required)
		return {
			error: newApiError(400, 'invalidParameter.msgKey.invalid', `msgKey无效: ${body.msgKey}`),
		};
	if (typeof body.msgParam !== 'string') {
		return {
			error: newApiError(
				400,
				'invalidParameter.msgParam.invalid',
				'msgParam必须是JSON字符串 (msgParam must be JSON)',
			),
		};
	}
	if (maxParamBytes && Buffer.byteLength(body.msgParam, 'utf8') > maxParamBytes) {
		return {
			error: newApiError(
				400,
				'invalidParameter.msgParam.tooLong',
				`msgParam超过最大长度${maxParamBytes}字节 (msgParam exceeds ${maxParamBytes} bytes: ${Buffer.byteLength(body.msgParam, 'utf8')})`,
			),
		};
	}
	let param;
	try {
		param = JSON.parse(body.msgParam);
	} catch {
		return {
			error: newApiError(
				400,
				'invalidParameter.msgParam.invalid',
				'msgParam必须是JSON字符串 (msgParam must be JSON)',
			),
		};
	}
	if (!param || typeof param !== 'object' || Array.isArray(param)) {
		return {
			error: newApiError(400, 'invalidParameter.msgParam.invalid', 'msgParam必须是JSON对象'),
		};
	}
	const missing = required.filter(
		(field) => param[field] === undefined || param[field] === null || param[field] === '',
	);
	if (missing.length) {
		return {
			error: newApiError(
				400,
				'invalidParameter.msgParam.invalid',
				`msgParam缺少字段: ${missing.join(',')}`,
			),
		};
	}
	if (
		body.msgKey === 'sampleAudio' &&
		!(typeof param.duration === 'string' && /^\d+$/.test(param.duration))
	) {
		return {
			error: newApiError(
				400,
				'invalidParameter.msgParam.invalid',
				'msgParam.duration必须是毫秒数字符串 (duration must be a string of digits, ms)',
			),
		};
	}
	for (const [field, type] of Object.entries(MEDIA_FIELDS[body.msgKey] || {})) {
		const problem = mediaProblem(core, field, param[field], type);
		if (problem)
			return {
				error: newApiError(400, 'invalidParameter.msgParam.invalid', `msgParam.${problem}`),
			};
	}
	return { param };
}

/** A group given by openConversationId, or the error DingTalk gives for a missing/unknown one. */
function findGroup(core, openConversationId) {
	const group =
		typeof openConversationId === 'string' && openConversationId
			? core.groups.get(openConversationId)
			: undefined;
	if (!group) {
		return {
			error: newApiError(
				400,
				'invalid.openConversationId',
				openConversationId
					? `openConversationId无效: ${openConversationId}`
					: 'openConversationId不能为空',
			),
		};
	}
	return { group };
}

/** A group the robot sends to: it must exist and have the robot as a member (§4.1). */
function findRobotGroup(core, openConversationId, robotCode) {
	const found = findGroup(core, openConversationId);
	if (found.error) return found;
	if (!found.group.robotCodes.has(robotCode)) {
		return {
			error: newApiError(
				400,
				'invalidParameter.robotCode.notExsit',
				'机器人不存在，请检查机器人是否在群内 (the robot is not in this group)',
			),
		};
	}
	return found;
}

/** `max`: the documented per-call maximum (otoMessages/batchRecall: 20 keys). */
function checkProcessQueryKeys(keys, max = Infinity) {
	if (!Array.isArray(keys) || keys.length === 0) {
		return newApiError(400, 'invalidParameter.processQueryKeys.empty', 'processQueryKeys不能为空');
	}
	if (keys.length > max) {
		return newApiError(
			400,
			'invalidParameter.processQueryKeys.overMax',
			`processQueryKeys超过最大值${max}`,
		);
	}
	if (keys.some((key) => typeof key !== 'string' || !key)) {
		return newApiError(
			400,
			'invalidParameter.processQueryKeys.invalid',
			'processQueryKeys必须是非空字符串数组',
		);
	}
	return undefined;
}

/**
 * Recalls messages; `belongs(sent)` says whether a send record may be recalled by this call.
 * Unknown keys and already recalled messages go to failedResult with a reason [INF: reason texts].
 */
function recall(core, keys, belongs) {
	const successResult = [];
	const failedResult = {};
	for (const key of keys) {
		const sent = core.sent.get(key);
		if (!sent || !belongs(sent)) failedResult[key] = 'processQueryKey不存在 (message not found)';
		else if (sent.recalled) failedResult[key] = '消息已撤回 (already recalled)';
		else {
			sent.recalled = true;
			sent.recalledAt = Date.now();
			for (const record of core.messages)
				if (record.processQueryKey === key) record.recalled = true;
			successResult.push(key);
		}
	}
	return new HttpReply(200, { successResult, failedResult });
}

/** groupMessages/query page size: documented maximum 200; the default when omitted is undocumented [INF]. */
const GROUP_QUERY_MAX_PAGE = 200;
const GROUP_QUERY_DEFAULT_PAGE = 20;

/** Opaque page token for groupMessages/query: the offset, base64url-wrapped. */
const encodePageToken = (offset) => Buffer.from(`emu-page:${offset}`).toString('base64url');
function decodePageToken(token) {
	const match = /^emu-page:(\d+)$/.exec(Buffer.from(String(token), 'base64url').toString('utf8'));
	return match ? Number(match[1]) : undefined;
}

const state = {
	init(core) {
		// Robot message files are directory, like media: reset() keeps them.
		core.messageFiles = new Map(); // downloadCode → { fileName, contentType, robotCode, size, sha256, bytes }
	},
	reset(core) {
		core.sent = new Map(); // processQueryKey → send record
	},
};

module.exports = {
	state,
	MSG_KEYS,
	MEDIA_FIELDS,
	GROUP_MSG_PARAM_MAX_BYTES,
	checkRobotBody,
	checkRobotCode,
	findGroup,
	findRobotGroup,
	mediaProblem,
	validateMessage,
	routes: [
		{
			host: 'api',
			method: 'POST',
			path: '/v1.0/robot/oToMessages/batchSend',
			scope: 'qyapi_robot_sendmsg',
			handle({ core, app, body }) {
				const checked = validateMessage(core, app, body);
				if (checked.error) return checked.error;
				const userIds = body.userIds;
				if (!Array.isArray(userIds) || userIds.length === 0) {
					return newApiError(400, 'invalidParameter.userIds.empty', 'userIds不能为空');
				}
				if (userIds.length > 20) {
					return newApiError(400, 'invalidParameter.userIds.overMax', 'userIds超过最大值20');
				}
				if (userIds.some((id) => typeof id !== 'string' || !id)) {
					return newApiError(400, 'invalidParameter.userIds.invalid', 'userIds无效');
				}
				const processQueryKey = base64Id();
				const invalidStaffIdList = [];
				const flowControlledStaffIdList = [];
				for (const userId of userIds) {
					if (!core.users.has(userId)) invalidStaffIdList.push(userId);
					else if (core.isFlowControlled(userId)) flowControlledStaffIdList.push(userId);
					else {
						core.messages.push({
							channel: 'oto',
							processQueryKey,
							robotCode: body.robotCode,
							userId,
							msgKey: body.msgKey,
							msgParam: checked.param,
							at: Date.now(),
						});
					}
				}
				core.sent.set(processQueryKey, { channel: 'oto', robotCode: body.robotCode, userIds });
				return new HttpReply(200, {
					processQueryKey,
					invalidStaffIdList,
					flowControlledStaffIdList,
				});
			},
		},
		{
			// Read status of a 1:1 send (§3.2). GET with query parameters: a processQueryKey with + / =
			// must be URL-encoded, or '+' arrives as a space and the key is unknown (as on DingTalk).
			host: 'api',
			method: 'GET',
			path: '/v1.0/robot/oToMessages/readStatus',
			scope: 'qyapi_robot_sendmsg',
			handle({ core, app, query }) {
				const robotError = checkRobotCode(core, app, query.get('robotCode'));
				if (robotError) return robotError;
				const processQueryKey = query.get('processQueryKey');
				if (!processQueryKey)
					return newApiError(
						400,
						'invalidParameter.processQueryKey.empty',
						'processQueryKey不能为空',
					);
				const sent = core.sent.get(processQueryKey);
				if (!sent || sent.channel !== 'oto' || sent.robotCode !== query.get('robotCode')) {
					return newApiError(
						400,
						'invalidParameter.processQueryKey.invalid',
						`processQueryKey无效: ${processQueryKey}`,
					);
				}
				const messageReadInfoList = core.messages
					.filter(
						(record) => record.channel === 'oto' && record.processQueryKey === processQueryKey,
					)
					.map((record) => {
						const read = core.isRead(processQueryKey, record.userId);
						const user = core.users.get(record.userId);
						return {
							name: user ? user.name : record.userId,
							userId: record.userId,
							readStatus: read ? 'READ' : 'UNREAD',
							readTimestamp: read ? core.readAt.get(`${processQueryKey}|${record.userId}`) : 0,
						};
					});
				return new HttpReply(200, { sendStatus: 'SUCCESS', messageReadInfoList });
			},
		},
		{
			// Recall 1:1 messages (§3.2). Lower-case 'otoMessages' is the real path; the
			// 'oToMessages/batchRecall' spelling has no route and answers 404 InvalidAction.NotFound.
			host: 'api',
			method: 'POST',
			path: '/v1.0/robot/otoMessages/batchRecall',
			scope: 'qyapi_robot_sendmsg',
			handle({ core, app, body }) {
				const bodyError = checkRobotBody(core, app, body);
				if (bodyError) return bodyError;
				const keysError = checkProcessQueryKeys(body.processQueryKeys, 20);
				if (keysError) return keysError;
				return recall(
					core,
					body.processQueryKeys,
					(sent) => sent.channel === 'oto' && sent.robotCode === body.robotCode,
				);
			},
		},
		{
			// Group send (§4.1): the robot must be in the group; coolAppCode when the group needs one.
			host: 'api',
			method: 'POST',
			path: '/v1.0/robot/groupMessages/send',
			scope: 'qyapi_robot_sendmsg',
			handle({ core, app, body }) {
				const checked = validateMessage(core, app, body, {
					maxParamBytes: GROUP_MSG_PARAM_MAX_BYTES,
				});
				if (checked.error) return checked.error;
				const found = findRobotGroup(core, body.openConversationId, body.robotCode);
				if (found.error) return found.error;
				const group = found.group;
				// A coolAppCode must match the group's: missing when required, or given for a group
				// installed without a cool app, is rejected [INF: DingTalk's exact rule is undocumented].
				if ((group.coolAppCode || body.coolAppCode) && body.coolAppCode !== group.coolAppCode) {
					return newApiError(
						400,
						'invalidParameter.coolAppCode.invalid',
						body.coolAppCode
							? `coolAppCode无效: ${body.coolAppCode}`
							: 'coolAppCode不能为空：该群的机器人通过酷应用安装',
					);
				}
				const processQueryKey = base64Id();
				core.messages.push({
					channel: 'group',
					processQueryKey,
					robotCode: body.robotCode,
					openConversationId: group.openConversationId,
					userId: null,
					msgKey: body.msgKey,
					msgParam: checked.param,
					at: Date.now(),
				});
				core.sent.set(processQueryKey, {
					channel: 'group',
					robotCode: body.robotCode,
					openConversationId: group.openConversationId,
					memberUserIds: [...group.memberUserIds],
				});
				return new HttpReply(200, { processQueryKey });
			},
		},
		{
			// Who read a group message (§4.1), paginated with an opaque nextToken.
			host: 'api',
			method: 'POST',
			path: '/v1.0/robot/groupMessages/query',
			scope: 'qyapi_robot_sendmsg',
			handle({ core, app, body }) {
				const bodyError = checkRobotBody(core, app, body);
				if (bodyError) return bodyError;
				const found = findGroup(core, body.openConversationId);
				if (found.error) return found.error;
				if (!body.processQueryKey)
					return newApiError(
						400,
						'invalidParameter.processQueryKey.empty',
						'processQueryKey不能为空',
					);
				const sent = core.sent.get(body.processQueryKey);
				if (
					!sent ||
					sent.channel !== 'group' ||
					sent.openConversationId !== body.openConversationId ||
					sent.robotCode !== body.robotCode
				) {
					return newApiError(
						400,
						'invalidParameter.processQueryKey.invalid',
						`processQueryKey无效: ${body.processQueryKey}`,
					);
				}
				// maxResults is optional, at most 200 (https://help.dingtalk.io/open/development/chatbot-queries-the-read-status-of-a-message).
				// Without it DingTalk's page size is undocumented: the emulator pages by
				// GROUP_QUERY_DEFAULT_PAGE [INF], so a client that omits it and ignores hasMore loses readers.
				let maxResults = body.maxResults;
				if (maxResults === undefined || maxResults === null) maxResults = GROUP_QUERY_DEFAULT_PAGE;
				else if (
					!Number.isInteger(maxResults) ||
					maxResults < 1 ||
					maxResults > GROUP_QUERY_MAX_PAGE
				) {
					return newApiError(
						400,
						'invalidParameter.maxResults.invalid',
						`maxResults必须是1到${GROUP_QUERY_MAX_PAGE}之间的整数: ${maxResults}`,
					);
				}
				let offset = 0;
				if (body.nextToken !== undefined && body.nextToken !== null && body.nextToken !== '') {
					offset = decodePageToken(body.nextToken);
					if (offset === undefined)
						return newApiError(
							400,
							'invalidParameter.nextToken.invalid',
							`nextToken无效: ${body.nextToken}`,
						);
				}
				const readers = [...(core.readBy.get(body.processQueryKey) || [])];
				const readUserIds = readers.slice(offset, offset + maxResults);
				const hasMore = offset + maxResults < readers.length;
				const reply = { readUserIds, sendStatus: 'SUCCESS', hasMore };
				if (hasMore) reply.nextToken = encodePageToken(offset + maxResults);
				return new HttpReply(200, reply);
			},
		},
		{
			host: 'api',
			method: 'POST',
			path: '/v1.0/robot/groupMessages/recall',
			scope: 'qyapi_robot_sendmsg',
			handle({ core, app, body }) {
				const bodyError = checkRobotBody(core, app, body);
				if (bodyError) return bodyError;
				const found = findGroup(core, body.openConversationId);
				if (found.error) return found.error;
				const keysError = checkProcessQueryKeys(body.processQueryKeys);
				if (keysError) return keysError;
				return recall(
					core,
					body.processQueryKeys,
					(sent) =>
						sent.channel === 'group' &&
						sent.robotCode === body.robotCode &&
						sent.openConversationId === body.openConversationId,
				);
			},
		},
		{
			// A file, picture, audio or video someone sent to the robot (§3.5): a signed GET URL on the
			// object store. The downloadCode belongs to the robot that received the message.
			host: 'api',
			method: 'POST',
			path: '/v1.0/robot/messageFiles/download',
			scope: 'qyapi_robot_sendmsg',
			handle({ core, app, body }) {
				const bodyError = checkRobotBody(core, app, body);
				if (bodyError) return bodyError;
				if (typeof body.downloadCode !== 'string' || !body.downloadCode) {
					return newApiError(400, 'invalidParameter.downloadCode', 'downloadCode不能为空');
				}
				const file = core.messageFiles.get(body.downloadCode);
				if (!file || file.robotCode !== body.robotCode) {
					return newApiError(
						400,
						'invalidParameter.downloadCode',
						`downloadCode无效: ${body.downloadCode}`,
					);
				}
				const objectKey = `dingtalk/messageFiles/${crypto.createHash('sha1').update(body.downloadCode).digest('hex')}`;
				const get = issueGet(core, objectKey, {
					kind: 'messageFile',
					downloadCode: body.downloadCode,
				});
				return new HttpReply(200, { downloadUrl: get.url });
			},
		},
	],
	adminRoutes: [
		{
			// Registers what a user sent to the robot: {downloadCode?, fileName, contentType?, base64,
			// robotCode?} → {downloadCode}. reset() keeps message files.
			method: 'POST',
			path: '/__emulator/messageFiles',
			handle({ core, body }) {
				if (typeof body.fileName !== 'string' || !body.fileName)
					return new HttpReply(400, { message: 'fileName must be a non-empty string' });
				if (typeof body.base64 !== 'string')
					return new HttpReply(400, { message: 'base64 must be a string' });
				if (
					body.downloadCode !== undefined &&
					(typeof body.downloadCode !== 'string' || !body.downloadCode)
				) {
					return new HttpReply(400, { message: 'downloadCode must be a non-empty string' });
				}
				const bytes = Buffer.from(body.base64, 'base64');
				let downloadCode = body.downloadCode;
				if (!downloadCode) {
					do downloadCode = base64Id(36);
					while (core.messageFiles.has(downloadCode));
				}
				core.messageFiles.set(downloadCode, {
					fileName: body.fileName,
					contentType:
						typeof body.contentType === 'string' && body.contentType
							? body.contentType
							: 'application/octet-stream',
					robotCode:
						typeof body.robotCode === 'string' && body.robotCode
							? body.robotCode
							: core.apps.values().next().value.robotCode,
					size: bytes.length,
					sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
					bytes,
				});
				return new HttpReply(200, { downloadCode });
			},
		},
	],
};
