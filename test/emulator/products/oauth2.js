'use strict';
// Access tokens: new API POST /v1.0/oauth2/accessToken and old API GET /gettoken (dingtalk-api.md §2).
const { HttpReply, newApiError, oldApiError } = require('../core');

function findApp(core, appKey, appSecret) {
	const app = appKey && core.apps.get(String(appKey));
	return app && app.appSecret === appSecret ? app : undefined;
}

module.exports = {
	routes: [
		{
			host: 'api',
			method: 'POST',
			path: '/v1.0/oauth2/accessToken',
			auth: false,
			handle({ core, req, body }) {
				if (!String(req.headers['content-type'] || '').includes('application/json') || !body) {
					return newApiError(400, 'MissingBody', 'body is mandatory');
				}
				const app = findApp(core, body.appKey, body.appSecret);
				if (!app) {
					core.tokenRequests++;
					return newApiError(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
				}
				const { token, expireIn } = core.issueToken(app);
				return new HttpReply(200, { accessToken: token, expireIn });
			},
		},
		{
			host: 'oapi',
			method: 'GET',
			path: '/gettoken',
			auth: false,
			handle({ core, query }) {
				if (!query.get('appkey')) return oldApiError(40035, '缺少参数 corpid or appkey');
				const app = findApp(core, query.get('appkey'), query.get('appsecret'));
				if (!app) {
					core.tokenRequests++;
					return oldApiError(40096, '不合法的appKey或appSecret');
				}
				const { token, expireIn } = core.issueToken(app);
				return new HttpReply(200, {
					errcode: 0,
					errmsg: 'ok',
					access_token: token,
					expires_in: expireIn,
				});
			},
		},
	],
};
