'use strict';
// sessionWebhook (dingtalk-api.md §10.3): every robot message DingTalk pushes carries a
// `sessionWebhook` URL on the oapi host, valid ~90 minutes, that answers into the conversation the
// message came from, without an access token. Body: custom-robot JSON (text, markdown, actionCard,
// link, feedCard) with `at.atUserIds` for @-mentions. Replies are HTTP 200 {errcode, errmsg}.
const crypto = require('node:crypto');

const { HttpReply } = require('../core');
const { validateBody } = require('./customRobot');

/** How long a sessionWebhook stays valid (§10.3: ~1.5 h). */
const SESSION_TTL_MS = 90 * 60 * 1000;
/** [INF] DingTalk's code for an unknown or expired session is not documented; the custom robot's 300001 is used. */
const ERR_SESSION = 300001;

function sessions(core) {
	if (!core.sessions) core.sessions = new Map();
	return core.sessions;
}

/**
 * Opens a session for a robot message from `conversation` and returns the two payload fields.
 * conversation: { conversationId, conversationType ('1' 1:1 | '2' group), senderStaffId, robotCode, expiresAt? }.
 */
function openSession(core, oapiBaseUrl, conversation) {
	const session = crypto.randomBytes(16).toString('hex');
	const expiresAt = Number(conversation.expiresAt) || Date.now() + SESSION_TTL_MS;
	sessions(core).set(session, { ...conversation, expiresAt, replies: [] });
	return {
		sessionWebhook: `${oapiBaseUrl}/robot/sendBySession?session=${session}`,
		sessionWebhookExpiredTime: expiresAt,
	};
}

const reply = (errcode, errmsg) => new HttpReply(200, { errcode, errmsg });

const state = {
	reset(core) {
		core.sessions = new Map(); // session id → sessionWebhook session
	},
};

module.exports = {
	state,
	SESSION_TTL_MS,
	openSession,
	routes: [
		{
			host: 'oapi',
			method: 'POST',
			path: '/robot/sendBySession',
			auth: false,
			handle({ core, body, query }) {
				const id = query.get('session');
				const session = id && sessions(core).get(id);
				if (!session) return reply(ERR_SESSION, 'session不存在 (unknown session)');
				if (Date.now() > session.expiresAt)
					return reply(ERR_SESSION, 'session已过期 (session expired)');
				if (!body) return reply(40035, '缺少参数 json');
				const checked = validateBody(body);
				if (checked.error) return checked.error;
				const at = body.at && typeof body.at === 'object' ? body.at : {};
				const atUserIds = Array.isArray(at.atUserIds) ? at.atUserIds.map(String) : [];
				const unknown = atUserIds.filter((userId) => !core.users.has(userId));
				core.messages.push({
					channel: 'session',
					processQueryKey: null,
					robotCode: session.robotCode,
					openConversationId: session.conversationType === '2' ? session.conversationId : null,
					userId: session.conversationType === '2' ? null : session.senderStaffId,
					msgKey: checked.msgtype,
					msgParam: checked.content,
					atUserIds: atUserIds.filter((userId) => !unknown.includes(userId)),
					at: Date.now(),
				});
				return reply(0, 'ok');
			},
		},
	],
	adminRoutes: [
		{
			// Ages sessions: {expire: true} ends every open session now (what 90 minutes would do).
			method: 'POST',
			path: '/__emulator/sessions/expire',
			handle({ core }) {
				for (const session of sessions(core).values()) session.expiresAt = Date.now() - 1;
				return new HttpReply(200, { expired: sessions(core).size });
			},
		},
	],
};
