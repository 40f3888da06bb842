'use strict';
// Custom group robot (群自定义机器人): POST oapi /robot/send?access_token=<webhook token>. No app
// access token: the webhook's own access_token names the robot, and its security setting
// (sign or keyword) guards it. Replies are HTTP 200 {errcode, errmsg}, success {errcode:0, errmsg:'ok'}.
const crypto = require('node:crypto');

const { HttpReply } = require('../core');

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

function addCustomRobot(core, robot) {
	const full = toCustomRobot(robot);
	core.customRobots.set(full.accessToken, full);
	return full;
}

/**
 * Accepted sends of a custom robot within the current rate window. Sends older than both the
 * window and a minute are dropped (the state's sentCount counts the last minute).
 */
function recentSends(core, robot, now = Date.now()) {
	const keepMs = Math.max(core.customRobotWindowMs, 60000);
	robot.sends = robot.sends.filter((t) => now - t < keepMs);
	return robot.sends.filter((t) => now - t < core.customRobotWindowMs);
}

/** Custom group robots (webhooks) are directory: reset() keeps them, clears their sends. */
const state = {
	init(core, options) {
		core.customRobots = new Map();
		for (const robot of options.customRobots || DEFAULT_CUSTOM_ROBOTS) addCustomRobot(core, robot);
	},
	reset(core) {
		core.customRobotWindowMs = CUSTOM_ROBOT_WINDOW_MS;
		core.customRobotPerWindow = CUSTOM_ROBOT_PER_WINDOW;
		for (const robot of core.customRobots.values()) robot.sends = [];
	},
	snapshot: (core) => ({
		customRobots: [...core.customRobots.values()].map(({ sends, ...robot }) => ({
			...robot,
			sentCount: sends.filter((t) => Date.now() - t < 60000).length,
		})),
		customRobotLimits: {
			windowMs: core.customRobotWindowMs,
			perWindow: core.customRobotPerWindow,
		},
	}),
};

/** Raw body limit: a larger body is rejected before it is parsed. */
const MAX_BODY_BYTES = 20000;
/** A signed request's timestamp may be this far from the server's clock, either way. */
const MAX_CLOCK_SKEW_MS = 3600000;
/** What DingTalk puts in the brackets of its 310000 messages. */
const HELP = 'more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]';

const ERR_TOKEN = 300001;
const ERR_SECURITY = 310000;
const ERR_TOO_BIG = 460101;
const ERR_PARAM = 40035;
const ERR_TOO_FAST = 130101;

const reply = (errcode, errmsg) => new HttpReply(200, { errcode, errmsg });
const missing = (field) => reply(ERR_PARAM, `缺少参数 ${field}`);
const isText = (value) => typeof value === 'string' && value !== '';

/** base64(HMAC-SHA256(key = secret, message = timestamp + "\n" + secret)): what the client must send. */
function expectedSign(secret, timestamp) {
	return crypto
		.createHmac('sha256', secret)
		.update(`${timestamp}\n${secret}`, 'utf8')
		.digest('base64');
}

/** Constant-time comparison; different lengths never match. */
function sameSign(given, expected) {
	const a = Buffer.from(given, 'utf8');
	const b = Buffer.from(expected, 'utf8');
	return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/**
 * Why a sign that does not match was probably wrong, for the request log (never in the reply):
 * still percent-encoded after the one decoding → encoded twice; a space → '+' was not encoded.
 */
function signHint(sign) {
	if (/%[0-9A-Fa-f]{2}/.test(sign)) return 'double-encoded';
	if (sign.includes(' ')) return 'not-encoded';
	return 'wrong';
}

/**
 * Sign check for a robot with a secret. The query was URL-decoded exactly once (URLSearchParams),
 * as DingTalk decodes it: a sign encoded twice still carries %2B/%2F/%3D and does not match.
 * Returns an error reply or undefined.
 */
function checkSign(robot, query, entry) {
	const timestamp = query.get('timestamp');
	const sign = query.get('sign');
	if (entry) {
		entry.signed = Boolean(timestamp && sign);
		entry.signPresent = Boolean(sign);
		entry.timestampPresent = Boolean(timestamp);
	}
	const fail = (check, message) => {
		if (entry) entry.signCheck = check;
		return reply(ERR_SECURITY, `${message}, ${HELP}`);
	};
	// Neither given: the client does not sign at all.
	if (!timestamp && !sign) return fail('missing', 'sign not match');
	if (!timestamp || !/^\d+$/.test(timestamp)) return fail('bad-timestamp', 'timestamp is invalid');
	if (Math.abs(Date.now() - Number(timestamp)) > MAX_CLOCK_SKEW_MS)
		return fail('stale-timestamp', 'timestamp is invalid');
	if (!sign) return fail('missing', 'sign not match');
	if (!sameSign(sign, expectedSign(robot.secret, timestamp)))
		return fail(signHint(sign), 'sign not match');
	if (entry) entry.signCheck = 'ok';
	return undefined;
}

/** The required fields of each msgtype; returns the missing field's path or undefined. */
const VALIDATORS = {
	text(msg) {
		if (!isText(msg.content)) return 'text.content';
		return undefined;
	},
	markdown(msg) {
		if (!isText(msg.title)) return 'markdown.title';
		if (!isText(msg.text)) return 'markdown.text';
		return undefined;
	},
	link(msg) {
		for (const field of ['title', 'text', 'messageUrl'])
			if (!isText(msg[field])) return `link.${field}`;
		return undefined;
	},
	actionCard(msg) {
		if (!isText(msg.title)) return 'actionCard.title';
		if (!isText(msg.text)) return 'actionCard.text';
		// Either one whole-card jump (singleTitle + singleURL) or independent buttons (btns).
		if (msg.btns !== undefined && msg.btns !== null) {
			if (!Array.isArray(msg.btns) || msg.btns.length === 0) return 'actionCard.btns';
			for (const [i, btn] of msg.btns.entries()) {
				if (!btn || typeof btn !== 'object') return `actionCard.btns[${i}]`;
				if (!isText(btn.title)) return `actionCard.btns[${i}].title`;
				if (!isText(btn.actionURL)) return `actionCard.btns[${i}].actionURL`;
			}
		} else {
			if (!isText(msg.singleTitle)) return 'actionCard.singleTitle';
			if (!isText(msg.singleURL)) return 'actionCard.singleURL';
		}
		return undefined;
	},
	feedCard(msg) {
		if (!Array.isArray(msg.links) || msg.links.length === 0) return 'feedCard.links';
		for (const [i, link] of msg.links.entries()) {
			if (!link || typeof link !== 'object') return `feedCard.links[${i}]`;
			for (const field of ['title', 'messageURL', 'picURL'])
				if (!isText(link[field])) return `feedCard.links[${i}].${field}`;
		}
		return undefined;
	},
};

/** The text a keyword must appear in: what the group sees as the message's words. */
function visibleText(msgtype, msg) {
	switch (msgtype) {
		case 'text':
			return msg.content;
		case 'feedCard':
			return msg.links.map((link) => link.title).join('\n');
		default:
			return `${msg.title}\n${msg.text}`;
	}
}

/** Checks msgtype and its required fields; returns {error} or {msgtype, content}. */
function validateBody(body) {
	const msgtype = body.msgtype;
	if (typeof msgtype !== 'string' || !Object.prototype.hasOwnProperty.call(VALIDATORS, msgtype))
		return { error: missing('msgtype') };
	const content = body[msgtype];
	if (!content || typeof content !== 'object' || Array.isArray(content))
		return { error: missing(msgtype) };
	const field = VALIDATORS[msgtype](content);
	if (field) return { error: missing(field) };
	if (
		msgtype === 'actionCard' &&
		content.btnOrientation !== undefined &&
		!['0', '1', 0, 1].includes(content.btnOrientation)
	) {
		// [INF] DingTalk documents '0' (vertical) and '1' (horizontal) only.
		return { error: reply(ERR_PARAM, '参数错误 actionCard.btnOrientation') };
	}
	return { msgtype, content };
}

module.exports = {
	CUSTOM_ROBOT_PER_WINDOW,
	CUSTOM_ROBOT_WINDOW_MS,
	DEFAULT_CUSTOM_ROBOTS,
	addCustomRobot,
	state,
	MAX_BODY_BYTES,
	MAX_CLOCK_SKEW_MS,
	expectedSign,
	validateBody,
	routes: [
		{
			host: 'oapi',
			method: 'POST',
			path: '/robot/send',
			auth: false,
			// index.js leaves a larger body unparsed; the handler answers 460101 after the sign check.
			maxBodyBytes: MAX_BODY_BYTES,
			handle({ core, req, rawBody, body, query, entry }) {
				// 1. The webhook's access_token names the robot.
				const accessToken = query.get('access_token');
				if (!accessToken) return reply(ERR_TOKEN, 'param access_token is missing');
				const robot = core.customRobots.get(accessToken);
				if (!robot) return reply(ERR_TOKEN, 'token is not exist');
				if (entry) entry.customRobot = robot.name;

				// 2. Sign (加签), when the robot has a secret.
				if (robot.secret) {
					const signError = checkSign(robot, query, entry);
					if (signError) return signError;
				} else if (entry) {
					entry.signed = query.has('sign') && query.has('timestamp');
				}

				// 3. JSON body, at most 20 000 bytes (checked before parsing).
				const type = String(req.headers['content-type'] || '').toLowerCase();
				if (!type.includes('application/json')) return missing('json');
				if (rawBody && rawBody.length > MAX_BODY_BYTES)
					return reply(ERR_TOO_BIG, 'message too big');
				if (!body || typeof body !== 'object' || Array.isArray(body)) return missing('json');

				// 4. msgtype and its required fields.
				const checked = validateBody(body);
				if (checked.error) return checked.error;

				// 5. Keyword (自定义关键词): must appear in the message's visible text.
				if (
					robot.keyword &&
					!String(visibleText(checked.msgtype, checked.content)).includes(robot.keyword)
				) {
					return reply(ERR_SECURITY, `keywords not in content, ${HELP}`);
				}

				// 6. 20 accepted sends per robot per minute; rejected sends do not count.
				const now = Date.now();
				if (recentSends(core, robot, now).length >= core.customRobotPerWindow) {
					return reply(ERR_TOO_FAST, 'send too fast, exceed 20 times per minute');
				}

				// 7. Delivered.
				robot.sends.push(now);
				core.messages.push({
					channel: 'customRobot',
					robotToken: robot.accessToken,
					robotName: robot.name,
					openConversationId: robot.openConversationId,
					msgtype: checked.msgtype,
					content: checked.content,
					mentions: body.at || null,
					at: now,
				});
				return reply(0, 'ok');
			},
		},
	],
};
