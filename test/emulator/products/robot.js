'use strict';
// Robot messages (dingtalk-api.md §3): 1:1 batch send with DingTalk's validation.
const { HttpReply, base64Id, newApiError } = require('../core');

/** msgKey → required msgParam fields (§3.4). */
const MSG_KEYS = {
	sampleText: ['content'],
	sampleMarkdown: ['title', 'text'],
	sampleImageMsg: ['photoURL'],
	sampleLink: ['text', 'title', 'picUrl', 'messageUrl'],
	sampleActionCard: ['title', 'text', 'singleTitle', 'singleURL'],
	sampleActionCard2: ['title', 'text', 'actionTitle1', 'actionURL1', 'actionTitle2', 'actionURL2'],
	sampleActionCard3: ['title', 'text', 'actionTitle1', 'actionURL1', 'actionTitle2', 'actionURL2', 'actionTitle3', 'actionURL3'],
	sampleActionCard4: ['title', 'text', 'actionTitle1', 'actionURL1', 'actionTitle2', 'actionURL2', 'actionTitle3', 'actionURL3', 'actionTitle4', 'actionURL4'],
	sampleActionCard5: ['title', 'text', 'actionTitle1', 'actionURL1', 'actionTitle2', 'actionURL2', 'actionTitle3', 'actionURL3', 'actionTitle4', 'actionURL4', 'actionTitle5', 'actionURL5'],
	sampleActionCard6: ['title', 'text', 'buttonTitle1', 'buttonUrl1', 'buttonTitle2', 'buttonUrl2'],
	sampleAudio: ['mediaId', 'duration'],
	sampleFile: ['mediaId', 'fileName', 'fileType'],
	sampleVideo: ['duration', 'videoMediaId', 'videoType', 'picMediaId'],
};

/** Validates robotCode, msgKey and msgParam the way DingTalk does; returns an error reply or the parsed param. */
function validateMessage(core, app, body) {
	if (!body) return { error: newApiError(400, 'MissingBody', 'body is mandatory') };
	if (!body.robotCode) return { error: newApiError(400, 'invalidParameter.robotCode.empty', 'robotCode不能为空') };
	if (body.robotCode !== app.robotCode) {
		const known = [...core.apps.values()].some((a) => a.robotCode === body.robotCode);
		return known
			? { error: newApiError(400, 'invalidParameter.robotCode.auth', 'appkey与机器人robotCode不匹配，请使用机器人所属应用的appkey') }
			: { error: newApiError(400, 'invalidParameter.robotCode.notExsit', '机器人不存在') };
	}
	if (!body.msgKey) return { error: newApiError(400, 'invalidParameter.msgKey.empty', 'msgKey不能为空') };
	const required = MSG_KEYS[body.msgKey];
	if (!required) return { error: newApiError(400, 'invalidParameter.msgKey.invalid', `msgKey无效: ${body.msgKey}`) };
	if (typeof body.msgParam !== 'string') {
		return { error: newApiError(400, 'invalidParameter.msgParam.invalid', 'msgParam必须是JSON字符串 (msgParam must be JSON)') };
	}
	let param;
	try {
		param = JSON.parse(body.msgParam);
	} catch {
		return { error: newApiError(400, 'invalidParameter.msgParam.invalid', 'msgParam必须是JSON字符串 (msgParam must be JSON)') };
	}
	if (!param || typeof param !== 'object' || Array.isArray(param)) {
		return { error: newApiError(400, 'invalidParameter.msgParam.invalid', 'msgParam必须是JSON对象') };
	}
	const missing = required.filter((field) => param[field] === undefined || param[field] === null || param[field] === '');
	if (missing.length) {
		return { error: newApiError(400, 'invalidParameter.msgParam.invalid', `msgParam缺少字段: ${missing.join(',')}`) };
	}
	return { param };
}

module.exports = {
	MSG_KEYS,
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
					else if (core.faults.flowControlledUsers.has(userId)) flowControlledStaffIdList.push(userId);
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
				return new HttpReply(200, { processQueryKey, invalidStaffIdList, flowControlledStaffIdList });
			},
		},
	],
};
