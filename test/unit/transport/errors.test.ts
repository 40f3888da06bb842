import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type {
	DingTalkErrorContext,
	DingTalkErrorDetail,
	Outcome,
} from '../../../nodes/DingTalk/transport/errors';
import { classifyResponse, dingTalkApiError } from '../../../nodes/DingTalk/transport/errors';

const node: INode = {
	id: '1',
	name: 'DingTalk',
	type: 'n8n-nodes-dingtalk-app.dingTalk',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function detailOf(outcome: Outcome): DingTalkErrorDetail {
	if (outcome.kind === 'ok') throw new Error('expected an outcome with detail, got ok');
	return outcome.detail;
}

describe('classifyResponse — new API (api.dingtalk.com)', () => {
	it('treats 200 as ok', () => {
		expect(classifyResponse('new', 200, { result: { processQueryKey: 'k' } })).toEqual({
			kind: 'ok',
		});
	});

	it('treats other 2xx codes as ok', () => {
		expect(classifyResponse('new', 204, undefined)).toEqual({ kind: 'ok' });
	});

	it('treats 400 InvalidAuthentication as an invalid token', () => {
		const outcome = classifyResponse('new', 400, {
			code: 'InvalidAuthentication',
			message: '不合法的access_token',
			requestid: 'REQ-1',
		});
		expect(outcome).toEqual({
			kind: 'tokenInvalid',
			detail: {
				httpCode: 400,
				code: 'InvalidAuthentication',
				message: '不合法的access_token',
				requestId: 'REQ-1',
			},
		});
	});

	it('treats 401 as an invalid token, whatever the body', () => {
		expect(classifyResponse('new', 401, {}).kind).toBe('tokenInvalid');
		expect(classifyResponse('new', 401, 'Unauthorized').kind).toBe('tokenInvalid');
	});

	it.each([
		'Forbidden.AccessDenied.QpsLimitForApi',
		'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
		'Forbidden.AccessDenied.QpmLimitForAppkeyAndApi',
	])('treats 403 %s as throttled', (code) => {
		const outcome = classifyResponse('new', 403, { code, message: '请求频率超限', requestid: 'R' });
		expect(outcome.kind).toBe('throttled');
		expect(detailOf(outcome).code).toBe(code);
	});

	it('treats 429 as throttled, whatever the body', () => {
		const outcome = classifyResponse('new', 429, {});
		expect(outcome.kind).toBe('throttled');
		expect(detailOf(outcome)).toMatchObject({
			httpCode: 429,
			code: 'HTTP 429',
			message: 'no message',
		});
	});

	it.each([500, 502, 503, 504])('treats %i as transient', (status) => {
		const outcome = classifyResponse('new', status, {
			code: 'ServiceUnavailable',
			message: 'busy',
		});
		expect(outcome.kind).toBe('transient');
		expect(detailOf(outcome).httpCode).toBe(status);
	});

	it('treats 400 invalidParameter.* as a plain failure', () => {
		const outcome = classifyResponse('new', 400, {
			code: 'invalidParameter.robotCode.notExsit',
			message: 'robot 不存在',
			requestid: 'R2',
		});
		expect(outcome).toEqual({
			kind: 'failed',
			detail: {
				httpCode: 400,
				code: 'invalidParameter.robotCode.notExsit',
				message: 'robot 不存在',
				requestId: 'R2',
			},
		});
	});

	it('treats the monthly quota (ApiCountLimitForOrg) as a failure, not throttling', () => {
		const outcome = classifyResponse('new', 403, {
			code: 'Forbidden.AccessDenied.ApiCountLimitForOrg',
			message: '企业调用次数超限',
		});
		expect(outcome.kind).toBe('failed');
		expect(detailOf(outcome).code).toBe('Forbidden.AccessDenied.ApiCountLimitForOrg');
	});

	it('treats a permission error as a plain failure', () => {
		const outcome = classifyResponse('new', 403, {
			code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
			message: 'no',
		});
		expect(outcome.kind).toBe('failed');
	});

	it('reads the request id from requestid, and also accepts requestId', () => {
		expect(
			detailOf(classifyResponse('new', 400, { code: 'x', requestid: 'lower' })).requestId,
		).toBe('lower');
		expect(
			detailOf(classifyResponse('new', 400, { code: 'x', requestId: 'camel' })).requestId,
		).toBe('camel');
		expect(detailOf(classifyResponse('new', 400, { code: 'x' })).requestId).toBeUndefined();
	});

	it('falls back to "HTTP <status>" and "no message" for a body without code and message', () => {
		expect(detailOf(classifyResponse('new', 400, 'Bad Request'))).toEqual({
			httpCode: 400,
			code: 'HTTP 400',
			message: 'no message',
			requestId: undefined,
		});
	});

	it('does not read a Buffer body as DingTalk fields', () => {
		const outcome = classifyResponse('new', 400, Buffer.from('{"code":"InvalidAuthentication"}'));
		expect(outcome.kind).toBe('failed');
		expect(detailOf(outcome).code).toBe('HTTP 400');
	});
});

describe('classifyResponse — old API (oapi.dingtalk.com)', () => {
	it('treats 200 with errcode 0 as ok', () => {
		expect(classifyResponse('old', 200, { errcode: 0, errmsg: 'ok', result: {} })).toEqual({
			kind: 'ok',
		});
	});

	it('treats 200 with errcode "0" as ok', () => {
		expect(classifyResponse('old', 200, { errcode: '0' })).toEqual({ kind: 'ok' });
	});

	it('treats 200 without errcode as ok', () => {
		expect(classifyResponse('old', 200, { media_id: '@lA' })).toEqual({ kind: 'ok' });
	});

	it('treats errcode 88 with sub_code 40014 as an invalid token, with code 88/40014', () => {
		const outcome = classifyResponse('old', 200, {
			errcode: 88,
			errmsg: 'ding talk error[subcode=40014,submsg=不合法的access_token]',
			sub_code: '40014',
			sub_msg: '不合法的access_token',
			request_id: 'OLD-1',
		});
		expect(outcome).toEqual({
			kind: 'tokenInvalid',
			detail: {
				httpCode: 200,
				code: '88/40014',
				message: '不合法的access_token',
				requestId: 'OLD-1',
			},
		});
	});

	it('treats errcode 88 with sub_code 42001 (expired token) as an invalid token', () => {
		const outcome = classifyResponse('old', 200, {
			errcode: 88,
			sub_code: '42001',
			sub_msg: 'access_token超时',
		});
		expect(outcome.kind).toBe('tokenInvalid');
		expect(detailOf(outcome).code).toBe('88/42001');
	});

	it.each([40014, 42001, 40001])('treats errcode %i as an invalid token', (errcode) => {
		const outcome = classifyResponse('old', 200, { errcode, errmsg: 'bad token' });
		expect(outcome.kind).toBe('tokenInvalid');
		expect(detailOf(outcome)).toMatchObject({ code: String(errcode), message: 'bad token' });
	});

	it.each([-1, 90002, 90006, 90018])('treats errcode %i as throttled', (errcode) => {
		const outcome = classifyResponse('old', 200, { errcode, errmsg: '系统繁忙' });
		expect(outcome.kind).toBe('throttled');
		expect(detailOf(outcome).code).toBe(String(errcode));
	});

	it('treats errcode 88 wrapping a throttle sub_code as throttled', () => {
		const outcome = classifyResponse('old', 200, {
			errcode: 88,
			sub_code: '90018',
			sub_msg: '调用频率超限',
		});
		expect(outcome.kind).toBe('throttled');
		expect(detailOf(outcome).code).toBe('88/90018');
	});

	it('treats errcode 60011 (no permission) as a plain failure', () => {
		const outcome = classifyResponse('old', 200, {
			errcode: 60011,
			errmsg: '没有调用该接口的权限',
			request_id: 'X',
		});
		expect(outcome).toEqual({
			kind: 'failed',
			detail: { httpCode: 200, code: '60011', message: '没有调用该接口的权限', requestId: 'X' },
		});
	});

	it('treats an unknown errcode 88 sub_code as a plain failure', () => {
		expect(
			classifyResponse('old', 200, { errcode: 88, sub_code: '33012', sub_msg: '无效的userid' })
				.kind,
		).toBe('failed');
	});

	it('omits a sub_code of "0" from the code', () => {
		expect(
			detailOf(classifyResponse('old', 200, { errcode: 400002, sub_code: '0', errmsg: '参数错误' }))
				.code,
		).toBe('400002');
	});

	it('prefers sub_msg over errmsg for the message', () => {
		const detail = detailOf(
			classifyResponse('old', 200, {
				errcode: 88,
				sub_code: '33012',
				errmsg: 'generic',
				sub_msg: 'specific',
			}),
		);
		expect(detail.message).toBe('specific');
	});

	it('reads the request id from request_id, and also accepts requestId', () => {
		expect(
			detailOf(classifyResponse('old', 200, { errcode: 60011, request_id: 'snake' })).requestId,
		).toBe('snake');
		expect(
			detailOf(classifyResponse('old', 200, { errcode: 60011, requestId: 'camel' })).requestId,
		).toBe('camel');
	});

	it('does not read the new API requestid field for old API responses', () => {
		expect(
			detailOf(classifyResponse('old', 200, { errcode: 60011, requestid: 'new-style' })).requestId,
		).toBeUndefined();
	});

	it('treats 5xx as transient', () => {
		const outcome = classifyResponse('old', 502, 'Bad Gateway');
		expect(outcome.kind).toBe('transient');
		expect(detailOf(outcome)).toMatchObject({ httpCode: 502, code: 'HTTP 502' });
	});

	it('treats 429 as throttled', () => {
		expect(classifyResponse('old', 429, {}).kind).toBe('throttled');
	});

	it('treats another non-2xx status as a plain failure', () => {
		const outcome = classifyResponse('old', 404, {});
		expect(outcome.kind).toBe('failed');
		expect(detailOf(outcome).code).toBe('HTTP 404');
	});
});

describe('classifyResponse — IP ban', () => {
	it.each(['new', 'old'] as const)(
		'reports the %s API IP ban body as a failure with code IpRateLimited',
		(family) => {
			const outcome = classifyResponse(family, 200, { status: 1111, punish: 'deny', wait: 5 });
			expect(outcome.kind).toBe('failed');
			const detail = detailOf(outcome);
			expect(detail.code).toBe('IpRateLimited');
			expect(detail.httpCode).toBe(200);
			expect(detail.message).toContain('wait 5 minutes');
		},
	);

	it('recognises the ban from punish alone, and from status 1111 alone', () => {
		expect(detailOf(classifyResponse('old', 403, { punish: 'deny' })).code).toBe('IpRateLimited');
		expect(detailOf(classifyResponse('new', 403, { status: '1111' })).code).toBe('IpRateLimited');
	});

	it('says "a few" minutes when DingTalk gives no wait time', () => {
		expect(detailOf(classifyResponse('new', 403, { punish: 'deny' })).message).toContain(
			'wait a few minutes',
		);
	});
});

describe('dingTalkApiError', () => {
	function ctx(overrides: Partial<DingTalkErrorContext> = {}): DingTalkErrorContext {
		return {
			node,
			family: 'new',
			method: 'POST',
			path: '/v1.0/robot/oToMessages/batchSend',
			...overrides,
		};
	}

	it('is a NodeApiError with the HTTP status as a string', () => {
		const error = dingTalkApiError(
			{ httpCode: 400, code: 'invalidParameter.x', message: 'bad' },
			ctx(),
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('400');
		expect(error.node).toBe(node);
	});

	it('names the robot send permission for a new API permission error', () => {
		const error = dingTalkApiError(
			{
				httpCode: 403,
				code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
				message: '没有调用该接口的权限',
				requestId: 'P1',
			},
			ctx(),
		);
		expect(error.message).toContain('企业内机器人发送消息权限');
		expect(error.message).toContain('qyapi_robot_sendmsg');
		expect(error.message).toContain('POST /v1.0/robot/oToMessages/batchSend');
		expect(error.message).toContain('Forbidden.AccessDenied.AccessTokenPermissionDenied');
		expect(error.message).toContain(' [request id P1]');
		expect(error.description).toContain('developer console');
		expect(error.description).toContain('DingTalk said: 没有调用该接口的权限');
		expect(error.httpCode).toBe('403');
		expect(error.context.dingTalk).toEqual({
			code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
			message: '没有调用该接口的权限',
			requestId: 'P1',
			outcome: 'refused',
			permission: 'qyapi_robot_sendmsg',
			permissionName: '企业内机器人发送消息权限',
		});
	});

	it('names the member read permission for old API 60011 on /topapi/v2/user/get', () => {
		const error = dingTalkApiError(
			{ httpCode: 200, code: '60011', message: '没有调用该接口的权限' },
			ctx({ family: 'old', path: '/topapi/v2/user/get' }),
		);
		expect(error.message).toContain('qyapi_get_member');
		expect(error.message).toContain('成员信息读权限');
		expect(error.message).toContain('(60011)');
		expect(error.description).toContain('developer console');
		expect(error.httpCode).toBe('200');
	});

	it('recognises 60011 wrapped in errcode 88 as a permission error', () => {
		const error = dingTalkApiError(
			{ httpCode: 200, code: '88/60011', message: 'no permission' },
			ctx({ family: 'old', path: '/topapi/v2/user/getbymobile' }),
		);
		expect(error.message).toContain('qyapi_get_member_by_mobile');
		expect(error.context.dingTalk).toMatchObject({ permission: 'qyapi_get_member_by_mobile' });
	});

	it('recognises apiPermissionDenied as a permission error', () => {
		const error = dingTalkApiError(
			{ httpCode: 403, code: 'apiPermissionDenied', message: 'denied' },
			ctx({ path: '/v1.0/card/instances' }),
		);
		expect(error.message).toContain('Card.Instance.Write');
	});

	it('still tells where to enable it when the path has no known permission', () => {
		const error = dingTalkApiError(
			{
				httpCode: 403,
				code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
				message: 'denied',
			},
			ctx({ path: '/v1.0/unknown/api' }),
		);
		expect(error.message).toContain('the permission this API needs');
		expect(error.description).toContain('developer console');
		expect(error.context.dingTalk).toEqual({
			code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
			message: 'denied',
			requestId: null,
			outcome: 'refused',
		});
	});

	it('strips the query string (where the old API token travels) from the message', () => {
		const error = dingTalkApiError(
			{ httpCode: 200, code: '60011', message: '没有调用该接口的权限' },
			ctx({ family: 'old', method: 'POST', path: '/topapi/v2/user/get?access_token=SECRET-TOKEN' }),
		);
		expect(error.message).toContain('POST /topapi/v2/user/get:');
		expect(error.message).toContain('qyapi_get_member');
		expect(error.message).not.toContain('SECRET-TOKEN');
		expect(error.description).not.toContain('SECRET-TOKEN');
		expect(JSON.stringify(error.context)).not.toContain('SECRET-TOKEN');
	});

	it("puts DingTalk's message, code and request id into the message of other failures", () => {
		const error = dingTalkApiError(
			{
				httpCode: 400,
				code: 'invalidParameter.userIds.invalid',
				message: 'userIds 不合法',
				requestId: 'X',
			},
			ctx(),
		);
		expect(error.message).toBe(
			'DingTalk rejected POST /v1.0/robot/oToMessages/batchSend: userIds 不合法 (invalidParameter.userIds.invalid) [request id X]',
		);
		expect(error.description).toBe('DingTalk said: userIds 不合法');
	});

	it('leaves the request id part out when there is none', () => {
		const error = dingTalkApiError({ httpCode: 400, code: 'c', message: 'm' }, ctx());
		expect(error.message).not.toContain('request id');
		expect(error.context.dingTalk).toEqual({
			code: 'c',
			message: 'm',
			requestId: null,
			outcome: 'refused',
		});
	});

	it('stores code, message and request id in context.dingTalk', () => {
		const error = dingTalkApiError(
			{ httpCode: 500, code: 'InternalError', message: 'oops', requestId: 'RID-9' },
			ctx(),
		);
		expect(error.context.dingTalk).toEqual({
			code: 'InternalError',
			message: 'oops',
			requestId: 'RID-9',
			outcome: 'unknown',
		});
	});

	it('uses the default hint for a known code', () => {
		const error = dingTalkApiError(
			{ httpCode: 400, code: 'invalidParameter.robotCode.auth', message: 'robot 不属于该应用' },
			ctx(),
		);
		expect(error.description).toContain(
			'For an internal app robot the robot code is the Client ID',
		);
		expect(error.description).toContain('DingTalk said: robot 不属于该应用');
	});

	it('uses the default hint of old API errcode 90020 (monthly quota)', () => {
		const error = dingTalkApiError(
			{ httpCode: 200, code: '90020', message: 'quota' },
			ctx({ family: 'old', path: '/topapi/v2/user/get' }),
		);
		expect(error.description).toContain('monthly API call quota');
	});

	// Known gap: for a reason wrapped in errcode 88 the fallback looks up the wrapper ('88'), not the sub_code.
	it('uses the default hint of a reason DingTalk wraps in errcode 88 (88/60020 → IP list hint)', () => {
		const detail = detailOf(
			classifyResponse('old', 200, {
				errcode: 88,
				sub_code: '60020',
				sub_msg: '访问ip不在白名单之中',
			}),
		);
		expect(detail.code).toBe('88/60020');
		const error = dingTalkApiError(detail, ctx({ family: 'old', path: '/topapi/v2/user/get' }));
		expect(error.description).toContain('服务器出口IP');
	});

	it('hints at the IP whitelist for Forbidden.AccessDenied.IpNotInWhiteList and 60020', () => {
		expect(
			dingTalkApiError(
				{ httpCode: 403, code: 'Forbidden.AccessDenied.IpNotInWhiteList', message: 'ip' },
				ctx(),
			).description,
		).toContain('服务器出口IP');
		expect(
			dingTalkApiError(
				{ httpCode: 200, code: '60020', message: 'ip' },
				ctx({ family: 'old', path: '/topapi/v2/user/get' }),
			).description,
		).toContain('服务器出口IP');
	});

	it('lets ctx.hint replace the default hint', () => {
		const error = dingTalkApiError(
			{ httpCode: 400, code: 'invalidParameter.robotCode.auth', message: 'robot 不属于该应用' },
			ctx({ hint: 'Gave up after 6 retries.' }),
		);
		expect(error.description).toContain('Gave up after 6 retries.');
		expect(error.description).not.toContain('For an internal app robot');
		expect(error.description).toContain('DingTalk said: robot 不属于该应用');
	});

	it('uses ctx.hint for a code without a default hint', () => {
		const error = dingTalkApiError(
			{ httpCode: 429, code: 'HTTP 429', message: 'no message' },
			ctx({ hint: 'Retries ran out.' }),
		);
		expect(error.description).toBe('Retries ran out. DingTalk said: no message');
	});

	describe('connection failures (httpCode 0)', () => {
		it.each(['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED'])(
			'says the connection failed and keeps the code %s',
			(code) => {
				const error = dingTalkApiError(
					{ httpCode: 0, code, message: 'socket hang up' },
					ctx({ path: '/v1.0/robot/oToMessages/batchSend?x=1' }),
				);
				expect(error).toBeInstanceOf(NodeApiError);
				// not replaced by n8n's generic text for ECONNRESET & co.
				expect(error.message).toBe(
					`Connection to DingTalk failed during POST /v1.0/robot/oToMessages/batchSend: ${code}`,
				);
				expect(error.description ?? '').not.toContain('DingTalk said');
				expect(error.httpCode).not.toBe('0');
				expect(error.context.dingTalk).toEqual({
					code,
					message: 'socket hang up',
					requestId: null,
					outcome: 'unknown',
				});
			},
		);

		it('uses ctx.hint as the description', () => {
			const error = dingTalkApiError(
				{ httpCode: 0, code: 'ECONNRESET', message: 'socket hang up' },
				ctx({ hint: 'Not resent: DingTalk may have delivered it.' }),
			);
			expect(error.description).toBe('Not resent: DingTalk may have delivered it.');
		});
	});

	it('records the item index', () => {
		const error = dingTalkApiError(
			{ httpCode: 400, code: 'c', message: 'm' },
			ctx({ itemIndex: 3 }),
		);
		expect(error.context.itemIndex).toBe(3);
	});

	it('builds a consistent error from a classified response', () => {
		const outcome = classifyResponse('old', 200, {
			errcode: 60011,
			errmsg: '没有调用该接口的权限',
			request_id: 'REQ',
		});
		const error = dingTalkApiError(
			detailOf(outcome),
			ctx({ family: 'old', method: 'POST', path: '/topapi/message/corpconversation/asyncsend_v2' }),
		);
		expect(error.message).toContain('qyapi_base');
		expect(error.message).toContain('[request id REQ]');
		expect(error.context.dingTalk).toMatchObject({
			code: '60011',
			requestId: 'REQ',
			permission: 'qyapi_base',
		});
	});
});
