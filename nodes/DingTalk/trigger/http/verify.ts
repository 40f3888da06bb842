/**
 * Whether an HTTP callback really comes from DingTalk, for this app, now and once: signature,
 * timestamp window and replay memory, then (events) decryption and the owner key. A callback that
 * fails any check becomes a refusal (HTTP status and reason); nothing here answers or starts a run.
 * Events: https://open.dingtalk.com/document/orgapp/configure-event-subcription
 * Robot messages: https://open.dingtalk.com/document/orgapp/receive-message
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { createHash } from 'crypto';

import { signatureMemory } from '../replayMemory';
import {
	aesKeyBytes,
	decryptEvent,
	eventSignature,
	robotSignature,
	safeEqual,
} from './callbackCrypto';

export interface Refusal {
	status: number;
	reason: string;
}

/** One HTTP request as n8n parsed it. */
export interface CallbackRequest {
	query: IDataObject;
	headers: IDataObject;
	body: unknown;
}

/** A verified, decrypted event: its payload and what the answer to it is encrypted with. */
export interface VerifiedEvent {
	payload: IDataObject;
	/** The decrypted event text, as DingTalk signed it. */
	message: string;
	token: string;
	key: Buffer;
	owner: string;
}

const MAX_ENCRYPT_LENGTH = 1024 * 1024;
/** How long a re-split of the same signed text could still pass the timestamp check (10 digits truncate up to 999 ms). */
const RESPLIT_MARGIN_MS = 1000;

const refusal = (status: number, reason: string): { refusal: Refusal } => ({
	refusal: { status, reason },
});

/** Event timestamps come in ms (13 digits) or s (10 digits, the official test vector); nothing else. */
function timestampMs(value: string): number | undefined {
	if (/^\d{13}$/.test(value)) return Number(value);
	if (/^\d{10}$/.test(value)) return Number(value) * 1000;
	return undefined;
}

/** One query value as text; a repeated parameter (an array) is not a DingTalk callback. */
function queryText(query: IDataObject, ...names: string[]): string {
	for (const name of names) {
		const value = query[name];
		if (value !== undefined) return typeof value === 'string' ? value : '';
	}
	return '';
}

export function verifyEvent(
	credentials: ICredentialDataDecryptedObject,
	ownerKey: 'appKey' | 'corpId',
	maxSkewMs: number,
	request: CallbackRequest,
): { event: VerifiedEvent; refusal?: undefined } | { refusal: Refusal } {
	const token = String(credentials.eventToken ?? '').trim();
	const key = aesKeyBytes(String(credentials.eventAesSecret ?? ''));
	if (!token || !key) {
		return refusal(
			500,
			'the DingTalk API credential lacks a valid Event Encryption Key (43 characters) or Event Signing Token',
		);
	}
	const query = request.query ?? {};
	const body = request.body as IDataObject;
	const signature = queryText(query, 'msg_signature', 'signature');
	const timestamp = queryText(query, 'timeStamp', 'timestamp');
	const nonce = queryText(query, 'nonce');
	const encrypt = typeof body?.encrypt === 'string' ? body.encrypt : '';
	const signedAt = timestampMs(timestamp);
	if (!signature || signedAt === undefined || !nonce || !encrypt) {
		return refusal(
			400,
			'not a DingTalk event: msg_signature, timeStamp (10 or 13 digits), nonce or encrypt missing',
		);
	}
	if (encrypt.length > MAX_ENCRYPT_LENGTH) return refusal(413, 'encrypted payload too large');
	const expected = eventSignature(token, timestamp, nonce, encrypt);
	if (!safeEqual(expected, signature)) {
		return refusal(403, 'signature mismatch (check the Event Signing Token)');
	}
	const now = Date.now();
	if (Math.abs(now - signedAt) > maxSkewMs) return refusal(403, 'stale timestamp');
	// The signature covers sort(token, timestamp, nonce, encrypt) joined without separators, so the
	// same signature can be re-split into another timestamp and nonce: remember what is signed (the
	// signature, with the payload it covers), for as long as any such re-split could pass the
	// timestamp check.
	const signed = `event:${expected}:${createHash('sha256').update(encrypt).digest('hex')}`;
	if (!signatureMemory.claim(signed, signedAt + maxSkewMs + RESPLIT_MARGIN_MS, now))
		return refusal(403, 'replayed callback');
	const decrypted = decryptEvent(key, encrypt);
	if (decrypted.problem !== undefined) return refusal(400, decrypted.problem);
	const owner = String(
		(ownerKey === 'corpId' ? credentials.corpId : credentials.clientId) ?? '',
	).trim();
	if (!owner || !safeEqual(decrypted.ownerKey, owner)) {
		return refusal(
			403,
			'owner key mismatch: the event is for another app (or set Options → Owner Key)',
		);
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(decrypted.message);
	} catch {
		return refusal(400, 'decrypted payload is not JSON');
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		return refusal(
			400,
			`decrypted payload is not a JSON object (it is ${parsed === null ? 'null' : Array.isArray(parsed) ? 'a list' : `a ${typeof parsed}`})`,
		);
	}
	return {
		event: { payload: parsed as IDataObject, message: decrypted.message, token, key, owner },
	};
}

/** A robot message: signed over its timestamp with the app's Client Secret (the body is not signed). */
export function verifyRobotMessage(
	credentials: ICredentialDataDecryptedObject,
	maxSkewMs: number,
	request: CallbackRequest,
): { payload: IDataObject; refusal?: undefined } | { refusal: Refusal } {
	const secret = String(credentials.clientSecret ?? '').trim();
	if (!secret)
		return refusal(
			500,
			'the DingTalk API credential has no Client Secret, which robot messages are signed with',
		);
	const headers = request.headers ?? {};
	const timestamp = typeof headers.timestamp === 'string' ? headers.timestamp : '';
	const sign = typeof headers.sign === 'string' ? headers.sign : '';
	if (!/^\d{13}$/.test(timestamp) || !sign)
		return refusal(400, 'not a DingTalk robot callback: timestamp or sign header missing');
	// DingTalk accepts robot callbacks up to 1 h from their timestamp
	// (https://open.dingtalk.com/document/orgapp/receive-message); the option can only narrow that.
	const skewMs = Math.min(maxSkewMs, 3600 * 1000);
	const now = Date.now();
	if (Math.abs(now - Number(timestamp)) > skewMs) return refusal(403, 'stale timestamp');
	if (!safeEqual(robotSignature(secret, timestamp), sign)) {
		return refusal(
			403,
			"signature mismatch (the message was not signed with this app's Client Secret)",
		);
	}
	const payload = request.body as IDataObject;
	if (!payload || typeof payload !== 'object' || Array.isArray(payload) || !payload.msgtype)
		return refusal(400, 'not a robot message');
	// The sign covers only the timestamp, not the body (DingTalk's protocol): a request is
	// remembered by its sign and message id until its timestamp is stale.
	const msgId =
		typeof payload.msgId === 'string' && payload.msgId
			? payload.msgId
			: createHash('sha256').update(JSON.stringify(payload)).digest('hex');
	if (!signatureMemory.claim(`robot:${sign}:${msgId}`, Number(timestamp) + skewMs, now))
		return refusal(403, 'replayed robot message');
	return { payload };
}
