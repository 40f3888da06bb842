'use strict';
// Shared core of the DingTalk emulator: directory (apps, users), tokens, the two error shapes,
// fault injection, and the state that tests assert on. Product files (products/*.js) only
// declare routes; everything cross-cutting lives here, as it does in front of DingTalk.
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

/**
 * Custom group robots (群自定义机器人, POST oapi /robot/send?access_token=…): the webhook's own
 * access_token names the robot. One of each security setting: signed (secret with + / = in it,
 * so a client must URL-encode the sign exactly once), keyword, and none.
 */
const DEFAULT_CUSTOM_ROBOTS = Object.freeze(
	[
		{
			accessToken: 'emuRobotSigned000000000000000000000000000000000000000000000000001',
			name: 'Emulated Signed Robot',
			secret: 'SECemu+sign/secret=with+plus/and/slash==',
			openConversationId: 'cidEmuGroup+One/AAA==',
		},
		{
			accessToken: 'emuRobotKeyword00000000000000000000000000000000000000000000000002',
			name: 'Emulated Keyword Robot',
			keyword: '告警',
			openConversationId: 'cidEmuGroup+One/AAA==',
		},
		{
			accessToken: 'emuRobotPlain0000000000000000000000000000000000000000000000000003',
			name: 'Emulated Plain Robot',
			openConversationId: 'cidEmuGroup+One/AAA==',
		},
	].map((robot) => Object.freeze(robot)),
);

/** Custom robot rate limit: 20 sends per robot per minute (reset() restores these). */
const CUSTOM_ROBOT_WINDOW_MS = 60000;
const CUSTOM_ROBOT_PER_WINDOW = 20;

/** Normalises a custom robot as given over JSON into the directory shape (sends start empty). */
function toCustomRobot(robot) {
	const full = {
		accessToken: String(robot.accessToken),
		name: String(robot.name || robot.accessToken),
		openConversationId: String(robot.openConversationId || 'cidEmuGroup+One/AAA=='),
		sends: [],
	};
	if (robot.secret) full.secret = String(robot.secret);
	if (robot.keyword) full.keyword = String(robot.keyword);
	return full;
}

/** Every permission the package's operations need (dingtalk-api.md §12). */
const ALL_SCOPES = [
	'qyapi_robot_sendmsg',
	'qyapi_base',
	'qyapi_get_member',
	'qyapi_get_member_by_mobile',
	'qyapi_chat_read',
	'Storage.UploadInfo.Read',
	'Storage.File.Write',
	'Storage.File.Read',
	'ConvFile.Space.Read',
	'ConvFile.File.Send',
	'Card.Instance.Write',
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

/** Default group chats (dingtalk-api.md §4, §9.4): ids are base64-ish with + / = like DingTalk's. */
function defaultGroups(robotCode) {
	const members = (from, to) => {
		const ids = [];
		for (let n = from; n <= to; n++) ids.push(`user${String(n).padStart(4, '0')}`);
		return ids;
	};
	return [
		{
			openConversationId: 'cidEmuGroup+One/AAA==',
			chatId: 'chatemu0001',
			title: 'Emulated Group One',
			memberUserIds: members(1, 10),
			robotCodes: new Set([robotCode]),
		},
		{
			// The robot was never added to this group: group sends answer robotCode.notExsit.
			openConversationId: 'cidEmuGroup+Two/BBB==',
			chatId: 'chatemu0002',
			title: 'Emulated Group Two (no robot)',
			memberUserIds: members(1, 5),
			robotCodes: new Set(),
		},
	];
}

/** Normalises a group as given over JSON (robotCodes as an array) into the directory shape. */
function toGroup(group) {
	const full = {
		openConversationId: String(group.openConversationId),
		chatId: String(group.chatId || ''),
		title: String(group.title || group.chatId || group.openConversationId),
		memberUserIds: [...(group.memberUserIds || [])].map(String),
		robotCodes: new Set([...(group.robotCodes || [])].map(String)),
	};
	if (group.coolAppCode) full.coolAppCode = String(group.coolAppCode);
	return full;
}

/** Storage (dingtalk-api.md §8): objects up to this size keep their bytes; larger ones only size + sha256. */
const KEEP_BYTES_MAX = 8 * 1024 * 1024;
/** Signed URL lifetime DingTalk states (expirationSeconds); tests shorten it via /__emulator/storage/settings. */
const STORAGE_EXPIRATION_SECONDS = 900;

/** Random dentry uuid: 32 letters and digits, like DingTalk's dentryUuid. */
function dentryUuid() {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	return [...crypto.randomBytes(32)].map((b) => alphabet[b % alphabet.length]).join('');
}

/**
 * Default enterprise-storage directory: space 1000001 "Team files" (members user0001..user0010)
 * with a folder "Reports" (2000001) in its root, and space 1000002 whose only member is user0020.
 */
function defaultStorage(users) {
	const unionOf = (userId) => (users.get(userId) || {}).unionId;
	const members = (from, to) => {
		const ids = new Set();
		for (let n = from; n <= to; n++) {
			const unionId = unionOf(`user${String(n).padStart(4, '0')}`);
			if (unionId) ids.add(unionId);
		}
		return ids;
	};
	const now = new Date().toISOString();
	const owner = unionOf('user0001') || '';
	const teamFiles = {
		spaceId: '1000001',
		name: 'Team files',
		ownerType: 'ORG',
		members: members(1, 10),
		dentries: new Map(),
	};
	teamFiles.dentries.set('2000001', {
		id: '2000001',
		uuid: dentryUuid(),
		spaceId: '1000001',
		parentId: '0',
		name: 'Reports',
		type: 'FOLDER',
		version: 1,
		status: 'NORMAL',
		createTime: now,
		modifiedTime: now,
		creatorId: owner,
		modifierId: owner,
	});
	const other = {
		spaceId: '1000002',
		name: 'Private space',
		ownerType: 'ORG',
		members: members(20, 20),
		dentries: new Map(),
	};
	return {
		spaces: new Map([
			[teamFiles.spaceId, teamFiles],
			[other.spaceId, other],
		]),
		groupSpaces: new Map(), // openConversationId → spaceId (created lazily)
		nextSpaceId: 1000003,
		nextDentryId: 2000002,
		// Signed GET URLs handed out: objectKey → what it serves ({kind:'dentry'|'messageFile', …}),
		// and `${objectKey}|${Expires}` → the exact expiry (ms) of URLs issued with that Expires.
		downloads: new Map(),
		getExpiries: new Map(),
		ossSecret: crypto.randomBytes(24).toString('base64'),
		// Per run (reset() renews them):
		uploads: new Map(), // uploadKey → upload session
		putTargets: new Map(), // objectKey → { session, partNumber, issuances: [{authorization, date, expires}] }
		tokenLeaks: [],
		expirationSeconds: STORAGE_EXPIRATION_SECONDS,
	};
}

class HttpReply {
	constructor(status, body, headers = {}) {
		this.status = status;
		this.body = body;
		this.headers = headers;
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
	constructor(options = {}) {
		this.options = options;
		this.resetAll();
	}

	resetAll() {
		this.apps = new Map();
		this.addApp({ ...DEFAULT_APP, ...(this.options.app || {}) });
		this.users = new Map();
		for (const user of this.options.users || defaultUsers()) this.users.set(user.userId, user);
		this.tokenTtlSeconds = this.options.tokenTtlSeconds || 7200;
		// Group chats and departments are directory, like users: reset() keeps them.
		this.groups = new Map();
		const robotCode = this.apps.values().next().value.robotCode;
		for (const group of this.options.groups || defaultGroups(robotCode)) this.addGroup(group);
		// Department 1 is the root (every user, sub-departments included); 100 is a small one.
		this.departments = new Map([
			[1, []],
			[100, ['user0001', 'user0002', 'user0003', 'user0004', 'user0005']],
		]);
		// Uploaded media: a media_id stays valid while the org exists (§5.1), so reset() keeps them.
		this.media = new Map();
		// Custom group robots (webhooks) are directory too: reset() keeps them, clears their sends.
		this.customRobots = new Map();
		for (const robot of this.options.customRobots || DEFAULT_CUSTOM_ROBOTS)
			this.addCustomRobot(robot);
		// Work-notification task ids keep increasing across reset(), so a stale id never aliases.
		this.nextTaskId = 256271667526;
		// Enterprise storage (spaces, dentries) and robot message files are directory: reset() keeps
		// them and forgets only upload sessions, issued upload URLs and token leaks.
		this.resetStorage();
		this.messageFiles = new Map(); // downloadCode → { fileName, contentType, robotCode, size, sha256, bytes }
		this.reset();
	}

	/**
	 * Clears what happened (requests, counters, deliveries, faults) and keeps the directory and
	 * the issued tokens, as DingTalk would: a token stays valid until it expires or is revoked
	 * (`/__emulator/tokens/revoke`). `{ tokens: true }` forgets the tokens as well. Storage keeps its
	 * spaces and files (like media) and forgets upload sessions, upload URLs, token leaks and the
	 * URL lifetime setting; `{ storage: true }` also rebuilds the storage directory.
	 */
	reset({ tokens = false, storage = false } = {}) {
		if (tokens || !this.tokens) this.tokens = new Map();
		if (storage) this.resetStorage({ keepCounters: true });
		this.storage.uploads = new Map();
		this.storage.putTargets = new Map();
		this.storage.tokenLeaks = [];
		this.storage.expirationSeconds = STORAGE_EXPIRATION_SECONDS;
		this.pushes = [];
		this.sink = [];
		this.foreign = []; // every request the foreign host (redirect target) received
		this.requests = [];
		this.seq = 0;
		this.tokenRequests = 0;
		this.tokensIssued = 0;
		this.messages = [];
		this.cards = new Map(); // cardBizId → interactive card (products/card.js)
		this.sessions = new Map(); // session id → sessionWebhook session (products/session.js)
		this.sent = new Map(); // processQueryKey → send record
		this.readBy = new Map(); // processQueryKey (or work-notice task id) → Set(userId)
		this.readAt = new Map(); // `${key}|${userId}` → ms when it was read
		this.workTasks = new Map(); // task_id (string) → work-notification task
		this.workNoticeSeen = new Set(); // `${agentId}|${userId}|${JSON of msg}`: same content once a day
		this.workNoticeCounts = new Map(); // userId → work notifications delivered today
		this.workNoticeDailyCap = this.options.workNoticeDailyCap || 500;
		this.customRobotWindowMs = CUSTOM_ROBOT_WINDOW_MS;
		this.customRobotPerWindow = CUSTOM_ROBOT_PER_WINDOW;
		for (const robot of this.customRobots.values()) robot.sends = [];
		this.faults = {
			latencyMs: 0,
			rules: [],
			flowControlledUsers: new Set(),
			flowControlledTimes: new Map(),
			throttles: [],
		};
		this.windows = new Map();
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

	addGroup(group) {
		const full = toGroup(group);
		this.groups.set(full.openConversationId, full);
		return full;
	}

	addCustomRobot(robot) {
		const full = toCustomRobot(robot);
		this.customRobots.set(full.accessToken, full);
		return full;
	}

	/**
	 * Rebuilds the enterprise-storage directory (default spaces, no files). Called by reset({storage:
	 * true}), the new ids keep increasing, so a stale dentry or space id never aliases a new one.
	 */
	resetStorage({ keepCounters = false } = {}) {
		const previous = this.storage;
		this.storage = defaultStorage(this.users);
		if (keepCounters && previous) {
			this.storage.nextDentryId = previous.nextDentryId;
			this.storage.nextSpaceId = previous.nextSpaceId;
		}
	}

	userByUnionId(unionId) {
		if (typeof unionId !== 'string' || !unionId) return undefined;
		for (const user of this.users.values()) if (user.unionId === unionId) return user;
		return undefined;
	}

	/** Who has rights on a space: a group's space follows the group's current members. */
	spaceMembers(space) {
		const group = space.openConversationId && this.groups.get(space.openConversationId);
		if (!group) return space.members;
		return new Set(
			group.memberUserIds.map((userId) => (this.users.get(userId) || {}).unionId).filter(Boolean),
		);
	}

	/** The file space of a group chat, created on first use (dingtalk-api.md §9.1). */
	groupSpace(openConversationId) {
		const group = this.groups.get(openConversationId);
		if (!group) return undefined;
		const known = this.storage.groupSpaces.get(openConversationId);
		if (known && this.storage.spaces.has(known)) return this.storage.spaces.get(known);
		const spaceId = String(this.storage.nextSpaceId++);
		const now = new Date().toISOString();
		const space = {
			spaceId,
			name: group.title,
			ownerType: 'CONVERSATION',
			openConversationId,
			members: new Set(),
			dentries: new Map(),
			createTime: now,
			modifiedTime: now,
		};
		this.storage.spaces.set(spaceId, space);
		this.storage.groupSpaces.set(openConversationId, spaceId);
		return space;
	}

	nextDentryId() {
		return String(this.storage.nextDentryId++);
	}

	/**
	 * Accepted sends of a custom robot within the current rate window. Sends older than both the
	 * window and a minute are dropped (the state's sentCount counts the last minute).
	 */
	customRobotRecentSends(robot, now = Date.now()) {
		const keepMs = Math.max(this.customRobotWindowMs, 60000);
		robot.sends = robot.sends.filter((t) => now - t < keepMs);
		return robot.sends.filter((t) => now - t < this.customRobotWindowMs);
	}

	groupByChatId(chatId) {
		return [...this.groups.values()].find((group) => group.chatId && group.chatId === chatId);
	}

	/** Members of a department (sub-departments included), or undefined if there is no such department. */
	departmentMembers(deptId) {
		if (!this.departments.has(deptId)) return undefined;
		if (deptId === 1) return [...this.users.keys()];
		return this.departments.get(deptId).filter((userId) => this.users.has(userId));
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

	storageSnapshot() {
		const storage = this.storage;
		const spaces = [...storage.spaces.values()];
		return {
			spaces: spaces.map((space) => ({
				spaceId: space.spaceId,
				name: space.name,
				ownerType: space.ownerType,
				openConversationId: space.openConversationId || null,
				members: [...this.spaceMembers(space)],
			})),
			dentries: spaces.flatMap((space) =>
				[...space.dentries.values()].map((d) => ({
					id: d.id,
					spaceId: d.spaceId,
					parentId: d.parentId,
					name: d.name,
					type: d.type,
					size: d.type === 'FILE' ? d.size : 0,
					sha256: d.type === 'FILE' ? d.sha256 : null,
					version: d.version,
					bytesKept: Boolean(d.bytes),
					appProperties: d.appProperties || [],
				})),
			),
			tokenLeaks: storage.tokenLeaks,
			uploads: storage.uploads.size,
			expirationSeconds: storage.expirationSeconds,
			messageFiles: [...this.messageFiles.entries()].map(([downloadCode, { bytes, ...info }]) => ({
				downloadCode,
				...info,
			})),
		};
	}

	snapshot() {
		return {
			tokenRequests: this.tokenRequests,
			tokensIssued: this.tokensIssued,
			requests: this.requests,
			messages: this.messages,
			groups: [...this.groups.values()].map((group) => ({
				...group,
				robotCodes: [...group.robotCodes],
			})),
			departments: Object.fromEntries(
				[...this.departments.keys()].map((id) => [id, this.departmentMembers(id)]),
			),
			media: [...this.media.entries()].map(([mediaId, { bytes, ...info }]) => ({
				mediaId,
				...info,
			})),
			readBy: Object.fromEntries([...this.readBy].map(([key, readers]) => [key, [...readers]])),
			workTasks: [...this.workTasks.values()],
			workNoticeDailyCap: this.workNoticeDailyCap,
			customRobots: [...this.customRobots.values()].map(({ sends, ...robot }) => ({
				...robot,
				sentCount: sends.filter((t) => Date.now() - t < 60000).length,
			})),
			customRobotLimits: {
				windowMs: this.customRobotWindowMs,
				perWindow: this.customRobotPerWindow,
			},
			storage: this.storageSnapshot(),
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
	CUSTOM_ROBOT_PER_WINDOW,
	CUSTOM_ROBOT_WINDOW_MS,
	DEFAULT_APP,
	DEFAULT_CUSTOM_ROBOTS,
	EmulatorCore,
	HttpReply,
	KEEP_BYTES_MAX,
	STORAGE_EXPIRATION_SECONDS,
	base64Id,
	dentryUuid,
	defaultGroups,
	defaultUsers,
	newApiError,
	oldApiError,
	requestId,
};
