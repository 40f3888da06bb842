/** Opening a Stream connection at DingTalk's gateway, through the transport. */
import { type ApiSession, dingTalkApiRequest } from '../../transport';
import type { GatewayTicket } from './client';
import { TOPICS, type Subscription } from './messages';

/**
 * POST /v1.0/gateway/connections/open: where to connect, with a one-time ticket
 * (https://open-dingtalk.github.io/developerpedia/docs/learn/stream/protocol).
 */
export async function openConnection(
	api: ApiSession,
	subscriptions: Subscription[],
): Promise<GatewayTicket> {
	const credentials = await api.credentials();
	return await dingTalkApiRequest<GatewayTicket>(api, {
		api: 'new',
		method: 'POST',
		path: '/v1.0/gateway/connections/open',
		headers: { Accept: 'application/json' },
		// The gateway takes the Client ID and Secret in the body, no access token.
		anonymous: true,
		body: {
			clientId: String(credentials.clientId ?? '').trim(),
			clientSecret: String(credentials.clientSecret ?? '').trim(),
			subscriptions: subscriptions.map((s) => ({ ...TOPICS[s] })),
			ua: 'n8n-nodes-dingtalk-app',
		},
		idempotent: true,
	});
}
