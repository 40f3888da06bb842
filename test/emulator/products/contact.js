'use strict';
// Contacts on the old API (dingtalk-api.md §7): userId → user (with unionid), mobile → userId.
const { HttpReply, oldApiError, requestId } = require('../core');

const ok = (result) =>
	new HttpReply(200, {
		errcode: 0,
		errmsg: 'ok',
		result,
		request_id: requestId().replace(/-/g, '').slice(0, 13),
	});

module.exports = {
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
