'use strict';
// Enterprise storage (企业存储, dingtalk-api.md §8): upload info → PUT to the object store (oss.js)
// → commit; multipart; download info. Header token; `unionId` (the operator) is a required query
// parameter on every route and must have rights on the space.
const crypto = require('node:crypto');

const { HttpReply, base64Id, newApiError } = require('../core');
const {
	assembleUpload,
	createUploadSession,
	issueGet,
	issuePut,
	releaseSession,
} = require('../oss');
const { userByUnionId } = require('./contact');

/** ListDentries maxResults maximum (dingtalk-api.md §8.4: "maxResults(≤50)"). */
const LIST_MAX_RESULTS = 50;

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

/**
 * Rebuilds the enterprise-storage directory (default spaces, no files). Called by reset({storage:
 * true}), the new ids keep increasing, so a stale dentry or space id never aliases a new one.
 */
function resetStorage(core, { keepCounters = false } = {}) {
	const previous = core.storage;
	core.storage = defaultStorage(core.users);
	if (keepCounters && previous) {
		core.storage.nextDentryId = previous.nextDentryId;
		core.storage.nextSpaceId = previous.nextSpaceId;
	}
}

/** Who has rights on a space: a group's space follows the group's current members. */
function spaceMembers(core, space) {
	const group = space.openConversationId && core.groups.get(space.openConversationId);
	if (!group) return space.members;
	return new Set(
		group.memberUserIds.map((userId) => (core.users.get(userId) || {}).unionId).filter(Boolean),
	);
}

/** The file space of a group chat, created on first use (dingtalk-api.md §9.1). */
function groupSpace(core, openConversationId) {
	const group = core.groups.get(openConversationId);
	if (!group) return undefined;
	const known = core.storage.groupSpaces.get(openConversationId);
	if (known && core.storage.spaces.has(known)) return core.storage.spaces.get(known);
	const spaceId = String(core.storage.nextSpaceId++);
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
	core.storage.spaces.set(spaceId, space);
	core.storage.groupSpaces.set(openConversationId, spaceId);
	return space;
}

function storageSnapshot(core) {
	const storage = core.storage;
	const spaces = [...storage.spaces.values()];
	return {
		spaces: spaces.map((space) => ({
			spaceId: space.spaceId,
			name: space.name,
			ownerType: space.ownerType,
			openConversationId: space.openConversationId || null,
			members: [...spaceMembers(core, space)],
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
		// Robot message files (products/robot.js) are served by the same object store.
		messageFiles: [...core.messageFiles.entries()].map(([downloadCode, { bytes, ...info }]) => ({
			downloadCode,
			...info,
		})),
	};
}

/**
 * Enterprise storage (spaces, dentries) is directory: reset() keeps it and forgets only upload
 * sessions, issued upload URLs, token leaks and the URL lifetime setting; `{ storage: true }`
 * also rebuilds the storage directory.
 */
const state = {
	init(core) {
		resetStorage(core);
	},
	reset(core, { storage = false } = {}) {
		if (storage) resetStorage(core, { keepCounters: true });
		core.storage.uploads = new Map();
		core.storage.putTargets = new Map();
		core.storage.tokenLeaks = [];
		core.storage.expirationSeconds = STORAGE_EXPIRATION_SECONDS;
	},
	snapshot: (core) => ({ storage: storageSnapshot(core) }),
};

const REGIONS = ['ZHANGJIAKOU', 'SHENZHEN', 'SHANGHAI', 'SINGAPORE'];
const CONFLICT_STRATEGIES = [
	'AUTO_RENAME',
	'OVERWRITE',
	'RETURN_DENTRY_IF_EXISTS',
	'RETURN_ERROR_IF_EXISTS',
];
const MAX_PART_NUMBER = 10000;
const MAX_PART_NUMBERS_PER_QUERY = 30;

// ---- shared checks (convFile.js uses them too) ------------------------------------------------

/** A required parameter the gateway finds missing: 400 Missing<name>, as DingTalk's POP gateway answers. */
function missing(name) {
	return newApiError(400, `Missing${name}`, `${name} is mandatory for this action.`);
}

const isBlank = (value) => value === undefined || value === null || value === '';

/** The operator (unionId query parameter): returns {error} or {user}. Call after the Missing* checks. */
function checkOperator(core, unionId) {
	const user = userByUnionId(core, unionId);
	if (!user)
		return {
			error: newApiError(
				400,
				'invalidParameter.unionId',
				`unionId无效，用户不存在 (no user with unionId ${unionId})`,
			),
		};
	return { user };
}

function noSpacePermission(spaceId) {
	return newApiError(
		403,
		'Forbidden.AccessDenied.NoPermission',
		`操作人没有该空间的权限 (the operator has no permission on space ${spaceId})`,
	);
}

/**
 * What every storage and group-file route checks first, in DingTalk's order: the unionId query
 * parameter, the required body fields, the operator, then (for routes under a space) the space
 * and the operator's rights on it. Returns {error} or {unionId, user, body, space}.
 */
function checkRequest(core, query, body, required = [], spaceId = undefined) {
	const unionId = query.get('unionId');
	if (!unionId) return { error: missing('unionId') };
	const given = body || {};
	for (const field of required) if (isBlank(given[field])) return { error: missing(field) };
	const operator = checkOperator(core, unionId);
	if (operator.error) return operator;
	if (spaceId === undefined) return { unionId, user: operator.user, body: given };
	const access = checkSpace(core, spaceId, unionId);
	if (access.error) return access;
	return { unionId, user: operator.user, body: given, space: access.space };
}

/** The space and the operator's rights on it: returns {error} or {space}. */
function checkSpace(core, spaceId, unionId) {
	const space =
		typeof spaceId === 'string' && /^\d+$/.test(spaceId)
			? core.storage.spaces.get(spaceId)
			: undefined;
	if (!space)
		return {
			error: newApiError(
				400,
				'invalidParameter.spaceId',
				`spaceId无效，空间不存在 (no space ${spaceId})`,
			),
		};
	if (!spaceMembers(core, space).has(unionId)) return { error: noSpacePermission(space.spaceId) };
	return { space };
}

/**
 * DingTalk's file-name rules (SDK-old): leading/trailing spaces are removed; no tab * " < > |;
 * must not end with '.'. Also refused [INF]: empty names, / and \ (path separators) and other
 * control characters.
 */
function checkName(raw, field = 'name') {
	const bad = (why) => ({
		error: newApiError(
			400,
			'invalidParameter.name',
			`${field}不合法: ${why} (${JSON.stringify(raw)})`,
		),
	});
	if (typeof raw !== 'string') return bad('must be a string');
	const name = raw.replace(/^ +| +$/g, '');
	if (!name) return bad('empty');
	if (/[\t*"<>|]/.test(name)) return bad('must not contain tab * " < > |');
	if (/[\u0000-\u001f\u007f/\\]/.test(name))
		return bad('must not contain / \\ or control characters');
	if (name.endsWith('.')) return bad("must not end with '.'");
	return { name };
}

/** parentId: '0' (the root) or a folder in the space. */
function checkParent(space, parentId, field = 'parentId') {
	const id = typeof parentId === 'number' ? String(parentId) : parentId;
	if (id === '0') return { parentId: '0' };
	const folder = typeof id === 'string' ? space.dentries.get(id) : undefined;
	if (!folder || folder.type !== 'FOLDER' || folder.status !== 'NORMAL') {
		return {
			error: newApiError(
				400,
				'invalidParameter.parentId',
				`${field}无效，父目录不存在 (no folder ${parentId} in space ${space.spaceId})`,
			),
		};
	}
	return { parentId: id };
}

function extensionOf(name) {
	const dot = name.lastIndexOf('.');
	return dot > 0 ? name.slice(dot + 1) : '';
}

function pathOf(space, dentry) {
	const names = [];
	let current = dentry;
	for (let depth = 0; current && depth < 100; depth++) {
		names.unshift(current.name);
		current = current.parentId === '0' ? undefined : space.dentries.get(current.parentId);
	}
	return `/${names.join('/')}`;
}

/** A dentry as the API returns it (no sha256 / bytes). */
function dentryView(space, dentry) {
	return {
		id: dentry.id,
		uuid: dentry.uuid,
		spaceId: dentry.spaceId,
		parentId: dentry.parentId,
		name: dentry.name,
		extension: dentry.type === 'FILE' ? extensionOf(dentry.name) : '',
		size: dentry.type === 'FILE' ? dentry.size : 0,
		type: dentry.type,
		path: pathOf(space, dentry),
		version: dentry.version,
		status: dentry.status,
		storageDriver: 'DINGTALK',
		createTime: dentry.createTime,
		modifiedTime: dentry.modifiedTime,
		creatorId: dentry.creatorId,
		modifierId: dentry.modifierId,
		...(dentry.appProperties ? { appProperties: dentry.appProperties } : {}),
	};
}

function sibling(space, parentId, name) {
	for (const dentry of space.dentries.values()) {
		if (dentry.parentId === parentId && dentry.name === name && dentry.status === 'NORMAL')
			return dentry;
	}
	return undefined;
}

/** AUTO_RENAME: 'a.pdf' → 'a(1).pdf', 'a(2).pdf', …; 'README' → 'README(1)'. */
function freeName(space, parentId, name) {
	if (!sibling(space, parentId, name)) return name;
	const dot = name.lastIndexOf('.');
	const base = dot > 0 ? name.slice(0, dot) : name;
	const extension = dot > 0 ? name.slice(dot) : '';
	for (let n = 1; ; n++) {
		const candidate = `${base}(${n})${extension}`;
		if (!sibling(space, parentId, candidate)) return candidate;
	}
}

/** Adds a new FILE dentry with the given content. */
function addFile(core, space, { parentId, name, unionId, content }) {
	const now = new Date().toISOString();
	const dentry = {
		id: String(core.storage.nextDentryId++),
		uuid: dentryUuid(),
		spaceId: space.spaceId,
		parentId,
		name,
		type: 'FILE',
		version: 1,
		status: 'NORMAL',
		createTime: now,
		modifiedTime: now,
		creatorId: unionId,
		modifierId: unionId,
		size: content.size,
		sha256: content.sha256,
		bytes: content.bytes || null,
		versions: [
			{
				version: 1,
				size: content.size,
				sha256: content.sha256,
				bytes: content.bytes || null,
				at: now,
			},
		],
	};
	space.dentries.set(dentry.id, dentry);
	return dentry;
}

/** Replaces a file's content with a new version. */
function newVersion(existing, content, unionId) {
	const now = new Date().toISOString();
	existing.version += 1;
	existing.size = content.size;
	existing.sha256 = content.sha256;
	existing.bytes = content.bytes || null;
	existing.modifiedTime = now;
	existing.modifierId = unionId;
	existing.versions.push({
		version: existing.version,
		size: content.size,
		sha256: content.sha256,
		bytes: content.bytes || null,
		at: now,
	});
	return existing;
}

/** Commit option.appProperties: at most 3 per app, each {name, value, visibility PUBLIC|PRIVATE} (2023 SDK comments). */
const MAX_APP_PROPERTIES = 3;
function checkAppProperties(list) {
	if (isBlank(list)) return {};
	const bad = (why) => ({
		error: newApiError(400, 'invalidParameter.appProperties', `appProperties无效: ${why}`),
	});
	if (!Array.isArray(list)) return bad('must be an array');
	if (list.length > MAX_APP_PROPERTIES)
		return bad(`at most ${MAX_APP_PROPERTIES} (got ${list.length})`);
	for (const entry of list) {
		if (!entry || typeof entry !== 'object') return bad('entries must be objects');
		if (typeof entry.name !== 'string' || !entry.name || typeof entry.value !== 'string')
			return bad('name and value are required strings');
		if (entry.visibility !== 'PUBLIC' && entry.visibility !== 'PRIVATE')
			return bad(`visibility must be PUBLIC or PRIVATE (got ${JSON.stringify(entry.visibility)})`);
	}
	return { list: list.map(({ name, value, visibility }) => ({ name, value, visibility })) };
}

/** option: storageDriver (only DINGTALK), preferRegion, preferIntranet, preCheckParam. */
function checkOption(space, option) {
	if (isBlank(option)) return { option: {} };
	if (typeof option !== 'object' || Array.isArray(option))
		return { error: newApiError(400, 'invalidParameter.option', 'option必须是对象') };
	if (!isBlank(option.storageDriver) && option.storageDriver !== 'DINGTALK') {
		return {
			error: newApiError(
				400,
				'invalidParameter.storageDriver',
				`storageDriver不支持: ${option.storageDriver} (only DINGTALK)`,
			),
		};
	}
	if (!isBlank(option.preferRegion) && !REGIONS.includes(option.preferRegion)) {
		return {
			error: newApiError(
				400,
				'invalidParameter.preferRegion',
				`preferRegion无效: ${option.preferRegion}`,
			),
		};
	}
	if (option.preferIntranet !== undefined && typeof option.preferIntranet !== 'boolean') {
		return {
			error: newApiError(400, 'invalidParameter.preferIntranet', 'preferIntranet必须是布尔值'),
		};
	}
	const pre = option.preCheckParam;
	let preCheck = null;
	if (!isBlank(pre)) {
		if (typeof pre !== 'object' || Array.isArray(pre))
			return {
				error: newApiError(400, 'invalidParameter.preCheckParam', 'preCheckParam必须是对象'),
			};
		preCheck = {};
		if (pre.name !== undefined) {
			// Name validity only: a name that exists is no error here (a real upload with AUTO_RENAME
			// and a preCheck name that already existed came back renamed [3P]).
			const named = checkName(pre.name, 'preCheckParam.name');
			if (named.error) return named;
			preCheck.name = named.name;
		}
		if (pre.parentId !== undefined) {
			const parent = checkParent(space, pre.parentId, 'preCheckParam.parentId');
			if (parent.error) return parent;
			preCheck.parentId = parent.parentId;
		}
		if (pre.size !== undefined) {
			if (!Number.isSafeInteger(pre.size) || pre.size < 0)
				return {
					error: newApiError(400, 'invalidParameter.size', `preCheckParam.size无效: ${pre.size}`),
				};
			preCheck.size = pre.size;
		}
		if (pre.md5 !== undefined) {
			if (typeof pre.md5 !== 'string' || !/^[0-9a-f]{32}$/i.test(pre.md5))
				return {
					error: newApiError(400, 'invalidParameter.md5', `preCheckParam.md5无效: ${pre.md5}`),
				};
			preCheck.md5 = pre.md5.toLowerCase();
		}
	}
	return { option: { region: option.preferRegion || 'ZHANGJIAKOU', preCheck } };
}

function newUploadKey(core) {
	let uploadKey;
	do uploadKey = base64Id(48);
	while (core.storage.uploads.has(uploadKey));
	return uploadKey;
}

function signatureInfo(core, put, region) {
	return {
		resourceUrls: [put.url],
		internalResourceUrls: [],
		headers: put.headers,
		expirationSeconds: core.storage.expirationSeconds,
		region,
	};
}

const badUploadKey = (why) =>
	newApiError(400, 'invalidParameter.uploadKey', `uploadKey无效: ${why}`);

/** The session behind an uploadKey (not committed, not expired): {error} or {session}. */
function findSession(core, uploadKey, { multipart, spaceId } = {}) {
	const session = typeof uploadKey === 'string' ? core.storage.uploads.get(uploadKey) : undefined;
	if (!session) return { error: badUploadKey('unknown uploadKey') };
	if (spaceId !== undefined && session.spaceId !== spaceId)
		return { error: badUploadKey(`issued for space ${session.spaceId}, not ${spaceId}`) };
	if (multipart && !session.multipart)
		return { error: badUploadKey('not a multipart upload (use multiPartUploadInfos/init)') };
	if (session.committed) return { error: badUploadKey('already committed') };
	if (Date.now() > session.expiresAt)
		return { error: badUploadKey('expired; request new upload info') };
	return { session };
}

module.exports = {
	groupSpace,
	spaceMembers,
	state,
	checkName,
	checkOperator,
	checkRequest,
	checkSpace,
	dentryView,
	freeName,
	addFile,
	isBlank,
	missing,
	noSpacePermission,
	routes: [
		{
			// A folder's children (storage_1_0 ListDentries; dingtalk-api.md §8.4): unionId and parentId
			// required, at most 50 a page (maxResults), nextToken opaque; orderBy NAME | SIZE |
			// MODIFIED_TIME | CREATE_TIME, order ASC | DESC. [INF] Without orderBy: by name, ascending.
			host: 'api',
			method: 'GET',
			path: '/v1.0/storage/spaces/:spaceId/dentries',
			scope: 'Storage.File.Read',
			handle({ core, query, params }) {
				const parentId = query.get('parentId');
				if (!query.get('unionId')) return missing('unionId');
				if (isBlank(parentId)) return missing('parentId');
				const request = checkRequest(core, query, {}, [], params.spaceId);
				if (request.error) return request.error;
				const { space } = request;
				const parent = checkParent(space, parentId);
				if (parent.error) return parent.error;
				const maxResults = query.has('maxResults') ? Number(query.get('maxResults')) : 50;
				if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > LIST_MAX_RESULTS) {
					return newApiError(
						400,
						'invalidParameter.maxResults',
						`maxResults无效 (1-${LIST_MAX_RESULTS})`,
					);
				}
				const orderBy = query.get('orderBy') || 'NAME';
				const order = query.get('order') || 'ASC';
				const keys = {
					NAME: 'name',
					SIZE: 'size',
					MODIFIED_TIME: 'modifiedTime',
					CREATE_TIME: 'createTime',
				};
				if (!keys[orderBy] || !['ASC', 'DESC'].includes(order))
					return newApiError(
						400,
						'invalidParameter.orderBy',
						`orderBy/order无效: ${orderBy} ${order}`,
					);
				const key = keys[orderBy];
				const children = [...space.dentries.values()]
					.filter((d) => d.parentId === parent.parentId && d.status === 'NORMAL')
					.sort((a, b) => {
						const x = a[key] === undefined ? 0 : a[key];
						const y = b[key] === undefined ? 0 : b[key];
						const diff = x < y ? -1 : x > y ? 1 : Number(a.id) - Number(b.id);
						return order === 'DESC' ? -diff : diff;
					});
				let start = 0;
				const token = query.get('nextToken');
				if (token) {
					const decoded = /^list:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
					if (!decoded)
						return newApiError(400, 'invalidParameter.nextToken', `nextToken无效: ${token}`);
					start = Number(decoded[1]);
				}
				const page = children.slice(start, start + maxResults);
				const next = start + maxResults;
				return new HttpReply(200, {
					dentries: page.map((dentry) => dentryView(space, dentry)),
					...(next < children.length
						? { nextToken: Buffer.from(`list:${next}`).toString('base64') }
						: {}),
				});
			},
		},
		{
			// Step 1 (§8.1): a header-signed PUT URL and an uploadKey.
			host: 'api',
			method: 'POST',
			path: '/v1.0/storage/spaces/:spaceId/files/uploadInfos/query',
			scope: 'Storage.UploadInfo.Read',
			handle({ core, query, body, params }) {
				const request = checkRequest(core, query, body, ['protocol', 'multipart'], params.spaceId);
				if (request.error) return request.error;
				const { unionId, space } = request;
				body = request.body;
				if (body.protocol !== 'HEADER_SIGNATURE') {
					return newApiError(
						400,
						'DENTRY_UPLOAD_PROTOCOL_NOTSUPPORT',
						`不支持的上传协议: ${body.protocol} (only HEADER_SIGNATURE)`,
					);
				}
				// multipart: a boolean the official SDK (storage_1_0 GetFileUploadInfoRequest) marks required,
				// with `true` as its example; the 2023 SDK comments call it deprecated. Large files have their
				// own flow (multiPartUploadInfos/init), so either value gets one single-PUT URL here [INF].
				if (typeof body.multipart !== 'boolean') {
					return newApiError(
						400,
						'invalidParameter.multipart',
						`multipart必须是布尔值 (got ${JSON.stringify(body.multipart)})`,
					);
				}
				const checked = checkOption(space, body.option);
				if (checked.error) return checked.error;
				const session = createUploadSession({
					uploadKey: newUploadKey(core),
					spaceId: space.spaceId,
					unionId,
					multipart: false,
					preCheck: checked.option.preCheck,
					region: checked.option.region,
				});
				const put = issuePut(core, `${session.objectPrefix}/file`, { session, partNumber: 1 });
				core.storage.uploads.set(session.uploadKey, session);
				return new HttpReply(200, {
					protocol: 'HEADER_SIGNATURE',
					storageDriver: 'DINGTALK',
					uploadKey: session.uploadKey,
					headerSignatureInfo: signatureInfo(core, put, session.region),
				});
			},
		},
		{
			// Multipart step 1 (§8.4).
			host: 'api',
			method: 'POST',
			path: '/v1.0/storage/spaces/:spaceId/files/multiPartUploadInfos/init',
			scope: 'Storage.UploadInfo.Read',
			handle({ core, query, body, params }) {
				const request = checkRequest(core, query, body, [], params.spaceId);
				if (request.error) return request.error;
				const { unionId, space } = request;
				body = request.body;
				const checked = checkOption(space, body.option);
				if (checked.error) return checked.error;
				const session = createUploadSession({
					uploadKey: newUploadKey(core),
					spaceId: space.spaceId,
					unionId,
					multipart: true,
					preCheck: checked.option.preCheck,
					region: checked.option.region,
				});
				session.expiresAt = Date.now() + core.storage.expirationSeconds * 1000;
				core.storage.uploads.set(session.uploadKey, session);
				return new HttpReply(200, { uploadKey: session.uploadKey, storageDriver: 'DINGTALK' });
			},
		},
		{
			// Multipart step 2 (§8.4): no spaceId in the path; ≤30 part numbers per call, each 1..10000.
			host: 'api',
			method: 'POST',
			path: '/v1.0/storage/spaces/files/multiPartUploadInfos/query',
			scope: 'Storage.UploadInfo.Read',
			handle({ core, query, body }) {
				const request = checkRequest(core, query, body, ['uploadKey', 'partNumbers']);
				if (request.error) return request.error;
				const { unionId } = request;
				body = request.body;
				const found = findSession(core, body.uploadKey, { multipart: true });
				if (found.error) return found.error;
				const session = found.session;
				const access = checkSpace(core, session.spaceId, unionId);
				if (access.error) return access.error;
				const numbers = body.partNumbers;
				if (!Array.isArray(numbers) || numbers.length === 0) {
					return newApiError(400, 'invalidParameter.partNumbers', 'partNumbers必须是非空数组');
				}
				if (numbers.length > MAX_PART_NUMBERS_PER_QUERY) {
					return newApiError(
						400,
						'invalidParameter.partNumbers',
						`partNumbers最多${MAX_PART_NUMBERS_PER_QUERY}个 (got ${numbers.length})`,
					);
				}
				const wrong = numbers.filter((n) => !Number.isInteger(n) || n < 1 || n > MAX_PART_NUMBER);
				if (wrong.length) {
					const list = wrong.map((n) => JSON.stringify(n)).join(',');
					return newApiError(
						400,
						'invalidParameter.partNumbers',
						`partNumbers必须是1到${MAX_PART_NUMBER}之间的整数: ${list}`,
					);
				}
				if (
					body.option !== undefined &&
					body.option !== null &&
					(typeof body.option !== 'object' || Array.isArray(body.option))
				) {
					return newApiError(400, 'invalidParameter.option', 'option必须是对象');
				}
				const multipartHeaderSignatureInfos = numbers.map((partNumber) => {
					const put = issuePut(core, `${session.objectPrefix}/part-${partNumber}`, {
						session,
						partNumber,
					});
					return { partNumber, headerSignatureInfo: signatureInfo(core, put, session.region) };
				});
				return new HttpReply(200, { multipartHeaderSignatureInfos });
			},
		},
		{
			// Step 3 (§8.3): the uploaded object becomes a dentry.
			host: 'api',
			method: 'POST',
			path: '/v1.0/storage/spaces/:spaceId/files/commit',
			scope: 'Storage.File.Write',
			handle({ core, query, body, params }) {
				const request = checkRequest(
					core,
					query,
					body,
					['uploadKey', 'name', 'parentId'],
					params.spaceId,
				);
				if (request.error) return request.error;
				const { unionId, space } = request;
				body = request.body;
				const found = findSession(core, body.uploadKey, { spaceId: space.spaceId });
				if (found.error) return found.error;
				const session = found.session;
				const named = checkName(body.name);
				if (named.error) return named.error;
				const parent = checkParent(space, body.parentId);
				if (parent.error) return parent.error;
				const option = isBlank(body.option) ? {} : body.option;
				if (typeof option !== 'object' || Array.isArray(option))
					return newApiError(400, 'invalidParameter.option', 'option必须是对象');
				const strategy = isBlank(option.conflictStrategy) ? 'AUTO_RENAME' : option.conflictStrategy;
				if (!CONFLICT_STRATEGIES.includes(strategy)) {
					return newApiError(
						400,
						'invalidParameter.conflictStrategy',
						`conflictStrategy无效: ${strategy} (${CONFLICT_STRATEGIES.join(', ')})`,
					);
				}
				if (!isBlank(option.size) && (!Number.isSafeInteger(option.size) || option.size < 0)) {
					return newApiError(
						400,
						'invalidParameter.size',
						`option.size无效: ${JSON.stringify(option.size)}`,
					);
				}
				const properties = checkAppProperties(option.appProperties);
				if (properties.error) return properties.error;
				// overwriteDentryId (official SDK storage_1_0 CommitFileRequest): the upload becomes a new
				// version of that file of the space, whatever the name and conflict strategy say [INF].
				let overwrite;
				if (!isBlank(body.overwriteDentryId)) {
					overwrite = space.dentries.get(String(body.overwriteDentryId));
					if (!overwrite || overwrite.type !== 'FILE' || overwrite.status !== 'NORMAL') {
						return newApiError(
							400,
							'invalidParameter.dentryId',
							`overwriteDentryId无效，文件不存在 (no file ${body.overwriteDentryId} in space ${space.spaceId})`,
						);
					}
				}

				const content = assembleUpload(session);
				if (content.error === 'nothing') {
					return newApiError(
						400,
						'invalidParameter.uploadKey.notUploaded',
						'文件未上传: nothing was uploaded with this uploadKey',
					);
				}
				if (content.error === 'gap') {
					return newApiError(
						400,
						'invalidParameter.part.missing',
						`分片不连续，缺少分片: ${content.parts.join(',')}`,
					);
				}
				if (content.error === 'small') {
					const list = content.parts.map((p) => `${p.partNumber} (${p.size} bytes)`).join(', ');
					return newApiError(
						400,
						'invalidParameter.part.size',
						`除最后一个分片外，分片大小不能小于100KB (102400 bytes): ${list}`,
					);
				}
				if (!isBlank(option.size) && option.size !== content.size) {
					return newApiError(
						400,
						'invalidParameter.size',
						`文件大小不一致: option.size ${option.size}, uploaded ${content.size} bytes`,
					);
				}
				if (
					session.preCheck &&
					session.preCheck.md5 &&
					content.md5 &&
					content.md5 !== session.preCheck.md5
				) {
					return newApiError(
						400,
						'invalidParameter.md5',
						`文件md5不一致: preCheckParam.md5 ${session.preCheck.md5}, uploaded ${content.md5}`,
					);
				}

				const existing = overwrite || sibling(space, parent.parentId, named.name);
				let dentry;
				if (overwrite) {
					dentry = newVersion(overwrite, content, unionId);
				} else if (!existing) {
					dentry = addFile(core, space, {
						parentId: parent.parentId,
						name: named.name,
						unionId,
						content,
					});
				} else if (
					strategy === 'RETURN_ERROR_IF_EXISTS' ||
					(strategy === 'OVERWRITE' && existing.type !== 'FILE')
				) {
					return newApiError(
						400,
						'dentry.name.conflict',
						`文件名冲突，已存在同名${existing.type === 'FOLDER' ? '文件夹' : '文件'}: ${named.name}`,
					);
				} else if (strategy === 'RETURN_DENTRY_IF_EXISTS') {
					dentry = existing;
				} else if (strategy === 'OVERWRITE') {
					dentry = newVersion(existing, content, unionId);
				} else {
					dentry = addFile(core, space, {
						parentId: parent.parentId,
						name: freeName(space, parent.parentId, named.name),
						unionId,
						content,
					});
				}
				if (properties.list) dentry.appProperties = properties.list;
				session.committed = true;
				session.dentryId = dentry.id;
				releaseSession(session);
				return new HttpReply(200, { dentry: dentryView(space, dentry) });
			},
		},
		{
			// Download info (§8.5): a signed GET URL on the object store.
			host: 'api',
			method: 'POST',
			path: '/v1.0/storage/spaces/:spaceId/dentries/:dentryId/downloadInfos/query',
			scope: 'Storage.File.Read',
			handle({ core, query, body, params }) {
				const request = checkRequest(core, query, body, [], params.spaceId);
				if (request.error) return request.error;
				const { unionId, space } = request;
				body = request.body;
				const dentry = space.dentries.get(params.dentryId);
				if (!dentry || dentry.status !== 'NORMAL') {
					return newApiError(
						400,
						'invalidParameter.dentryId',
						`dentryId无效，文件不存在 (no file ${params.dentryId} in space ${space.spaceId})`,
					);
				}
				if (dentry.type !== 'FILE')
					return newApiError(
						400,
						'invalidParameter.dentryId',
						`只能下载文件，${params.dentryId}是文件夹`,
					);
				const option = isBlank(body.option) ? {} : body.option;
				if (typeof option !== 'object' || Array.isArray(option))
					return newApiError(400, 'invalidParameter.option', 'option必须是对象');
				let version = dentry.version;
				if (!isBlank(option.version)) {
					if (
						!Number.isInteger(option.version) ||
						!dentry.versions.some((v) => v.version === option.version)
					) {
						return newApiError(
							400,
							'invalidParameter.version',
							`version无效: ${JSON.stringify(option.version)} (versions 1..${dentry.version})`,
						);
					}
					version = option.version;
				}
				const objectKey = `dingtalk/dentries/${space.spaceId}/${dentry.id}/v${version}`;
				const get = issueGet(core, objectKey, {
					kind: 'dentry',
					spaceId: space.spaceId,
					dentryId: dentry.id,
					version,
				});
				return new HttpReply(200, {
					protocol: 'HEADER_SIGNATURE',
					headerSignatureInfo: {
						resourceUrls: [get.url],
						internalResourceUrls: [],
						headers: {},
						expirationSeconds: core.storage.expirationSeconds,
						region: 'ZHANGJIAKOU',
					},
				});
			},
		},
	],
	adminRoutes: [
		{
			// {expirationSeconds}: lifetime of signed URLs handed out from now on. reset() restores 900.
			method: 'POST',
			path: '/__emulator/storage/settings',
			handle({ core, body }) {
				if (body.expirationSeconds !== undefined) {
					if (!Number.isInteger(body.expirationSeconds) || body.expirationSeconds < 1) {
						return new HttpReply(400, { message: 'expirationSeconds must be an integer ≥ 1' });
					}
					core.storage.expirationSeconds = body.expirationSeconds;
				}
				return new HttpReply(200, { expirationSeconds: core.storage.expirationSeconds });
			},
		},
		{
			// The stored bytes of a file (current version, or ?version=n) when kept (≤ 8 MiB);
			// headers x-emulator-sha256 / x-emulator-size in any case.
			method: 'GET',
			path: '/__emulator/storage/files/:dentryId',
			handle({ core, params, query }) {
				let dentry;
				for (const space of core.storage.spaces.values())
					dentry = dentry || space.dentries.get(params.dentryId);
				if (!dentry || dentry.type !== 'FILE')
					return new HttpReply(404, { message: `no file ${params.dentryId}` });
				const wanted = query.get('version') ? Number(query.get('version')) : dentry.version;
				const version = dentry.versions.find((v) => v.version === wanted);
				if (!version)
					return new HttpReply(404, {
						message: `file ${params.dentryId} has no version ${query.get('version')}`,
					});
				const headers = {
					'x-emulator-sha256': String(version.sha256),
					'x-emulator-size': String(version.size),
				};
				if (!version.bytes) {
					return new HttpReply(
						404,
						{
							message: `bytes not kept (only files up to 8 MiB are)`,
							size: version.size,
							sha256: version.sha256,
						},
						headers,
					);
				}
				return new HttpReply(200, version.bytes, {
					...headers,
					'content-type': 'application/octet-stream',
				});
			},
		},
		{
			// Adds or replaces spaces: {spaces: [{spaceId, name?, members?: [unionId], memberUserIds?: [userId]}]}.
			// A replaced space keeps its files.
			method: 'POST',
			path: '/__emulator/storage/spaces',
			handle({ core, body }) {
				const spaces = body.spaces || [];
				if (
					!Array.isArray(spaces) ||
					spaces.some((s) => !s || typeof s.spaceId !== 'string' || !/^\d+$/.test(s.spaceId))
				) {
					return new HttpReply(400, {
						message: 'spaces must be an array of objects with a numeric-string spaceId',
					});
				}
				for (const spec of spaces) {
					const members = new Set([...(spec.members || [])].map(String));
					for (const userId of spec.memberUserIds || []) {
						const user = core.users.get(String(userId));
						if (user) members.add(user.unionId);
					}
					const existing = core.storage.spaces.get(spec.spaceId);
					if (existing) {
						existing.name = spec.name || existing.name;
						existing.members = members;
					} else {
						core.storage.spaces.set(spec.spaceId, {
							spaceId: spec.spaceId,
							name: spec.name || `Space ${spec.spaceId}`,
							ownerType: spec.ownerType || 'ORG',
							members,
							dentries: new Map(),
						});
					}
					// folders: [{name, parentId?: '0'}] in order (a parent before its children); ids are new.
					const space = core.storage.spaces.get(spec.spaceId);
					const created = [];
					for (const folder of spec.folders || []) {
						const now = new Date().toISOString();
						const id = String(core.storage.nextDentryId++);
						space.dentries.set(id, {
							id,
							uuid: dentryUuid(),
							spaceId: space.spaceId,
							parentId: String(folder.parentId === undefined ? '0' : folder.parentId),
							name: String(folder.name),
							type: 'FOLDER',
							version: 1,
							status: 'NORMAL',
							createTime: now,
							modifiedTime: now,
							creatorId: '',
							modifierId: '',
						});
						created.push(id);
					}
					if (created.length) spec.createdFolderIds = created;
				}
				return new HttpReply(200, {
					spaces: [...core.storage.spaces.keys()],
					folders: Object.fromEntries(
						spaces.map((spec) => [spec.spaceId, spec.createdFolderIds || []]),
					),
				});
			},
		},
	],
};
