import { createCipheriv, createDecipheriv, randomBytes } from 'crypto';

import {
	aesKeyBytes,
	decryptEvent,
	encryptEvent,
	encryptedSuccess,
	eventSignature,
	robotSignature,
	safeEqual,
} from '../../../../nodes/DingTalk/trigger/http/callbackCrypto';

/** DingTalk's official test vector (dingtalk-api.md §10.1). */
const VECTOR = {
	signingToken: '123456',
	encryption: ['1234567890', '1234567890', '1234567890', '1234567890', '123'].join(''),
	owner: ['ding', 'snotzck6pm5veliw'].join(''),
	signature: '9a95a004dd16f5c307e849b994173f76aa26e5eb',
	timestamp: '1614767836',
	nonce: 'A7Co0cJLMzIDtMMI',
	encrypt:
		'YvkvaGe4hQxd3VxRmEty0dVlnCOAqwf56xwTRHDHoOURqhalbmBJQk5FNcRk42Gl5T0YQXZNwpwWSm1xAFJ5ZA==',
};

describe('event subscription crypto: the official test vector', () => {
	it('computes the signature', () => {
		expect(
			eventSignature(VECTOR.signingToken, VECTOR.timestamp, VECTOR.nonce, VECTOR.encrypt),
		).toBe(VECTOR.signature);
	});

	it('decrypts to "success" with the owner key', () => {
		const key = aesKeyBytes(VECTOR.encryption)!;
		expect(key).toHaveLength(32);
		expect(decryptEvent(key, VECTOR.encrypt)).toEqual({
			message: 'success',
			ownerKey: VECTOR.owner,
		});
	});

	it('re-encrypting with the same 16 random bytes reproduces the ciphertext byte for byte', () => {
		const key = aesKeyBytes(VECTOR.encryption)!;
		// The random prefix is plaintext block 0: decrypt the ciphertext without unpadding to read it.
		const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
		decipher.setAutoPadding(false);
		const plain = Buffer.concat([
			decipher.update(Buffer.from(VECTOR.encrypt, 'base64')),
			decipher.final(),
		]);
		expect(encryptEvent(key, 'success', VECTOR.owner, plain.subarray(0, 16))).toBe(VECTOR.encrypt);
	});
});

describe('round trips and failures', () => {
	const key = aesKeyBytes('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ')!;

	it('encrypts and decrypts any JSON, padding to 32-byte blocks', () => {
		for (const length of [0, 1, 11, 12, 31, 32, 100, 1000]) {
			const message = JSON.stringify({ EventType: 'x', data: '钉'.repeat(length) });
			const encrypted = encryptEvent(key, message, 'dingAppKey');
			expect(Buffer.from(encrypted, 'base64').length % 32).toBe(0);
			expect(decryptEvent(key, encrypted)).toEqual({ message, ownerKey: 'dingAppKey' });
		}
	});

	it('the encrypted success reply decrypts to "success" and is signed', () => {
		const reply = encryptedSuccess('tok', key, 'dingAppKey', '1700000000000');
		expect(decryptEvent(key, reply.encrypt)).toEqual({
			message: 'success',
			ownerKey: 'dingAppKey',
		});
		expect(reply.msg_signature).toBe(
			eventSignature('tok', '1700000000000', reply.nonce, reply.encrypt),
		);
		expect(reply.timeStamp).toBe('1700000000000');
	});

	it.each([
		['not base64', 'not*base64!'],
		['a wrong length', Buffer.alloc(20).toString('base64')],
		[
			'another key',
			encryptEvent(aesKeyBytes('ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkj')!, '{"a":1}', 'k'),
		],
	])('rejects %s', (_case, encrypt) => {
		expect(decryptEvent(key, encrypt).problem).toBeTruthy();
	});

	it('accepts only a 43-character aes_key', () => {
		expect(aesKeyBytes('short')).toBeUndefined();
		expect(aesKeyBytes('1234567890123456789012345678901234567890123=')).toBeUndefined();
	});

	it('robot callback sign, and constant-time comparison', () => {
		const sign = robotSignature('appSecretValue', '1700000000000');
		expect(sign).toMatch(/^[A-Za-z0-9+/]+=*$/);
		expect(safeEqual(sign, robotSignature('appSecretValue', '1700000000000'))).toBe(true);
		expect(safeEqual(sign, robotSignature('appSecretValue', '1700000000001'))).toBe(false);
		expect(safeEqual('a', 'ab')).toBe(false);
	});
});

describe('malformed but validly encrypted events (fresh vectors built here)', () => {
	const key = aesKeyBytes('QRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456')!;

	/** DingTalk's layout, encrypted with the padding bytes given (PKCS#7 when they are all `pad`). */
	function encryptWithPadding(
		message: string,
		owner: string,
		padding: (pad: number) => Buffer,
	): string {
		const text = Buffer.from(message, 'utf8');
		const length = Buffer.alloc(4);
		length.writeUInt32BE(text.length, 0);
		const plain = Buffer.concat([randomBytes(16), length, text, Buffer.from(owner, 'utf8')]);
		const pad = 32 - (plain.length % 32);
		const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
		cipher.setAutoPadding(false);
		return Buffer.concat([
			cipher.update(Buffer.concat([plain, padding(pad)])),
			cipher.final(),
		]).toString('base64');
	}

	const pkcs7 = (pad: number) => Buffer.alloc(pad, pad);
	const onlyLastByteRight = (pad: number) =>
		Buffer.concat([Buffer.alloc(pad - 1, 0), Buffer.from([pad])]);

	it('the builder makes events the decrypter accepts when the padding is PKCS#7', () => {
		const encrypt = encryptWithPadding('{"EventType":"x"}', 'dingAppKey', pkcs7);
		expect(decryptEvent(key, encrypt)).toEqual({
			message: '{"EventType":"x"}',
			ownerKey: 'dingAppKey',
		});
	});

	it.each(['{"EventType":"x"}', '{"EventType":"user_add_org","UserId":["u1"]}', 'null'])(
		'refuses %s padded where only the last byte is right',
		(message) => {
			// An owner key length that leaves more than one padding byte (with one, there is nothing to get wrong).
			const owner = ['dingAppKey', 'dingAppKeyX'].find(
				(o) => (20 + Buffer.byteLength(message) + o.length) % 32 !== 31,
			)!;
			const encrypt = encryptWithPadding(message, owner, onlyLastByteRight);
			expect(decryptEvent(key, encrypt)).toEqual({ problem: 'bad padding (wrong aes_key?)' });
		},
	);

	it('refuses a message that is not UTF-8', () => {
		const encrypt = encryptEvent(key, 'x', 'dingAppKey');
		const broken = Buffer.from(encryptWithPadding('\u00e9', 'dingAppKey', pkcs7), 'base64');
		expect(decryptEvent(key, encrypt).problem).toBeUndefined();
		// Replace the message byte pair by a lone continuation byte: same length, not UTF-8.
		const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
		decipher.setAutoPadding(false);
		const plain = Buffer.concat([decipher.update(broken), decipher.final()]);
		plain[20] = 0x80;
		const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
		cipher.setAutoPadding(false);
		const reencrypted = Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
		expect(decryptEvent(key, reencrypted)).toEqual({
			problem: 'the decrypted message is not UTF-8 text',
		});
	});
});
