'use strict';
// Stream mode (dingtalk-api.md §10.2): POST /v1.0/gateway/connections/open hands out a ticket for a
// WebSocket endpoint; the gateway pushes EVENT / CALLBACK / SYSTEM frames, expects an ack per
// messageId, re-pushes what is not acknowledged (after redeliverMs, and on every new connection),
// answers pings, and can send `disconnect` or drop the socket on request.
const crypto = require('node:crypto');
const { WebSocketServer } = require('ws');

const { HttpReply, newApiError } = require('../core');
const { robotPayload } = require('./callbacks');

function streamState(core) {
	if (!core.stream) {
		core.stream = {
			tickets: new Map(),
			sockets: new Set(),
			connectionsOpened: 0,
			pending: new Map(), // messageId → { frame, deliveries, acked }
			acks: [],
			redeliverMs: 60000,
			subscriptions: [],
		};
	}
	return core.stream;
}

function send(socket, frame) {
	if (socket.readyState === 1) socket.send(JSON.stringify(frame));
}

/**
 * Whether a connection subscribed to a frame's topic: EVENT frames go to connections that asked
 * for events (topic `*`), CALLBACK frames to those that asked for that callback topic.
 */
function subscribed(socket, frame) {
	const subscriptions = socket.subscriptions || [];
	return subscriptions.some(
		(s) =>
			s.type === frame.type &&
			(frame.type === 'EVENT'
				? s.topic === '*' || s.topic === frame.headers.topic
				: s.topic === frame.headers.topic),
	);
}

function deliver(stream, entry) {
	for (const socket of stream.sockets) {
		if (!subscribed(socket, entry.frame)) continue;
		entry.deliveries++;
		send(socket, entry.frame);
		break; // DingTalk delivers a message to one connection of the app that subscribed to it
	}
}

function scheduleRedelivery(stream, messageId) {
	const entry = stream.pending.get(messageId);
	if (!entry || entry.timer) return;
	entry.timer = setTimeout(() => {
		entry.timer = undefined;
		if (entry.acked) return;
		deliver(stream, entry);
		scheduleRedelivery(stream, messageId);
	}, stream.redeliverMs);
	entry.timer.unref();
}

/**
 * Pushes one frame to the app's Stream connection (kind: 'event' | 'robot' | 'card'), kept until
 * acknowledged and re-pushed as DingTalk does. A robot message gets the full §10.3 payload with a
 * live sessionWebhook; `data` overrides its fields. Returns the messageId.
 */
function pushFrame(core, { kind = 'event', data = {}, eventType, messageId, oapiBaseUrl }) {
	const stream = streamState(core);
	const id = messageId || `stream-${crypto.randomBytes(6).toString('hex')}`;
	const app = core.apps.values().next().value;
	const payload =
		kind === 'robot'
			? robotPayload(core, app, oapiBaseUrl, { msgId: `msg-${id}`, ...data })
			: { ...data, ...(kind === 'card' ? {} : { eventId: id }) };
	const type = kind === 'robot' || kind === 'card' ? 'CALLBACK' : 'EVENT';
	const topic =
		kind === 'robot'
			? '/v1.0/im/bot/messages/get'
			: kind === 'card'
				? '/v1.0/card/instances/callback'
				: '*';
	const frame = {
		specVersion: '1.0',
		type,
		headers: {
			appId: 'emu',
			connectionId: 'emu-connection',
			contentType: 'application/json',
			messageId: id,
			time: String(Date.now()),
			topic,
			...(type === 'EVENT'
				? {
						eventType: eventType || 'chat_update_title',
						eventId: id,
						eventBornTime: String(Date.now()),
						eventCorpId: app.corpId,
					}
				: {}),
		},
		data: JSON.stringify(payload),
	};
	const entry = { frame, deliveries: 0, acked: false };
	stream.pending.set(id, entry);
	deliver(stream, entry);
	scheduleRedelivery(stream, id);
	return id;
}

/** Attaches the gateway's WebSocket endpoint (/gateway/connect) to the new-API HTTP server. */
function attachGateway(server, core) {
	const wss = new WebSocketServer({ noServer: true });
	server.on('upgrade', (req, socket, head) => {
		const url = new URL(req.url, 'http://emulator');
		const stream = streamState(core);
		const ticket = url.searchParams.get('ticket');
		if (url.pathname !== '/gateway/connect' || !ticket || !stream.tickets.has(ticket)) {
			socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
			socket.destroy();
			return;
		}
		const { subscriptions } = stream.tickets.get(ticket);
		stream.tickets.delete(ticket); // one connection per ticket
		wss.handleUpgrade(req, socket, head, (ws) => {
			ws.subscriptions = subscriptions;
			stream.connectionsOpened++;
			stream.sockets.add(ws);
			ws.on('close', () => stream.sockets.delete(ws));
			ws.on('message', (raw) => {
				let frame;
				try {
					frame = JSON.parse(String(raw));
				} catch {
					return;
				}
				const messageId = frame && frame.headers && frame.headers.messageId;
				const entry = messageId && stream.pending.get(messageId);
				if (entry && frame.code === 200) {
					entry.acked = true;
					stream.acks.push({ messageId, at: Date.now(), data: frame.data });
				} else if (messageId && messageId.startsWith('ping-')) {
					stream.acks.push({ messageId, at: Date.now(), ping: true });
				}
			});
			// A new connection gets everything still unacknowledged that it subscribed to (DingTalk re-pushes).
			for (const entry of stream.pending.values()) {
				if (!entry.acked && subscribed(ws, entry.frame)) {
					entry.deliveries++;
					send(ws, entry.frame);
				}
			}
		});
	});
	return wss;
}

const ok = (body = { ok: true }) => new HttpReply(200, body);

module.exports = {
	pushFrame,
	streamState,
	attachGateway,
	routes: [
		{
			host: 'api',
			method: 'POST',
			path: '/v1.0/gateway/connections/open',
			auth: false,
			handle({ core, req, body }) {
				const app = body && core.apps.get(String(body.clientId));
				if (!app || app.appSecret !== body.clientSecret)
					return newApiError(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
				if (!Array.isArray(body.subscriptions) || body.subscriptions.length === 0) {
					return newApiError(400, 'invalidParameter.subscriptions', 'subscriptions不能为空');
				}
				const stream = streamState(core);
				stream.subscriptions = body.subscriptions;
				const ticket = crypto.randomBytes(16).toString('hex');
				stream.tickets.set(ticket, { appKey: app.appKey, subscriptions: body.subscriptions });
				const host = req.headers.host;
				return new HttpReply(200, { endpoint: `ws://${host}/gateway/connect`, ticket });
			},
		},
	],
	adminRoutes: [
		{
			method: 'POST',
			path: '/__emulator/stream/push',
			handle({ core, emulator, body }) {
				const count = Number(body.count) || 1;
				const ids = [];
				for (let i = 0; i < count; i++) {
					const messageId = body.messageId && count === 1 ? body.messageId : undefined;
					ids.push(
						pushFrame(core, {
							kind: body.kind,
							data: body.data,
							eventType: body.eventType,
							messageId,
							oapiBaseUrl: emulator.oapiBaseUrl,
						}),
					);
				}
				return ok({ messageIds: ids, connections: streamState(core).sockets.size });
			},
		},
		{
			method: 'POST',
			path: '/__emulator/stream/disconnect',
			handle({ core, body }) {
				const stream = streamState(core);
				for (const socket of stream.sockets) {
					if (body.mode === 'drop') socket.terminate();
					else
						send(socket, {
							specVersion: '1.0',
							type: 'SYSTEM',
							headers: {
								topic: 'disconnect',
								messageId: `sys-${Date.now()}`,
								contentType: 'application/json',
							},
							data: JSON.stringify({ reason: 'emulator' }),
						});
				}
				return ok({ connections: stream.sockets.size });
			},
		},
		{
			method: 'POST',
			path: '/__emulator/stream/ping',
			handle({ core }) {
				const stream = streamState(core);
				for (const socket of stream.sockets)
					send(socket, {
						specVersion: '1.0',
						type: 'SYSTEM',
						headers: {
							topic: 'ping',
							messageId: `ping-${Date.now()}`,
							contentType: 'application/json',
						},
						data: JSON.stringify({ opaque: 'x' }),
					});
				return ok({ connections: stream.sockets.size });
			},
		},
		{
			method: 'POST',
			path: '/__emulator/stream/settings',
			handle({ core, body }) {
				const stream = streamState(core);
				if (body.redeliverMs) stream.redeliverMs = Number(body.redeliverMs);
				return ok({ redeliverMs: stream.redeliverMs });
			},
		},
		{
			method: 'GET',
			path: '/__emulator/stream',
			handle({ core }) {
				const stream = streamState(core);
				const entries = [...stream.pending.entries()];
				return ok({
					connectionsOpened: stream.connectionsOpened,
					activeConnections: stream.sockets.size,
					subscriptions: stream.subscriptions,
					messages: entries.length,
					acked: entries.filter(([, e]) => e.acked).length,
					unacked: entries.filter(([, e]) => !e.acked).map(([id]) => id),
					deliveries: entries.reduce((n, [, e]) => n + e.deliveries, 0),
					pingAcks: stream.acks.filter((a) => a.ping).length,
					// How often each message was acknowledged (a client acknowledges each one once).
					messageAcks: stream.acks
						.filter((a) => !a.ping)
						.reduce((n, a) => ({ ...n, [a.messageId]: (n[a.messageId] || 0) + 1 }), {}),
				});
			},
		},
	],
};
