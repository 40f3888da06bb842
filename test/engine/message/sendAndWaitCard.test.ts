/**
 * Approve inside DingTalk: Send and Wait sends an interactive card; a click (the emulator pushes
 * DingTalk's card callback over Stream) reaches the DingTalk Stream Trigger running in n8n-core's
 * TriggerContext, which hands it to the waiting node's resume URL; that request then goes through
 * the node's webhook() in a WebhookContext, as n8n's waiting-webhook handler runs it. Checked: what
 * DingTalk received (the card, the refusal, the card updates), what the trigger posted, and the
 * node's output; forged, stale and misdirected answers resume nothing.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	parseCardClick,
	signCardAnswer,
} from '../../../nodes/DingTalk/helpers/approvals/cardResume';
import '../../support/webSocketGlobal';
import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';
import { startStream, type StreamRun } from '../trigger/triggerHarness';
import { openResumeUrl } from './waitingWebhook';

const SEND = '/v1.0/im/v1.0/robot/interactiveCards/send';
const UPDATE = '/v1.0/im/robots/interactiveCards';
const BATCH = '/v1.0/robot/oToMessages/batchSend';
const NODE_ID = '6c2f4b0e-0000-4000-8000-000000000001';
const WAITING = `http://127.0.0.1/webhook-waiting/engine-exec-1/${NODE_ID}`;

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());

const parameters = (extra: IDataObject = {}): IDataObject => ({
	resource: 'message',
	operation: 'sendAndWait',
	sendTo: 'user',
	userIds: 'user0001, manager4220',
	title: 'Refund ¥1,200 to ACME?',
	message: '**Order:** 4711',
	responseType: 'approval',
	approvalOptions: {
		values: { approvalType: 'double', approveLabel: '同意', disapproveLabel: '拒绝' },
	},
	approveIn: 'card',
	approvers: 'manager4220',
	unauthorizedReplyText: 'Only the finance manager decides.',
	options: { appendAttribution: false },
	...extra,
});

interface Posted {
	url: string;
	body: IDataObject;
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error('timed out');
		await sleep(25);
	}
}

type Card = {
	contents: Array<{
		type: string;
		text?: string;
		actions?: Array<{ id: string; actionType: string; label: { text: string } }>;
	}>;
};

describe('Send and Wait · Approve In: DingTalk Card (through the Stream Trigger)', () => {
	let stream: StreamRun;
	let posted: Posted[];
	/** What the waiting node answers the trigger; the test replaces it per request. */
	let answer: (request: Posted) => Promise<unknown>;

	beforeEach(async () => {
		posted = [];
		answer = async () => ({ resumed: false });
		stream = await startStream(
			credentials(),
			{ subscriptions: ['cardCallbacks'], eventTypes: '', acknowledge: 'afterAccepted' },
			async (options: IHttpRequestOptions) => {
				const request = { url: options.url, body: options.body as IDataObject };
				posted.push(request);
				return { statusCode: 200, body: await answer(request) };
			},
		);
		await until(
			async () =>
				(await env.client.admin<{ activeConnections: number }>('GET', 'stream'))
					.activeConnections === 1,
		);
	});

	afterEach(async () => {
		await stream.close();
	});

	/** Sends the question; returns each recipient's card as DingTalk received it. */
	async function ask(extra: IDataObject = {}) {
		const { error, run, output } = await runNode({
			credentials: credentials(),
			parameters: parameters(extra),
		});
		expect(error).toBeUndefined();
		expect(run.waitTill).toBeInstanceOf(Date);
		const cards = (await env.client.requestsTo(SEND)).map((call) => ({
			body: call.body!,
			card: JSON.parse(call.body!.cardData as string) as Card,
		}));
		return { cards, output };
	}

	const buttonsOf = (card: Card) => card.contents.find((c) => c.type === 'action')?.actions ?? [];

	/** A member clicks a button; resolves with what the Stream Trigger posted for it. */
	async function click(cardBizId: string, actionId: string, userId: string): Promise<Posted> {
		const before = posted.length;
		await env.client.admin('POST', 'cards/click', { cardBizId, actionId, userId });
		await until(() => posted.length > before);
		return posted[before];
	}

	const deliver = async (request: Posted, extra: IDataObject = parameters()) =>
		await openResumeUrl(credentials(), extra, request.url, { method: 'POST', form: request.body });

	it('sends one card per user with callback buttons that name the execution, not a URL', async () => {
		const { cards, output } = await ask();
		expect(cards.map((c) => c.body.singleChatReceiver)).toEqual([
			JSON.stringify({ userId: 'user0001' }),
			JSON.stringify({ userId: 'manager4220' }),
		]);
		expect(cards.map((c) => c.body.cardBizId)).toEqual([
			`hitl.engine-exec-1.${NODE_ID}.0`,
			`hitl.engine-exec-1.${NODE_ID}.1`,
		]);
		const buttons = buttonsOf(cards[0].card);
		expect(buttons.map((b) => [b.label.text, b.actionType])).toEqual([
			['同意', 'request'],
			['拒绝', 'request'],
		]);
		expect(buttons[0].id).toMatch(/^a[A-Za-z0-9_-]{43}$/);
		expect(buttons[1].id).toMatch(/^d[A-Za-z0-9_-]{43}$/);
		expect(JSON.stringify(cards[0].card)).not.toContain('http');
		expect(output[0].json.sentTo).toEqual([
			expect.objectContaining({ userId: 'user0001', cardBizId: `hitl.engine-exec-1.${NODE_ID}.0` }),
			expect.objectContaining({
				userId: 'manager4220',
				cardBizId: `hitl.engine-exec-1.${NODE_ID}.1`,
			}),
		]);
	});

	it("a non-approver's click is refused (told in a 1:1 message) and the wait goes on; the approver's click resumes and both cards show the outcome", async () => {
		const { cards } = await ask();
		const [approve] = buttonsOf(cards[0].card);
		const intruder = await click(cards[0].body.cardBizId as string, approve.id, 'user0001');
		expect(intruder.url).toBe(
			`${WAITING}?hitl=card&signature=${parseCardClick(cards[0].body.cardBizId, approve.id)!.signature}`,
		);
		expect(intruder.body).toMatchObject({
			hitl: 'dingtalk-card',
			decision: 'approve',
			userId: 'user0001',
		});
		const refused = await deliver(intruder);
		expect(refused.resumedWith).toBeUndefined();
		expect(refused.response).toEqual({
			resumed: false,
			reason: 'not an approver',
			userId: 'user0001',
		});
		const [told] = await env.client.requestsTo(BATCH);
		expect(told.body).toMatchObject({ userIds: ['user0001'], msgKey: 'sampleText' });
		expect(JSON.parse(told.body!.msgParam as string)).toEqual({
			content: 'Only the finance manager decides.',
		});
		expect(await env.client.requestsTo(UPDATE)).toHaveLength(0);

		const [, decline] = buttonsOf(cards[1].card);
		const manager = await click(cards[1].body.cardBizId as string, decline.id, 'manager4220');
		const decided = await deliver(manager);
		expect(decided.response).toEqual({ resumed: true });
		expect(decided.resumedWith).toHaveLength(1);
		expect(decided.resumedWith![0].json.data).toMatchObject({
			approved: false,
			decision: 'declined',
			timedOut: false,
			responder: { id: 'manager4220', source: 'dingtalk' },
			respondedBy: { userId: 'manager4220' },
			client: 'DingTalk card',
			cardBizId: `hitl.engine-exec-1.${NODE_ID}.1`,
		});
		const updates = await env.client.requestsTo(UPDATE);
		expect(updates.map((u) => u.body!.cardBizId)).toEqual([
			`hitl.engine-exec-1.${NODE_ID}.0`,
			`hitl.engine-exec-1.${NODE_ID}.1`,
		]);
		const after = JSON.parse(updates[0].body!.cardData as string) as Card;
		expect(buttonsOf(after)).toEqual([]);
		expect(after.contents.map((c) => c.text ?? '').join('\n')).toMatch(
			/\*\*Order:\*\* 4711\n\n❌ \*\*Declined\*\* by manager4220 · \d{4}-\d\d-\d\d \d\d:\d\d UTC/,
		);
		const cardsNow = await env.client.admin<Array<{ cardBizId: string; cardData: Card }>>(
			'GET',
			'cards',
		);
		expect(cardsNow.every((c) => buttonsOf(c.cardData).length === 0)).toBe(true);
	});

	it('After Decision: Keep Message Unchanged leaves the card alone', async () => {
		const keep = { postDecisionBehavior: 'keepMessage', approvers: '' };
		const { cards } = await ask(keep);
		const [approve] = buttonsOf(cards[0].card);
		const answered = await click(cards[0].body.cardBizId as string, approve.id, 'user0001');
		const kept = await deliver(answered, parameters(keep));
		expect(kept.resumedWith![0].json.data).toMatchObject({
			approved: true,
			responder: { id: 'user0001' },
		});
		expect(await env.client.requestsTo(UPDATE)).toHaveLength(0);
	});

	it('in a group (one card, anyone in it may answer): Remove Buttons Only adds no outcome', async () => {
		const remove = {
			postDecisionBehavior: 'removeButtons',
			approvers: '',
			sendTo: 'group',
			conversationId: 'chatemu0001',
		};
		const { cards } = await ask(remove);
		expect(cards).toHaveLength(1);
		expect(cards[0].body.openConversationId).toBe('cidEmuGroup+One/AAA==');
		expect(cards[0].body.cardBizId).toBe(`hitl.engine-exec-1.${NODE_ID}.0`);
		const [sent] = await env.client.admin<Array<{ memberUserIds: string[] }>>('GET', 'cards');
		const member = sent.memberUserIds[1];
		const [approve] = buttonsOf(cards[0].card);
		const answered = await click(cards[0].body.cardBizId as string, approve.id, member);
		const removed = await deliver(answered, parameters(remove));
		expect(removed.resumedWith![0].json.data).toMatchObject({
			approved: true,
			responder: { id: member },
		});
		const [update] = await env.client.requestsTo(UPDATE);
		const after = JSON.parse(update.body!.cardData as string) as Card;
		expect(buttonsOf(after)).toEqual([]);
		expect(JSON.stringify(after)).toContain('4711');
		expect(JSON.stringify(after)).not.toMatch(/Approved|Declined/);
	});

	it('Approvals Needed: All — the cards carry who approved and who is awaited; the last approval resumes', async () => {
		const all = { approvalsNeeded: 'all', approvers: '' };
		const { cards } = await ask(all);
		const [firstApprove] = buttonsOf(cards[0].card);
		const first = await deliver(
			await click(cards[0].body.cardBizId as string, firstApprove.id, 'user0001'),
			parameters(all),
		);
		expect(first.resumedWith).toBeUndefined();
		expect(first.response).toEqual({
			resumed: false,
			reason: 'waiting for other approvers',
			approvedBy: ['user0001'],
			awaited: ['manager4220'],
		});
		const updates = await env.client.requestsTo(UPDATE);
		expect(updates.map((u) => u.body!.cardBizId)).toEqual(cards.map((c) => c.body.cardBizId));
		const progressCard = JSON.parse(updates[1].body!.cardData as string) as Card;
		expect(progressCard.contents.map((c) => c.text ?? '').join('\n')).toContain(
			'✅ Approved by user0001 · waiting for manager4220',
		);
		const [approve, decline] = buttonsOf(progressCard);
		expect(approve.id).toMatch(/^a[A-Za-z0-9_-]{43}00001$/);
		expect(decline.id).toMatch(/^d[A-Za-z0-9_-]{43}00001$/);
		// The old button is gone from the card: DingTalk (the emulator) sends no callback for it.
		const stale = await env.client.admin<{ message?: string }>('POST', 'cards/click', {
			cardBizId: cards[1].body.cardBizId,
			actionId: buttonsOf(cards[1].card)[0].id,
			userId: 'manager4220',
		});
		expect(stale.message).toMatch(/has no button/);
		const last = await deliver(
			await click(cards[1].body.cardBizId as string, approve.id, 'manager4220'),
			parameters(all),
		);
		expect(last.resumedWith![0].json.data).toMatchObject({
			approved: true,
			decision: 'approved',
			approvedBy: ['user0001', 'manager4220'],
			responder: { id: 'manager4220', source: 'dingtalk' },
		});
		const allUpdates = await env.client.requestsTo(UPDATE);
		const final = JSON.parse(allUpdates[allUpdates.length - 1].body!.cardData as string) as Card;
		expect(buttonsOf(final)).toEqual([]);
	});

	it('Approvals Needed: All, in a group without an approver list, is refused before anything is sent', async () => {
		const { error } = await runNode({
			credentials: credentials(),
			parameters: parameters({
				approvalsNeeded: 'all',
				approvers: '',
				sendTo: 'group',
				conversationId: 'chatemu0001',
			}),
		});
		expect(error?.message).toBe(
			'All approvers must approve, but nobody is named in parameter "Restrict Who Can Approve" [item 0]',
		);
		expect(await env.client.requestsTo(SEND)).toHaveLength(0);
	});

	describe('answers that must not resume anything', () => {
		async function realAnswer() {
			const { cards } = await ask();
			const [approve] = buttonsOf(cards[1].card);
			return await click(cards[1].body.cardBizId as string, approve.id, 'manager4220');
		}

		it.each([
			['another user put in', (b: IDataObject) => ({ ...b, userId: 'user0001' }), 'bad proof'],
			['the decision flipped', (b: IDataObject) => ({ ...b, decision: 'decline' }), 'bad proof'],
			['the time moved', (b: IDataObject) => ({ ...b, at: Number(b.at) + 1 }), 'bad proof'],
			['no proof', (b: IDataObject) => ({ ...b, proof: '' }), 'bad proof'],
			[
				'another node',
				(b: IDataObject) => ({ ...b, cardBizId: 'hitl.engine-exec-1.other-node.1' }),
				'not a card answer for this node',
			],
			['not a card answer', () => ({ approved: 'true' }), 'not a card answer for this node'],
		])('%s', async (_what, change, reason) => {
			const real = await realAnswer();
			const forged = await deliver({ url: real.url, body: change(real.body) });
			expect(forged.resumedWith).toBeUndefined();
			expect(forged.response).toEqual({ resumed: false, reason });
			expect(await env.client.requestsTo(UPDATE)).toHaveLength(0);
		});

		it('an answer proven with another secret, or older than five minutes, is refused', async () => {
			const real = await realAnswer();
			const click = {
				...parseCardClick(real.body.cardBizId, `a${'A'.repeat(43)}`)!,
				signature: new URL(real.url).searchParams.get('signature')!,
			};
			const otherSecret = signCardAnswer(
				'not-the-app-secret',
				click,
				'manager4220',
				'm1',
				Date.now(),
			);
			expect((await deliver({ url: real.url, body: { ...otherSecret } })).response).toEqual({
				resumed: false,
				reason: 'bad proof',
			});
			const secret = String(env.emulator.credentials().clientSecret);
			const stale = signCardAnswer(secret, click, 'manager4220', 'm1', Date.now() - 6 * 60_000);
			const old = await deliver({ url: real.url, body: { ...stale } });
			expect(old.resumedWith).toBeUndefined();
			expect(old.response).toEqual({ resumed: false, reason: 'stale answer' });
			const fresh = signCardAnswer(secret, click, 'manager4220', 'm1', Date.now());
			expect((await deliver({ url: real.url, body: { ...fresh } })).resumedWith).toHaveLength(1);
		});

		it('opening the card resume URL in a browser resumes nothing', async () => {
			const real = await realAnswer();
			const opened = await openResumeUrl(credentials(), parameters(), real.url, {
				userAgent: 'Mozilla/5.0 (iPhone) AliApp(DingTalk/7.6.0)',
			});
			expect(opened.resumedWith).toBeUndefined();
		});
	});

	it("clicks on other cards still start the trigger's workflow", async () => {
		const sent = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'card',
				operation: 'send',
				sendTo: 'user',
				userId: 'user0001',
				title: 'Alert',
				content: 'Disk full',
				buttons: { button: [{ label: 'Ack', behavior: 'callback', actionId: 'ack' }] },
				options: {},
			},
		});
		expect(sent.error).toBeUndefined();
		const cardBizId = sent.output[0].json.cardBizId as string;
		await env.client.admin('POST', 'cards/click', {
			cardBizId,
			actionId: 'ack',
			userId: 'user0001',
		});
		await until(() => stream.emitted.length === 1);
		expect(stream.emitted[0]).toMatchObject({ cardBizId, actionId: 'ack', userId: 'user0001' });
		expect(posted).toHaveLength(0);
	});
});
