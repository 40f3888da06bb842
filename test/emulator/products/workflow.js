'use strict';
// OA approvals (审批, workflow_1_0, header token): templates visible to a user, a template's form
// schema, starting an instance, reading it, listing instance ids by template and time window,
// approving / refusing a task, transferring it, commenting, terminating. Every person is a userId.
// State changes raise DingTalk's approval events (bpms_instance_change, bpms_task_change), kept in
// `core.workflow.events` and, when a test asks (`POST /__emulator/workflow/delivery`), pushed to
// the Stream connection or an HTTP trigger as DingTalk would.
// https://open.dingtalk.com/document/orgapp/create-an-approval-instance and its sibling pages.
const crypto = require('node:crypto');

const { HttpReply, newApiError } = require('../core');
const { issueGet } = require('../oss');

/** The approval attachments' Drive space (审批钉盘空间), created on first use. */
const APPROVAL_SPACE = '1900001';

const LIMITS = {
	/** instanceIds/query maxResults. */
	listIds: 20,
	/** userVisibilities/templates maxResults. */
	templates: 100,
	/** instanceIds/query: the window from startTime to endTime [INF: 120 days]. */
	windowMs: 120 * 24 * 3600 * 1000,
};
const READ = 'Workflow.Instance.Read';
const WRITE = 'Workflow.Instance.Write';
const TEMPLATES = 'Workflow.Process.Read';

/** Two templates: a leave request (every field type the node maps) and an expense claim. */
function defaultTemplates() {
	const item = (componentName, id, label, extra = {}) => ({
		componentName,
		props: { id, label, required: false, ...extra },
	});
	return [
		{
			processCode: 'PROC-LEAVE-0001',
			name: 'Leave request',
			iconUrl: 'https://img.example.com/leave.png',
			visibleTo: null, // everyone
			approvers: ['manager4220'],
			items: [
				item('TextField', 'TextField-reason', 'Reason', { required: true }),
				item('NumberField', 'NumberField-days', 'Days', { required: true }),
				item('DDDateField', 'DDDateField-start', 'Start date', { format: 'yyyy-MM-dd' }),
				item('DDSelectField', 'DDSelectField-type', 'Leave type', {
					options: ['{"key":"annual","value":"Annual"}', '{"key":"personal","value":"Personal"}'],
				}),
				item('DDAttachment', 'DDAttachment-files', 'Attachments'),
				{
					...item('TableField', 'TableField-items', 'Details'),
					children: [
						item('TextField', 'TextField-item', 'Item'),
						item('MoneyField', 'MoneyField-amount', 'Amount'),
					],
				},
			],
		},
		{
			processCode: 'PROC-EXPENSE-0002',
			name: 'Expense claim',
			iconUrl: 'https://img.example.com/expense.png',
			visibleTo: ['user0001', 'user0002', 'manager4220'],
			approvers: ['user0003', 'manager4220'],
			items: [item('MoneyField', 'MoneyField-total', 'Total', { required: true })],
		},
	];
}

const state = {
	init(core) {
		core.workflowTemplates = new Map(defaultTemplates().map((t) => [t.processCode, t]));
	},
	reset(core) {
		core.workflow = { instances: new Map(), events: [], delivery: null, nextTaskId: 70000001 };
	},
	snapshot: (core) => ({
		workflow: {
			instances: [...core.workflow.instances.values()],
			events: core.workflow.events,
		},
	}),
};

const ok = (result, extra = {}) => new HttpReply(200, { result, success: true, ...extra });
const bad = (code, message) => newApiError(400, code, message);

/** [INF] A page token is the offset the previous page handed out; anything else is refused. */
function pageStart(token) {
	if (token === undefined) return 0;
	const start = Number(token);
	return Number.isSafeInteger(start) && start >= 0 ? start : undefined;
}

function knownUser(core, userId, field) {
	if (typeof userId === 'string' && core.users.has(userId)) return undefined;
	return bad(`invalidParameter.${field}`, `${field} ${userId} 用户不存在`);
}

/** Raises an approval event; delivers it when a test set a delivery target. */
function raise(core, eventType, data) {
	const payload = { eventType, corpId: 'dingcorpemu0000000001', ...data };
	core.workflow.events.push(payload);
	const delivery = core.workflow.delivery;
	if (!delivery) return;
	if (delivery.stream) {
		require('./stream').pushFrame(core, { kind: 'event', eventType, data });
	}
	if (delivery.url) {
		const { buildPush, deliver } = require('./callbacks');
		const app = core.apps.values().next().value;
		const { eventType: type, ...rest } = payload;
		const push = buildPush(core, app, { url: delivery.url, payload: { EventType: type, ...rest } });
		void deliver(core, app, { ...push, kind: 'event' });
	}
}

function eventBase(instance) {
	return {
		processInstanceId: instance.id,
		processCode: instance.processCode,
		title: instance.title,
		businessId: instance.businessId,
		url: `https://aflow.dingtalk.com/dingtalk/mobile/homepage.htm#/approval?procInstId=${instance.id}`,
	};
}

function openTask(core, instance, userId, activityId) {
	const task = {
		taskId: core.workflow.nextTaskId++,
		userId,
		status: 'RUNNING',
		result: 'NONE',
		activityId,
		processInstanceId: instance.id,
		createTime: new Date().toISOString(),
		pcUrl: `https://aflow.dingtalk.com/pc?taskId=${core.workflow.nextTaskId - 1}`,
		mobileUrl: `https://aflow.dingtalk.com/mobile?taskId=${core.workflow.nextTaskId - 1}`,
	};
	instance.tasks.push(task);
	raise(core, 'bpms_task_change', {
		...eventBase(instance),
		type: 'start',
		staffId: userId,
		taskId: task.taskId,
		activityId,
		createTime: Date.now(),
	});
	return task;
}

function finish(core, instance, status, result) {
	instance.status = status;
	instance.result = result;
	instance.finishTime = new Date().toISOString();
	for (const task of instance.tasks)
		if (task.status === 'RUNNING') {
			task.status = 'CANCELED';
			task.finishTime = instance.finishTime;
		}
	raise(core, 'bpms_instance_change', {
		...eventBase(instance),
		type: status === 'TERMINATED' ? 'terminate' : 'finish',
		...(result ? { result } : {}),
		staffId: instance.originatorUserId,
		createTime: Date.parse(instance.createTime),
		finishTime: Date.now(),
	});
}

/** The value a form field gets, checked against its component [INF: DingTalk's checks are undocumented]. */
function checkValue(component, value, details) {
	const label = component.props.label;
	if (component.componentName === 'TableField') {
		if (!Array.isArray(details) && typeof value !== 'string')
			return `${label}: a table takes details (or a JSON value)`;
		return undefined;
	}
	if (typeof value !== 'string') return `${label}: value must be a string`;
	if (
		['NumberField', 'MoneyField'].includes(component.componentName) &&
		!/^-?\d+(\.\d+)?$/.test(value)
	)
		return `${label}: "${value}" is not a number`;
	if (component.componentName === 'DDDateField' && Number.isNaN(Date.parse(value)))
		return `${label}: "${value}" is not a date`;
	if (component.componentName === 'DDSelectField') {
		const allowed = (component.props.options || []).map((o) => JSON.parse(o).value);
		if (!allowed.includes(value)) return `${label}: "${value}" is not one of ${allowed.join(', ')}`;
	}
	if (component.componentName === 'DDAttachment') {
		try {
			if (!Array.isArray(JSON.parse(value))) throw new Error('not an array');
		} catch {
			return `${label}: attachments are a JSON array of files`;
		}
	}
	return undefined;
}

function instanceView(instance) {
	return {
		title: instance.title,
		status: instance.status,
		result: instance.result,
		businessId: instance.businessId,
		originatorUserId: instance.originatorUserId,
		originatorDeptId: String(instance.deptId),
		originatorDeptName: 'Emulated department',
		createTime: instance.createTime,
		finishTime: instance.finishTime || '',
		approverUserIds: instance.approvers,
		ccUserIds: instance.ccList,
		formComponentValues: instance.formComponentValues,
		tasks: instance.tasks,
		operationRecords: instance.operationRecords,
		bizAction: 'NONE',
	};
}

function runningInstance(core, id) {
	const instance = core.workflow.instances.get(String(id || ''));
	if (!instance) return { error: bad('invalidParameter.processInstanceId', '审批实例不存在') };
	return { instance };
}

function runningTask(instance, taskId) {
	const task = instance.tasks.find((t) => String(t.taskId) === String(taskId));
	if (!task) return { error: bad('invalidParameter.taskId', '任务不存在') };
	if (task.status !== 'RUNNING') return { error: bad('taskNotRunning', '任务已处理或已取消') };
	return { task };
}

/** Files attached to an instance: DDAttachment form values, and comment attachments if asked. */
function attachmentsOf(instance, withComments) {
	const files = [];
	for (const value of instance.formComponentValues) {
		if (value.componentType !== 'DDAttachment') continue;
		try {
			files.push(...JSON.parse(value.value));
		} catch {
			// checked at start
		}
	}
	if (withComments)
		for (const record of instance.operationRecords) files.push(...(record.attachments || []));
	return files;
}

module.exports = {
	LIMITS,
	APPROVAL_SPACE,
	state,
	routes: [
		{
			host: 'api',
			method: 'GET',
			path: '/v1.0/workflow/processes/userVisibilities/templates',
			scope: TEMPLATES,
			handle({ core, query }) {
				const userId = query.get('userId');
				if (userId) {
					const unknown = knownUser(core, userId, 'userId');
					if (unknown) return unknown;
				}
				const max = query.has('maxResults') ? Number(query.get('maxResults')) : 100;
				if (!Number.isInteger(max) || max < 1 || max > LIMITS.templates)
					return bad('invalidParameter.maxResults', `maxResults 取值范围 1~${LIMITS.templates}`);
				const start = pageStart(query.get('nextToken') || undefined);
				if (start === undefined) return bad('invalidParameter.nextToken', 'nextToken 非法');
				const visible = [...core.workflowTemplates.values()].filter(
					(t) => !userId || !t.visibleTo || t.visibleTo.includes(userId),
				);
				const page = visible.slice(start, start + max);
				return ok({
					processList: page.map((t) => ({
						name: t.name,
						processCode: t.processCode,
						iconUrl: t.iconUrl,
						url: `https://aflow.dingtalk.com/dingtalk/mobile/homepage.htm#/custom?processCode=${t.processCode}`,
						dirId: 'dir-1',
						dirName: 'Emulated',
					})),
					...(start + max < visible.length ? { nextToken: start + max } : {}),
				});
			},
		},
		{
			host: 'api',
			method: 'GET',
			path: '/v1.0/workflow/forms/schemas/processCodes',
			scope: TEMPLATES,
			handle({ core, query }) {
				const template = core.workflowTemplates.get(query.get('processCode') || '');
				if (!template) return bad('invalidParameter.processCode', '模板不存在');
				return ok({
					name: template.name,
					processCode: template.processCode,
					schemaContent: { title: template.name, items: template.items },
				});
			},
		},
		{
			host: 'api',
			method: 'POST',
			path: '/v1.0/workflow/processInstances',
			scope: WRITE,
			handle({ core, body }) {
				body = body || {};
				const template = core.workflowTemplates.get(String(body.processCode || ''));
				if (!template) return bad('invalidParameter.processCode', 'processCode 不存在');
				const unknown = knownUser(core, body.originatorUserId, 'originatorUserId');
				if (unknown) return unknown;
				if (!Array.isArray(body.formComponentValues))
					return bad('invalidParameter.formComponentValues', 'formComponentValues 不能为空');
				const values = [];
				for (const entry of body.formComponentValues) {
					const component = template.items.find(
						(c) => c.props.label === entry.name || c.props.id === entry.id,
					);
					if (!component)
						return bad('invalidParameter.formComponentValues', `表单中没有控件 ${entry.name}`);
					const problem = checkValue(component, entry.value, entry.details);
					if (problem) return bad('invalidParameter.formComponentValues', problem);
					values.push({
						id: component.props.id,
						name: component.props.label,
						value: entry.value === undefined ? JSON.stringify(entry.details) : entry.value,
						componentType: component.componentName,
						...(entry.extValue ? { extValue: entry.extValue } : {}),
					});
				}
				const missing = template.items.find(
					(c) => c.props.required && !values.some((v) => v.id === c.props.id),
				);
				if (missing)
					return bad(
						'invalidParameter.formComponentValues',
						`必填控件 ${missing.props.label} 未填写`,
					);
				const approverSteps =
					Array.isArray(body.approvers) && body.approvers.length
						? body.approvers.map((a) => a.userIds || [])
						: template.approvers.map((u) => [u]);
				for (const userId of [...approverSteps.flat(), ...(body.ccList || [])]) {
					const who = knownUser(core, userId, 'approvers');
					if (who) return who;
				}
				const id = `${crypto.randomBytes(4).toString('hex')}-${crypto.randomUUID().slice(9)}`;
				const user = core.users.get(body.originatorUserId);
				const instance = {
					id,
					processCode: template.processCode,
					title: `${user.name}提交的${template.name}`,
					status: 'RUNNING',
					result: '',
					businessId: String(202600000000 + core.workflow.instances.size + 1),
					originatorUserId: body.originatorUserId,
					deptId: body.deptId === undefined ? -1 : body.deptId,
					createTime: new Date().toISOString(),
					approvers: approverSteps.flat(),
					steps: approverSteps,
					step: 0,
					ccList: body.ccList || [],
					formComponentValues: values,
					tasks: [],
					operationRecords: [
						{
							userId: body.originatorUserId,
							date: new Date().toISOString(),
							type: 'START_PROCESS_INSTANCE',
							result: 'NONE',
							showName: '发起审批',
						},
					],
				};
				core.workflow.instances.set(id, instance);
				raise(core, 'bpms_instance_change', {
					...eventBase(instance),
					type: 'start',
					staffId: instance.originatorUserId,
					createTime: Date.now(),
				});
				for (const userId of approverSteps[0]) openTask(core, instance, userId, 'step-0');
				return new HttpReply(200, { instanceId: id });
			},
		},
		{
			host: 'api',
			method: 'GET',
			path: '/v1.0/workflow/processInstances',
			scope: READ,
			handle({ core, query }) {
				const found = runningInstance(core, query.get('processInstanceId'));
				if (found.error) return found.error;
				return ok(instanceView(found.instance));
			},
		},
		{
			host: 'api',
			method: 'POST',
			path: '/v1.0/workflow/processes/instanceIds/query',
			scope: READ,
			handle({ core, body }) {
				body = body || {};
				if (!core.workflowTemplates.has(String(body.processCode || '')))
					return bad('invalidParameter.processCode', 'processCode 不存在');
				if (!Number.isSafeInteger(body.startTime))
					return bad('invalidParameter.startTime', 'startTime 不能为空');
				const end = body.endTime === undefined ? Date.now() : body.endTime;
				if (!Number.isSafeInteger(end) || end < body.startTime)
					return bad('invalidParameter.endTime', 'endTime 非法');
				if (end - body.startTime > LIMITS.windowMs)
					return bad('invalidParameter.timeRange', '查询时间跨度不能超过120天');
				const max = body.maxResults === undefined ? LIMITS.listIds : body.maxResults;
				if (!Number.isInteger(max) || max < 1 || max > LIMITS.listIds)
					return bad('invalidParameter.maxResults', `maxResults 取值范围 1~${LIMITS.listIds}`);
				const start = pageStart(body.nextToken);
				if (start === undefined) return bad('invalidParameter.nextToken', 'nextToken 非法');
				const ids = [...core.workflow.instances.values()]
					.filter((i) => {
						const created = Date.parse(i.createTime);
						return (
							i.processCode === body.processCode &&
							created >= body.startTime &&
							created <= end &&
							(!body.userIds || body.userIds.includes(i.originatorUserId)) &&
							(!body.statuses || body.statuses.includes(i.status))
						);
					})
					.map((i) => i.id);
				const page = ids.slice(start, start + max);
				return ok({
					list: page,
					...(start + max < ids.length ? { nextToken: String(start + max) } : {}),
				});
			},
		},
		{
			host: 'api',
			method: 'POST',
			path: '/v1.0/workflow/processInstances/execute',
			scope: WRITE,
			handle({ core, body }) {
				body = body || {};
				const found = runningInstance(core, body.processInstanceId);
				if (found.error) return found.error;
				const instance = found.instance;
				if (!['agree', 'refuse'].includes(body.result))
					return bad('invalidParameter.result', 'result 只能是 agree 或 refuse');
				const open = runningTask(instance, body.taskId);
				if (open.error) return open.error;
				if (open.task.userId !== body.actionerUserId)
					return bad('invalidParameter.actionerUserId', '操作人不是该任务的审批人');
				const task = open.task;
				task.status = 'COMPLETED';
				task.result = body.result === 'agree' ? 'AGREE' : 'REFUSE';
				task.finishTime = new Date().toISOString();
				instance.operationRecords.push({
					userId: body.actionerUserId,
					date: task.finishTime,
					type: 'EXECUTE_TASK_NORMAL',
					result: task.result,
					remark: body.remark || '',
					showName: body.result === 'agree' ? '同意' : '拒绝',
				});
				raise(core, 'bpms_task_change', {
					...eventBase(instance),
					type: 'finish',
					result: body.result,
					remark: body.remark || '',
					staffId: body.actionerUserId,
					taskId: task.taskId,
					activityId: task.activityId,
					createTime: Date.parse(task.createTime),
					finishTime: Date.now(),
				});
				if (body.result === 'refuse') finish(core, instance, 'COMPLETED', 'refuse');
				else if (!instance.tasks.some((t) => t.status === 'RUNNING')) {
					instance.step++;
					if (instance.step >= instance.steps.length) finish(core, instance, 'COMPLETED', 'agree');
					else
						for (const userId of instance.steps[instance.step])
							openTask(core, instance, userId, `step-${instance.step}`);
				}
				return ok(true);
			},
		},
		{
			host: 'api',
			method: 'POST',
			path: '/v1.0/workflow/tasks/redirect',
			scope: WRITE,
			handle({ core, body }) {
				body = body || {};
				const instance = [...core.workflow.instances.values()].find((i) =>
					i.tasks.some((t) => String(t.taskId) === String(body.taskId)),
				);
				if (!instance) return bad('invalidParameter.taskId', '任务不存在');
				const open = runningTask(instance, body.taskId);
				if (open.error) return open.error;
				const unknown =
					knownUser(core, body.toUserId, 'toUserId') ||
					knownUser(core, body.operateUserId, 'operateUserId');
				if (unknown) return unknown;
				if (open.task.userId !== body.operateUserId)
					return bad('invalidParameter.operateUserId', '操作人不是该任务的审批人');
				open.task.status = 'COMPLETED';
				open.task.result = 'REDIRECTED';
				open.task.finishTime = new Date().toISOString();
				instance.operationRecords.push({
					userId: body.operateUserId,
					date: open.task.finishTime,
					type: 'REDIRECT_TASK',
					result: 'REDIRECTED',
					remark: body.remark || '',
					showName: body.actionName || '转交',
				});
				raise(core, 'bpms_task_change', {
					...eventBase(instance),
					type: 'finish',
					result: 'redirect',
					staffId: body.operateUserId,
					taskId: open.task.taskId,
					activityId: open.task.activityId,
					finishTime: Date.now(),
				});
				openTask(core, instance, body.toUserId, open.task.activityId);
				return new HttpReply(200, { result: true });
			},
		},
		{
			host: 'api',
			method: 'POST',
			path: '/v1.0/workflow/processInstances/comments',
			scope: WRITE,
			handle({ core, body }) {
				body = body || {};
				const found = runningInstance(core, body.processInstanceId);
				if (found.error) return found.error;
				const unknown = knownUser(core, body.commentUserId, 'commentUserId');
				if (unknown) return unknown;
				if (typeof body.text !== 'string' || !body.text.trim())
					return bad('invalidParameter.text', '评论内容不能为空');
				const file = body.file || {};
				found.instance.operationRecords.push({
					userId: body.commentUserId,
					date: new Date().toISOString(),
					type: 'ADD_REMARK',
					result: 'NONE',
					remark: body.text,
					images: file.photos || [],
					attachments: file.attachments || [],
					showName: '评论',
				});
				raise(core, 'bpms_task_change', {
					...eventBase(found.instance),
					type: 'comment',
					content: body.text,
					staffId: body.commentUserId,
					createTime: Date.now(),
				});
				return ok(true);
			},
		},
		{
			// 下载审批附件: a signed, temporary URL of an attachment of the instance.
			host: 'api',
			method: 'POST',
			path: '/v1.0/workflow/processInstances/spaces/files/urls/download',
			scope: READ,
			handle({ core, body }) {
				body = body || {};
				const found = runningInstance(core, body.processInstanceId);
				if (found.error) return found.error;
				const fileId = String(body.fileId || '');
				if (!fileId) return bad('invalidParameter.fileId', 'fileId 不能为空');
				const ref = attachmentsOf(found.instance, body.withCommentAttatchment === true).find(
					(a) => String(a.fileId) === fileId,
				);
				const space = ref && core.storage.spaces.get(String(ref.spaceId));
				const dentry = space && space.dentries.get(fileId);
				if (!dentry) return bad('invalidParameter.fileId', `附件不存在 (${fileId})`);
				const objectKey = `dingtalk/dentries/${space.spaceId}/${dentry.id}/v${dentry.version}`;
				const get = issueGet(core, objectKey, {
					kind: 'dentry',
					spaceId: space.spaceId,
					dentryId: dentry.id,
					version: dentry.version,
				});
				return ok({ downloadUri: get.url, fileId, spaceId: Number(space.spaceId) });
			},
		},
		{
			host: 'api',
			method: 'POST',
			path: '/v1.0/workflow/processInstances/terminate',
			scope: WRITE,
			handle({ core, body }) {
				body = body || {};
				const found = runningInstance(core, body.processInstanceId);
				if (found.error) return found.error;
				const instance = found.instance;
				if (instance.status !== 'RUNNING')
					return bad('instanceNotRunning', '审批实例已结束，不能撤销');
				if (!body.isSystem && body.operatingUserId !== instance.originatorUserId)
					return bad('invalidParameter.operatingUserId', '只有发起人可以撤销审批');
				instance.operationRecords.push({
					userId: body.operatingUserId || '',
					date: new Date().toISOString(),
					type: 'TERMINATE_PROCESS_INSTANCE',
					result: 'NONE',
					remark: body.remark || '',
					showName: '撤销',
				});
				finish(core, instance, 'TERMINATED', '');
				return ok(true);
			},
		},
	],
	adminRoutes: [
		{
			// A file a user attaches to an approval in the app: {fileName, base64} → the attachment
			// value DingTalk's form holds ({spaceId, fileId, fileName, fileSize, fileType}).
			method: 'POST',
			path: '/__emulator/workflow/files',
			handle({ core, body }) {
				const { addFile } = require('./storage');
				let space = core.storage.spaces.get(APPROVAL_SPACE);
				if (!space) {
					space = {
						spaceId: APPROVAL_SPACE,
						name: '审批',
						ownerType: 'ORG',
						members: new Set(),
						dentries: new Map(),
					};
					core.storage.spaces.set(APPROVAL_SPACE, space);
				}
				const bytes = Buffer.from(String(body.base64 || ''), 'base64');
				const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
				const file = addFile(core, space, {
					parentId: '0',
					name: String(body.fileName || 'file'),
					unionId: '',
					content: { size: bytes.length, sha256, bytes },
				});
				return new HttpReply(200, {
					spaceId: APPROVAL_SPACE,
					fileId: file.id,
					fileName: file.name,
					fileSize: String(file.size),
					fileType: (file.name.split('.').pop() || '').toLowerCase(),
				});
			},
		},
		{
			// { stream: true } pushes approval events to the Stream connection; { url } posts them,
			// encrypted and signed, to an HTTP trigger; {} stops delivering.
			method: 'POST',
			path: '/__emulator/workflow/delivery',
			handle({ core, body }) {
				core.workflow.delivery = body && (body.stream || body.url) ? body : null;
				return new HttpReply(200, { delivery: core.workflow.delivery });
			},
		},
	],
};
