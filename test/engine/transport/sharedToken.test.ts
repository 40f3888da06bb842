import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';

const env = useEmulator();

const send = (userId: string) => ({
	resource: 'message',
	operation: 'sendToUsers',
	userIds: userId,
	messageType: 'text',
	content: `hi ${userId}`,
});

/**
 * Executions that start together read the credential before any of them stored a token (queue-mode
 * workers under a burst); they share one fetch per process instead of asking DingTalk each.
 */
describe('token shared across executions of one process', () => {
	it('10 executions started together on a credential without a token → 1 token request, 10 delivered', async () => {
		// Each execution gets its own view of the stored credential, read before any token landed.
		const stores = Array.from(
			{ length: 10 },
			() => new TestCredentialsHelper(env.emulator.credentials({ accessToken: '' })),
		);
		const runs = await Promise.all(
			stores.map((credentials, n) =>
				runNode({ credentials, parameters: send(`user${String(n + 1).padStart(4, '0')}`) }),
			),
		);
		expect(runs.map((r) => r.error)).toEqual(Array(10).fill(undefined));
		const state = await env.client.state();
		expect(state.tokenRequests).toBe(1);
		expect(state.messages).toHaveLength(10);
		// Only the execution that fetched stored it through n8n; the others used it in memory.
		expect(stores.reduce((sum, s) => sum + s.updates, 0)).toBe(1);
	});

	it('an execution that reads the credential after the fetch landed does not reuse it from memory', async () => {
		const first = new TestCredentialsHelper(env.emulator.credentials({ accessToken: '' }));
		await runNode({ credentials: first, parameters: send('user0001') });
		// A credential store that (unlike n8n's) lost the token: the process must not hand out its copy.
		const later = new TestCredentialsHelper(env.emulator.credentials({ accessToken: '' }));
		await runNode({ credentials: later, parameters: send('user0002') });
		expect((await env.client.state()).tokenRequests).toBe(2);
	});

	it('a revoked token is not handed around: concurrent executions refresh once', async () => {
		const warm = new TestCredentialsHelper(env.emulator.credentials({ accessToken: '' }));
		await runNode({ credentials: warm, parameters: send('user0001') });
		const { accessToken, accessTokenIssuedFor } = warm.stored() as {
			accessToken: string;
			accessTokenIssuedFor: string;
		};
		await env.client.reset();
		await env.client.revokeTokens();
		// Each store holds the token as n8n persisted it (issued for this Client ID and Secret).
		const stores = Array.from(
			{ length: 5 },
			() =>
				new TestCredentialsHelper(env.emulator.credentials({ accessToken, accessTokenIssuedFor })),
		);
		const runs = await Promise.all(
			stores.map((credentials, n) => runNode({ credentials, parameters: send(`user000${n + 1}`) })),
		);
		expect(runs.map((r) => r.error)).toEqual(Array(5).fill(undefined));
		const state = await env.client.state();
		expect(state.tokenRequests).toBe(1);
		expect(state.messages).toHaveLength(5);
	});
});
