'use strict';
// DingTalk pushing callbacks to a URL (dingtalk-api.md §10): encrypted, signed event subscription
// requests and signed robot messages, built as DingTalk builds them, with tampering for tests.
// Admin routes: POST /__emulator/push (one; `replayOf`: the same request again; `retryOf`: DingTalk's
// retry of an event, re-encrypted and re-signed; `deliver: false`: build and keep it, not send it),
// POST /__emulator/pushMany (a burst), POST /__emulator/push/resplits (re-splits of timestamp and
// nonce with the same signature), POST /__emulator/push/checkReply (is an answer DingTalk's success).
const crypto = require('node:crypto');

const { HttpReply } = require('../core');
const { openSession } = require('./session');

function aesKey(app) {
	return Buffer.from(`${app.eventAesSecret}=`, 'base64');
}

function sign(token, timestamp, nonce, encrypt) {
	return crypto
		.createHash('sha1')
		.update([token, timestamp, nonce, encrypt].sort().join(''))
		.digest('hex');
}

function encrypt(app, message, ownerKey) {
	const key = aesKey(app);
	const text = Buffer.from(message, 'utf8');
	const length = Buffer.alloc(4);
	length.writeUInt32BE(text.length);
	const plain = Buffer.concat([
		crypto.randomBytes(16),
		length,
		text,
		Buffer.from(ownerKey, 'utf8'),
	]);
	const pad = 32 - (plain.length % 32);
	const cipher = crypto.createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
	cipher.setAutoPadding(false);
	return Buffer.concat([
		cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])),
		cipher.final(),
	]).toString('base64');
}

function decrypt(app, data) {
	const key = aesKey(app);
	const decipher = crypto.createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
	decipher.setAutoPadding(false);
	const plain = Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]);
	const body = plain.subarray(0, plain.length - plain[plain.length - 1]);
	const length = body.readUInt32BE(16);
	return {
		message: body.subarray(20, 20 + length).toString('utf8'),
		ownerKey: body.subarray(20 + length).toString('utf8'),
	};
}

/**
 * A robot message as DingTalk posts it (§10.3), with defaults for what the test does not set. Its
 * sessionWebhook is a real session of the emulator's oapi host (products/session.js), opened for
 * the message's conversation and sender, unless the test gives its own.
 */
function robotPayload(core, app, oapiBaseUrl, payload = {}) {
	const now = Date.now();
	const message = {
		msgId: `msg${crypto.randomBytes(8).toString('hex')}`,
		msgtype: 'text',
		text: { content: ' hello robot' },
		conversationId: 'cidEmuGroup+One/AAA==',
		conversationType: '2',
		conversationTitle: 'Emulated group',
		senderId: `$:LWCP_v1:$${crypto.randomBytes(12).toString('base64')}`,
		senderNick: 'Emulated User 1',
		senderStaffId: 'user0001',
		senderCorpId: app.corpId,
		chatbotUserId: `$:LWCP_v1:$${crypto.randomBytes(12).toString('base64')}`,
		chatbotCorpId: app.corpId,
		robotCode: app.robotCode,
		isAdmin: false,
		isInAtList: true,
		atUsers: [{ dingtalkId: '$:LWCP_v1:$bot', staffId: '' }],
		createAt: now,
		...payload,
	};
	if (!Object.prototype.hasOwnProperty.call(payload, 'sessionWebhook')) {
		Object.assign(
			message,
			openSession(core, oapiBaseUrl, {
				conversationId: message.conversationId,
				conversationType: String(message.conversationType),
				senderStaffId: message.senderStaffId,
				robotCode: message.robotCode,
				expiresAt: payload.sessionWebhookExpiredTime,
			}),
		);
	}
	return message;
}

/** Builds one push (URL, headers, body) the way DingTalk would, then applies the tampering asked for. */
function buildPush(core, app, spec, oapiBaseUrl) {
	const now = Date.now();
	if (spec.kind === 'robot') {
		const payload = robotPayload(core, app, oapiBaseUrl, spec.payload);
		let timestamp = String(
			spec.tamper === 'staleTimestamp'
				? now - 2 * 3600 * 1000
				: now + (Number(spec.timestampOffsetMs) || 0),
		);
		// emptySecret: what anyone can sign when the app's secret is taken to be empty.
		const secret =
			spec.tamper === 'wrongSecret'
				? `${app.appSecret}x`
				: spec.tamper === 'emptySecret'
					? ''
					: app.appSecret;
		const signature = crypto
			.createHmac('sha256', secret)
			.update(`${timestamp}\n${secret}`)
			.digest('base64');
		if (spec.tamper === 'signature') timestamp = String(Number(timestamp) + 1);
		return {
			url: spec.url,
			headers: { 'content-type': 'application/json', timestamp, sign: signature },
			body: JSON.stringify(payload),
			payload,
		};
	}
	const payload = {
		EventType: 'chat_update_title',
		CorpId: app.corpId,
		EventTime: now,
		...(spec.payload || {}),
	};
	const ownerKey =
		spec.tamper === 'ownerKey' ? 'dingSomeOtherAppKey00' : spec.ownerKey || app.appKey;
	// `message`: the exact decrypted text to send (e.g. 'null'), for malformed-but-signed events.
	const message = typeof spec.message === 'string' ? spec.message : JSON.stringify(payload);
	let encrypted =
		spec.tamper === 'padding'
			? encryptBadPadding(app, message, ownerKey)
			: encrypt(app, message, ownerKey);
	if (spec.tamper === 'base64') encrypted = `${encrypted.slice(0, 10)}*${encrypted.slice(11)}`;
	// timestampOffsetMs: an event signed that far from now (clock skew, or one held back).
	const timestamp = String(
		spec.tamper === 'staleTimestamp'
			? now - 2 * 3600 * 1000
			: now + (Number(spec.timestampOffsetMs) || 0),
	);
	const nonce = crypto.randomBytes(8).toString('hex');
	let signature = sign(app.eventToken, timestamp, nonce, encrypted);
	if (spec.tamper === 'signature')
		signature = signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
	const body =
		spec.tamper === 'oversized'
			? JSON.stringify({ encrypt: 'A'.repeat(2 * 1024 * 1024) })
			: JSON.stringify({ encrypt: encrypted });
	const url = new URL(spec.url);
	url.searchParams.set('msg_signature', signature);
	url.searchParams.set('timeStamp', timestamp);
	url.searchParams.set('nonce', nonce);
	return {
		url: url.toString(),
		headers: { 'content-type': 'application/json' },
		body,
		payload,
		message,
	};
}

/** PKCS#7 padding where only the last byte is right (the others are zero). */
function encryptBadPadding(app, message, ownerKey) {
	const key = aesKey(app);
	const plainOf = (text) => {
		const length = Buffer.alloc(4);
		length.writeUInt32BE(Buffer.byteLength(text));
		return Buffer.concat([
			crypto.randomBytes(16),
			length,
			Buffer.from(text, 'utf8'),
			Buffer.from(ownerKey, 'utf8'),
		]);
	};
	let plain = plainOf(message);
	// A pad of 1 has no other byte to get wrong: a trailing space (still the same JSON) makes it 32.
	if (32 - (plain.length % 32) === 1) plain = plainOf(`${message} `);
	const pad = 32 - (plain.length % 32);
	const padding = Buffer.alloc(pad, 0);
	padding[pad - 1] = pad;
	const cipher = crypto.createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
	cipher.setAutoPadding(false);
	return Buffer.concat([cipher.update(Buffer.concat([plain, padding])), cipher.final()]).toString(
		'base64',
	);
}

/**
 * DingTalk's retry of an event it got no timely answer for: the same event text, encrypted
 * again and signed with a new timestamp and nonce.
 */
function retryPush(app, original) {
	const url = new URL(original.url);
	const encrypted = encrypt(app, original.message, app.appKey);
	const timestamp = String(Date.now());
	const nonce = crypto.randomBytes(8).toString('hex');
	url.searchParams.set('msg_signature', sign(app.eventToken, timestamp, nonce, encrypted));
	url.searchParams.set('timeStamp', timestamp);
	url.searchParams.set('nonce', nonce);
	return { ...original, url: url.toString(), body: JSON.stringify({ encrypt: encrypted }) };
}

/**
 * Every re-split of a signed event's timestamp‖nonce (timestamp of 10–13 digits) that keeps its
 * msg_signature valid: the signed text is the four fields sorted and joined without separators.
 */
function resplits(app, original) {
	const url = new URL(original.url);
	const signature = url.searchParams.get('msg_signature');
	const timestamp = url.searchParams.get('timeStamp');
	const nonce = url.searchParams.get('nonce');
	const encrypted = JSON.parse(original.body).encrypt;
	const found = new Map();
	for (const joined of [timestamp + nonce, nonce + timestamp]) {
		for (let cut = 1; cut < joined.length; cut++) {
			for (const [ts, n] of [
				[joined.slice(0, cut), joined.slice(cut)],
				[joined.slice(cut), joined.slice(0, cut)],
			]) {
				if (!/^\d{10,13}$/.test(ts) || (ts === timestamp && n === nonce)) continue;
				if (sign(app.eventToken, ts, n, encrypted) !== signature) continue;
				const variant = new URL(original.url);
				variant.searchParams.set('timeStamp', ts);
				variant.searchParams.set('nonce', n);
				found.set(variant.toString(), { ...original, url: variant.toString() });
			}
		}
	}
	return [...found.values()];
}

/** Whether an answer to an event push is the encrypted, signed "success" DingTalk requires. */
function replyValid(app, reply) {
	try {
		const signatureOk =
			reply.msg_signature === sign(app.eventToken, reply.timeStamp, reply.nonce, reply.encrypt);
		const decrypted = decrypt(app, reply.encrypt);
		return signatureOk && decrypted.message === 'success' && decrypted.ownerKey === app.appKey;
	} catch {
		return false;
	}
}

/** Keeps a push without sending it (`deliver: false`): the test hands it to the trigger itself. */
function keep(core, push) {
	const id = core.pushes.length;
	core.pushes.push({
		id,
		kind: push.kind,
		url: push.url.split('?')[0],
		status: 0,
		ms: 0,
		reply: '',
		replyValid: false,
		request: push,
	});
	return {
		id,
		kind: push.kind,
		url: push.url,
		headers: push.headers,
		body: push.body,
		payload: push.payload,
	};
}

async function deliver(core, app, push) {
	const started = Date.now();
	let status = 0;
	let text = '';
	try {
		const response = await fetch(push.url, {
			method: 'POST',
			headers: push.headers,
			body: push.body,
		});
		status = response.status;
		text = await response.text();
	} catch (error) {
		text = String(error && error.message);
	}
	const record = {
		id: core.pushes.length,
		kind: push.kind,
		url: push.url.split('?')[0],
		status,
		ms: Date.now() - started,
		reply: text.slice(0, 500),
		replyValid: false,
	};
	if (push.kind !== 'robot' && status === 200) {
		// DingTalk accepts only the encrypted, signed "success" as an answer (§10.1).
		try {
			record.replyValid = replyValid(app, JSON.parse(text));
		} catch {
			record.replyValid = false;
		}
	}
	if (push.kind === 'robot') record.replyValid = status === 200;
	core.pushes.push({ ...record, request: push });
	return record;
}

function appOf(core) {
	return core.apps.values().next().value;
}

/** Pushes sent to the node and what the sink received: per run. */
const state = {
	reset(core) {
		core.pushes = [];
		core.sink = [];
	},
};

module.exports = {
	state,
	buildPush,
	deliver,
	robotPayload,
	routes: [
		{
			method: 'POST',
			path: '/__emulator/push',
			async handle({ core, emulator, body }) {
				core.pushes = core.pushes || [];
				const app = appOf(core);
				const send = async (push) =>
					new HttpReply(
						200,
						body.deliver === false ? keep(core, push) : await deliver(core, app, push),
					);
				for (const field of ['replayOf', 'retryOf']) {
					if (typeof body[field] !== 'number') continue;
					const original = core.pushes[body[field]];
					if (!original) return new HttpReply(404, { message: 'no such push' });
					const again = { ...original.request, kind: original.kind };
					if (field === 'retryOf' && original.kind === 'robot')
						return new HttpReply(400, { message: 'retryOf is for events' });
					return send(field === 'retryOf' ? retryPush(app, again) : again);
				}
				return send({
					...buildPush(core, app, body, emulator.oapiBaseUrl),
					kind: body.kind || 'event',
				});
			},
		},
		{
			method: 'POST',
			path: '/__emulator/pushMany',
			async handle({ core, emulator, body }) {
				core.pushes = core.pushes || [];
				const app = appOf(core);
				const count = Number(body.count) || 1;
				const concurrency = Number(body.concurrency) || 10;
				const results = [];
				let next = 0;
				const worker = async () => {
					while (next < count) {
						const i = next++;
						const spec = {
							...body,
							payload: {
								...(body.payload || {}),
								[body.kind === 'robot' ? 'msgId' : 'EventId']: `burst-${i}`,
							},
						};
						results[i] = await deliver(core, app, {
							...buildPush(core, app, spec, emulator.oapiBaseUrl),
							kind: body.kind || 'event',
						});
					}
				};
				await Promise.all(Array.from({ length: concurrency }, worker));
				const ms = results.map((r) => r.ms).sort((a, b) => a - b);
				return new HttpReply(200, {
					sent: count,
					ok: results.filter((r) => r.status === 200).length,
					replyValid: results.filter((r) => r.replyValid).length,
					p50Ms: ms[Math.floor((ms.length - 1) * 0.5)],
					p95Ms: ms[Math.floor((ms.length - 1) * 0.95)],
					maxMs: ms[ms.length - 1],
					statuses: [...new Set(results.map((r) => r.status))],
				});
			},
		},
		{
			// The re-splits of a kept or delivered event push's timestamp and nonce that keep its signature.
			method: 'POST',
			path: '/__emulator/push/resplits',
			handle({ core, body }) {
				const original = (core.pushes || [])[body.of];
				if (!original || original.kind === 'robot')
					return new HttpReply(404, { message: 'no such event push' });
				return new HttpReply(
					200,
					resplits(appOf(core), original.request).map(({ url, headers, body: text, payload }) => ({
						url,
						headers,
						body: text,
						payload,
					})),
				);
			},
		},
		{
			// Whether an answer is the encrypted, signed "success" DingTalk requires of an event push.
			method: 'POST',
			path: '/__emulator/push/checkReply',
			handle: ({ core, body }) =>
				new HttpReply(200, { valid: replyValid(appOf(core), body.reply || {}) }),
		},
		{
			// Where e2e workflows report what they received, so lost and duplicated runs can be counted.
			method: 'POST',
			path: '/__emulator/sink',
			handle: ({ core, body }) => {
				core.sink = core.sink || [];
				core.sink.push({ at: Date.now(), body });
				return new HttpReply(200, { ok: true, count: core.sink.length });
			},
		},
		{
			method: 'GET',
			path: '/__emulator/sink',
			handle: ({ core }) => new HttpReply(200, core.sink || []),
		},
		{
			// What each push carried (robot message or event payload), e.g. a robot message's live sessionWebhook.
			method: 'GET',
			path: '/__emulator/pushes/payloads',
			handle: ({ core }) =>
				new HttpReply(
					200,
					(core.pushes || []).map(({ request }) => request.payload),
				),
		},
		{
			method: 'GET',
			path: '/__emulator/pushes',
			handle: ({ core }) =>
				new HttpReply(
					200,
					(core.pushes || []).map(({ request, ...rest }) => rest),
				),
		},
	],
};
