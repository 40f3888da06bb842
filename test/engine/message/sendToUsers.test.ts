import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';

const ENDPOINT = '/v1.0/robot/oToMessages/batchSend';

const env = useEmulator();

function users(from: number, count: number): string[] {
	return Array.from({ length: count }, (_, n) => `user${String(from + n).padStart(4, '0')}`);
}

describe('Message → Send to Users, inside n8n-core WorkflowExecute against the emulator', () => {
	it("sends a text message and reports DingTalk's answer per item", async () => {
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		const { output, error } = await runNode({
			credentials,
			parameters: {
				resource: 'message',
				operation: 'sendToUsers',
				userIds: 'user0001, user0002',
				messageType: 'text',
				content: 'Hello 钉钉',
			},
		});
		expect(error).toBeUndefined();
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({
			sentUserIds: ['user0001', 'user0002'],
			invalidUserIds: [],
			flowControlledUserIds: [],
			robotCode: env.emulator.app.appKey,
		});
		expect(output[0].pairedItem).toEqual({ item: 0 });

		const [request] = await env.client.requestsTo(ENDPOINT);
		expect(request.tokenInHeader).toBe(true);
		expect(request.tokenInQuery).toBe(false);
		expect(request.body).toEqual({
			robotCode: env.emulator.app.appKey,
			userIds: ['user0001', 'user0002'],
			msgKey: 'sampleText',
			msgParam: JSON.stringify({ content: 'Hello 钉钉' }),
		});
		const state = await env.client.state();
		expect(state.messages.map((m) => m.userId)).toEqual(['user0001', 'user0002']);
		expect(output[0].json.processQueryKey).toBe(state.messages[0].processQueryKey);
	});

	it('sends markdown with its title as sampleMarkdown', async () => {
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		const { error } = await runNode({
			credentials,
			parameters: {
				...params('user0007'),
				messageType: 'markdown',
				title: '日报 Daily',
				content: '## Done\n- shipped',
			},
		});
		expect(error).toBeUndefined();
		const [request] = await env.client.requestsTo(ENDPOINT);
		expect(request.body?.msgKey).toBe('sampleMarkdown');
		expect(JSON.parse(request.body?.msgParam as string)).toEqual({
			title: '日报 Daily',
			text: '## Done\n- shipped',
		});
	});

	it('sends 45 recipients in 3 calls of 20, 20 and 5 and merges them into one output item', async () => {
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		const recipients = users(1, 45);
		const { output, error } = await runNode({
			credentials,
			parameters: params(recipients.join('\n')),
		});
		expect(error).toBeUndefined();
		const calls = await env.client.requestsTo(ENDPOINT);
		expect(calls.map((c) => (c.body?.userIds as string[]).length)).toEqual([20, 20, 5]);
		expect(calls.flatMap((c) => c.body?.userIds as string[])).toEqual(recipients);
		expect(output).toHaveLength(1);
		expect(output[0].json.sentUserIds).toEqual(recipients);
		expect(output[0].json.processQueryKeys).toHaveLength(3);
		expect((await env.client.state()).messages).toHaveLength(45);
	});

	it('reports invalid (无效的用户ID列表) and flow-controlled (被限流的用户ID列表) users', async () => {
		await env.client.faults({ flowControlledUsers: ['user0003'] });
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		const { output } = await runNode({
			credentials,
			parameters: params('user0001, ghost-1, user0003, user0004'),
		});
		expect(output[0].json).toMatchObject({
			sentUserIds: ['user0001', 'user0004'],
			invalidUserIds: ['ghost-1'],
			flowControlledUserIds: ['user0003'],
		});
		expect((await env.client.state()).messages.map((m) => m.userId)).toEqual([
			'user0001',
			'user0004',
		]);
	});

	it('accepts a JSON array string, an array from an expression, and trims and de-duplicates IDs', async () => {
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		const { output } = await runNode({
			credentials,
			items: [{ json: { ids: ['user0011', ' user0012 '] } }, { json: {} }],
			parameters: {
				...params(''),
				userIds: '={{ $itemIndex === 0 ? $json.ids : \'["user0013", "user0014", "user0013"]\' }}',
			},
		});
		expect(output.map((o) => o.json.sentUserIds)).toEqual([
			['user0011', 'user0012'],
			['user0013', 'user0014'],
		]);
	});

	it("uses the credential's Robot Code, and the node option over it", async () => {
		const credentials = new TestCredentialsHelper(
			env.emulator.credentials({ robotCode: 'dingOtherRobot' }),
		);
		const { error } = await runNode({ credentials, parameters: params('user0001') });
		expect(error?.message).toContain('invalidParameter.robotCode.notExsit');
		expect(error?.description).toContain('robot capability');
		const { output } = await runNode({
			credentials,
			parameters: { ...params('user0001'), options: { robotCode: env.emulator.app.appKey } },
		});
		expect(output[0].json.robotCode).toBe(env.emulator.app.appKey);
	});

	describe('bad input', () => {
		it.each([
			['no user IDs', { userIds: '  ' }, 'User IDs', 'No user IDs given'],
			['a broken JSON array', { userIds: '["user0001",' }, 'User IDs', 'not a valid JSON array'],
			['empty content', { content: '   ' }, 'Content', 'Content is empty'],
			[
				'markdown without title',
				{ messageType: 'markdown', title: '={{ "" }}' },
				'Title',
				'Title is empty',
			],
		])(
			'%s → an error naming the parameter and the item, and nothing is sent',
			async (_case, override, parameter, text) => {
				const credentials = new TestCredentialsHelper(env.emulator.credentials());
				const { error } = await runNode({
					credentials,
					parameters: { ...params('user0001'), ...override },
				});
				expect(error?.message).toContain(`parameter "${parameter}"`);
				expect(error?.message).toContain('[item 0]');
				expect(error?.message).toContain(text);
				expect(error?.description).toBeTruthy();
				expect(await env.client.requestsTo(ENDPOINT)).toHaveLength(0);
			},
		);

		it('with Continue On Fail, a bad item becomes one paired error item and the others are sent', async () => {
			const credentials = new TestCredentialsHelper(env.emulator.credentials());
			const { output, error } = await runNode({
				credentials,
				continueOnFail: true,
				items: [{ json: { to: 'user0001' } }, { json: { to: '' } }, { json: { to: 'user0003' } }],
				parameters: { ...params(''), userIds: '={{ $json.to }}' },
			});
			expect(error).toBeUndefined();
			expect(output).toHaveLength(3);
			expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(output[0].json.sentUserIds).toEqual(['user0001']);
			expect(output[1].json.error).toContain('"User IDs" [item 1]');
			expect(output[2].json.sentUserIds).toEqual(['user0003']);
			expect((await env.client.state()).messages.map((m) => m.userId)).toEqual([
				'user0001',
				'user0003',
			]);
		});

		it('a failure after some chunks went out lists what was already delivered', async () => {
			await env.client.faults({
				rules: [
					{
						type: 'status',
						path: ENDPOINT,
						after: 1,
						count: 1,
						status: 403,
						body: {
							code: 'Forbidden.AccessDenied.ApiCountLimitForOrg',
							message: '超过企业调用上限',
							requestid: 'RQ-QUOTA',
						},
					},
				],
			});
			const credentials = new TestCredentialsHelper(env.emulator.credentials());
			const recipients = users(1, 30);
			const { error } = await runNode({ credentials, parameters: params(recipients.join(',')) });
			expect(error?.message).toContain('Forbidden.AccessDenied.ApiCountLimitForOrg');
			expect(error?.message).toContain('RQ-QUOTA');
			expect(error?.description).toContain('monthly API call quota');
			expect(error?.description).toContain('Already sent before this failure to 20 of 30 users');
			expect(error?.description).toContain(recipients[19]);
			expect(error?.description).not.toContain(recipients[20]);
			expect((await env.client.state()).messages).toHaveLength(20);
		});
	});

	describe('a send that reached nobody', () => {
		it('fails the item with the invalid IDs and what to check', async () => {
			const credentials = new TestCredentialsHelper(env.emulator.credentials());
			const { output, error } = await runNode({ credentials, parameters: params('usr0001') });
			expect(output).toHaveLength(0);
			expect(error?.message).toBe(
				'The message reached nobody: DingTalk reported the user ID usr0001 as invalid [item 0]',
			);
			expect(error?.description).toContain('userId (用户ID)');
			expect(error?.description).toContain('unionId');
			expect(error?.description).toContain('visible range');
			const [call] = await env.client.requestsTo(ENDPOINT);
			expect(call.body?.userIds).toEqual(['usr0001']);
			expect((await env.client.state()).messages).toHaveLength(0);
		});

		it('names flow-controlled users when those were the only ones left', async () => {
			await env.client.faults({ flowControlledUsers: ['user0003'] });
			const credentials = new TestCredentialsHelper(env.emulator.credentials());
			const { error } = await runNode({
				credentials,
				parameters: { ...params('ghost-9, user0003'), options: { retryFlowControlled: false } },
			});
			expect(error?.message).toBe(
				'The message reached nobody: DingTalk reported the user ID ghost-9 as invalid; skipped user0003 for flow control (被限流) [item 0]',
			);
			expect(error?.description).toContain('again later');
		});

		it('with Continue On Fail, the error item carries the lists and the other items are sent', async () => {
			const credentials = new TestCredentialsHelper(env.emulator.credentials());
			const { output, error } = await runNode({
				credentials,
				continueOnFail: true,
				items: [{ json: { to: 'usr0001, usr0002' } }, { json: { to: 'user0001' } }],
				parameters: { ...params('={{ $json.to }}') },
			});
			expect(error).toBeUndefined();
			expect(output).toHaveLength(2);
			expect(output[0].pairedItem).toEqual({ item: 0 });
			expect(output[0].json).toMatchObject({
				error:
					'The message reached nobody: DingTalk reported the user IDs usr0001, usr0002 as invalid [item 0]',
				sentUserIds: [],
				invalidUserIds: ['usr0001', 'usr0002'],
				flowControlledUserIds: [],
			});
			expect(output[0].json.description).toContain('visible range');
			expect(output[1].json).toMatchObject({ sentUserIds: ['user0001'], invalidUserIds: [] });
			expect((await env.client.state()).messages.map((m) => m.userId)).toEqual(['user0001']);
		});

		it('keeps a partial delivery a success with the lists', async () => {
			const credentials = new TestCredentialsHelper(env.emulator.credentials());
			const { output, error } = await runNode({
				credentials,
				parameters: params('usr0001, user0002'),
			});
			expect(error).toBeUndefined();
			expect(output[0].json).toMatchObject({
				sentUserIds: ['user0002'],
				invalidUserIds: ['usr0001'],
			});
			expect(output[0].json.error).toBeUndefined();
		});
	});

	it('puts who got the message first and the opaque keys last', async () => {
		const credentials = new TestCredentialsHelper(env.emulator.credentials());
		const { output } = await runNode({ credentials, parameters: params('user0001') });
		expect(Object.keys(output[0].json)).toEqual([
			'sentUserIds',
			'invalidUserIds',
			'flowControlledUserIds',
			'alreadySentUserIds',
			'messageType',
			'robotCode',
			'processQueryKey',
			'processQueryKeys',
		]);
	});
});

function params(userIds: string): IDataObject {
	return {
		resource: 'message',
		operation: 'sendToUsers',
		userIds,
		messageType: 'text',
		content: 'Hello 钉钉',
	};
}
