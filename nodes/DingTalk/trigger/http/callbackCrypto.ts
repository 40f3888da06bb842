/**
 * DingTalk callback crypto, as pure functions
 * (https://open.dingtalk.com/document/orgapp/configure-event-subcription).
 * Event subscription: msg_signature = sha1(sort([token, timestamp, nonce, encrypt]).join('')),
 * AES-256-CBC with key = base64(aes_key + '='), IV = key[0..16), PKCS#7 padding to 32 bytes,
 * plaintext = random(16) ‖ length (4, big-endian) ‖ message ‖ ownerKey.
 * Robot callbacks over HTTP: sign = base64(HMAC-SHA256(AppSecret, timestamp + "\n" + AppSecret)).
 */
import {
	createCipheriv,
	createDecipheriv,
	createHash,
	createHmac,
	randomBytes,
	timingSafeEqual,
} from 'crypto';

const BLOCK = 32;

/** Constant-time string comparison. */
export function safeEqual(a: string, b: string): boolean {
	const left = Buffer.from(a, 'utf8');
	const right = Buffer.from(b, 'utf8');
	return left.length === right.length && timingSafeEqual(left, right);
}

export function eventSignature(
	token: string,
	timestamp: string,
	nonce: string,
	encrypt: string,
): string {
	return createHash('sha1')
		.update([token, timestamp, nonce, encrypt].sort().join(''))
		.digest('hex');
}

/** The 32-byte AES key from the console's 43-character aes_key; undefined if it is not one. */
export function aesKeyBytes(aesKey: string): Buffer | undefined {
	const key = aesKey.trim();
	if (!/^[A-Za-z0-9]{43}$/.test(key)) return undefined;
	const bytes = Buffer.from(`${key}=`, 'base64');
	return bytes.length === 32 ? bytes : undefined;
}

/** Strict UTF-8 check (the decoder replaces invalid bytes with U+FFFD instead of failing). */
function isUtf8(bytes: Buffer): boolean {
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		return true;
	} catch {
		return false;
	}
}

export type DecryptResult =
	| { message: string; ownerKey: string; problem?: undefined }
	| { message?: undefined; ownerKey?: undefined; problem: string };

export function decryptEvent(key: Buffer, encrypt: string): DecryptResult {
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encrypt) || encrypt.length % 4 !== 0)
		return { problem: 'encrypt is not base64' };
	const data = Buffer.from(encrypt, 'base64');
	if (data.length === 0 || data.length % BLOCK !== 0 || data.length % 16 !== 0)
		return { problem: 'encrypt has a wrong length' };
	let plain: Buffer;
	try {
		const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
		decipher.setAutoPadding(false);
		plain = Buffer.concat([decipher.update(data), decipher.final()]);
	} catch {
		return { problem: 'encrypt cannot be decrypted with this aes_key' };
	}
	// PKCS#7: every one of the last `pad` bytes is `pad`, not only the last one.
	const pad = plain[plain.length - 1];
	if (
		pad < 1 ||
		pad > BLOCK ||
		plain.length < 20 + pad ||
		plain.subarray(plain.length - pad).some((byte) => byte !== pad)
	) {
		return { problem: 'bad padding (wrong aes_key?)' };
	}
	const body = plain.subarray(0, plain.length - pad);
	const length = body.readUInt32BE(16);
	if (20 + length > body.length) return { problem: 'bad message length (wrong aes_key?)' };
	const message = body.subarray(20, 20 + length);
	if (!isUtf8(message)) return { problem: 'the decrypted message is not UTF-8 text' };
	return {
		message: message.toString('utf8'),
		ownerKey: body.subarray(20 + length).toString('utf8'),
	};
}

export function encryptEvent(
	key: Buffer,
	message: string,
	ownerKey: string,
	random: Buffer = randomBytes(16),
): string {
	const text = Buffer.from(message, 'utf8');
	const length = Buffer.alloc(4);
	length.writeUInt32BE(text.length, 0);
	const plain = Buffer.concat([random, length, text, Buffer.from(ownerKey, 'utf8')]);
	const pad = BLOCK - (plain.length % BLOCK);
	const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
	cipher.setAutoPadding(false);
	return Buffer.concat([
		cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])),
		cipher.final(),
	]).toString('base64');
}

/** The reply DingTalk requires to every event: the encrypted string "success", signed. */
export function encryptedSuccess(
	token: string,
	key: Buffer,
	ownerKey: string,
	timestamp = String(Date.now()),
): Record<string, string> {
	const nonce = randomBytes(8).toString('hex');
	const encrypt = encryptEvent(key, 'success', ownerKey);
	return {
		msg_signature: eventSignature(token, timestamp, nonce, encrypt),
		timeStamp: timestamp,
		nonce,
		encrypt,
	};
}

export function robotSignature(appSecret: string, timestamp: string): string {
	return createHmac('sha256', appSecret).update(`${timestamp}\n${appSecret}`).digest('base64');
}
