'use strict';
// bench/triggerReplay: the "move digits between timestamp and nonce" replay against the built
// DingTalk Trigger (dist/). DingTalk's event signature is SHA-1 over sort(token, timestamp, nonce,
// encrypt) joined without separators, so a callback re-split as timestamp' + nonce' can carry the
// same msg_signature. 1,000 events are captured as DingTalk sends them (13-digit ms timestamp,
// random nonce) and delivered once; then every re-split with an unchanged signature is replayed.
// Prints how many of the captured events could be replayed (ran the workflow twice), and for how
// many every re-split was refused with a 4xx.
//   npm run build && node bench/triggerReplay.js [count]
const crypto = require('node:crypto');

const { DingTalkTrigger } = require('../dist/nodes/DingTalk/DingTalkTrigger.node.js');
const {
	aesKeyBytes,
	encryptEvent,
	eventSignature,
} = require('../dist/nodes/DingTalk/trigger/http/callbackCrypto.js');

const COUNT = Number(process.argv[2] || 1000);
const TOKEN = 'benchEventToken01';
const AES = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ';
const APP_KEY = 'dingBenchAppKey0001';
const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const credentials = {
	eventToken: TOKEN,
	eventAesSecret: AES,
	clientId: APP_KEY,
	clientSecret: 'benchSecret',
	corpId: 'dingCorp',
};

/** A nonce as DingTalk's samples show it: 16 letters and digits (the emulator uses hex). */
function nonce(hex) {
	if (hex) return crypto.randomBytes(8).toString('hex');
	return Array.from(crypto.randomBytes(16), (b) => NONCE_ALPHABET[b % NONCE_ALPHABET.length]).join(
		'',
	);
}

async function deliver(trigger, query, body) {
	let status = 0;
	const context = {
		getCredentials: async () => credentials,
		getNodeParameter: (name, fallback) =>
			({ source: 'events', options: {}, eventTypes: [], otherEventTypes: '' })[name] ?? fallback,
		getResponseObject: () => ({
			status(code) {
				status = code;
				return this;
			},
			json() {
				return this;
			},
		}),
		getQueryData: () => query,
		getBodyData: () => body,
		getHeaderData: () => ({}),
		getNode: () => ({
			name: 'DingTalk Trigger',
			type: 'n8n-nodes-dingtalk-app.dingTalkTrigger',
			typeVersion: 1,
			parameters: {},
		}),
		getWorkflowStaticData: () => ({}),
		logger: { warn() {}, info() {}, debug() {}, error() {} },
	};
	const result = await trigger.webhook.call(context);
	return { status, accepted: Boolean(result.workflowData) };
}

/** Every re-split of timestamp‖nonce into a timestamp of 10–13 digits, with the same signature. */
function resplits(timestamp, nonceValue, encrypt, signature) {
	const out = [];
	for (const [a, b] of [
		[timestamp, nonceValue],
		[nonceValue, timestamp],
	]) {
		const joined = a + b;
		for (let cut = 1; cut < joined.length; cut++) {
			for (const [ts, n] of [
				[joined.slice(0, cut), joined.slice(cut)],
				[joined.slice(cut), joined.slice(0, cut)],
			]) {
				if (!/^\d{10,13}$/.test(ts) || !n || (ts === timestamp && n === nonceValue)) continue;
				if (eventSignature(TOKEN, ts, n, encrypt) === signature) out.push({ ts, n });
			}
		}
	}
	return out;
}

async function run(hex) {
	const trigger = new DingTalkTrigger();
	const key = aesKeyBytes(AES);
	let delivered = 0;
	let withResplit = 0;
	let replayed = 0;
	let refused = 0;
	for (let i = 0; i < COUNT; i++) {
		const timestamp = String(Date.now());
		const n = nonce(hex);
		const encrypt = encryptEvent(
			key,
			JSON.stringify({
				EventType: 'chat_update_title',
				CorpId: 'dingCorp',
				EventTime: Date.now(),
				EventId: `bench-${hex}-${i}`,
			}),
			APP_KEY,
		);
		const signature = eventSignature(TOKEN, timestamp, n, encrypt);
		const first = await deliver(
			trigger,
			{ msg_signature: signature, timeStamp: timestamp, nonce: n },
			{ encrypt },
		);
		if (first.accepted) delivered++;
		const variants = resplits(timestamp, n, encrypt, signature);
		if (variants.length) withResplit++;
		let allRefused = variants.length > 0;
		for (const v of variants) {
			const again = await deliver(
				trigger,
				{ msg_signature: signature, timeStamp: v.ts, nonce: v.n },
				{ encrypt },
			);
			if (again.status < 400 || again.status >= 500) allRefused = false;
			if (again.accepted) {
				replayed++;
				break;
			}
		}
		if (allRefused) refused++;
	}
	return {
		nonces: hex ? 'hex (emulator)' : 'alphanumeric (DingTalk samples)',
		captured: COUNT,
		delivered,
		withSameSignatureResplit: withResplit,
		replayedAndRun: replayed,
		everyResplitRefused4xx: refused,
	};
}

(async () => {
	const rows = [await run(false), await run(true)];
	console.table(rows);
})().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
