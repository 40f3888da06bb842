'use strict';
// The emulator's own state and fault API (/__emulator/…), for tests, benchmarks and the demo.
const { HttpReply } = require('../core');
const { addCustomRobot } = require('./customRobot');
const { addGroup } = require('./im');

const ok = (body = { ok: true }) => new HttpReply(200, body);
const bad = (message) => new HttpReply(400, { message });

/** Who may read what was sent under `key`: 1:1 recipients, group members, work-notice recipients. */
function recipientsOf(core, body) {
	if (body.taskId !== undefined && body.taskId !== null) {
		const task = core.workTasks.get(String(body.taskId));
		return task && { key: task.taskId, userIds: task.userIds };
	}
	const sent = body.processQueryKey && core.sent.get(body.processQueryKey);
	if (!sent) return undefined;
	if (sent.channel === 'group') return { key: body.processQueryKey, userIds: sent.memberUserIds };
	const delivered = core.messages
		.filter((m) => m.processQueryKey === body.processQueryKey)
		.map((m) => m.userId);
	return { key: body.processQueryKey, userIds: delivered };
}

module.exports = {
	routes: [
		{
			method: 'GET',
			path: '/__emulator/state',
			handle: ({ core }) => ok(core.snapshot()),
		},
		{
			method: 'GET',
			path: '/__emulator/info',
			handle: ({ core, emulator }) =>
				ok({
					apiBaseUrl: emulator.apiBaseUrl,
					oapiBaseUrl: emulator.oapiBaseUrl,
					ossBaseUrl: emulator.ossBaseUrl,
					apps: [...core.apps.values()].map(({ appKey, agentId, corpId, robotCode }) => ({
						appKey,
						agentId,
						corpId,
						robotCode,
					})),
					users: core.users.size,
				}),
		},
		{
			method: 'POST',
			path: '/__emulator/reset',
			// {tokens: true} also forgets issued tokens; {storage: true} also rebuilds the storage
			// directory (default spaces, no files).
			handle: ({ core, body }) => {
				core.reset({ tokens: Boolean(body.tokens), storage: Boolean(body.storage) });
				return ok();
			},
		},
		{
			method: 'POST',
			path: '/__emulator/faults',
			handle: ({ core, body }) => {
				if (body.clear) core.clearFaults();
				core.addFaults(body);
				return ok();
			},
		},
		{
			// Every access token issued since the emulator started (reset() keeps them; revoked and
			// expired ones included), so tests can check that none of them leaked anywhere.
			method: 'GET',
			path: '/__emulator/tokens',
			handle: ({ core }) =>
				ok({ tokens: [...core.tokens.entries()].map(([token, info]) => ({ token, ...info })) }),
		},
		{
			method: 'POST',
			path: '/__emulator/tokens/revoke',
			handle: ({ core }) => {
				core.revokeTokens();
				return ok();
			},
		},
		{
			method: 'POST',
			path: '/__emulator/tokens/ttl',
			handle: ({ core, body }) => {
				core.tokenTtlSeconds = Number(body.seconds) || 7200;
				return ok();
			},
		},
		{
			method: 'POST',
			path: '/__emulator/permissions',
			handle: ({ core, body }) => {
				const app = core.apps.get(body.appKey) || core.apps.values().next().value;
				for (const scope of body.revoke || []) app.permissions.delete(scope);
				for (const scope of body.grant || []) app.permissions.add(scope);
				return ok({ permissions: [...app.permissions] });
			},
		},
		{
			method: 'POST',
			path: '/__emulator/directory',
			handle: ({ core, body }) => {
				for (const user of body.users || []) core.users.set(user.userId, user);
				for (const userId of body.remove || []) core.users.delete(userId);
				return ok({ users: core.users.size });
			},
		},
		{
			// Marks users as having read a message: {processQueryKey, userIds} for robot 1:1 and
			// group sends, {taskId, userIds} for work notifications. Only recipients can read.
			method: 'POST',
			path: '/__emulator/read',
			handle: ({ core, body }) => {
				const target = recipientsOf(core, body);
				if (!target) return new HttpReply(404, { message: 'unknown processQueryKey / taskId' });
				const userIds = body.userIds || [];
				if (!Array.isArray(userIds)) return bad('userIds must be an array');
				const strangers = userIds.filter((userId) => !target.userIds.includes(userId));
				if (strangers.length) return bad(`not recipients of this message: ${strangers.join(', ')}`);
				return ok({ readUserIds: [...core.markRead(target.key, userIds)] });
			},
		},
		{
			// Adds or replaces group chats ({groups: [{openConversationId, chatId, title,
			// memberUserIds, robotCodes: [...], coolAppCode?}]}); {remove: [openConversationId]}.
			method: 'POST',
			path: '/__emulator/groups',
			handle: ({ core, body }) => {
				const groups = body.groups || [];
				if (!Array.isArray(groups) || groups.some((g) => !g || !g.openConversationId)) {
					return bad('groups must be an array of objects with openConversationId');
				}
				for (const group of groups) addGroup(core, group);
				for (const id of body.remove || []) core.groups.delete(id);
				return ok({ groups: core.groups.size });
			},
		},
		{
			// Adds or replaces departments: {departments: {"200": ["user0007", …]}}. Department 1
			// is the root and always holds every user.
			method: 'POST',
			path: '/__emulator/departments',
			handle: ({ core, body }) => {
				for (const [id, members] of Object.entries(body.departments || {})) {
					if (!/^\d+$/.test(id) || Number(id) === 1 || !Array.isArray(members))
						return bad(`bad department ${id}`);
					core.departments.set(Number(id), members.map(String));
				}
				return ok({ departments: [...core.departments.keys()] });
			},
		},
		{
			// Adds or replaces custom group robots (webhooks): {robots: [{accessToken, name?, secret?,
			// keyword?, openConversationId?}]}; {remove: [accessToken]}. reset() keeps them.
			method: 'POST',
			path: '/__emulator/customRobots',
			handle: ({ core, body }) => {
				const robots = body.robots || [];
				if (
					!Array.isArray(robots) ||
					robots.some((r) => !r || typeof r.accessToken !== 'string' || !r.accessToken)
				) {
					return bad('robots must be an array of objects with a non-empty accessToken');
				}
				for (const field of ['name', 'secret', 'keyword', 'openConversationId']) {
					if (
						robots.some(
							(r) => r[field] !== undefined && r[field] !== null && typeof r[field] !== 'string',
						)
					)
						return bad(`${field} must be a string`);
				}
				for (const robot of robots) addCustomRobot(core, robot);
				for (const accessToken of body.remove || []) core.customRobots.delete(accessToken);
				return ok({ customRobots: core.customRobots.size });
			},
		},
		{
			// Limits that tests need small: {workNoticeDailyCap, customRobotWindowMs,
			// customRobotPerWindow}. reset() restores the defaults. {nextTaskId} (a decimal string)
			// sets the next work notification task id, e.g. one above 2^53; reset() keeps it.
			method: 'POST',
			path: '/__emulator/limits',
			handle: ({ core, body }) => {
				if (body.workNoticeDailyCap !== undefined) {
					if (!Number.isInteger(body.workNoticeDailyCap) || body.workNoticeDailyCap < 0)
						return bad('workNoticeDailyCap must be an integer ≥ 0');
				}
				if (body.customRobotWindowMs !== undefined) {
					if (!Number.isInteger(body.customRobotWindowMs) || body.customRobotWindowMs < 1)
						return bad('customRobotWindowMs must be an integer ≥ 1');
				}
				if (body.customRobotPerWindow !== undefined) {
					if (!Number.isInteger(body.customRobotPerWindow) || body.customRobotPerWindow < 0)
						return bad('customRobotPerWindow must be an integer ≥ 0');
				}
				if (body.nextTaskId !== undefined) {
					if (typeof body.nextTaskId !== 'string' || !/^[1-9]\d{0,18}$/.test(body.nextTaskId))
						return bad('nextTaskId must be a decimal string');
					core.nextTaskId = BigInt(body.nextTaskId);
				}
				if (body.workNoticeDailyCap !== undefined)
					core.workNoticeDailyCap = body.workNoticeDailyCap;
				if (body.customRobotWindowMs !== undefined)
					core.customRobotWindowMs = body.customRobotWindowMs;
				if (body.customRobotPerWindow !== undefined)
					core.customRobotPerWindow = body.customRobotPerWindow;
				// The custom robot limits are echoed only when set, so the reply's shape stays as it was.
				const customRobot =
					body.customRobotWindowMs !== undefined || body.customRobotPerWindow !== undefined
						? {
								customRobotWindowMs: core.customRobotWindowMs,
								customRobotPerWindow: core.customRobotPerWindow,
							}
						: {};
				return ok({ workNoticeDailyCap: core.workNoticeDailyCap, ...customRobot });
			},
		},
	],
};
