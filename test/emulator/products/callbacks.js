'use strict';
// DingTalk pushing callbacks to a URL (dingtalk-api.md §10): encrypted, signed event subscription
// requests and signed robot messages, built as DingTalk builds them, with tampering for tests.
// Admin routes: POST /__emulator/push (one), POST /__emulator/pushMany (a burst).
const crypto = require('node:crypto');

const { HttpReply } = require('../core');
const { openSession } = require('./session');

function aesKey(app) {
	return Buffer.from(`${app.eventAesSecret}=`, 'base64');
}

function sign(token, timestamp, nonce, encrypt) {
	return crypto.createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

function encrypt(app, message, ownerKey) {
	const key = aesKey(app);
	const text = Buffer.from(message, 'utf8');
	const length = Buffer.alloc(4);
	length.writeUInt32BE(text.length);
	const plain = Buffer.concat([crypto.randomBytes(16), length, text, Buffer.from(ownerKey, 'utf8')]);
	const pad = 32 - (plain.length % 32);
	const cipher = crypto.createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
	cipher.setAutoPadding(false);
	return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

function decrypt(app, data) {
	const key = aesKey(app);
	const decipher = crypto.createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
	decipher.setAutoPadding(false);
	const plain = Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]);
	const body = plain.subarray(0, plain.length - plain[plain.length - 1]);
	const length = body.readUInt32BE(16);
	return { message: body.subarray(20, 20 + length).toString('utf8'), ownerKey: body.subarray(20 + length).toString('utf8') };
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
		let timestamp = String(spec.tamper === 'staleTimestamp' ? now - 2 * 3600 * 1000 : now);
		const secret = spec.tamper === 'wrongSecret' ? `${app.appSecret}x` : app.appSecret;
		const signature = crypto.createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
		if (spec.tamper === 'signature') timestamp = String(Number(timestamp) + 1);
		return { url: spec.url, headers: { 'content-type': 'application/json', timestamp, sign: signature }, body: JSON.stringify(payload), payload };
	}
	const payload = { EventType: 'chat_update_title', CorpId: app.corpId, EventTime: now, ...(spec.payload || {}) };
	const ownerKey = spec.tamper === 'ownerKey' ? 'dingSomeOtherAppKey00' : spec.ownerKey || app.appKey;
	let encrypted = encrypt(app, JSON.stringify(payload), ownerKey);
	if (spec.tamper === 'base64') encrypted = `${encrypted.slice(0, 10)}*${encrypted.slice(11)}`;
	const timestamp = String(spec.tamper === 'staleTimestamp' ? now - 2 * 3600 * 1000 : now);
	const nonce = crypto.randomBytes(8).toString('hex');
	let signature = sign(app.eventToken, timestamp, nonce, encrypted);
	if (spec.tamper === 'signature') signature = signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
	const body = spec.tamper === 'oversized' ? JSON.stringify({ encrypt: 'A'.repeat(2 * 1024 * 1024) }) : JSON.stringify({ encrypt: encrypted });
	const url = new URL(spec.url);
	url.searchParams.set('msg_signature', signature);
	url.searchParams.set('timeStamp', timestamp);
	url.searchParams.set('nonce', nonce);
	return { url: url.toString(), headers: { 'content-type': 'application/json' }, body, payload };
}

async function deliver(core, app, push) {
	const started = Date.now();
	let status = 0;
	let text = '';
	try {
		const response = await fetch(push.url, { method: 'POST', headers: push.headers, body: push.body });
		status = response.status;
		text = await response.text();
	} catch (error) {
		text = String(error && error.message);
	}
	const record = { id: core.pushes.length, kind: push.kind, url: push.url.split('?')[0], status, ms: Date.now() - started, reply: text.slice(0, 500), replyValid: false };
	if (push.kind !== 'robot' && status === 200) {
		// DingTalk accepts only the encrypted, signed "success" as an answer (§10.1).
		try {
			const reply = JSON.parse(text);
			const signatureOk = reply.msg_signature === sign(app.eventToken, reply.timeStamp, reply.nonce, reply.encrypt);
			const decrypted = decrypt(app, reply.encrypt);
			record.replyValid = signatureOk && decrypted.message === 'success' && decrypted.ownerKey === app.appKey;
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

module.exports = {
	robotPayload,
	routes: [
		{
			method: 'POST',
			path: '/__emulator/push',
			async handle({ core, emulator, body }) {
				core.pushes = core.pushes || [];
				const app = appOf(core);
				if (typeof body.replayOf === 'number') {
					const original = core.pushes[body.replayOf];
					if (!original) return new HttpReply(404, { message: 'no such push' });
					return new HttpReply(200, await deliver(core, app, { ...original.request, kind: original.kind }));
				}
				const push = { ...buildPush(core, app, body, emulator.oapiBaseUrl), kind: body.kind || 'event' };
				return new HttpReply(200, await deliver(core, app, push));
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
						const spec = { ...body, payload: { ...(body.payload || {}), [body.kind === 'robot' ? 'msgId' : 'EventId']: `burst-${i}` } };
						results[i] = await deliver(core, app, { ...buildPush(core, app, spec, emulator.oapiBaseUrl), kind: body.kind || 'event' });
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
			handle: ({ core }) => new HttpReply(200, (core.pushes || []).map(({ request }) => request.payload)),
		},
		{
			method: 'GET',
			path: '/__emulator/pushes',
			handle: ({ core }) => new HttpReply(200, (core.pushes || []).map(({ request, ...rest }) => rest)),
		},
	],
};
