import axios from 'axios';
import { sleep } from 'n8n-workflow';

import '../../support/webSocketGlobal';
import { useEmulator } from '../../support/useEmulator';
import { TestCredentialsHelper } from '../harness';
import { startStream } from './triggerHarness';

const env = useEmulator();

describe("DingTalk Stream Trigger, activated with n8n-core's TriggerContext against the emulator", () => {
	it('opens the Stream connection with the Client ID and Secret alone: no access token is fetched or sent', async () => {
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		const run = await startStream(credentials, { subscriptions: ['events', 'robotMessages'] });
		try {
			let stream = { activeConnections: 0 };
			for (let n = 0; n < 100 && stream.activeConnections === 0; n++) {
				await sleep(20);
				stream = (await axios.get(`${env.emulator.apiBaseUrl}/__emulator/stream`)).data;
			}
			expect(stream.activeConnections).toBe(1);
			const state = await env.client.state();
			expect(state.tokenRequests).toBe(0);
			const open = state.requests.filter((r) => r.path === '/v1.0/gateway/connections/open');
			expect(open).toHaveLength(1);
			expect(open[0]).toMatchObject({ tokenInHeader: false, tokenInQuery: false, status: 200 });
			expect(open[0].body).toMatchObject({
				clientId: env.emulator.app.appKey,
				subscriptions: [
					{ type: 'EVENT', topic: '*' },
					{ type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' },
				],
			});
			expect(credentials.updates).toBe(0);
		} finally {
			await run.close();
		}
	});
});
