'use strict';
// Contacts (dingtalk-api.md §7): on the old API userId → user (with unionid), mobile → userId,
// a department's members page by page, its sub-departments; on the new API the name search.
const crypto = require('node:crypto');

const { HttpReply, newApiError, oldApiError, requestId } = require('../core');

/** topapi/v2/user/list `size` maximum (https://open.dingtalk.com/document/orgapp/queries-the-complete-information-of-a-department-user). */
const USER_LIST_MAX = 100;
/** contact/users/search `size` maximum [3P: "分页大小，最大50"; DingTalk's page does not state it]. */
const USER_SEARCH_MAX = 50;

/**
 * The default department tree: 1 is the root; 100 Sales (user0001-0005, with a department group),
 * 200 Engineering
 * (user0006-0010) with its sub-department 201 Platform (user0011-0015). Other users are direct
 * members of the root.
 */
function defaultDepartments() {
	const range = (from, to) => {
		const ids = [];
		for (let n = from; n <= to; n++) ids.push(`user${String(n).padStart(4, '0')}`);
		return ids;
	};
	return [
		{ deptId: 1, name: 'Emulated Org', parentId: 0, members: [] },
		// Sales has a department group (部门群): the default group chat chatemu0001.
		{ deptId: 100, name: 'Sales', parentId: 1, members: range(1, 5), groupChatId: 'chatemu0001' },
		{ deptId: 200, name: 'Engineering', parentId: 1, members: range(6, 10) },
		{ deptId: 201, name: 'Platform', parentId: 200, members: range(11, 15) },
	];
}

/** Adds or replaces a department ({deptId, name?, parentId?, members?}). */
function addDepartment(core, spec) {
	const deptId = Number(spec.deptId);
	const known = core.departmentInfo.get(deptId);
	const groupChatId =
		spec.groupChatId === undefined ? known && known.groupChatId : spec.groupChatId;
	core.departmentInfo.set(deptId, {
		deptId,
		name: String(spec.name || (known && known.name) || `Department ${deptId}`),
		parentId: deptId === 1 ? 0 : Number(spec.parentId || (known && known.parentId) || 1),
		// The chatId of the department's group, when it was created with one (create_dept_group).
		...(groupChatId ? { groupChatId: String(groupChatId) } : {}),
	});
	if (deptId !== 1) core.departments.set(deptId, [...(spec.members || [])].map(String));
}

/** Direct sub-departments of a department, in id order. */
function subDepartments(core, deptId) {
	return [...core.departmentInfo.values()]
		.filter((dept) => dept.parentId === deptId && dept.deptId !== deptId)
		.sort((a, b) => a.deptId - b.deptId);
}

/** Direct members of a department: the root holds the users no other department lists. */
function directMembers(core, deptId) {
	if (deptId !== 1) return (core.departments.get(deptId) || []).filter((id) => core.users.has(id));
	const listed = new Set();
	for (const [id, members] of core.departments)
		if (id !== 1) for (const m of members) listed.add(m);
	return [...core.users.keys()].filter((id) => !listed.has(id));
}

/** The departments a user is a direct member of. */
function departmentsOf(core, userId) {
	const ids = [];
	for (const [id, members] of core.departments)
		if (id !== 1 && members.includes(userId)) ids.push(id);
	return ids.length ? ids : [1];
}

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
	const members = new Set(core.departments.get(deptId).filter((userId) => core.users.has(userId)));
	for (const sub of subDepartments(core, deptId))
		for (const userId of departmentMembers(core, sub.deptId) || []) members.add(userId);
	return [...members];
}

/** The user record topapi/v2/user/list and user/get share. */
function userView(core, user, deptIds) {
	return {
		userid: user.userId,
		unionid: user.unionId,
		name: user.name,
		...(user.mobile ? { mobile: user.mobile } : {}),
		...(user.title ? { title: user.title } : {}),
		dept_id_list: deptIds,
		active: true,
		admin: false,
		boss: false,
		leader: false,
	};
}

/** A non-negative integer as DingTalk's JSON carries it (number or numeric string), else undefined. */
function wholeNumber(value) {
	if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
	if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
	return undefined;
}

/** Users and departments are the org's directory: reset() keeps them. */
const state = {
	init(core, options) {
		core.users = new Map();
		for (const user of options.users || defaultUsers()) core.users.set(user.userId, user);
		// Department 1 is the root (every user, sub-departments included); see defaultDepartments.
		core.departments = new Map([[1, []]]);
		core.departmentInfo = new Map();
		for (const dept of options.departments || defaultDepartments()) addDepartment(core, dept);
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
	USER_LIST_MAX,
	USER_SEARCH_MAX,
	addDepartment,
	defaultDepartments,
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
		{
			// 获取部门用户详情 (https://open.dingtalk.com/document/orgapp/queries-the-complete-information-of-a-department-user):
			// direct members only, `cursor` + `size` (≤ 100) required; next_cursor only while has_more.
			host: 'oapi',
			method: 'POST',
			path: '/topapi/v2/user/list',
			scope: 'qyapi_get_department_member',
			handle({ core, body }) {
				const given = body || {};
				const deptId = wholeNumber(given.dept_id);
				const cursor = wholeNumber(given.cursor);
				const size = wholeNumber(given.size);
				if (deptId === undefined || cursor === undefined || size === undefined)
					return oldApiError(400002, '无效的参数 (dept_id, cursor and size are required)');
				// [INF] DingTalk's code for a size over 100 is not documented; its general "invalid parameter".
				if (size < 1 || size > USER_LIST_MAX)
					return oldApiError(400002, `无效的参数 size (1-${USER_LIST_MAX})`);
				if (!core.departmentInfo.has(deptId)) return oldApiError(60003, '部门不存在');
				const members = directMembers(core, deptId);
				const page = members.slice(cursor, cursor + size);
				const hasMore = cursor + size < members.length;
				return ok({
					has_more: hasMore,
					...(hasMore ? { next_cursor: cursor + size } : {}),
					list: page.map((userId) =>
						userView(core, core.users.get(userId), departmentsOf(core, userId)),
					),
				});
			},
		},
		{
			// 获取部门列表 (https://open.dingtalk.com/document/orgapp/user-management-acquires-the-list-departments): the next
			// level only, all at once (no paging); dept_id defaults to the root.
			host: 'oapi',
			method: 'POST',
			path: '/topapi/v2/department/listsub',
			scope: 'qyapi_get_department_list',
			handle({ core, body }) {
				const given = body || {};
				const deptId =
					given.dept_id === undefined || given.dept_id === null ? 1 : wholeNumber(given.dept_id);
				if (deptId === undefined) return oldApiError(400002, '无效的参数 dept_id');
				if (!core.departmentInfo.has(deptId)) return oldApiError(60003, '部门不存在');
				return ok(
					subDepartments(core, deptId).map((dept) => ({
						dept_id: dept.deptId,
						name: dept.name,
						parent_id: dept.parentId,
						create_dept_group: Boolean(dept.groupChatId),
						auto_add_user: Boolean(dept.groupChatId),
					})),
				);
			},
		},
		{
			// 获取部门详情 (https://open.dingtalk.com/document/orgapp/query-department-details0-v2).
			host: 'oapi',
			method: 'POST',
			path: '/topapi/v2/department/get',
			scope: 'qyapi_get_department_list',
			handle({ core, body }) {
				const deptId = wholeNumber((body || {}).dept_id);
				if (deptId === undefined) return oldApiError(400002, '无效的参数 dept_id');
				const dept = core.departmentInfo.get(deptId);
				if (!dept) return oldApiError(60003, '部门不存在');
				return ok({
					dept_id: dept.deptId,
					name: dept.name,
					parent_id: dept.parentId,
					create_dept_group: Boolean(dept.groupChatId),
					...(dept.groupChatId ? { dept_group_chat_id: dept.groupChatId } : {}),
				});
			},
		},
		{
			// 搜索用户userId (contact_1_0 SearchUser, https://open.dingtalk.com/document/orgapp/address-book-search-user-id):
			// userIds only, by name; queryWord, offset and size required (SDK). [INF] offset counts
			// users, not pages; the match is a case-insensitive "name contains" (DingTalk also matches
			// pinyin and English names), exact with fullMatchField 1.
			host: 'api',
			method: 'POST',
			path: '/v1.0/contact/users/search',
			scope: 'qyapi_addresslist_search',
			handle({ core, body }) {
				const given = body || {};
				for (const field of ['queryWord', 'offset', 'size']) {
					if (given[field] === undefined || given[field] === null || given[field] === '')
						return newApiError(400, `Missing${field}`, `${field} is mandatory for this action.`);
				}
				const offset = wholeNumber(given.offset);
				const size = wholeNumber(given.size);
				if (offset === undefined || size === undefined || size < 1 || size > USER_SEARCH_MAX) {
					return newApiError(
						400,
						'invalidParameter.size',
						`offset must be ≥ 0 and size 1-${USER_SEARCH_MAX}`,
					);
				}
				const word = String(given.queryWord).trim().toLowerCase();
				const exact = Number(given.fullMatchField) === 1;
				const matches = [];
				for (const user of core.users.values()) {
					const name = String(user.name || '').toLowerCase();
					if (exact ? name === word : name.includes(word)) matches.push(user.userId);
				}
				return new HttpReply(200, {
					hasMore: offset + size < matches.length,
					list: matches.slice(offset, offset + size),
					totalCount: matches.length,
				});
			},
		},
		{
			// 搜索部门ID (contact_1_0 SearchDepartment, https://open.dingtalk.com/document/orgapp/address-book-search-department-id):
			// department ids only; queryWord, offset and size required; [INF] the same limits as the user search.
			host: 'api',
			method: 'POST',
			path: '/v1.0/contact/departments/search',
			scope: 'qyapi_addresslist_search',
			handle({ core, body }) {
				const given = body || {};
				for (const field of ['queryWord', 'offset', 'size']) {
					if (given[field] === undefined || given[field] === null || given[field] === '')
						return newApiError(400, `Missing${field}`, `${field} is mandatory for this action.`);
				}
				const offset = wholeNumber(given.offset);
				const size = wholeNumber(given.size);
				if (offset === undefined || size === undefined || size < 1 || size > USER_SEARCH_MAX) {
					return newApiError(
						400,
						'invalidParameter.size',
						`offset must be ≥ 0 and size 1-${USER_SEARCH_MAX}`,
					);
				}
				const word = String(given.queryWord).trim().toLowerCase();
				const matches = [...core.departmentInfo.values()]
					.filter((dept) => dept.deptId !== 1 && dept.name.toLowerCase().includes(word))
					.map((dept) => dept.deptId);
				return new HttpReply(200, {
					hasMore: offset + size < matches.length,
					list: matches.slice(offset, offset + size),
					totalCount: matches.length,
				});
			},
		},
	],
	adminRoutes: [
		{
			// Grows the directory to `users` users (user0001 …, as defaultUsers names them) and adds or
			// replaces departments: {users?: 10000, departments?: [{deptId, name, parentId, members}]}.
			method: 'POST',
			path: '/__emulator/contact/directory',
			handle({ core, body }) {
				const count = body.users === undefined ? 0 : Number(body.users);
				if (!Number.isInteger(count) || count < 0 || count > 100000)
					return new HttpReply(400, { message: 'users must be an integer 0-100000' });
				for (const user of defaultUsers(count).slice(0, count))
					if (!core.users.has(user.userId)) core.users.set(user.userId, user);
				const departments = body.departments || [];
				if (
					!Array.isArray(departments) ||
					departments.some((d) => !d || wholeNumber(d.deptId) === undefined)
				)
					return new HttpReply(400, {
						message: 'departments must be [{deptId, name, parentId, members}]',
					});
				for (const dept of departments) addDepartment(core, dept);
				return ok({ users: core.users.size, departments: core.departmentInfo.size });
			},
		},
	],
};
