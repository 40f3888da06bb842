import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { permissionForPath, permissionHint } from './permissions';
import { redact } from './redact';
import type { ApiFamily } from './types';

/** What a DingTalk response means for the caller. */
export type Outcome =
	| { kind: 'ok' }
	| { kind: 'tokenInvalid'; detail: DingTalkErrorDetail }
	| { kind: 'throttled'; detail: DingTalkErrorDetail }
	| { kind: 'transient'; detail: DingTalkErrorDetail }
	| { kind: 'failed'; detail: DingTalkErrorDetail };

/** DingTalk's own words about a failed call, in one shape for both API families. */
export interface DingTalkErrorDetail {
	httpCode: number;
	/** New API `code`, or old API `errcode` (plus `sub_code` when DingTalk wraps the reason in 88). */
	code: string;
	message: string;
	requestId?: string;
}

const NEW_API_THROTTLE =
	/^Forbidden\.AccessDenied\.(Qps|Qpm)Limit|^(send\.too\.fast|send\.byToken\.tooFast)$/;
/** Old API: -1 system busy, 90002 global throttle, 90006 / 90018 per-app QPS / QPM limits. */
const OLD_API_THROTTLE = new Set(['-1', '90002', '90006', '90018']);
/** Old API codes for a missing, bad or expired access token. */
const OLD_API_DEAD_TOKEN = new Set(['40014', '42001', '40001']);

function str(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	return String(value);
}

function detailFrom(family: ApiFamily, httpCode: number, body: IDataObject): DingTalkErrorDetail {
	if (family === 'new') {
		return {
			httpCode,
			code: str(body.code) ?? `HTTP ${httpCode}`,
			message: str(body.message) ?? 'no message',
			requestId: str(body.requestid) ?? str(body.requestId),
		};
	}
	const errcode = str(body.errcode) ?? `HTTP ${httpCode}`;
	const subCode = str(body.sub_code);
	return {
		httpCode,
		code: subCode && subCode !== '0' ? `${errcode}/${subCode}` : errcode,
		message: str(body.sub_msg) ?? str(body.errmsg) ?? 'no message',
		requestId: str(body.request_id) ?? str(body.requestId),
	};
}

/** Classifies an HTTP response from either API family. */
export function classifyResponse(family: ApiFamily, httpCode: number, rawBody: unknown): Outcome {
	const body: IDataObject =
		typeof rawBody === 'object' && rawBody !== null && !Buffer.isBuffer(rawBody)
			? (rawBody as IDataObject)
			: {};
	// IP-level ban: DingTalk answers with its own shape instead of an error body.
	if (body.punish === 'deny' || str(body.status) === '1111') {
		return {
			kind: 'failed',
			detail: {
				httpCode,
				code: 'IpRateLimited',
				message: `DingTalk banned this server's IP address for too many calls; wait ${str(body.wait) ?? 'a few'} minutes`,
			},
		};
	}
	if (family === 'new') {
		if (httpCode >= 200 && httpCode < 300) return { kind: 'ok' };
		const detail = detailFrom(family, httpCode, body);
		if (detail.code === 'InvalidAuthentication' || httpCode === 401)
			return { kind: 'tokenInvalid', detail };
		if (httpCode === 429 || NEW_API_THROTTLE.test(detail.code))
			return { kind: 'throttled', detail };
		if (httpCode >= 500) return { kind: 'transient', detail };
		return { kind: 'failed', detail };
	}
	if (httpCode >= 500) return { kind: 'transient', detail: detailFrom(family, httpCode, body) };
	if (httpCode === 429) return { kind: 'throttled', detail: detailFrom(family, httpCode, body) };
	if (httpCode < 200 || httpCode >= 300)
		return { kind: 'failed', detail: detailFrom(family, httpCode, body) };
	const errcode = str(body.errcode);
	if (errcode === undefined || errcode === '0') return { kind: 'ok' };
	const detail = detailFrom(family, httpCode, body);
	const subCode = str(body.sub_code);
	if (
		OLD_API_DEAD_TOKEN.has(errcode) ||
		(errcode === '88' && subCode && OLD_API_DEAD_TOKEN.has(subCode))
	) {
		return { kind: 'tokenInvalid', detail };
	}
	if (OLD_API_THROTTLE.has(errcode) || (subCode && OLD_API_THROTTLE.has(subCode))) {
		return { kind: 'throttled', detail };
	}
	return { kind: 'failed', detail };
}

function isPermissionError(detail: DingTalkErrorDetail): boolean {
	return (
		detail.code === 'Forbidden.AccessDenied.AccessTokenPermissionDenied' ||
		detail.code === 'apiPermissionDenied' ||
		detail.code === '60011' ||
		detail.code.endsWith('/60011')
	);
}

/** Fix hints for codes users hit often; the key is DingTalk's code. */
const HINTS: Record<string, string> = {
	'invalidParameter.robotCode.auth':
		'The robot code does not belong to this app. For an internal app robot the robot code is the Client ID (AppKey); leave Robot Code empty in the credential.',
	'invalidParameter.robotCode.notExsit':
		'DingTalk does not know this robot code. Add the robot capability to the app and publish it; for group messages also add the robot to the group. Do not use the AgentId as robot code.',
	'invalidParameter.robotCode.empty':
		'Set the Client ID in the credential (it is the robot code of an internal app robot).',
	'Forbidden.AccessDenied.IpNotInWhiteList':
		"Add this n8n server's public IP address to the app's server egress IP list (服务器出口IP) in the developer console.",
	'60020':
		"Add this n8n server's public IP address to the app's server egress IP list (服务器出口IP) in the developer console.",
	'Forbidden.AccessDenied.ApiCountLimitForOrg':
		"Your organisation used up its monthly API call quota; upgrade the DingTalk plan or wait for next month's quota.",
	'90020':
		"Your organisation used up its monthly API call quota; upgrade the DingTalk plan or wait for next month's quota.",
	IpRateLimited: 'Lower the call rate; DingTalk lifts the ban after the stated time.',
	'Forbidden.AccessDenied.NoPermission':
		'The operator (Operator ID) has no rights on this space, folder, group or AI Table: use someone who can edit it (for an AI Table, share it with them as an editor), or a group member. "My files" (我的文件) belong to their owner alone: prefer team spaces (团队文件).',
};

export interface DingTalkErrorContext {
	node: INode;
	family: ApiFamily;
	method: string;
	path: string;
	itemIndex?: number;
	/** Replaces the generic fix hint (e.g. after retries ran out). */
	hint?: string;
	/** The credential's secrets: removed from DingTalk's words, should it echo them. */
	secrets?: string[];
}

/**
 * Builds the NodeApiError for a DingTalk failure. Built from DingTalk's error fields only —
 * never from the request — and those are redacted, so no token or secret can leak into it.
 */
export function dingTalkApiError(
	raw: DingTalkErrorDetail,
	ctx: DingTalkErrorContext,
): NodeApiError {
	// DingTalk's words are the server's: they may echo a secret or a token of the request.
	const detail: DingTalkErrorDetail = {
		httpCode: raw.httpCode,
		code: redact(raw.code, ctx.secrets),
		message: redact(raw.message, ctx.secrets),
		...(raw.requestId !== undefined ? { requestId: redact(raw.requestId, ctx.secrets) } : {}),
	};
	const pathOnly = ctx.path.split('?')[0];
	const permission = isPermissionError(detail)
		? permissionForPath(pathOnly, ctx.method)
		: undefined;
	const hint = isPermissionError(detail)
		? permissionHint(permission)
		: (ctx.hint ??
			HINTS[detail.code] ??
			HINTS[detail.code.split('/').pop() ?? ''] ??
			HINTS[detail.code.split('/')[0]]);
	const requestId = detail.requestId ? ` [request id ${detail.requestId}]` : '';
	const network = detail.httpCode === 0;
	const networkMessage = `Connection to DingTalk failed during ${ctx.method} ${pathOnly}`;
	const message = network
		? networkMessage
		: isPermissionError(detail)
			? `DingTalk denied ${ctx.method} ${pathOnly}: the app lacks the permission ${permission ? `${permission.name} (${permission.scope})` : 'this API needs'} (${detail.code})${requestId}`
			: `DingTalk rejected ${ctx.method} ${pathOnly}: ${detail.message} (${detail.code})${requestId}`;
	const errorBody: JsonObject = {
		code: detail.code,
		message: detail.message,
		...(detail.requestId ? { requestId: detail.requestId } : {}),
	};
	const error = new NodeApiError(ctx.node, errorBody, {
		message,
		description: [hint, network ? undefined : `DingTalk said: ${detail.message}`]
			.filter(Boolean)
			.join(' '),
		httpCode: network ? undefined : String(detail.httpCode),
		itemIndex: ctx.itemIndex,
		// n8n swaps messages that mention ECONNRESET & co. for generic texts; map ours to itself + code.
		...(network
			? { messageMapping: { [networkMessage]: `${networkMessage}: ${detail.code}` } }
			: {}),
	});
	error.context.dingTalk = {
		code: detail.code,
		message: detail.message,
		requestId: detail.requestId ?? null,
		// 'refused': DingTalk answered and did nothing; 'unknown': no answer or a server error, the call may have taken effect.
		outcome: network || detail.httpCode >= 500 ? 'unknown' : 'refused',
		...(permission ? { permission: permission.scope, permissionName: permission.name } : {}),
	};
	return error;
}
