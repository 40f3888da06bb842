import type { IDataObject } from 'n8n-workflow';

import { PUBLIC_AI_CARD_TEMPLATE } from '../../emulator/products/aiCard';
import { longText } from '../../emulator/products/openai';
import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';

const CREATE = '/v1.0/card/instances/createAndDeliver';
const STREAMING = '/v1.0/card/streaming';
const INSTANCES = '/v1.0/card/instances';
const GROUP_ONE = 'cidEmuGroup+One/AAA==';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());

interface AiCard {
	outTrackId: string;
	cardTemplateId: string;
	cardParamMap: Record<string, string>;
	atUserIds: Record<string, string> | null;
	spaces: Array<{ spaceType: string; spaceId: string }>;
	flowHistory: Array<{ at: number; flowStatus: string }>;
	streams: Record<string, { content: string; finalized: boolean; error: boolean }>;
	streamingUpdates: Array<{
		at: number;
		guid: string;
		isFull: boolean;
		isFinalize: boolean;
		isError: boolean;
		repeated?: boolean;
		lateAfterFinalize?: boolean;
	}>;
	state: string;
}

const aiCards = async () => await env.client.admin<AiCard[]>('GET', 'aiCards');

/** A robot message as the DingTalk triggers output it. */
const message = (extra: IDataObject = {}): IDataObject => ({
	text: 'What is our refund policy?',
	senderUserId: 'user0002',
	senderNick: 'Emulated User 2',
	conversationId: GROUP_ONE,
	conversationType: 'group',
	...extra,
});

const create = (extra: IDataObject = {}): IDataObject => ({
	resource: 'aiCard',
	operation: 'create',
	...extra,
});

async function createdCard(outTrackId: string): Promise<void> {
	const { error } = await runNode({
		credentials: credentials(),
		parameters: create({ sendTo: 'user', userId: 'user0001', options: { outTrackId } }),
	});
	expect(error).toBeUndefined();
}

describe('AI Card → Create and Deliver', () => {
	it('replies to a group message with a thinking card that @-mentions the sender', async () => {
		const { output, error } = await runNode({
			credentials: credentials(),
			items: [{ json: message() }],
			parameters: create({ title: 'Assistant' }),
		});
		expect(error).toBeUndefined();
		const [call] = await env.client.requestsTo(CREATE);
		expect(call.body).toEqual({
			cardTemplateId: PUBLIC_AI_CARD_TEMPLATE,
			outTrackId: output[0].json.outTrackId,
			cardData: { cardParamMap: { flowStatus: '1', msgContent: '', msgTitle: 'Assistant' } },
			openSpaceId: `dtv1.card//IM_GROUP.${GROUP_ONE}`,
			userIdType: 1,
			imGroupOpenSpaceModel: { supportForward: true },
			imGroupOpenDeliverModel: {
				robotCode: env.emulator.app.robotCode,
				atUserIds: { user0002: 'Emulated User 2' },
			},
		});
		expect(output[0].json).toMatchObject({
			outTrackId: expect.stringMatching(/^n8n-ai-[0-9a-f]{24}$/),
			state: 'thinking',
			spaceType: 'IM_GROUP',
			spaceId: GROUP_ONE,
			contentKey: 'msgContent',
		});
		const [card] = await aiCards();
		expect(card).toMatchObject({ state: 'thinking', spaces: [{ spaceType: 'IM_GROUP' }] });
	});

	it('replies to a 1:1 message in the robot chat with its sender; to a user; into a group by chatId', async () => {
		const { output, error } = await runNode({
			credentials: credentials(),
			items: [{ json: message({ conversationType: 'oneToOne', conversationId: 'cidPrivate' }) }],
			parameters: create(),
		});
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({ spaceType: 'IM_ROBOT', spaceId: 'user0002' });
		await createdCard('to-user-1');
		const group = await runNode({
			credentials: credentials(),
			parameters: create({ sendTo: 'group', conversationId: 'chatemu0001' }),
		});
		expect(group.error).toBeUndefined();
		const calls = await env.client.requestsTo(CREATE);
		expect(
			calls.map((c) => [c.body!.openSpaceId, Boolean(c.body!.imRobotOpenDeliverModel)]),
		).toEqual([
			['dtv1.card//IM_ROBOT.user0002', true],
			['dtv1.card//IM_ROBOT.user0001', true],
			[`dtv1.card//IM_GROUP.${GROUP_ONE}`, false],
		]);
		expect(calls[1].body!.imRobotOpenDeliverModel).toEqual({
			spaceType: 'IM_ROBOT',
			robotCode: env.emulator.app.robotCode,
		});
	});

	it('names the parameter and item of bad input and keeps the rest of the batch', async () => {
		const { output, error } = await runNode({
			credentials: credentials(),
			continueOnFail: true,
			items: [
				{ json: message({ conversationType: 'oneToOne', senderUserId: '' }) },
				{ json: message() },
				{ json: message({ conversationType: 'channel' }) },
			],
			parameters: create({ options: { cardData: '{"logo": "@lALP", "count": 3}' } }),
		});
		expect(error).toBeUndefined();
		expect(output[0].json.error).toBe('No sender user ID in parameter "Sender User ID" [item 0]');
		expect(output[1].json).toMatchObject({ state: 'thinking' });
		expect(output[2].json.error).toMatch(/"channel" is not a conversation type .*\[item 2\]/);
		const calls = await env.client.requestsTo(CREATE);
		expect(calls).toHaveLength(1);
		// More Card Data: every value a string, as cardParamMap wants.
		expect((calls[0].body!.cardData as IDataObject).cardParamMap).toEqual({
			logo: '@lALP',
			count: '3',
			flowStatus: '1',
			msgContent: '',
		});
	});

	it('with Retry On Fail, delivers each card once: only the failed item is tried again', async () => {
		await env.client.faults({
			rules: [{ type: 'status', status: 500, path: CREATE, after: 1, count: 1 }],
		});
		const { output, error } = await runNode({
			credentials: credentials(),
			items: [{ json: message() }, { json: message({ conversationType: 'oneToOne' }) }],
			parameters: create(),
			settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		});
		expect(error).toBeUndefined();
		expect(await env.client.requestsTo(CREATE)).toHaveLength(3);
		const delivered = await aiCards();
		expect(delivered).toHaveLength(2);
		expect(output.map((item) => item.json.outTrackId).sort()).toEqual(
			delivered.map((card) => card.outTrackId).sort(),
		);
	});

	it('fails the item when DingTalk cannot deliver the card (unknown user)', async () => {
		const { error } = await runNode({
			credentials: credentials(),
			parameters: create({ sendTo: 'user', userId: 'ghost-user' }),
		});
		expect(error?.message).toMatch(/could not deliver it to IM_ROBOT ghost-user: .*\[item 0\]/);
	});
});

describe('AI Card → Stream Text / Finish / Fail', () => {
	const stream = (outTrackId: string, text: string, extra: IDataObject = {}): IDataObject => ({
		resource: 'aiCard',
		operation: 'stream',
		outTrackId,
		text,
		options: { intervalMs: 100 },
		...extra,
	});

	it('streams into a card created and delivered in two Make a Request calls', async () => {
		const request = (path: string, body: IDataObject): IDataObject => ({
			resource: 'api',
			operation: 'request',
			api: 'new',
			method: 'POST',
			path,
			body: JSON.stringify(body),
		});
		const created = await runNode({
			credentials: credentials(),
			parameters: request(INSTANCES, {
				cardTemplateId: PUBLIC_AI_CARD_TEMPLATE,
				outTrackId: 'two-step-1',
				cardData: { cardParamMap: { flowStatus: '1', msgContent: '' } },
				imRobotOpenSpaceModel: { supportForward: true },
			}),
		});
		expect(created.error).toBeUndefined();
		expect(created.output[0].json).toEqual({ success: true, result: 'two-step-1' });
		const delivered = await runNode({
			credentials: credentials(),
			parameters: request(`${INSTANCES}/deliver`, {
				outTrackId: 'two-step-1',
				openSpaceId: 'dtv1.card//IM_ROBOT.user0001',
				imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT' },
			}),
		});
		expect(delivered.error).toBeUndefined();
		expect(delivered.output[0].json).toMatchObject({
			success: true,
			result: [{ spaceType: 'IM_ROBOT', spaceId: 'user0001', success: true }],
		});
		const { output, error } = await runNode({
			credentials: credentials(),
			parameters: stream('two-step-1', 'Answered after two calls.'),
		});
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({ outTrackId: 'two-step-1', state: 'finished' });
		const [card] = await aiCards();
		expect(card).toMatchObject({
			outTrackId: 'two-step-1',
			state: 'finished',
			spaces: [{ spaceType: 'IM_ROBOT', spaceId: 'user0001' }],
			cardParamMap: { flowStatus: '3', msgContent: 'Answered after two calls.' },
		});
		expect(card.streams.msgContent.content).toBe('Answered after two calls.');
		expect(await env.client.requestsTo(CREATE)).toHaveLength(0);
	});

	it('streams a 2,000-character answer in ≥ 5 paced full-text updates and finishes with exactly it', async () => {
		await createdCard('answer-1');
		const answer = `${longText(1990)} 👋🏽 完`;
		const { output, error } = await runNode({
			credentials: credentials(),
			parameters: stream('answer-1', answer),
		});
		expect(error).toBeUndefined();
		const [card] = await aiCards();
		const updates = card.streamingUpdates;
		expect(updates.length).toBeGreaterThanOrEqual(5);
		expect(updates.every((u) => u.isFull && !u.isError && !u.repeated)).toBe(true);
		expect(updates.map((u) => u.isFinalize)).toEqual([
			...Array(updates.length - 1).fill(false),
			true,
		]);
		// Paced: one card's updates at least the interval apart.
		for (let n = 1; n < updates.length; n++)
			expect(updates[n].at - updates[n - 1].at).toBeGreaterThanOrEqual(90);
		// Every update is a prefix of the answer, growing; the last is the answer byte for byte.
		const streamed = (await env.client.requestsTo(STREAMING)).map((r) => r.body!.content as string);
		streamed.forEach((content, n) => {
			expect(answer.startsWith(content)).toBe(true);
			if (n > 0) expect(content.length).toBeGreaterThan(streamed[n - 1].length);
		});
		expect(Buffer.from(card.streams.msgContent.content)).toEqual(Buffer.from(answer));
		expect(card.cardParamMap.msgContent).toBe(answer);
		expect(card.flowHistory.map((h) => h.flowStatus)).toEqual(['1', '2', '3']);
		expect(card.state).toBe('finished');
		expect(output[0].json).toMatchObject({
			outTrackId: 'answer-1',
			state: 'finished',
			updates: updates.length,
			text: answer,
		});
	});

	it('repeats an update whose answer was lost without doubling or reordering the text', async () => {
		await createdCard('answer-2');
		await env.client.faults({
			rules: [{ type: 'drop-after', path: STREAMING, after: 2, count: 1 }],
		});
		const answer = longText(600);
		const { error } = await runNode({
			credentials: credentials(),
			parameters: stream('answer-2', answer),
		});
		expect(error).toBeUndefined();
		const [card] = await aiCards();
		const repeated = card.streamingUpdates.filter((u) => u.repeated);
		expect(repeated).toHaveLength(1);
		// The repeat carried the guid of the update it repeats, right after it.
		const at = card.streamingUpdates.indexOf(repeated[0]);
		expect(card.streamingUpdates[at - 1].guid).toBe(repeated[0].guid);
		expect(card.streams.msgContent.content).toBe(answer);
		expect(card.streamingUpdates.some((u) => u.lateAfterFinalize)).toBe(false);
	});

	it('streams without finishing, then Finish ends the card with a final text', async () => {
		await createdCard('answer-3');
		await runNode({
			credentials: credentials(),
			parameters: stream('answer-3', 'Partial answer', { finish: false }),
		});
		expect((await aiCards())[0].state).toBe('streaming');
		const { output, error } = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'aiCard',
				operation: 'finish',
				outTrackId: 'answer-3',
				text: 'Final answer.',
			},
		});
		expect(error).toBeUndefined();
		const [card] = await aiCards();
		expect(card.state).toBe('finished');
		expect(card.cardParamMap).toMatchObject({ flowStatus: '3', msgContent: 'Final answer.' });
		expect(card.streams.msgContent).toMatchObject({ content: 'Final answer.', finalized: true });
		expect(output[0].json).toEqual({
			outTrackId: 'answer-3',
			state: 'finished',
			text: 'Final answer.',
		});
	});

	it('Fail ends the card as failed with a readable message', async () => {
		await createdCard('answer-4');
		const { output, error } = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'aiCard',
				operation: 'fail',
				outTrackId: 'answer-4',
				text: 'Sorry, that failed: the model is overloaded',
			},
		});
		expect(error).toBeUndefined();
		const [card] = await aiCards();
		expect(card.state).toBe('failed');
		expect(card.cardParamMap).toMatchObject({
			flowStatus: '5',
			msgContent: 'Sorry, that failed: the model is overloaded',
		});
		const [update] = await env.client.requestsTo(STREAMING);
		expect(update.body).toMatchObject({ isError: true, isFinalize: true, isFull: true });
		expect(output[0].json).toMatchObject({ state: 'failed' });
	});

	it('Update sets template variables by key, or replaces all card data; bad JSON is a parameter error', async () => {
		await createdCard('answer-6');
		const update = (extra: IDataObject) => ({
			resource: 'aiCard',
			operation: 'update',
			outTrackId: 'answer-6',
			...extra,
		});
		const byKey = await runNode({
			credentials: credentials(),
			parameters: update({ cardData: '{"msgTitle": "Answer", "count": 2}' }),
		});
		expect(byKey.error).toBeUndefined();
		expect((await aiCards())[0].cardParamMap).toEqual({
			flowStatus: '1',
			msgContent: '',
			msgTitle: 'Answer',
			count: '2',
		});
		expect(byKey.output[0].json).toEqual({
			outTrackId: 'answer-6',
			updated: ['msgTitle', 'count'],
			replaceAll: false,
		});
		await runNode({
			credentials: credentials(),
			parameters: update({
				cardData: '{"flowStatus": "3", "msgContent": "Done"}',
				replaceAll: true,
			}),
		});
		expect((await aiCards())[0].cardParamMap).toEqual({ flowStatus: '3', msgContent: 'Done' });
		const bad = await runNode({
			credentials: credentials(),
			continueOnFail: true,
			items: [{ json: {} }, { json: {} }],
			parameters: update({
				cardData: '={{ $itemIndex === 0 ? "{not json" : \'{"msgTitle": "Ok"}\' }}',
			}),
		});
		expect(bad.output[0].json.error).toBe(
			'The card data is not a JSON object in parameter "Card Data (JSON)" [item 0]',
		);
		expect(bad.output[1].json).toMatchObject({ updated: ['msgTitle'] });
	});

	it('says which permission to enable when streaming is not granted', async () => {
		await createdCard('answer-5');
		await env.client.admin('POST', 'permissions', { revoke: ['Card.Streaming.Write'] });
		const { error } = await runNode({
			credentials: credentials(),
			parameters: stream('answer-5', 'Hello'),
		});
		expect(`${error?.message} ${error?.description}`).toContain('Card.Streaming.Write');
		// Nothing after the refused update: the card was not finished behind the user's back.
		const updates = (await env.client.requestsTo(INSTANCES)).filter((r) => r.method === 'PUT');
		expect(updates.map((r) => (r.body!.cardData as IDataObject).cardParamMap)).toEqual([
			{ flowStatus: '2' },
		]);
	});

	it('names the card instance parameter when the item has none (an Agent output mapped as is)', async () => {
		const { error } = await runNode({
			credentials: credentials(),
			items: [{ json: { output: 'Hello' } }],
			parameters: {
				resource: 'aiCard',
				operation: 'stream',
				outTrackId: '={{ $json.outTrackId }}',
				text: '={{ $json.output }}',
			},
		});
		expect(error?.message).toBe(
			'No card instance ID given in parameter "Card Instance ID" [item 0]',
		);
		expect(await env.client.requestsTo(STREAMING)).toHaveLength(0);
	});
});
