'use strict';
// DingTalk emulator: two loopback HTTP servers, one per API family, as DingTalk has two hosts
// (api.dingtalk.com for /v1.0/…, oapi.dingtalk.com for /topapi/…), plus a third for the object
// store (oss.js) that storage and message-file URLs point at. Routes come from products/*.js; the
// state and fault API lives under /__emulator/ on the new-API server.
const http = require('node:http');

const {
	EmulatorCore,
	HttpReply,
	StreamedReply,
	hasUnsafeInteger,
	newApiError,
	oldApiError,
	parseJsonExact,
	stringifyJsonExact,
} = require('./core');
const { createOssHandler } = require('./oss');

const PRODUCTS = [
	require('./products/stream'),
	require('./products/oauth2'),
	require('./products/robot'),
	require('./products/contact'),
	require('./products/im'),
	require('./products/media'),
	require('./products/workNotification'),
	require('./products/customRobot'),
	require('./products/storage'),
	require('./products/drive'),
	require('./products/convFile'),
	require('./products/card'),
	require('./products/aiCard'),
	require('./products/session'),
	require('./products/todo'),
	require('./products/workflow'),
	require('./products/calendar'),
	require('./products/notable'),
	require('./products/workbook'),
	require('./products/openai'),
];
const admin = require('./products/admin');
const callbacks = require('./products/callbacks');
const stream = require('./products/stream');
const robot = require('./products/robot');
const storage = require('./products/storage');
const card = require('./products/card');
const session = require('./products/session');
const workflow = require('./products/workflow');
const contact = require('./products/contact');
const notable = require('./products/notable');
const workbook = require('./products/workbook');
const openai = require('./products/openai');
const aiCard = require('./products/aiCard');

const MAX_BODY_BYTES = 64 * 1024 * 1024;

function compileRoutes(products) {
	const routes = [];
	for (const product of products) {
		for (const route of product.routes) {
			const keys = [];
			const pattern = new RegExp(
				`^${route.path.replace(/[.]/g, '\\.').replace(/:(\w+)/g, (_, key) => {
					keys.push(key);
					return '([^/]+)';
				})}$`,
			);
			routes.push({ ...route, pattern, keys });
		}
	}
	return routes;
}

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new Error('body too large'));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function delay(ms) {
	return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

function send(res, reply) {
	const body =
		typeof reply.body === 'string' || Buffer.isBuffer(reply.body)
			? reply.body
			: stringifyJsonExact(reply.body);
	res.writeHead(reply.status, {
		'content-type':
			typeof reply.body === 'string'
				? 'text/plain; charset=utf-8'
				: 'application/json; charset=utf-8',
		...reply.headers,
	});
	res.end(body);
}

function listen(server, port, host) {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve(server.address().port));
	});
}

/**
 * Starts the emulator. Options: apiPort / oapiPort / ossPort (0 = any free port), host (127.0.0.1),
 * latencyMs, tokenTtlSeconds, app (overrides of the default app), users (directory).
 */
async function startEmulator(options = {}) {
	const core = new EmulatorCore(options, [...PRODUCTS, callbacks]);
	if (options.latencyMs) core.faults.latencyMs = options.latencyMs;
	const routes = compileRoutes(PRODUCTS);
	const adminRoutes = compileRoutes([
		admin,
		callbacks,
		{ routes: stream.adminRoutes },
		{ routes: storage.adminRoutes },
		{ routes: robot.adminRoutes },
		{ routes: card.adminRoutes },
		{ routes: session.adminRoutes },
		{ routes: workflow.adminRoutes },
		{ routes: contact.adminRoutes },
		{ routes: notable.adminRoutes },
		{ routes: workbook.adminRoutes },
		{ routes: openai.adminRoutes },
		{ routes: aiCard.adminRoutes },
	]);
	const hostName = options.host || '127.0.0.1';
	const sockets = new Set();

	const handler = (hostKind) => async (req, res) => {
		const url = new URL(req.url, 'http://emulator');
		const path = url.pathname;
		try {
			if (hostKind === 'api' && path.startsWith('/__emulator/')) {
				const rawBody = await readBody(req);
				const route = adminRoutes.find((r) => r.method === req.method && r.pattern.test(path));
				if (!route)
					return send(res, new HttpReply(404, { message: `no admin route ${req.method} ${path}` }));
				// The preview page's buttons post HTML forms; everything else speaks JSON.
				const form = /application\/x-www-form-urlencoded/i.test(req.headers['content-type'] || '');
				const text = rawBody.toString('utf8');
				const body = !rawBody.length
					? {}
					: form
						? Object.fromEntries(new URLSearchParams(text))
						: JSON.parse(text);
				const params = {};
				const match = route.pattern.exec(path);
				route.keys.forEach((key, i) => (params[key] = decodeURIComponent(match[i + 1])));
				return send(
					res,
					await route.handle({ core, emulator, body, form, params, query: url.searchParams }),
				);
			}

			const route = routes.find(
				(r) => r.host === hostKind && r.method === req.method && r.pattern.test(path),
			);
			const entry = core.log({
				host: hostKind,
				method: req.method,
				path,
				// access_token and a custom robot's sign are credentials (a sign replays for an hour).
				query: Object.fromEntries(
					[...url.searchParams].map(([k, v]) => [
						k,
						k === 'access_token' ? '<token>' : k === 'sign' ? '<sign>' : v,
					]),
				),
				tokenInHeader: Boolean(req.headers['x-acs-dingtalk-access-token']),
				tokenInQuery: url.searchParams.has('access_token'),
				contentType: req.headers['content-type'] || null,
			});

			const rawBody = route && route.raw ? null : await readBody(req);
			await delay(core.faults.latencyMs);
			const latencyRule = core.takeRule(hostKind, path, 'latency');
			if (latencyRule) await delay(latencyRule.ms);

			if (core.takeRule(hostKind, path, 'drop-before')) {
				entry.outcome = 'dropped-before';
				req.socket.destroy();
				return;
			}
			const statusRule = core.takeRule(hostKind, path, 'status');
			if (statusRule) {
				entry.status = statusRule.status || 500;
				entry.outcome = 'fault-status';
				// A redirect fault: `location` (plus, with keepQuery, this request's own query string —
				// the access_token of an old-API call included) tells the client where to go.
				const headers = {};
				if (statusRule.location)
					headers.location = `${statusRule.location}${statusRule.keepQuery ? url.search : ''}`;
				return send(
					res,
					new HttpReply(
						entry.status,
						statusRule.body ||
							(hostKind === 'api'
								? { requestid: 'FAULT', code: 'ServiceUnavailable', message: '服务暂不可用' }
								: { errcode: -1, errmsg: '系统繁忙' }),
						headers,
					),
				);
			}

			if (!route) {
				const reply =
					hostKind === 'api'
						? newApiError(
								404,
								'InvalidAction.NotFound',
								`Specified api is not found, please check your url and method. (${req.method} ${path})`,
							)
						: oldApiError(22, '不合法ApiName');
				entry.status = reply.status;
				return send(res, reply);
			}

			const params = {};
			const match = route.pattern.exec(path);
			route.keys.forEach((key, i) => (params[key] = decodeURIComponent(match[i + 1])));

			let app;
			if (route.auth !== false) {
				// A 'revoke' rule: DingTalk revokes every token as this call arrives (the call is refused).
				if (core.takeRule(hostKind, path, 'revoke')) core.revokeTokens();
				const auth =
					hostKind === 'api'
						? core.authenticateNew(req, url.searchParams)
						: core.authenticateOld(req, url.searchParams);
				entry.tokenPlacement = auth.placement;
				if (auth.reply) {
					entry.status = auth.reply.status;
					entry.outcome = 'token-rejected';
					entry.response = auth.reply.body;
					return send(res, auth.reply);
				}
				app = auth.app;
				entry.appKey = app.appKey;
				if (core.throttled(hostKind, path, app.appKey)) {
					const reply = core.throttleReply(hostKind);
					entry.status = reply.status;
					entry.outcome = 'throttled';
					return send(res, reply);
				}
				if (route.scope && !app.permissions.has(route.scope)) {
					const reply = core.permissionDenied(hostKind, route.scope);
					entry.status = reply.status;
					entry.outcome = 'permission-denied';
					entry.response = reply.body;
					return send(res, reply);
				}
			}

			let body = null;
			// A route with maxBodyBytes rejects a larger body itself, before anything parses it.
			const oversize = Boolean(
				route.maxBodyBytes && rawBody && rawBody.length > route.maxBodyBytes,
			);
			if (oversize) entry.bodyBytes = rawBody.length;
			if (rawBody && rawBody.length && !oversize) {
				const type = String(req.headers['content-type'] || '');
				if (type.includes('application/json')) {
					const text = rawBody.toString('utf8');
					try {
						// int64 ids above 2^53 arrive as BigInt, as DingTalk reads them (every digit).
						body = parseJsonExact(text);
						// The body as sent, when a number in it is one JSON.parse would round.
						if (hasUnsafeInteger(text)) entry.exactBody = text;
					} catch {
						body = undefined;
					}
				}
			}
			entry.body = body;

			const reply = await route.handle({
				core,
				req,
				res,
				rawBody,
				body,
				query: url.searchParams,
				params,
				app,
				host: hostKind,
				entry,
			});
			if (reply instanceof StreamedReply) {
				entry.status = reply.status;
				entry.outcome = 'streamed';
				res.writeHead(reply.status, reply.headers);
				await reply.write(res);
				return;
			}
			entry.status = reply.status;
			entry.outcome = reply.status < 300 && !(reply.body && reply.body.errcode) ? 'ok' : 'rejected';
			if (entry.outcome === 'rejected') entry.response = reply.body;
			if (core.takeRule(hostKind, path, 'drop-after')) {
				// Processed (side effects happened), but the answer never reaches the caller.
				entry.outcome = 'dropped-after';
				req.socket.destroy();
				return;
			}
			return send(res, reply);
		} catch (error) {
			if (!res.headersSent)
				send(
					res,
					new HttpReply(500, { code: 'EmulatorError', message: String(error && error.message) }),
				);
		}
	};

	const apiServer = http.createServer(handler('api'));
	stream.attachGateway(apiServer, core);
	const oapiServer = http.createServer(handler('oapi'));
	// The object store: a third-party host from the node's point of view (no DingTalk token there).
	const ossServer = http.createServer(createOssHandler(core));
	const servers = [apiServer, oapiServer, ossServer];
	for (const server of servers) {
		server.on('connection', (socket) => {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
		});
	}
	// A host that is neither DingTalk nor the object store: redirect faults point here, and it records
	// every request whole (headers, query, body) so a test can prove nothing reached it.
	const foreignServer = http.createServer(async (req, res) => {
		const url = new URL(req.url, 'http://foreign');
		const body = await readBody(req).catch(() => Buffer.alloc(0));
		core.foreign.push({
			method: req.method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: req.headers,
			body: body.toString('utf8'),
		});
		send(
			res,
			new HttpReply(200, {
				errcode: 0,
				errmsg: 'ok',
				accessToken: 'foreign-token',
				expireIn: 7200,
			}),
		);
	});
	servers.push(foreignServer);
	foreignServer.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	let apiPort, foreignPort, oapiPort, ossPort;
	try {
		apiPort = await listen(apiServer, options.apiPort || 0, hostName);
		foreignPort = await listen(foreignServer, 0, hostName);
		oapiPort = await listen(oapiServer, options.oapiPort || 0, hostName);
		ossPort = await listen(ossServer, options.ossPort || 0, hostName);
	} catch (error) {
		// A port in use: close what did start, so the caller can try other ports.
		for (const server of servers) if (server.listening) server.close();
		throw error;
	}
	core.ossBaseUrl = `http://${hostName}:${ossPort}`;

	const emulator = {
		core,
		apiBaseUrl: `http://${hostName}:${apiPort}`,
		oapiBaseUrl: `http://${hostName}:${oapiPort}`,
		/** The object store signed storage / message-file URLs point at (a third-party host). */
		ossBaseUrl: core.ossBaseUrl,
		/** A foreign host (not DingTalk, not the object store) that records every request it gets. */
		foreignBaseUrl: `http://${hostName}:${foreignPort}`,
		get app() {
			return core.apps.values().next().value;
		},
		/** Credential data pointing at this emulator (Environment: Custom). */
		credentials(overrides = {}) {
			const app = emulator.app;
			return {
				clientId: app.appKey,
				clientSecret: app.appSecret,
				robotCode: '',
				agentId: app.agentId,
				corpId: app.corpId,
				eventAesSecret: app.eventAesSecret,
				eventToken: app.eventToken,
				environment: 'custom',
				apiBaseUrl: emulator.apiBaseUrl,
				oapiBaseUrl: emulator.oapiBaseUrl,
				accessToken: '',
				...overrides,
			};
		},
		async stop() {
			for (const socket of sockets) socket.destroy();
			await Promise.all(servers.map((s) => new Promise((resolve) => s.close(() => resolve()))));
		},
	};
	return emulator;
}

module.exports = { startEmulator };
