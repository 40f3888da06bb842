'use strict';
// DingTalk to-dos (待办, todo_1_0, header token): create, get (by id or sourceId), update, the
// executors' done state, delete, and the org to-do list of a user, paged by nextToken.
// https://open.dingtalk.com/document/orgapp/add-dingtalk-to-do-task and its sibling pages.
// Every user in the path, query and body is a unionId. Limits the docs give as "oversize" without
// a number are the emulator's [INF] values (docs/dingtalk-api-notes.md → To-do).
const crypto = require('node:crypto');

const { HttpReply, newApiError, requestId } = require('../core');
const { userByUnionId } = require('./contact');

const WRITE = 'Todo.Todo.Write';
const READ = 'Todo.Todo.Read';
const LIMITS = { subject: 1024, description: 4096, executors: 1000, participants: 1000 };
/** The org to-do list's page size: DingTalk chooses it (no page size parameter) [INF]. */
const PAGE_SIZE = 20;
const PRIORITIES = new Set([10, 20, 30, 40]);

const state = {
	reset(core) {
		core.todos = new Map(); // id → task
	},
	snapshot: (core) => ({ todos: [...core.todos.values()] }),
};

const paramError = (action, message) => newApiError(400, `todo.${action}.paramError`, message);

/** A user of the path or query: a unionId of this org, or the answer DingTalk gives [INF]. */
function knownUser(core, unionId, what) {
	if (userByUnionId(core, unionId)) return undefined;
	return newApiError(400, 'invalidParameter.user.notExist', `${what} ${unionId} 用户不存在`);
}

/** Checks the fields create and update share; returns an error reply or undefined. */
function checkFields(core, action, body, creating) {
	if (creating || body.subject !== undefined) {
		if (typeof body.subject !== 'string' || !body.subject.trim())
			return paramError(action, 'subject is empty');
		if ([...body.subject].length > LIMITS.subject) return paramError(action, 'subject is oversize');
	}
	if (body.description !== undefined) {
		if (typeof body.description !== 'string') return paramError(action, 'description is invalid');
		if ([...body.description].length > LIMITS.description)
			return paramError(action, 'description is oversize');
	}
	if (body.dueTime !== undefined && !(Number.isSafeInteger(body.dueTime) && body.dueTime > 0))
		return paramError(action, 'dueTime is invalid');
	if (body.priority !== undefined && !PRIORITIES.has(body.priority))
		return paramError(action, 'priority is invalid');
	for (const [field, limit, name] of [
		['executorIds', LIMITS.executors, 'executors'],
		['participantIds', LIMITS.participants, 'participants'],
	]) {
		if (body[field] === undefined) continue;
		if (!Array.isArray(body[field]) || body[field].some((id) => typeof id !== 'string'))
			return paramError(action, `${name} is invalid`);
		if (body[field].length > limit) return paramError(action, `${name} is oversize`);
		const unknown = body[field].find((id) => !userByUnionId(core, id));
		if (unknown) return paramError(action, `${name} ${unknown} not exist`);
	}
	return undefined;
}

function taskView(task) {
	return {
		id: task.id,
		subject: task.subject,
		description: task.description,
		startTime: 0,
		dueTime: task.dueTime,
		finishTime: task.finishTime,
		done: task.done,
		executorIds: task.executorIds,
		participantIds: task.participantIds,
		detailUrl: task.detailUrl,
		source: task.bizTag,
		sourceId: task.sourceId,
		createdTime: task.createdTime,
		modifiedTime: task.modifiedTime,
		creatorId: task.creatorId,
		modifierId: task.modifierId,
		bizTag: task.bizTag,
		isOnlyShowExecutor: task.isOnlyShowExecutor,
		priority: task.priority,
		tenantType: 'org',
		requestId: requestId(),
	};
}

/** The task `taskId` of this app, or the answer for a missing one. */
function findTask(core, app, taskId, action) {
	const task = core.todos.get(taskId);
	if (!task || task.deleted) return { error: paramError(action, 'task not exist') };
	if (task.bizTag !== bizTagOf(app))
		return { error: paramError(action, 'task not belong to bizTag') };
	return { task };
}

const bizTagOf = (app) => `todo_open_${app.appKey}`;

/** The operatorId a write takes in its query: a unionId of this org when given. */
function checkOperator(core, query) {
	const operatorId = query.get('operatorId');
	if (operatorId === null) return undefined;
	return knownUser(core, operatorId, 'operatorId');
}

function roleMatch(task, unionId, roles) {
	const has = {
		executor: task.executorIds.includes(unionId),
		creator: task.creatorId === unionId,
		participant: task.participantIds.includes(unionId),
	};
	return roles.some((all) => all.every((role) => has[role]));
}

module.exports = {
	state,
	LIMITS,
	PAGE_SIZE,
	routes: [
		{
			host: 'api',
			method: 'POST',
			path: '/v1.0/todo/users/:unionId/tasks',
			scope: WRITE,
			handle({ core, app, params, query, body }) {
				const user = knownUser(core, params.unionId, 'unionId');
				if (user) return user;
				const operator = checkOperator(core, query);
				if (operator) return operator;
				body = body || {};
				const invalid = checkFields(core, 'taskCreate', body, true);
				if (invalid) return invalid;
				const bizTag = bizTagOf(app);
				if (body.sourceId !== undefined && body.sourceId !== '') {
					const clash = [...core.todos.values()].find(
						(t) => !t.deleted && t.bizTag === bizTag && t.sourceId === String(body.sourceId),
					);
					if (clash) return paramError('taskCreate', 'task exist');
				}
				const now = Date.now();
				const creatorId = body.creatorId || query.get('operatorId') || params.unionId;
				const executorIds = body.executorIds || [];
				const participants = body.participantIds || [];
				const task = {
					id: `task${crypto.randomBytes(12).toString('hex')}`,
					subject: body.subject,
					description: body.description || '',
					dueTime: body.dueTime || 0,
					finishTime: 0,
					done: false,
					executorIds,
					// DingTalk lists the creator and the executors among the participants.
					participantIds: [...new Set([creatorId, ...executorIds, ...participants])],
					detailUrl: body.detailUrl || {},
					sourceId: body.sourceId === undefined ? '' : String(body.sourceId),
					bizTag,
					createdTime: now,
					modifiedTime: now,
					creatorId,
					modifierId: creatorId,
					isOnlyShowExecutor: Boolean(body.isOnlyShowExecutor),
					priority: body.priority || 20,
					notifyConfigs: body.notifyConfigs || {},
					executorDone: {},
				};
				core.todos.set(task.id, task);
				return new HttpReply(200, taskView(task));
			},
		},
		{
			host: 'api',
			method: 'GET',
			path: '/v1.0/todo/users/:unionId/tasks/sources/:sourceId',
			scope: READ,
			handle({ core, app, params }) {
				const user = knownUser(core, params.unionId, 'unionId');
				if (user) return user;
				const task = [...core.todos.values()].find(
					(t) => !t.deleted && t.bizTag === bizTagOf(app) && t.sourceId === params.sourceId,
				);
				if (!task) return paramError('taskQuery', 'task not exist');
				return new HttpReply(200, taskView(task));
			},
		},
		{
			host: 'api',
			method: 'GET',
			path: '/v1.0/todo/users/:unionId/tasks/:taskId',
			scope: READ,
			handle({ core, app, params }) {
				const user = knownUser(core, params.unionId, 'unionId');
				if (user) return user;
				const found = findTask(core, app, params.taskId, 'taskQuery');
				if (found.error) return found.error;
				return new HttpReply(200, taskView(found.task));
			},
		},
		{
			host: 'api',
			method: 'PUT',
			path: '/v1.0/todo/users/:unionId/tasks/:taskId',
			scope: WRITE,
			handle({ core, app, params, query, body }) {
				const user = knownUser(core, params.unionId, 'unionId') || checkOperator(core, query);
				if (user) return user;
				const found = findTask(core, app, params.taskId, 'taskUpdate');
				if (found.error) return found.error;
				body = body || {};
				const invalid = checkFields(core, 'taskUpdate', body, false);
				if (invalid) return invalid;
				if (body.done !== undefined && typeof body.done !== 'boolean')
					return paramError('taskUpdate', 'done is invalid');
				const task = found.task;
				for (const field of ['subject', 'description', 'dueTime', 'executorIds', 'participantIds'])
					if (body[field] !== undefined) task[field] = body[field];
				if (body.done !== undefined) {
					task.done = body.done;
					task.finishTime = body.done ? Date.now() : 0;
				}
				task.modifiedTime = Date.now();
				task.modifierId = query.get('operatorId') || params.unionId;
				return new HttpReply(200, { result: true, requestId: requestId() });
			},
		},
		{
			host: 'api',
			method: 'PUT',
			path: '/v1.0/todo/users/:unionId/tasks/:taskId/executorStatus',
			scope: WRITE,
			handle({ core, app, params, query, body }) {
				const user = knownUser(core, params.unionId, 'unionId') || checkOperator(core, query);
				if (user) return user;
				const found = findTask(core, app, params.taskId, 'taskUpdate');
				if (found.error) return found.error;
				const list = body && body.executorStatusList;
				if (!Array.isArray(list) || !list.length)
					return paramError('taskUpdate', 'executorStatusList is empty');
				for (const entry of list) {
					if (!entry || !found.task.executorIds.includes(entry.id))
						return paramError('taskUpdate', `executor ${entry && entry.id} not in task`);
					if (typeof entry.isDone !== 'boolean')
						return paramError('taskUpdate', 'isDone is invalid');
				}
				for (const entry of list) found.task.executorDone[entry.id] = entry.isDone;
				found.task.modifiedTime = Date.now();
				return new HttpReply(200, { result: true, requestId: requestId() });
			},
		},
		{
			host: 'api',
			method: 'DELETE',
			path: '/v1.0/todo/users/:unionId/tasks/:taskId',
			scope: WRITE,
			handle({ core, app, params, query }) {
				const user = knownUser(core, params.unionId, 'unionId') || checkOperator(core, query);
				if (user) return user;
				const found = findTask(core, app, params.taskId, 'taskDelete');
				if (found.error) return found.error;
				found.task.deleted = true;
				return new HttpReply(200, { result: true, requestId: requestId() });
			},
		},
		{
			// 查询企业下用户待办列表: the user's to-dos in this org, PAGE_SIZE at a time.
			host: 'api',
			method: 'POST',
			path: '/v1.0/todo/users/:unionId/org/tasks/query',
			scope: READ,
			handle({ core, params, body }) {
				const user = knownUser(core, params.unionId, 'unionId');
				if (user) return user;
				body = body || {};
				const roles = body.roleTypes || [['executor'], ['creator'], ['participant']];
				if (
					!Array.isArray(roles) ||
					roles.some(
						(all) =>
							!Array.isArray(all) ||
							all.some((r) => !['executor', 'creator', 'participant'].includes(r)),
					)
				)
					return paramError('taskQuery', 'roleTypes is invalid');
				const start = body.nextToken === undefined ? 0 : Number(body.nextToken);
				if (!Number.isSafeInteger(start) || start < 0)
					return paramError('taskQuery', 'nextToken is invalid');
				const all = [...core.todos.values()].filter(
					(t) =>
						!t.deleted &&
						(body.isDone === undefined || t.done === body.isDone) &&
						roleMatch(t, params.unionId, roles),
				);
				const page = all.slice(start, start + PAGE_SIZE);
				const next = start + PAGE_SIZE < all.length ? String(start + PAGE_SIZE) : undefined;
				return new HttpReply(200, {
					todoCards: page.map((t) => ({
						taskId: t.id,
						subject: t.subject,
						dueTime: t.dueTime,
						detailUrl: t.detailUrl,
						priority: t.priority,
						createdTime: t.createdTime,
						modifiedTime: t.modifiedTime,
						creatorId: t.creatorId,
						sourceId: t.sourceId,
						bizTag: t.bizTag,
						isDone: t.done,
						todoType: 'TODO',
					})),
					...(next ? { nextToken: next } : {}),
				});
			},
		},
	],
};
