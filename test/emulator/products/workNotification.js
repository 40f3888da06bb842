'use strict';
// Work notifications (工作通知) on the old API (dingtalk-api.md §6): asynchronous send with
// DingTalk's silent-drop rules, send result / progress, recall.
const { HttpReply, oldApiError, requestId, stringifyJsonExact } = require('../core');
const { departmentMembers } = require('./contact');
const { mediaProblem } = require('./robot');

const MAX_USERS = 100;
const MAX_DEPTS = 20;
const MAX_MSG_BYTES = 2048;
const MAX_MARKDOWN_CHARS = 5000;

/** errcode for an agent_id that is not the calling app's AgentId [INF: DingTalk's global table lists 40056 不合法的agentid]. */
const ERR_BAD_AGENT = 40056;
/** errcode for missing/invalid parameters (§1: 40035 bad/missing param). */
const ERR_PARAM = 40035;
/** Silent-drop reasons in forbidden_list (§6.2). */
const FORBIDDEN_DAILY_CAP = 143105;
const FORBIDDEN_DUPLICATE = 143106;

const shortRequestId = () => requestId().replace(/-/g, '').slice(0, 13);
const ok = (fields) => new HttpReply(200, { errcode: 0, ...fields, request_id: shortRequestId() });
const paramError = (message) => oldApiError(ERR_PARAM, message);

/**
 * The doc's curls post form-encoded bodies with `msg` as a JSON string; JSON bodies work too.
 * Returns the parameters as an object, or undefined for an unreadable body.
 */
function readParams(req, rawBody, body) {
	if (body) return body;
	const type = String(req.headers['content-type'] || '');
	if (rawBody && rawBody.length && type.includes('application/x-www-form-urlencoded')) {
		return Object.fromEntries(new URLSearchParams(rawBody.toString('utf8')));
	}
	return undefined;
}

const isBlank = (value) => value === undefined || value === null || value === '';

/** agent_id: number or numeric string, and it must be the calling app's AgentId. */
function checkAgent(app, params) {
	if (isBlank(params.agent_id)) return paramError('缺少参数 agent_id');
	const agentId = String(params.agent_id).trim();
	if (!/^\d+$/.test(agentId)) return paramError(`agent_id必须是数字: ${params.agent_id}`);
	if (agentId !== String(app.agentId))
		return oldApiError(ERR_BAD_AGENT, `不合法的agentid (agentId不存在): ${agentId}`);
	return undefined;
}

/** Comma-separated list → unique ids (+ the listed count); absent → empty; a non-string is an error. */
function splitList(value, name) {
	if (isBlank(value)) return { ids: [], count: 0 };
	if (typeof value !== 'string' && typeof value !== 'number') {
		return {
			error: paramError(`${name}必须是逗号分隔的字符串 (${name} must be a comma-separated string)`),
		};
	}
	const listed = String(value)
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	// The limits count the list as sent; delivery de-duplicates.
	return { ids: [...new Set(listed)], count: listed.length };
}

function field(object, path) {
	return path
		.split('.')
		.reduce((value, key) => (value && typeof value === 'object' ? value[key] : undefined), object);
}

function requireFields(msg, paths) {
	const missing = paths.filter((path) => isBlank(field(msg, path)));
	return missing.length ? paramError(`缺少参数 msg.${missing.join(', msg.')}`) : undefined;
}

function checkMedia(core, msg, path, type) {
	const problem = mediaProblem(core, path, field(msg, path), type);
	return problem ? paramError(`不合法的media_id: msg.${problem}`) : undefined;
}

/** Validates `msg` by msgtype (§6.1); returns an error reply or undefined. */
function validateMsg(core, msg) {
	if (!msg || typeof msg !== 'object' || Array.isArray(msg)) return paramError('缺少参数 msg');
	if (isBlank(msg.msgtype)) return paramError('缺少参数 msg.msgtype');
	switch (msg.msgtype) {
		case 'text':
			return requireFields(msg, ['text.content']);
		case 'markdown': {
			const missing = requireFields(msg, ['markdown.title', 'markdown.text']);
			if (missing) return missing;
			const length = [...String(msg.markdown.text)].length;
			if (length > MAX_MARKDOWN_CHARS)
				return paramError(`msg.markdown.text超过${MAX_MARKDOWN_CHARS}个字符: ${length}`);
			return undefined;
		}
		case 'image':
			return (
				requireFields(msg, ['image.media_id']) || checkMedia(core, msg, 'image.media_id', 'image')
			);
		case 'file':
			return (
				requireFields(msg, ['file.media_id']) || checkMedia(core, msg, 'file.media_id', 'file')
			);
		case 'voice': {
			const missing =
				requireFields(msg, ['voice.media_id', 'voice.duration']) ||
				checkMedia(core, msg, 'voice.media_id', 'voice');
			if (missing) return missing;
			// Duration in seconds, a positive integer ≤ 60 (work-notice voice, §5.1).
			const duration = String(msg.voice.duration);
			if (!/^\d+$/.test(duration) || Number(duration) < 1 || Number(duration) > 60) {
				return paramError(`msg.voice.duration必须是1到60之间的整数(秒): ${msg.voice.duration}`);
			}
			return undefined;
		}
		case 'link':
			return requireFields(msg, ['link.messageUrl', 'link.picUrl', 'link.title', 'link.text']);
		case 'oa': {
			const missing = requireFields(msg, [
				'oa.message_url',
				'oa.head',
				'oa.head.bgcolor',
				'oa.head.text',
				'oa.body',
			]);
			if (missing) return missing;
			if (typeof msg.oa.body !== 'object' || Array.isArray(msg.oa.body))
				return paramError('msg.oa.body必须是对象');
			return undefined;
		}
		case 'action_card': {
			const missing = requireFields(msg, ['action_card.title', 'action_card.markdown']);
			if (missing) return missing;
			const card = msg.action_card;
			if (!isBlank(card.single_title) || !isBlank(card.single_url)) {
				return requireFields(msg, ['action_card.single_title', 'action_card.single_url']);
			}
			if (isBlank(card.btn_orientation) && isBlank(card.btn_json_list)) {
				return paramError(
					'缺少参数 msg.action_card.single_title/single_url 或 btn_orientation/btn_json_list',
				);
			}
			const orientation = requireFields(msg, [
				'action_card.btn_orientation',
				'action_card.btn_json_list',
			]);
			if (orientation) return orientation;
			if (!Array.isArray(card.btn_json_list) || card.btn_json_list.length === 0) {
				return paramError('msg.action_card.btn_json_list必须是非空数组');
			}
			for (const [index, button] of card.btn_json_list.entries()) {
				for (const key of ['title', 'action_url']) {
					if (!button || isBlank(button[key]))
						return paramError(`缺少参数 msg.action_card.btn_json_list[${index}].${key}`);
				}
			}
			return undefined;
		}
		default:
			return paramError(`不支持的msgtype: ${msg.msgtype}`);
	}
}

/** The task for agent_id + task_id, or an error reply. */
function findTask(core, app, params, key) {
	const agentError = checkAgent(app, params);
	if (agentError) return { error: agentError };
	if (isBlank(params[key])) return { error: paramError(`缺少参数 ${key}`) };
	const task = core.workTasks.get(String(params[key]).trim());
	// Unknown ids, and tasks of another agent, are the same "invalid task" to the caller [INF: code].
	if (!task || task.agentId !== String(app.agentId))
		return { error: paramError(`不合法的${key}: ${params[key]}`) };
	return { task };
}

const state = {
	init(core) {
		// Work-notification task ids keep increasing across reset(), so a stale id never aliases.
		// int64 on DingTalk: a BigInt here, so ids above 2^53 (set with /__emulator/limits) stay exact.
		core.nextTaskId = 256271667526n;
	},
	reset(core) {
		core.workTasks = new Map(); // task_id (string) → work-notification task
		core.workNoticeSeen = new Set(); // `${agentId}|${userId}|${JSON of msg}`: same content once a day
		core.workNoticeCounts = new Map(); // userId → work notifications delivered today
		core.workNoticeDailyCap = core.options.workNoticeDailyCap || 500;
	},
	snapshot: (core) => ({
		workTasks: [...core.workTasks.values()],
		workNoticeDailyCap: core.workNoticeDailyCap,
	}),
};

module.exports = {
	state,
	routes: [
		{
			host: 'oapi',
			method: 'POST',
			path: '/topapi/message/corpconversation/asyncsend_v2',
			scope: 'qyapi_base',
			handle({ core, app, req, rawBody, body }) {
				const params = readParams(req, rawBody, body);
				if (!params) return paramError('缺少参数 agent_id');
				const agentError = checkAgent(app, params);
				if (agentError) return agentError;

				let msg = params.msg;
				if (typeof msg === 'string') {
					try {
						msg = JSON.parse(msg);
					} catch {
						return paramError('msg必须是JSON');
					}
				}
				if (isBlank(msg)) return paramError('缺少参数 msg');

				const users = splitList(params.userid_list, 'userid_list');
				if (users.error) return users.error;
				const depts = splitList(params.dept_id_list, 'dept_id_list');
				if (depts.error) return depts.error;
				const toAll = params.to_all_user === true || params.to_all_user === 'true';
				if (!toAll && users.ids.length === 0 && depts.ids.length === 0) {
					return paramError('缺少参数 userid_list, dept_id_list 或 to_all_user');
				}
				if (users.count > MAX_USERS)
					return paramError(`userid_list最多${MAX_USERS}个用户，实际${users.count}个`);
				if (depts.count > MAX_DEPTS)
					return paramError(`dept_id_list最多${MAX_DEPTS}个部门，实际${depts.count}个`);

				// Shape first, then size: otherwise the 5000-character markdown limit could never show,
				// as 5000 characters are always more than the 2048 bytes allowed for the whole msg.
				const msgError = validateMsg(core, msg);
				if (msgError) return msgError;
				const msgBytes = Buffer.byteLength(stringifyJsonExact(msg), 'utf8');
				if (msgBytes > MAX_MSG_BYTES)
					return paramError(`消息体过大: msg ${msgBytes}字节，最大${MAX_MSG_BYTES}字节`);

				// Recipients: listed users, department members (sub-departments included), or everyone.
				const task = {
					taskId: String(core.nextTaskId++),
					agentId: String(app.agentId),
					msg,
					createdAt: Date.now(),
					recalled: false,
					userIds: [],
					invalidUserIds: [],
					invalidDeptIds: [],
					forbidden: [],
					failedUserIds: [],
				};
				const recipients = [];
				const add = (userId) => {
					if (!recipients.includes(userId)) recipients.push(userId);
				};
				for (const userId of users.ids) {
					if (core.users.has(userId)) add(userId);
					else task.invalidUserIds.push(userId);
				}
				for (const deptId of depts.ids) {
					const members = /^\d+$/.test(deptId)
						? departmentMembers(core, Number(deptId))
						: undefined;
					if (!members) task.invalidDeptIds.push(deptId);
					else members.forEach(add);
				}
				if (toAll) [...core.users.keys()].forEach(add);

				// Silent drops (§6.1): the API still answers success.
				const content = stringifyJsonExact(msg);
				for (const userId of recipients) {
					const seenKey = `${task.agentId}|${userId}|${content}`;
					const count = core.workNoticeCounts.get(userId) || 0;
					if (core.workNoticeSeen.has(seenKey)) {
						task.forbidden.push({ code: String(FORBIDDEN_DUPLICATE), count: 1, userid: userId });
					} else if (count >= core.workNoticeDailyCap) {
						task.forbidden.push({ code: String(FORBIDDEN_DAILY_CAP), count, userid: userId });
					} else if (core.isFlowControlled(userId)) {
						task.failedUserIds.push(userId);
					} else {
						core.workNoticeSeen.add(seenKey);
						core.workNoticeCounts.set(userId, count + 1);
						task.userIds.push(userId);
						core.messages.push({
							channel: 'work',
							processQueryKey: null,
							robotCode: null,
							agentId: task.agentId,
							taskId: task.taskId,
							userId,
							msgKey: msg.msgtype,
							msgParam: msg[msg.msgtype],
							msg,
							at: Date.now(),
						});
					}
				}
				core.workTasks.set(task.taskId, task);
				// task_id is an int64 JSON number: a BigInt, so one above 2^53 is written with every digit.
				return ok({ task_id: BigInt(task.taskId) });
			},
		},
		{
			host: 'oapi',
			method: 'POST',
			path: '/topapi/message/corpconversation/getsendresult',
			scope: 'qyapi_base',
			handle({ core, app, req, rawBody, body }) {
				const found = findTask(core, app, readParams(req, rawBody, body) || {}, 'task_id');
				if (found.error) return found.error;
				const task = found.task;
				return ok({
					send_result: {
						invalid_user_id_list: task.invalidUserIds,
						forbidden_user_id_list: task.forbidden.map((entry) => entry.userid),
						failed_user_id_list: task.failedUserIds,
						read_user_id_list: task.userIds.filter((userId) => core.isRead(task.taskId, userId)),
						unread_user_id_list: task.userIds.filter((userId) => !core.isRead(task.taskId, userId)),
						invalid_dept_id_list: task.invalidDeptIds.map((id) =>
							/^\d+$/.test(id) ? Number(id) : id,
						),
						forbidden_list: task.forbidden,
					},
				});
			},
		},
		{
			host: 'oapi',
			method: 'POST',
			path: '/topapi/message/corpconversation/getsendprogress',
			scope: 'qyapi_base',
			handle({ core, app, req, rawBody, body }) {
				const found = findTask(core, app, readParams(req, rawBody, body) || {}, 'task_id');
				if (found.error) return found.error;
				// The emulator delivers synchronously: every task is finished (status 2).
				return ok({ progress: { progress_in_percent: 100, status: 2 } });
			},
		},
		{
			// Recall takes msg_task_id, not task_id (§6.2).
			host: 'oapi',
			method: 'POST',
			path: '/topapi/message/corpconversation/recall',
			scope: 'qyapi_base',
			handle({ core, app, req, rawBody, body }) {
				const found = findTask(core, app, readParams(req, rawBody, body) || {}, 'msg_task_id');
				if (found.error) return found.error;
				const task = found.task;
				task.recalled = true;
				task.recalledAt = Date.now();
				for (const record of core.messages) {
					if (record.channel === 'work' && record.taskId === task.taskId) record.recalled = true;
				}
				return ok({ errmsg: 'ok' });
			},
		},
	],
};
