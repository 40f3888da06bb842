'use strict';
// The object store ("OSS") behind DingTalk's storage URLs (dingtalk-api.md §8.2, §8.5, §3.5): a
// third listener, a *third-party host* from the node's point of view. Uploads are header-signed
// PUTs (`Authorization: OSS <id>:<signature>` + `x-oss-date`, string-to-sign as OSS V1 builds it,
// so an added Content-Type or Content-MD5 breaks the signature); downloads are query-signed GETs.
// A DingTalk credential reaching this host is refused and recorded in core.storage.tokenLeaks.
// Bodies are streamed: size and sha256 are computed incrementally and the bytes are kept only up
// to KEEP_BYTES_MAX (a 1 GiB benchmark upload is never buffered).
const crypto = require('node:crypto');

const { requestId } = require('./core');

/** Storage (dingtalk-api.md §8): objects up to this size keep their bytes; larger ones only size + sha256. */
const KEEP_BYTES_MAX = 8 * 1024 * 1024;

const BUCKET = 'emu-dingtalk-storage';
const ACCESS_KEY_ID = 'emu';
/** OSS: a single PUT (or part) is at most 5 GB. */
const MAX_OBJECT_BYTES = 5 * 1024 * 1024 * 1024;
/** Multipart: every part but the last must be at least 100 KB (dingtalk-api.md §8.4). */
const MIN_PART_BYTES = 100 * 1024;
/** Out-of-order parts held back (per upload) so the whole-file sha256 can still be computed. */
const PENDING_MAX_BYTES = 64 * 1024 * 1024;
const OVERFLOW = Symbol('overflow');

const CONTENT_TYPES = {
	pdf: 'application/pdf',
	txt: 'text/plain',
	csv: 'text/csv',
	json: 'application/json',
	xml: 'application/xml',
	html: 'text/html',
	md: 'text/markdown',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	bmp: 'image/bmp',
	webp: 'image/webp',
	svg: 'image/svg+xml',
	mp3: 'audio/mpeg',
	amr: 'audio/amr',
	wav: 'audio/wav',
	mp4: 'video/mp4',
	zip: 'application/zip',
	rar: 'application/vnd.rar',
	gz: 'application/gzip',
	doc: 'application/msword',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xls: 'application/vnd.ms-excel',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	ppt: 'application/vnd.ms-powerpoint',
	pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** The Content-Type a stored file is served with, judged by its name. */
function contentTypeFor(fileName) {
	const dot = String(fileName).lastIndexOf('.');
	const extension =
		dot > 0
			? String(fileName)
					.slice(dot + 1)
					.toLowerCase()
			: '';
	return CONTENT_TYPES[extension] || 'application/octet-stream';
}

/** x-oss-date as DingTalk hands it out: ISO 8601 basic, e.g. 20260528T093716Z. */
function ossDate(ms = Date.now()) {
	return new Date(ms)
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}

function canonicalOssHeaders(headers) {
	return Object.keys(headers)
		.map((name) => name.toLowerCase())
		.filter((name) => name.startsWith('x-oss-'))
		.sort()
		.map((name) => `${name}:${String(headers[name]).trim()}\n`)
		.join('');
}

/** OSS V1 string-to-sign: VERB, Content-MD5, Content-Type, Date (or Expires), x-oss-* headers, resource. */
function stringToSign({
	method,
	contentMd5 = '',
	contentType = '',
	date,
	ossHeaders = {},
	objectKey,
}) {
	return `${method}\n${contentMd5}\n${contentType}\n${date}\n${canonicalOssHeaders(ossHeaders)}/${BUCKET}/${objectKey}`;
}

function sign(core, text) {
	return crypto.createHmac('sha1', core.storage.ossSecret).update(text, 'utf8').digest('base64');
}

/**
 * When a URL issued now expires: `ms` exactly expirationSeconds from now (what the emulator
 * enforces), `seconds` the URL's integer Expires (rounded up, so it never claims less).
 */
function expiryOf(core) {
	const ms = Date.now() + core.storage.expirationSeconds * 1000;
	return { ms, seconds: Math.ceil(ms / 1000) };
}

/**
 * Issues a header-signed PUT URL for `objectKey`, writing into `target` ({session, partNumber}).
 * The PUT must carry exactly the returned headers; the URL's Expires is bound to them.
 */
function issuePut(core, objectKey, target) {
	const date = ossDate();
	const expiry = expiryOf(core);
	const expires = expiry.seconds;
	const signature = sign(
		core,
		stringToSign({ method: 'PUT', date, ossHeaders: { 'x-oss-date': date }, objectKey }),
	);
	const headers = { Authorization: `OSS ${ACCESS_KEY_ID}:${signature}`, 'x-oss-date': date };
	let entry = core.storage.putTargets.get(objectKey);
	if (!entry) {
		entry = { session: target.session, partNumber: target.partNumber, issuances: [] };
		core.storage.putTargets.set(objectKey, entry);
	}
	entry.issuances.push({
		authorization: headers.Authorization,
		date,
		expires,
		expiresMs: expiry.ms,
	});
	target.session.expiresAt = Math.max(target.session.expiresAt || 0, expiry.ms);
	return {
		url: `${core.ossBaseUrl}/oss/${objectKey}?Expires=${expires}&OSSAccessKeyId=${ACCESS_KEY_ID}`,
		headers,
		expires,
	};
}

/**
 * Issues a query-signed PUT URL for `objectKey` whose signature covers `contentType` (as an AI Table
 * attachment's uploadUrl, signed for the mediaType asked for): the PUT carries no Authorization
 * header, and a different Content-Type breaks the signature.
 */
function issueQueryPut(core, objectKey, target, contentType) {
	const expiry = expiryOf(core);
	const expires = expiry.seconds;
	const signature = sign(
		core,
		stringToSign({ method: 'PUT', contentType, date: String(expires), objectKey }),
	);
	let entry = core.storage.putTargets.get(objectKey);
	if (!entry) {
		entry = { session: target.session, partNumber: target.partNumber, issuances: [] };
		core.storage.putTargets.set(objectKey, entry);
	}
	entry.issuances.push({ signature, expires, expiresMs: expiry.ms });
	target.session.expiresAt = Math.max(target.session.expiresAt || 0, expiry.ms);
	return `${core.ossBaseUrl}/oss/${objectKey}?Expires=${expires}&OSSAccessKeyId=${ACCESS_KEY_ID}&Signature=${encodeURIComponent(signature)}`;
}

/** Checks a query-signed PUT (issueQueryPut); returns an error reply or the put target. */
function checkQueryPut(core, req, url, objectKey) {
	const expires = url.searchParams.get('Expires') || '';
	if (url.searchParams.get('OSSAccessKeyId') !== ACCESS_KEY_ID)
		return {
			error: xmlError(
				403,
				'InvalidAccessKeyId',
				'The OSS Access Key Id you provided does not exist in our records.',
			),
		};
	if (/^\d+$/.test(expires) && Date.now() / 1000 > Number(expires))
		return { error: expired(expires) };
	const text = stringToSign({
		method: 'PUT',
		contentMd5: req.headers['content-md5'] || '',
		contentType: req.headers['content-type'] || '',
		date: expires,
		ossHeaders: ossHeadersOf(req),
		objectKey,
	});
	const provided = url.searchParams.get('Signature') || '';
	const target = core.storage.putTargets.get(objectKey);
	const issuance = target && target.issuances.find((i) => i.signature === provided);
	if (sign(core, text) !== provided || !issuance)
		return {
			error: xmlError(
				403,
				'SignatureDoesNotMatch',
				'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
				{ SignatureProvided: provided, StringToSign: text },
			),
		};
	if (Date.now() > issuance.expiresMs) return { error: expired(expires) };
	return { target };
}

/**
 * Issues a query-signed GET URL for `objectKey`, serving `ref` ({kind:'dentry', spaceId,
 * dentryId, version} or {kind:'messageFile', downloadCode}). The Signature is base64 (+ / =),
 * URL-encoded once in the URL.
 */
function issueGet(core, objectKey, ref) {
	core.storage.downloads.set(objectKey, ref);
	const expiry = expiryOf(core);
	const expires = expiry.seconds;
	// Exact expiry per (object, Expires): URLs issued within the same second share the later one.
	const issued = `${objectKey}|${expires}`;
	core.storage.getExpiries.set(
		issued,
		Math.max(core.storage.getExpiries.get(issued) || 0, expiry.ms),
	);
	const signature = sign(core, stringToSign({ method: 'GET', date: String(expires), objectKey }));
	return {
		url: `${core.ossBaseUrl}/oss/${objectKey}?Expires=${expires}&OSSAccessKeyId=${ACCESS_KEY_ID}&Signature=${encodeURIComponent(signature)}`,
		expires,
	};
}

// ---- upload sessions (the bytes side; products/storage.js owns the API side) ------------------

function newChain(wantMd5) {
	return {
		next: 1, // next part number to hash
		hash: crypto.createHash('sha256'),
		md5: wantMd5 ? crypto.createHash('md5') : null,
		feeding: null, // part number streaming straight into the hash
		saved: null,
		pending: new Map(), // part number → Buffer (or OVERFLOW) waiting for its turn
		pendingBytes: 0,
		broken: false,
	};
}

/** A new upload session: {uploadKey, spaceId, unionId, multipart, preCheck, region}. */
function createUploadSession(fields) {
	const wantMd5 = Boolean(fields.preCheck && fields.preCheck.md5);
	return {
		...fields,
		createdAt: Date.now(),
		expiresAt: 0,
		committed: false,
		objectPrefix: `dingtalk/${crypto.randomBytes(12).toString('hex')}`,
		parts: new Map(), // partNumber → {partNumber, size, sha256, md5, bytes|null, at}
		keepBytes: true,
		keptBytes: 0,
		wantMd5,
		chain: fields.multipart ? newChain(wantMd5) : null,
	};
}

function dropKeptBytes(session) {
	session.keepBytes = false;
	session.keptBytes = 0;
	for (const part of session.parts.values()) part.bytes = null;
}

function catchUp(chain) {
	while (!chain.broken && chain.feeding === null && chain.pending.has(chain.next)) {
		const bytes = chain.pending.get(chain.next);
		chain.pending.delete(chain.next);
		if (bytes === OVERFLOW) {
			chain.broken = true;
			break;
		}
		chain.pendingBytes -= bytes.length;
		chain.hash.update(bytes);
		if (chain.md5) chain.md5.update(bytes);
		chain.next++;
	}
	if (chain.broken) {
		chain.pending.clear();
		chain.pendingBytes = 0;
	}
}

/**
 * Starts receiving one object (a single upload, or one part). Returns {update(chunk), finish(),
 * abort()}. The whole-file sha256 of a multipart upload is hashed in part order as parts arrive:
 * the next part streams straight into it, later ones wait (≤ PENDING_MAX_BYTES per upload).
 */
function beginObject(session, partNumber) {
	if (!session.multipart) {
		// A re-PUT replaces the single object: keeping depends on this body alone.
		session.keepBytes = true;
		session.keptBytes = 0;
		for (const part of session.parts.values()) part.bytes = null;
	}
	const sha256 = crypto.createHash('sha256');
	const md5 = session.wantMd5 && !session.multipart ? crypto.createHash('md5') : null;
	let size = 0;
	let chunks = [];
	let keeping = true;
	const chain = session.chain;
	let live = false;
	let pending = null;
	if (chain && !chain.broken) {
		if (chain.feeding === null && chain.next === partNumber) {
			live = true;
			chain.feeding = partNumber;
			chain.saved = { hash: chain.hash.copy(), md5: chain.md5 && chain.md5.copy() };
		} else if (partNumber >= chain.next) {
			pending = [];
		}
	}
	let done = false;
	return {
		update(chunk) {
			size += chunk.length;
			sha256.update(chunk);
			if (md5) md5.update(chunk);
			if (live) {
				chain.hash.update(chunk);
				if (chain.md5) chain.md5.update(chunk);
			}
			if (keeping) {
				if (session.keepBytes && session.keptBytes + size <= KEEP_BYTES_MAX) chunks.push(chunk);
				else {
					keeping = false;
					chunks = [];
				}
			}
			if (pending && pending !== OVERFLOW) {
				if (chain.pendingBytes + size <= PENDING_MAX_BYTES) pending.push(chunk);
				else pending = OVERFLOW;
			}
			return size;
		},
		finish() {
			done = true;
			const record = {
				partNumber,
				size,
				sha256: sha256.digest('hex'),
				md5: md5 ? md5.digest('hex') : null,
				bytes: null,
				at: Date.now(),
			};
			const previous = session.parts.get(partNumber);
			if (previous && previous.bytes) session.keptBytes -= previous.size;
			if (keeping && session.keepBytes && session.keptBytes + size <= KEEP_BYTES_MAX) {
				record.bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
				session.keptBytes += size;
			} else if (session.keepBytes) {
				dropKeptBytes(session);
			}
			session.parts.set(partNumber, record);
			if (chain) {
				if (live) {
					chain.feeding = null;
					chain.saved = null;
					chain.next = partNumber + 1;
					const stale = chain.pending.get(partNumber);
					if (stale && stale !== OVERFLOW) chain.pendingBytes -= stale.length;
					chain.pending.delete(partNumber);
				} else if (partNumber < chain.next) {
					// Already hashed: a retry with the same bytes changes nothing, other bytes do.
					if (!previous || previous.sha256 !== record.sha256) chain.broken = true;
				} else if (!chain.broken) {
					const old = chain.pending.get(partNumber);
					if (old && old !== OVERFLOW) chain.pendingBytes -= old.length;
					if (pending && pending !== OVERFLOW) {
						const bytes = record.bytes || Buffer.concat(pending, size);
						chain.pending.set(partNumber, bytes);
						chain.pendingBytes += size;
					} else {
						chain.pending.set(partNumber, OVERFLOW);
					}
				}
				catchUp(chain);
			}
			return record;
		},
		abort() {
			if (done) return;
			done = true;
			if (live) {
				chain.hash = chain.saved.hash;
				chain.md5 = chain.saved.md5;
				chain.saved = null;
				chain.feeding = null;
				catchUp(chain);
			}
		},
	};
}

/**
 * The uploaded file of a session: {size, sha256, md5, bytes, partSizes} or {error: 'nothing' |
 * 'gap' | 'small', parts}. Multipart parts are assembled in partNumber order. sha256 is null only
 * when parts larger than the keep limit arrived out of order beyond what could be held back.
 */
function assembleUpload(session) {
	const numbers = [...session.parts.keys()].sort((a, b) => a - b);
	if (numbers.length === 0) return { error: 'nothing' };
	if (!session.multipart) {
		const part = session.parts.get(numbers[0]);
		return {
			size: part.size,
			sha256: part.sha256,
			md5: part.md5,
			bytes: part.bytes,
			partSizes: [part.size],
		};
	}
	const max = numbers[numbers.length - 1];
	const missing = [];
	for (let n = 1; n <= max; n++) if (!session.parts.has(n)) missing.push(n);
	if (missing.length) return { error: 'gap', parts: missing };
	const parts = numbers.map((n) => session.parts.get(n));
	const small = parts.slice(0, -1).filter((part) => part.size < MIN_PART_BYTES);
	if (small.length)
		return {
			error: 'small',
			parts: small.map((part) => ({ partNumber: part.partNumber, size: part.size })),
		};
	const size = parts.reduce((sum, part) => sum + part.size, 0);
	let sha256 = null;
	let md5 = null;
	let bytes = null;
	if (parts.every((part) => part.bytes)) {
		bytes = Buffer.concat(
			parts.map((part) => part.bytes),
			size,
		);
		sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
		if (session.wantMd5) md5 = crypto.createHash('md5').update(bytes).digest('hex');
	} else {
		const chain = session.chain;
		if (chain && !chain.broken && chain.feeding === null && chain.next === max + 1) {
			sha256 = chain.hash.copy().digest('hex');
			if (chain.md5) md5 = chain.md5.copy().digest('hex');
		}
	}
	return { size, sha256, md5, bytes, partSizes: parts.map((part) => part.size) };
}

/** Frees a committed session's bytes (they now live on the dentry). */
function releaseSession(session) {
	session.parts = new Map();
	session.chain = null;
	session.keptBytes = 0;
}

// ---- the HTTP side ----------------------------------------------------------------------------

function escapeXml(text) {
	return String(text).replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c],
	);
}

function xmlError(status, code, message, extra = {}) {
	const id = requestId().replace(/-/g, '').slice(0, 24);
	const fields = {
		Code: code,
		Message: message,
		RequestId: id,
		HostId: `${BUCKET}.oss-emulator`,
		...extra,
	};
	const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n${Object.entries(fields)
		.map(([key, value]) => `  <${key}>${escapeXml(value)}</${key}>`)
		.join('\n')}\n</Error>\n`;
	return { status, body, headers: { 'content-type': 'application/xml', 'x-oss-request-id': id } };
}

function sendReply(res, reply) {
	const body = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body || '', 'utf8');
	res.writeHead(reply.status, { 'content-length': body.length, ...reply.headers });
	res.end(body);
}

/** Reads and discards the rest of a request body. */
function drain(req) {
	return new Promise((resolve) => {
		if (req.complete) return resolve();
		req.on('end', resolve);
		req.on('close', resolve);
		req.on('error', resolve);
		req.resume();
	});
}

/** Waits until `bytes` bytes of the body arrived (or it ended). */
function readSome(req, bytes) {
	return new Promise((resolve) => {
		let seen = 0;
		const finish = () => {
			req.removeListener('data', onData);
			req.pause();
			resolve(seen);
		};
		const onData = (chunk) => {
			seen += chunk.length;
			if (seen >= bytes) finish();
		};
		req.on('data', onData);
		req.on('end', finish);
		req.on('close', finish);
	});
}

/** Streams a body into `onChunk`; resolves true when it arrived whole, false when cut off. */
function receive(req, onChunk) {
	return new Promise((resolve) => {
		let settled = false;
		const settle = (complete) => {
			if (!settled) {
				settled = true;
				resolve(complete);
			}
		};
		req.on('data', (chunk) => {
			if (settled) return;
			if (onChunk(chunk) === false) {
				settle(false);
				req.resume();
			}
		});
		req.on('end', () => settle(true));
		req.on('close', () => settle(req.complete));
		req.on('error', () => settle(false));
	});
}

/**
 * Where a DingTalk credential appears in a request to the object store: the new-API token
 * header, access_token in the query, an Authorization that is not an OSS signature, or any issued
 * token or app secret in any header, query value or the path.
 */
function credentialLeaks(core, req, url) {
	const wheres = [];
	const add = (where) => {
		if (!wheres.includes(where)) wheres.push(where);
	};
	if (req.headers['x-acs-dingtalk-access-token'] !== undefined)
		add('header:x-acs-dingtalk-access-token');
	if (url.searchParams.has('access_token')) add('query:access_token');
	const authorization = req.headers.authorization;
	if (authorization !== undefined && !/^OSS [^\s:]+:\S+$/.test(authorization))
		add('header:authorization');
	const secrets = [
		...core.tokens.keys(),
		...[...core.apps.values()].flatMap((app) => [
			app.appSecret,
			app.eventAesSecret,
			app.eventToken,
		]),
		...[...core.customRobots.values()].flatMap((robot) => [robot.accessToken, robot.secret]),
	].filter((secret) => typeof secret === 'string' && secret.length >= 8);
	const holds = (value) => secrets.some((secret) => String(value).includes(secret));
	for (const [name, value] of Object.entries(req.headers))
		if (holds(Array.isArray(value) ? value.join(',') : value)) add(`header:${name}`);
	for (const [name, value] of url.searchParams) if (holds(value)) add(`query:${name}`);
	let decodedPath = url.pathname;
	try {
		decodedPath = decodeURIComponent(url.pathname);
	} catch {
		// keep the raw path
	}
	if (holds(decodedPath)) add('path');
	return wheres;
}

function ossHeadersOf(req) {
	const headers = {};
	for (const [name, value] of Object.entries(req.headers))
		if (name.startsWith('x-oss-')) headers[name] = Array.isArray(value) ? value.join(',') : value;
	return headers;
}

const expired = (expires) =>
	xmlError(403, 'AccessDenied', 'Request has expired.', {
		Expires: new Date(Number(expires) * 1000).toISOString(),
		ServerTime: new Date().toISOString(),
	});

/** Checks a header-signed PUT; returns an error reply or the put target. */
function checkPut(core, req, url, objectKey) {
	const authorization = req.headers.authorization;
	if (!authorization && url.searchParams.has('Signature'))
		return checkQueryPut(core, req, url, objectKey);
	if (!authorization)
		return {
			error: xmlError(
				403,
				'AccessDenied',
				'AccessDenied: anonymous access is forbidden for this operation.',
			),
		};
	const match = /^OSS ([^\s:]+):(\S+)$/.exec(authorization);
	if (!match)
		return { error: xmlError(400, 'InvalidArgument', 'Authorization header is invalid.') };
	if (match[1] !== ACCESS_KEY_ID) {
		return {
			error: xmlError(
				403,
				'InvalidAccessKeyId',
				'The OSS Access Key Id you provided does not exist in our records.',
				{ OSSAccessKeyId: match[1] },
			),
		};
	}
	const expires = url.searchParams.get('Expires') || '';
	if (/^\d+$/.test(expires) && Date.now() / 1000 > Number(expires))
		return { error: expired(expires) };
	const date = req.headers['x-oss-date'] || req.headers.date || '';
	const text = stringToSign({
		method: 'PUT',
		contentMd5: req.headers['content-md5'] || '',
		contentType: req.headers['content-type'] || '',
		date,
		ossHeaders: ossHeadersOf(req),
		objectKey,
	});
	const mismatch = xmlError(
		403,
		'SignatureDoesNotMatch',
		'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
		{ OSSAccessKeyId: match[1], SignatureProvided: match[2], StringToSign: text },
	);
	if (sign(core, text) !== match[2]) return { error: mismatch };
	// The signature holds; the URL's Expires and the headers must also be one issued set.
	const target = core.storage.putTargets.get(objectKey);
	const issuance =
		target &&
		target.issuances.find(
			(i) => i.authorization === authorization && i.date === date && String(i.expires) === expires,
		);
	if (!issuance) return { error: mismatch };
	if (Date.now() > issuance.expiresMs) return { error: expired(expires) };
	if (url.searchParams.get('OSSAccessKeyId') !== ACCESS_KEY_ID) return { error: mismatch };
	return { target };
}

async function handlePut(core, req, res, url, objectKey, entry) {
	const checked = checkPut(core, req, url, objectKey);
	if (checked.error) {
		await drain(req);
		entry.status = checked.error.status;
		entry.outcome = 'rejected';
		entry.response = /<Code>([^<]*)<\/Code>/.exec(checked.error.body)[1];
		return sendReply(res, checked.error);
	}
	const { session, partNumber } = checked.target;
	const object = beginObject(session, partNumber);
	let tooLarge = false;
	const complete = await receive(req, (chunk) => {
		if (object.update(chunk) > MAX_OBJECT_BYTES) {
			tooLarge = true;
			return false;
		}
		return true;
	});
	if (tooLarge) {
		object.abort();
		await drain(req);
		const reply = xmlError(
			400,
			'EntityTooLarge',
			'Your proposed upload exceeds the maximum allowed object size.',
		);
		entry.status = 400;
		entry.outcome = 'rejected';
		return sendReply(res, reply);
	}
	if (!complete) {
		object.abort();
		entry.outcome = 'aborted';
		return;
	}
	const record = object.finish();
	entry.bodyBytes = record.size;
	entry.partNumber = session.multipart ? partNumber : undefined;
	entry.status = 200;
	entry.outcome = 'ok';
	if (core.takeRule('oss', url.pathname, 'drop-after')) {
		// Stored, but the answer never reaches the caller.
		entry.outcome = 'dropped-after';
		req.socket.destroy();
		return;
	}
	sendReply(res, {
		status: 200,
		body: '',
		headers: {
			etag: `"${record.sha256.slice(0, 32).toUpperCase()}"`,
			'x-oss-request-id': requestId().replace(/-/g, '').slice(0, 24),
		},
	});
}

/** What a download object serves: {bytes, size, sha256, fileName, contentType} or undefined. */
function resolveDownload(core, ref) {
	if (!ref) return undefined;
	if (ref.kind === 'dentry') {
		const space = core.storage.spaces.get(ref.spaceId);
		const dentry = space && space.dentries.get(ref.dentryId);
		const version = dentry && (dentry.versions || []).find((v) => v.version === ref.version);
		if (!version) return undefined;
		return { ...version, fileName: dentry.name, contentType: contentTypeFor(dentry.name) };
	}
	if (ref.kind === 'messageFile') {
		const file = core.messageFiles.get(ref.downloadCode);
		return file && { ...file };
	}
	return undefined;
}

/** RFC 5987 value for filename*: UTF-8, percent-encoded (also ' ( ) *). */
function encodeRfc5987(value) {
	return encodeURIComponent(value).replace(
		/['()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
	);
}

function handleGet(core, req, res, url, objectKey, entry) {
	const reply = (error) => {
		entry.status = error.status;
		entry.outcome = 'rejected';
		entry.response = /<Code>([^<]*)<\/Code>/.exec(error.body)[1];
		return sendReply(res, error);
	};
	const signature = url.searchParams.get('Signature');
	const expires = url.searchParams.get('Expires') || '';
	if (!signature)
		return reply(
			xmlError(
				403,
				'AccessDenied',
				'You have no right to access this object because of bucket acl.',
			),
		);
	const keyId = url.searchParams.get('OSSAccessKeyId');
	if (keyId !== ACCESS_KEY_ID) {
		return reply(
			xmlError(
				403,
				'InvalidAccessKeyId',
				'The OSS Access Key Id you provided does not exist in our records.',
				{ OSSAccessKeyId: keyId || '' },
			),
		);
	}
	if (!/^\d+$/.test(expires))
		return reply(xmlError(403, 'AccessDenied', 'Invalid Expires in the query string.'));
	if (Date.now() / 1000 > Number(expires)) return reply(expired(expires));
	const text = stringToSign({
		method: req.method,
		contentMd5: req.headers['content-md5'] || '',
		contentType: req.headers['content-type'] || '',
		date: expires,
		ossHeaders: ossHeadersOf(req),
		objectKey,
	});
	if (sign(core, text) !== signature) {
		return reply(
			xmlError(
				403,
				'SignatureDoesNotMatch',
				'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
				{ OSSAccessKeyId: keyId, SignatureProvided: signature, StringToSign: text },
			),
		);
	}
	const exactMs = core.storage.getExpiries.get(`${objectKey}|${expires}`);
	if (exactMs !== undefined && Date.now() > exactMs) return reply(expired(expires));
	const content = resolveDownload(core, core.storage.downloads.get(objectKey));
	if (!content)
		return reply(
			xmlError(404, 'NoSuchKey', 'The specified key does not exist.', { Key: objectKey }),
		);
	if (!content.bytes) {
		// [INF] Files above the keep limit exist only as size + sha256 in the emulator.
		return reply(
			xmlError(
				500,
				'EmulatorContentNotKept',
				`The emulator keeps only files up to ${KEEP_BYTES_MAX} bytes; this one has ${content.size} (sha256 ${content.sha256}).`,
			),
		);
	}
	entry.status = 200;
	entry.outcome = 'ok';
	entry.bodyBytes = content.bytes.length;
	if (core.takeRule('oss', url.pathname, 'drop-after')) {
		entry.outcome = 'dropped-after';
		req.socket.destroy();
		return;
	}
	sendReply(res, {
		status: 200,
		body: content.bytes,
		headers: {
			'content-type': content.contentType || 'application/octet-stream',
			'content-disposition': `attachment; filename*=UTF-8''${encodeRfc5987(content.fileName || 'file')}`,
			etag: `"${String(content.sha256).slice(0, 32).toUpperCase()}"`,
			'x-oss-request-id': requestId().replace(/-/g, '').slice(0, 24),
		},
	});
}

function delay(ms) {
	return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** The object store's request handler (host kind 'oss' for the request log and fault rules). */
function createOssHandler(core) {
	let putsInFlight = 0;
	return async (req, res) => {
		const url = new URL(req.url, 'http://oss');
		const path = url.pathname;
		// PUTs in flight when this one arrived, itself included: tests read the highest.
		const isPut = req.method === 'PUT';
		if (isPut) putsInFlight++;
		res.once('close', () => {
			if (isPut) putsInFlight--;
		});
		const entry = core.log({
			...(isPut ? { putsInFlight } : {}),
			host: 'oss',
			method: req.method,
			path,
			// Signatures and any access_token are credentials: never logged.
			query: Object.fromEntries(
				[...url.searchParams].map(([k, v]) => [
					k,
					k === 'access_token' ? '<token>' : k === 'Signature' ? '<signature>' : v,
				]),
			),
			tokenInHeader: Boolean(req.headers['x-acs-dingtalk-access-token']),
			tokenInQuery: url.searchParams.has('access_token'),
			contentType: req.headers['content-type'] || null,
			signedHeaders: Boolean(req.headers.authorization && req.headers['x-oss-date']),
		});
		try {
			// A credential that reached this host leaked, whatever else happens to the request.
			const leaks = credentialLeaks(core, req, url);
			if (leaks.length) {
				for (const where of leaks) core.storage.tokenLeaks.push({ path, where });
				await drain(req);
				entry.status = 403;
				entry.outcome = 'token-leak';
				entry.leaks = leaks;
				return sendReply(
					res,
					xmlError(
						403,
						'AccessDenied',
						`A DingTalk credential reached the object store (${leaks.join(', ')}). Signed storage URLs are a ` +
							'third-party host: send exactly the signed headers and never the access token.',
					),
				);
			}

			await delay(core.faults.latencyMs);
			const latencyRule = core.takeRule('oss', path, 'latency');
			if (latencyRule) await delay(latencyRule.ms);

			const dropRule = core.takeRule('oss', path, 'drop-before');
			if (dropRule) {
				// afterBytes: cut the connection once that much of the body arrived (a part dropped mid-upload).
				entry.outcome = 'dropped-before';
				if (dropRule.afterBytes > 0) entry.bodyBytes = await readSome(req, dropRule.afterBytes);
				req.socket.destroy();
				return;
			}
			const statusRule = core.takeRule('oss', path, 'status');
			if (statusRule) {
				await drain(req);
				entry.status = statusRule.status || 500;
				entry.outcome = 'fault-status';
				const body = statusRule.body;
				if (statusRule.location) {
					const location = `${statusRule.location}${statusRule.keepQuery ? url.search : ''}`;
					return sendReply(res, { status: entry.status, body: '', headers: { location } });
				}
				if (body === undefined || body === null) {
					return sendReply(
						res,
						xmlError(
							entry.status,
							entry.status === 503 ? 'ServiceUnavailable' : 'InternalError',
							'We encountered an internal error. Please try again.',
						),
					);
				}
				return sendReply(
					res,
					typeof body === 'string'
						? { status: entry.status, body, headers: { 'content-type': 'application/xml' } }
						: {
								status: entry.status,
								body: JSON.stringify(body),
								headers: { 'content-type': 'application/json' },
							},
				);
			}

			const match = /^\/oss\/(.+)$/.exec(path);
			let objectKey;
			try {
				objectKey = match && decodeURIComponent(match[1]);
			} catch {
				objectKey = undefined;
			}
			if (!objectKey) {
				await drain(req);
				entry.status = 404;
				entry.outcome = 'rejected';
				return sendReply(res, xmlError(404, 'NoSuchKey', 'The specified key does not exist.'));
			}
			if (req.method === 'PUT') return await handlePut(core, req, res, url, objectKey, entry);
			if (req.method === 'GET') {
				await drain(req);
				return handleGet(core, req, res, url, objectKey, entry);
			}
			await drain(req);
			entry.status = 405;
			entry.outcome = 'rejected';
			return sendReply(
				res,
				xmlError(
					405,
					'MethodNotAllowed',
					'The specified method is not allowed against this resource.',
					{ Method: req.method },
				),
			);
		} catch (error) {
			entry.outcome = 'emulator-error';
			if (!res.headersSent)
				sendReply(res, xmlError(500, 'EmulatorError', String(error && error.message)));
		}
	};
}

module.exports = {
	ACCESS_KEY_ID,
	BUCKET,
	MIN_PART_BYTES,
	assembleUpload,
	beginObject,
	contentTypeFor,
	createOssHandler,
	createUploadSession,
	issueGet,
	issuePut,
	issueQueryPut,
	releaseSession,
	stringToSign,
};
