'use strict';
// The emulator's own state and fault API (/__emulator/…), for tests, benchmarks and the demo.
const { HttpReply } = require('../core');

const ok = (body = { ok: true }) => new HttpReply(200, body);

module.exports = {
	routes: [
		{
			method: 'GET',
			path: '/__emulator/state',
			handle: ({ core }) => ok(core.snapshot()),
		},
		{
			method: 'GET',
			path: '/__emulator/info',
			handle: ({ core, emulator }) =>
				ok({
					apiBaseUrl: emulator.apiBaseUrl,
					oapiBaseUrl: emulator.oapiBaseUrl,
					apps: [...core.apps.values()].map(({ appKey, agentId, corpId, robotCode }) => ({ appKey, agentId, corpId, robotCode })),
					users: core.users.size,
				}),
		},
		{
			method: 'POST',
			path: '/__emulator/reset',
			handle: ({ core, body }) => {
				core.reset({ tokens: Boolean(body.tokens) });
				return ok();
			},
		},
		{
			method: 'POST',
			path: '/__emulator/faults',
			handle: ({ core, body }) => {
				if (body.clear) core.clearFaults();
				core.addFaults(body);
				return ok();
			},
		},
		{
			method: 'POST',
			path: '/__emulator/tokens/revoke',
			handle: ({ core }) => {
				core.revokeTokens();
				return ok();
			},
		},
		{
			method: 'POST',
			path: '/__emulator/tokens/ttl',
			handle: ({ core, body }) => {
				core.tokenTtlSeconds = Number(body.seconds) || 7200;
				return ok();
			},
		},
		{
			method: 'POST',
			path: '/__emulator/permissions',
			handle: ({ core, body }) => {
				const app = core.apps.get(body.appKey) || core.apps.values().next().value;
				for (const scope of body.revoke || []) app.permissions.delete(scope);
				for (const scope of body.grant || []) app.permissions.add(scope);
				return ok({ permissions: [...app.permissions] });
			},
		},
		{
			method: 'POST',
			path: '/__emulator/directory',
			handle: ({ core, body }) => {
				for (const user of body.users || []) core.users.set(user.userId, user);
				for (const userId of body.remove || []) core.users.delete(userId);
				return ok({ users: core.users.size });
			},
		},
	],
};
