import type { IHttpRequestOptions } from 'n8n-workflow';

import {
	buttonIdFor,
	cardAnswerProblem,
} from '../../../../nodes/DingTalk/helpers/approvals/cardResume';
import {
	relayCardClick,
	waitingBaseUrl,
} from '../../../../nodes/DingTalk/trigger/stream/approvals';

const NODE = '6c2f4b0e-0000-4000-8000-000000000001';
const SIGNATURE = '0f'.repeat(32);

describe('Stream Trigger: handing Send and Wait card clicks to the waiting execution', () => {
	it("finds n8n's waiting webhooks at the instance base URL unless the option says where", () => {
		expect(waitingBaseUrl('', 'http://127.0.0.1:5678/')).toBe(
			'http://127.0.0.1:5678/webhook-waiting',
		);
		expect(waitingBaseUrl(' http://n8n.internal/hooks/webhook-waiting/ ', 'https://x/')).toBe(
			'http://n8n.internal/hooks/webhook-waiting',
		);
	});

	it('posts a proven answer to the resume URL and reports what the node answered', async () => {
		const posted: IHttpRequestOptions[] = [];
		const logged: string[] = [];
		const handed = relayCardClick(
			{
				source: 'cardCallback',
				cardBizId: `hitl.4711.${NODE}.0`,
				actionId: buttonIdFor('decline', SIGNATURE),
				userId: 'manager4220',
			},
			'msg-1',
			{
				secret: async () => 'app-secret',
				waitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
				httpRequest: async (options) => {
					posted.push(options);
					return { statusCode: 200, body: { resumed: true } };
				},
				logger: { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m) },
				now: () => 1_800_000_000_000,
			},
		);
		expect(await handed).toEqual({ resumed: true, status: 200 });
		expect(posted[0]).toMatchObject({
			method: 'POST',
			url: `http://127.0.0.1:5678/webhook-waiting/4711/${NODE}?hitl=card&signature=${SIGNATURE}`,
			disableFollowRedirect: true,
		});
		const body = posted[0].body as Record<string, unknown>;
		expect(body).toMatchObject({ decision: 'decline', userId: 'manager4220', messageId: 'msg-1' });
		expect(
			cardAnswerProblem('app-secret', SIGNATURE, NODE, body, 1_800_000_000_000),
		).toBeUndefined();
		expect(logged).toEqual([
			`DingTalk Stream: decline by manager4220 on card hitl.4711.${NODE}.0 resumed execution 4711`,
		]);
	});

	it('n8n unreachable or nothing waiting: logged, never thrown (the card can be clicked again)', async () => {
		const logged: string[] = [];
		const relay = {
			secret: async () => 'app-secret',
			waitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
			logger: { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m) },
		};
		const item = {
			source: 'cardCallback',
			cardBizId: `hitl.4711.${NODE}.0`,
			actionId: buttonIdFor('approve', SIGNATURE),
			userId: 'user0001',
		};
		const down = await relayCardClick(item, 'm', {
			...relay,
			httpRequest: async () => {
				throw new Error('connect ECONNREFUSED');
			},
		});
		expect(down).toEqual({ resumed: false, reason: 'connect ECONNREFUSED' });
		const finished = await relayCardClick(item, 'm', {
			...relay,
			httpRequest: async () => ({ statusCode: 409, body: '' }),
		});
		expect(finished).toEqual({ resumed: false, status: 409, reason: 'n8n answered HTTP 409' });
		expect(logged[0]).toContain('the card can be clicked again');
	});

	it.each([
		['another card', { cardBizId: 'alert-1', actionId: 'ack', userId: 'u' }],
		[
			'no clicker',
			{ cardBizId: `hitl.4711.${NODE}.0`, actionId: buttonIdFor('approve', SIGNATURE) },
		],
		['a robot message', { source: 'robotMessage', cardBizId: `hitl.4711.${NODE}.0` }],
	])('%s is left to the workflow', (_what, item) => {
		const relay = {
			secret: async () => 's',
			waitingBaseUrl: 'x',
			httpRequest: async () => ({}),
			logger: { info: () => undefined, warn: () => undefined },
		};
		expect(relayCardClick({ source: 'cardCallback', ...item }, 'm', relay)).toBeUndefined();
	});
});
