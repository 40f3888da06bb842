'use strict';
// Shared core of the DingTalk emulator: apps, tokens, the two error shapes, fault injection, the
// request log and the state API that tests assert on. Each product file (products/*.js) declares
// its routes and owns its state through an optional `state` hook ({ init, reset, snapshot }):
// init builds the product's directory (kept by reset()), reset clears what happened in a run,
// snapshot adds the product's part to the state API. The core calls them in the order given.
const crypto = require('node:crypto');

const DEFAULT_APP = Object.freeze({
	appKey: 'dingemu7a1b2c3d4e5f6a7b',
	appSecret: 'emu-Secret+With/Special=Chars_0123456789abcdefghijkl',
	agentId: '3000000001',
	corpId: 'dingcorpemu0000000001',
	// Events & Callbacks (事件与回调): 43-character aes_key and signing token.
	eventAesSecret: 'EmuAesKey0123456789abcdefghijklmnopqrstuvwx',
	eventToken: 'emuEventSigningToken',
});

/** Every permission the package's operations need (dingtalk-api.md §12). */
const ALL_SCOPES = [
	'qyapi_robot_sendmsg',
	'qyapi_base',
	'qyapi_get_member',
	'qyapi_get_member_by_mobile',
	'qyapi_get_department_member',
	'qyapi_get_department_list',
	'qyapi_addresslist_search',
	'qyapi_chat_read',
	'Storage.UploadInfo.Read',
	'Storage.File.Write',
	'Storage.File.Read',
	'Drive.Space.Read',
	'ConvFile.Space.Read',
	'ConvFile.File.Send',
	'Card.Instance.Write',
	'Todo.Todo.Read',
	'Todo.Todo.Write',
	'Workflow.Instance.Read',
	'Workflow.Instance.Write',
	'Workflow.Process.Read',
	'Calendar.Event.Read',
	'Calendar.Event.Write',
	'Calendar.EventSchedule.Read',
	'Notable.Base.Read.All',
	'Notable.Base.Write.All',
	'Card.Streaming.Write',
];

function requestId() {
	return crypto.randomUUID().toUpperCase();
}

/** Base64 ids with + / = in them, like DingTalk's processQueryKey and openConversationId. */
function base64Id(bytes = 24) {
	let id;
	do {
		id = crypto.randomBytes(bytes).toString('base64');
	} while (!/[+/]/.test(id));
	return id.endsWith('=') ? id : `${id.slice(0, -1)}=`;
}

/** A JSON string, or an integer literal of 16+ digits (not inside a string, not part of a float). */
const STRING_OR_LONG_INTEGER = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/g;

/** Whether JSON text holds an integer literal a JavaScript number cannot keep exactly. */
function hasUnsafeInteger(text) {
	return (text.match(STRING_OR_LONG_INTEGER) || []).some(
		(token) => !token.startsWith('"') && !Number.isSafeInteger(Number(token)),
	);
}

/** JSON.parse, with integers above 2^53 as BigInt (DingTalk's int64 ids keep every digit). */
function parseJsonExact(text) {
	const marked = text.replace(STRING_OR_LONG_INTEGER, (token) =>
		token.startsWith('"') || Number.isSafeInteger(Number(token))
			? token
			: `"\\u0000int64:${token}"`,
	);
	return JSON.parse(marked, (_key, value) =>
		typeof value === 'string' && value.startsWith('\u0000int64:') ? BigInt(value.slice(7)) : value,
	);
}

/** JSON.stringify writing a BigInt as a bare JSON number with all its digits. */
function stringifyJsonExact(value) {
	// The holder's own value: a BigInt.prototype.toJSON (n8n defines one) would hand over a string.
	return JSON.stringify(value, function (key, v) {
		return typeof this[key] === 'bigint' ? `\u0000int64:${this[key]}` : v;
	}).replace(/"\\u0000int64:(-?\d+)"/g, '$1');
}

class HttpReply {
	constructor(status, body, headers = {}) {
		this.status = status;
		this.body = body;
		this.headers = headers;
	}
}

/**
 * An answer written over time (server-sent events): `write(res)` writes the body and ends it, or
 * breaks the connection. The status and headers go out first.
 */
class StreamedReply {
	constructor(status, headers, write) {
		this.status = status;
		this.headers = headers;
		this.write = write;
	}
}

/** New API error: HTTP 4xx/5xx with {code, message, requestid}. */
function newApiError(status, code, message) {
	return new HttpReply(status, { requestid: requestId(), code, message });
}

/** Old API error: HTTP 200 with {errcode, errmsg, …}; token problems are wrapped in errcode 88. */
function oldApiError(errcode, errmsg, extra = {}) {
	return new HttpReply(200, {
		errcode,
		errmsg,
		request_id: requestId().replace(/-/g, '').slice(0, 13),
		...extra,
	});
}

function oldApiTokenError(subCode, subMsg) {
	return oldApiError(88, `ding talk error[subcode=${subCode},submsg=${subMsg}]`, {
		sub_code: String(subCode),
		sub_msg: subMsg,
	});
}

class EmulatorCore {
	/** `products`: the product modules whose `state` hooks the core runs (index.js passes them). */
	constructor(options = {}, products = []) {
		this.options = options;
		this.stateHooks = products.map((product) => product.state).filter(Boolean);
		this.resetAll();
	}

	resetAll() {
		this.apps = new Map();
		this.addApp({ ...DEFAULT_APP, ...(this.options.app || {}) });
		this.tokenTtlSeconds = this.options.tokenTtlSeconds || 7200;
		// Each product's directory (users, groups, media, robots, storage, …): reset() keeps it.
		for (const hooks of this.stateHooks) if (hooks.init) hooks.init(this, this.options);
		this.reset();
	}

	/**
	 * Clears what happened (requests, counters, deliveries, faults) and keeps the directory and
	 * the issued tokens, as DingTalk would: a token stays valid until it expires or is revoked
	 * (`/__emulator/tokens/revoke`). `{ tokens: true }` forgets the tokens as well; the products
	 * read their own options (`{ storage: true }` rebuilds the storage directory).
	 */
	reset(what = {}) {
		if (what.tokens || !this.tokens) this.tokens = new Map();
		this.foreign = []; // every request the foreign host (redirect target) received
		this.requests = [];
		this.seq = 0;
		this.tokenRequests = 0;
		this.tokensIssued = 0;
		// The message log and read receipts every sending product shares (robot, work notices, …).
		this.messages = [];
		this.readBy = new Map(); // processQueryKey (or work-notice task id) → Set(userId)
		this.readAt = new Map(); // `${key}|${userId}` → ms when it was read
		for (const hooks of this.stateHooks) if (hooks.reset) hooks.reset(this, what);
		this.clearFaults();
		for (const app of this.apps.values()) app.permissions = new Set(app.grantedScopes);
	}

	addApp(app) {
		const full = {
			robotCode: app.appKey,
			grantedScopes: app.grantedScopes || ALL_SCOPES,
			...app,
		};
		full.permissions = new Set(full.grantedScopes);
		this.apps.set(full.appKey, full);
		return full;
	}

	/** Marks users as having read a message (robot processQueryKey or work-notice task id). */
	markRead(key, userIds) {
		const readers = this.readBy.get(key) || new Set();
		const now = Date.now();
		for (const userId of userIds) {
			if (!readers.has(userId)) this.readAt.set(`${key}|${userId}`, now);
			readers.add(userId);
		}
		this.readBy.set(key, readers);
		return readers;
	}

	isRead(key, userId) {
		const readers = this.readBy.get(key);
		return Boolean(readers && readers.has(userId));
	}

	// ---- tokens -------------------------------------------------------------------------------
	issueToken(app) {
		this.tokenRequests++;
		const now = Date.now();
		for (const [token, info] of this.tokens) {
			if (info.appKey === app.appKey && !info.revoked && info.expiresAt > now) {
				// DingTalk returns the same token within its validity and extends it.
				info.expiresAt = now + this.tokenTtlSeconds * 1000;
				return { token, expireIn: this.tokenTtlSeconds };
			}
		}
		const token = crypto.randomBytes(16).toString('hex');
		this.tokens.set(token, {
			appKey: app.appKey,
			expiresAt: now + this.tokenTtlSeconds * 1000,
			revoked: false,
		});
		this.tokensIssued++;
		return { token, expireIn: this.tokenTtlSeconds };
	}

	revokeTokens() {
		for (const info of this.tokens.values()) info.revoked = true;
	}

	appForToken(token) {
		const info = token && this.tokens.get(token);
		if (!info || info.revoked || info.expiresAt <= Date.now()) return undefined;
		return this.apps.get(info.appKey);
	}

	/** New API: token only in the x-acs-dingtalk-access-token header. */
	authenticateNew(req, query) {
		const token = req.headers['x-acs-dingtalk-access-token'];
		if (!token) {
			return {
				reply: newApiError(
					400,
					'AuthenticationFailed.MissingParameter',
					'缺少参数：x-acs-dingtalk-access-token',
				),
				placement: query.get('access_token')
					? 'query'
					: req.headers.authorization
						? 'authorization'
						: 'none',
			};
		}
		const app = this.appForToken(token);
		if (!app)
			return {
				reply: newApiError(400, 'InvalidAuthentication', '不合法的access_token'),
				placement: 'header',
			};
		return { app, placement: 'header' };
	}

	/** Old API: token only in the access_token query parameter; the header is ignored. */
	authenticateOld(req, query) {
		const token = query.get('access_token');
		if (!token) {
			return {
				reply: oldApiTokenError(40000, 'access_token is blank'),
				placement: req.headers['x-acs-dingtalk-access-token'] ? 'header' : 'none',
			};
		}
		const app = this.appForToken(token);
		if (!app) return { reply: oldApiTokenError(40014, '不合法的access_token'), placement: 'query' };
		return { app, placement: 'query' };
	}

	permissionDenied(host, scope) {
		return host === 'api'
			? newApiError(
					403,
					'Forbidden.AccessDenied.AccessTokenPermissionDenied',
					`没有调用该接口的权限，接口权限申请参考：https://open.dingtalk.com/document/orgapp/add-api-permission (${scope})`,
				)
			: oldApiError(60011, `没有调用该接口的权限 (${scope})`);
	}

	// ---- faults -------------------------------------------------------------------------------
	/**
	 * Adds fault rules. A rule matches by host and path substring, lets `after` matching requests
	 * through first (default 0), then fires `count` times (default: forever).
	 */
	addFaults(spec) {
		if (typeof spec.latencyMs === 'number') this.faults.latencyMs = spec.latencyMs;
		for (const rule of spec.rules || []) this.faults.rules.push({ fired: 0, seen: 0, ...rule });
		for (const userId of spec.flowControlledUsers || [])
			this.faults.flowControlledUsers.add(userId);
		// { userId: n }: flow-controlled for the next n sends to that user, then delivered.
		for (const [userId, times] of Object.entries(spec.flowControlledTimes || {}))
			this.faults.flowControlledTimes.set(userId, Number(times));
		for (const throttle of spec.throttles || []) this.faults.throttles.push(throttle);
	}

	/** Whether DingTalk's flow control skips this user on this send (counts down transient ones). */
	isFlowControlled(userId) {
		if (this.faults.flowControlledUsers.has(userId)) return true;
		const left = this.faults.flowControlledTimes.get(userId);
		if (left > 0) {
			this.faults.flowControlledTimes.set(userId, left - 1);
			return true;
		}
		return false;
	}

	clearFaults() {
		this.faults = {
			latencyMs: 0,
			rules: [],
			flowControlledUsers: new Set(),
			flowControlledTimes: new Map(),
			throttles: [],
		};
		this.windows = new Map();
	}

	matchingRules(host, path, type) {
		return this.faults.rules.filter(
			(rule) =>
				rule.type === type &&
				(!rule.host || rule.host === host) &&
				(!rule.path || path.includes(rule.path)) &&
				(rule.count === undefined || rule.fired < rule.count),
		);
	}

	takeRule(host, path, type) {
		for (const rule of this.matchingRules(host, path, type)) {
			rule.seen++;
			if (rule.seen > (rule.after || 0)) {
				rule.fired++;
				return rule;
			}
		}
		return undefined;
	}

	/** Per-app, per-API QPS quota over a sliding one-second window, as DingTalk enforces it. */
	throttled(host, path, appKey) {
		for (const throttle of this.faults.throttles) {
			if (throttle.host && throttle.host !== host) continue;
			if (throttle.path && !path.includes(throttle.path)) continue;
			const key = `${appKey}|${throttle.path || '*'}|${path}`;
			const now = Date.now();
			const window = (this.windows.get(key) || []).filter((t) => now - t < 1000);
			if (window.length >= throttle.qps) {
				this.windows.set(key, window);
				return true;
			}
			window.push(now);
			this.windows.set(key, window);
		}
		return false;
	}

	throttleReply(host) {
		return host === 'api'
			? newApiError(
					403,
					'Forbidden.AccessDenied.QpsLimitForApi',
					'调用该接口超过QPS限制，请稍后重试',
				)
			: oldApiError(90018, '当前企业调用该接口超过QPS限制，请稍后重试');
	}

	// ---- state --------------------------------------------------------------------------------
	log(entry) {
		entry.seq = ++this.seq;
		entry.at = Date.now();
		this.requests.push(entry);
		return entry;
	}

	snapshot() {
		const products = {};
		for (const hooks of this.stateHooks)
			if (hooks.snapshot) Object.assign(products, hooks.snapshot(this));
		return {
			tokenRequests: this.tokenRequests,
			tokensIssued: this.tokensIssued,
			requests: this.requests,
			messages: this.messages,
			readBy: Object.fromEntries([...this.readBy].map(([key, readers]) => [key, [...readers]])),
			...products,
			foreign: this.foreign,
			faults: {
				latencyMs: this.faults.latencyMs,
				rules: this.faults.rules,
				flowControlledUsers: [...this.faults.flowControlledUsers],
				throttles: this.faults.throttles,
			},
		};
	}
}

module.exports = {
	ALL_SCOPES,
	DEFAULT_APP,
	EmulatorCore,
	HttpReply,
	StreamedReply,
	base64Id,
	newApiError,
	hasUnsafeInteger,
	oldApiError,
	parseJsonExact,
	requestId,
	stringifyJsonExact,
};
