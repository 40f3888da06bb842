'use strict';
// Contacts on the old API (dingtalk-api.md §7): userId → user (with unionid), mobile → userId.
const crypto = require('node:crypto');

const { HttpReply, oldApiError, requestId } = require('../core');

function defaultUsers(count = 2000) {
	const users = [];
	for (let n = 1; n <= count; n++) {
		const id = `user${String(n).padStart(4, '0')}`;
		users.push({
			userId: id,
			unionId: `union${crypto.createHash('sha1').update(id).digest('hex').slice(0, 20)}`,
			name: `Emulated User ${n}`,
			mobile: `1380000${String(n).padStart(4, '0')}`,
		});
	}
	users.push({
		userId: 'manager4220',
		unionId: 'unionmanager4220xxxx',
		name: '经理',
		mobile: '18500000000',
	});
	return users;
}

/** The user with this unionId, or undefined. */
function userByUnionId(core, unionId) {
	if (typeof unionId !== 'string' || !unionId) return undefined;
	for (const user of core.users.values()) if (user.unionId === unionId) return user;
	return undefined;
}

/** Members of a department (sub-departments included), or undefined if there is no such department. */
function departmentMembers(core, deptId) {
	if (!core.departments.has(deptId)) return undefined;
	if (deptId === 1) return [...core.users.keys()];
	return core.departments.get(deptId).filter((userId) => core.users.has(userId));
}

/** Users and departments are the org's directory: reset() keeps them. */
const state = {
	init(core, options) {
		core.users = new Map();
		for (const user of options.users || defaultUsers()) core.users.set(user.userId, user);
		// Department 1 is the root (every user, sub-departments included); 100 is a small one.
		core.departments = new Map([
			[1, []],
			[100, ['user0001', 'user0002', 'user0003', 'user0004', 'user0005']],
		]);
	},
	snapshot: (core) => ({
		departments: Object.fromEntries(
			[...core.departments.keys()].map((id) => [id, departmentMembers(core, id)]),
		),
	}),
};

const ok = (result) =>
	new HttpReply(200, {
		errcode: 0,
		errmsg: 'ok',
		result,
		request_id: requestId().replace(/-/g, '').slice(0, 13),
	});

module.exports = {
	defaultUsers,
	departmentMembers,
	state,
	userByUnionId,
	routes: [
		{
			host: 'oapi',
			method: 'POST',
			path: '/topapi/v2/user/get',
			scope: 'qyapi_get_member',
			handle({ core, body }) {
				if (!body || !body.userid) return oldApiError(40035, '缺少参数 userid');
				const user = core.users.get(String(body.userid));
				if (!user) return oldApiError(60121, '找不到该用户');
				return ok({
					userid: user.userId,
					unionid: user.unionId,
					name: user.name,
					dept_id_list: [1],
					active: true,
					admin: false,
					boss: false,
				});
			},
		},
		{
			host: 'oapi',
			method: 'POST',
			path: '/topapi/v2/user/getbymobile',
			scope: 'qyapi_get_member_by_mobile',
			handle({ core, body }) {
				if (!body || !body.mobile) return oldApiError(400002, '无效的参数');
				const user = [...core.users.values()].find((u) => u.mobile === String(body.mobile));
				if (!user) return oldApiError(60121, '找不到该用户');
				return ok({ userid: user.userId, exclusive_account_userid_list: [] });
			},
		},
	],
};
