import CardClient, {
	CreateAndDeliverHeaders,
	CreateAndDeliverRequest,
	CreateAndDeliverRequestCardData,
	CreateAndDeliverRequestImGroupOpenDeliverModel,
	CreateAndDeliverRequestImGroupOpenSpaceModel,
	CreateAndDeliverRequestImRobotOpenDeliverModel,
	CreateAndDeliverRequestImRobotOpenSpaceModel,
	CreateCardHeaders,
	CreateCardRequest,
	CreateCardRequestCardData,
	CreateCardRequestImGroupOpenSpaceModel,
	CreateCardRequestImRobotOpenSpaceModel,
	DeliverCardHeaders,
	DeliverCardRequest,
	DeliverCardRequestImGroupOpenDeliverModel,
	DeliverCardRequestImRobotOpenDeliverModel,
	StreamingUpdateHeaders,
	StreamingUpdateRequest,
	UpdateCardHeaders,
	UpdateCardRequest,
	UpdateCardRequestCardData,
	UpdateCardRequestCardUpdateOptions,
} from '@alicloud/dingtalk/dist/card_1_0/client';

import { PUBLIC_AI_CARD_TEMPLATE } from '../../../emulator/products/aiCard';
import { sdkAccessToken, sdkClient, sdkRefusal, sdkRuntime } from '../../../support/officialSdk';
import { useEmulator } from '../../../support/useEmulator';

/**
 * card_1_0 through the official SDK: create and deliver a card instance (1:1 robot chat, group) in
 * one call (createAndDeliver) or in two (createCard, deliverCard), update its data, and stream text
 * into an AI card (PUT /v1.0/card/streaming) with key, content, isFull, isFinalize, isError and guid —
 * the card-platform endpoints the AI card operations and "Make a Request" call.
 */

const env = useEmulator();
const GROUP_ONE = 'cidEmuGroup+One/AAA==';

interface AiCard {
	outTrackId: string;
	cardTemplateId: string;
	cardParamMap: Record<string, string>;
	spaces: Array<{ spaceType: string; spaceId: string; userId?: string }>;
	openSpaceModels: Record<string, unknown>;
	atUserIds: Record<string, string> | null;
	flowHistory: Array<{ flowStatus: string }>;
	streams: Record<string, { content: string; finalized: boolean; error: boolean }>;
	streamingUpdates: Array<{
		guid: string;
		repeated?: boolean;
		isFull?: boolean;
		lateAfterFinalize?: boolean;
	}>;
	state: string;
	text: string;
}

let client: CardClient;
let token: string;
let robotCode: string;

beforeAll(async () => {
	client = sdkClient(CardClient, env.emulator);
	token = await sdkAccessToken(env.emulator);
	robotCode = env.emulator.app.robotCode;
});

const aiCards = async () => await env.client.admin<AiCard[]>('GET', 'aiCards');
const card = async (outTrackId: string) =>
	(await aiCards()).find((c) => c.outTrackId === outTrackId) as AiCard;

const createAndDeliver = (request: Record<string, unknown>) =>
	client.createAndDeliverWithOptions(
		new CreateAndDeliverRequest(request),
		new CreateAndDeliverHeaders({ xAcsDingtalkAccessToken: token }),
		sdkRuntime(),
	);
const streaming = (request: Record<string, unknown>) =>
	client.streamingUpdateWithOptions(
		new StreamingUpdateRequest(request),
		new StreamingUpdateHeaders({ xAcsDingtalkAccessToken: token }),
		sdkRuntime(),
	);
const createCard = (request: Record<string, unknown>) =>
	client.createCardWithOptions(
		new CreateCardRequest(request),
		new CreateCardHeaders({ xAcsDingtalkAccessToken: token }),
		sdkRuntime(),
	);
const deliverCard = (request: Record<string, unknown>) =>
	client.deliverCardWithOptions(
		new DeliverCardRequest(request),
		new DeliverCardHeaders({ xAcsDingtalkAccessToken: token }),
		sdkRuntime(),
	);
const update = (request: Record<string, unknown>) =>
	client.updateCardWithOptions(
		new UpdateCardRequest(request),
		new UpdateCardHeaders({ xAcsDingtalkAccessToken: token }),
		sdkRuntime(),
	);

/** A thinking AI card to user0001 (robot 1:1), with the public template. */
const toUser = (outTrackId: string, extra: Record<string, unknown> = {}) => ({
	cardTemplateId: PUBLIC_AI_CARD_TEMPLATE,
	outTrackId,
	cardData: new CreateAndDeliverRequestCardData({
		cardParamMap: { flowStatus: '1', msgContent: '' },
	}),
	openSpaceId: 'dtv1.card//IM_ROBOT.user0001',
	imRobotOpenSpaceModel: new CreateAndDeliverRequestImRobotOpenSpaceModel({
		supportForward: true,
	}),
	imRobotOpenDeliverModel: new CreateAndDeliverRequestImRobotOpenDeliverModel({
		spaceType: 'IM_ROBOT',
		robotCode,
	}),
	userIdType: 1,
	...extra,
});

/** createCard: a thinking AI card with the robot 1:1 and group open-space models (no spaces yet). */
const instance = (outTrackId: string, extra: Record<string, unknown> = {}) => ({
	cardTemplateId: PUBLIC_AI_CARD_TEMPLATE,
	outTrackId,
	cardData: new CreateCardRequestCardData({ cardParamMap: { flowStatus: '1', msgContent: '' } }),
	imRobotOpenSpaceModel: new CreateCardRequestImRobotOpenSpaceModel({ supportForward: true }),
	imGroupOpenSpaceModel: new CreateCardRequestImGroupOpenSpaceModel({ supportForward: false }),
	callbackType: 'STREAM',
	userIdType: 1,
	...extra,
});

/** deliverCard into user0001's 1:1 chat with the robot, as the official Stream SDK does. */
const toRobotChat = (outTrackId: string, extra: Record<string, unknown> = {}) => ({
	outTrackId,
	openSpaceId: 'dtv1.card//IM_ROBOT.user0001',
	imRobotOpenDeliverModel: new DeliverCardRequestImRobotOpenDeliverModel({ spaceType: 'IM_ROBOT' }),
	userIdType: 1,
	...extra,
});

/** The chat messages an AI card instance put into conversations (one per space it shows in). */
interface AiCardMessage {
	channel: string;
	outTrackId?: string;
	userId: string | null;
	openConversationId: string | null;
	msgParam: Record<string, unknown>;
}
const messagesOf = async (outTrackId: string) =>
	((await env.client.state()).messages as unknown as AiCardMessage[]).filter(
		(m) => m.outTrackId === outTrackId,
	);
const preview = async (outTrackId: string) =>
	await env.client.admin<string>('GET', `preview?processQueryKey=aicard:${outTrackId}`);

describe('card_1_0 (official SDK) against the emulator', () => {
	it('creates and delivers an AI card to a user and into a group', async () => {
		const single = await createAndDeliver(toUser('track-user-1'));
		expect(single.statusCode).toBe(200);
		expect(single.body?.success).toBe(true);
		expect(single.body?.result?.outTrackId).toBe('track-user-1');
		expect(single.body?.result?.deliverResults).toEqual([
			expect.objectContaining({ spaceType: 'IM_ROBOT', spaceId: 'user0001', success: true }),
		]);

		const group = await createAndDeliver({
			...toUser('track-group-1'),
			openSpaceId: `dtv1.card//IM_GROUP.${GROUP_ONE}`,
			imRobotOpenSpaceModel: undefined,
			imRobotOpenDeliverModel: undefined,
			imGroupOpenSpaceModel: new CreateAndDeliverRequestImGroupOpenSpaceModel({
				supportForward: true,
			}),
			imGroupOpenDeliverModel: new CreateAndDeliverRequestImGroupOpenDeliverModel({
				robotCode,
				atUserIds: { user0002: 'Emulated User 2' },
			}),
		});
		expect(group.body?.result?.deliverResults).toEqual([
			expect.objectContaining({ spaceType: 'IM_GROUP', spaceId: GROUP_ONE, success: true }),
		]);
		const delivered = await aiCards();
		expect(delivered.map((c) => [c.outTrackId, c.state, c.spaces[0].spaceType])).toEqual([
			['track-user-1', 'thinking', 'IM_ROBOT'],
			['track-group-1', 'thinking', 'IM_GROUP'],
		]);
		const state = await env.client.state();
		expect(state.messages.filter((m) => m.channel === 'aiCard')).toHaveLength(2);
	});

	it('reports a space it cannot deliver to in deliverResults, not as a failed call', async () => {
		const result = await createAndDeliver({
			...toUser('track-ghost'),
			openSpaceId: 'dtv1.card//IM_ROBOT.ghost-user',
		});
		expect(result.body?.result?.deliverResults).toEqual([
			expect.objectContaining({
				spaceId: 'ghost-user',
				success: false,
				errorMsg: expect.any(String),
			}),
		]);
	});

	it('streams text: appends, replaces with isFull, ignores a repeated guid, finalizes', async () => {
		await createAndDeliver(toUser('track-stream'));
		const put = (guid: string, content: string, flags: Record<string, boolean> = {}) =>
			streaming({ outTrackId: 'track-stream', guid, key: 'msgContent', content, ...flags });

		const first = await put('g1', 'Hello', { isFull: true, isFinalize: false });
		expect(first.body).toEqual(expect.objectContaining({ success: true, result: true }));
		expect((await card('track-stream')).state).toBe('streaming');
		await put('g2', ', wor', { isFull: false });
		// A retry of g2 (its answer was lost): the text must not grow twice.
		await put('g2', ', wor', { isFull: false });
		expect((await card('track-stream')).streams.msgContent.content).toBe('Hello, wor');
		await put('g3', 'Hello, world! 你好', { isFull: true, isFinalize: true });
		const done = await card('track-stream');
		expect(done.streams.msgContent).toEqual(
			expect.objectContaining({ content: 'Hello, world! 你好', finalized: true, error: false }),
		);
		expect(done.state).toBe('finished');
		expect(done.streamingUpdates.map((u) => [u.guid, Boolean(u.repeated)])).toEqual([
			['g1', false],
			['g2', false],
			['g2', true],
			['g3', false],
		]);
	});

	it('marks the card failed with isError', async () => {
		await createAndDeliver(toUser('track-error'));
		await streaming({
			outTrackId: 'track-error',
			guid: 'e1',
			key: 'msgContent',
			content: 'The model failed',
			isFull: true,
			isFinalize: true,
			isError: true,
		});
		expect((await card('track-error')).state).toBe('failed');
	});

	it('updates the card data (flowStatus 3 finished), replacing or merging by key', async () => {
		await createAndDeliver(toUser('track-update'));
		const merged = await update({
			outTrackId: 'track-update',
			cardData: new UpdateCardRequestCardData({ cardParamMap: { msgTitle: 'Answer' } }),
			cardUpdateOptions: new UpdateCardRequestCardUpdateOptions({ updateCardDataByKey: true }),
		});
		expect(merged.body).toEqual(expect.objectContaining({ success: true, result: true }));
		expect((await card('track-update')).cardParamMap).toEqual({
			flowStatus: '1',
			msgContent: '',
			msgTitle: 'Answer',
		});
		await update({
			outTrackId: 'track-update',
			cardData: new UpdateCardRequestCardData({
				cardParamMap: { flowStatus: '3', msgContent: 'Final answer' },
			}),
		});
		const finished = await card('track-update');
		expect(finished.cardParamMap).toEqual({ flowStatus: '3', msgContent: 'Final answer' });
		expect(finished.state).toBe('finished');
		expect(finished.flowHistory.map((h) => h.flowStatus)).toEqual(['1', '3']);
	});

	it('refuses what the card platform refuses', async () => {
		const missingTrack = await sdkRefusal(createAndDeliver(toUser('')));
		expect(missingTrack).toMatchObject({ statusCode: 400, code: 'MissingParameter.outTrackId' });
		const numberValue = await sdkRefusal(
			createAndDeliver({
				...toUser('track-number'),
				cardData: { cardParamMap: { flowStatus: 1 } },
			}),
		);
		expect(numberValue).toMatchObject({
			statusCode: 400,
			code: 'invalidParameter.cardParamMap.invalid',
		});
		const badSpace = await sdkRefusal(
			createAndDeliver({ ...toUser('track-space'), openSpaceId: 'IM_ROBOT.user0001' }),
		);
		expect(badSpace.code).toBe('invalidParameter.openSpaceId.invalid');
		const noSpaceModel = await sdkRefusal(
			createAndDeliver({ ...toUser('track-model'), imRobotOpenSpaceModel: undefined }),
		);
		expect(noSpaceModel.code).toBe('MissingParameter.imRobotOpenSpaceModel');
		await createAndDeliver(toUser('track-twice'));
		const twice = await sdkRefusal(createAndDeliver(toUser('track-twice')));
		expect(twice.code).toBe('invalidParameter.outTrackId.duplicate');
		const unknown = await sdkRefusal(
			streaming({ outTrackId: 'nope', guid: 'x', key: 'msgContent', content: 'x' }),
		);
		expect(unknown).toMatchObject({
			statusCode: 400,
			code: 'invalidParameter.outTrackId.notExist',
		});
		const noGuid = await sdkRefusal(
			streaming({ outTrackId: 'track-twice', key: 'msgContent', content: 'x' }),
		);
		expect(noGuid.code).toBe('MissingParameter.guid');
	});

	it('needs Card.Streaming.Write to stream (the permission is named in the refusal)', async () => {
		await createAndDeliver(toUser('track-scope'));
		await env.client.admin('POST', 'permissions', { revoke: ['Card.Streaming.Write'] });
		const refused = await sdkRefusal(
			streaming({ outTrackId: 'track-scope', guid: 'p1', key: 'msgContent', content: 'x' }),
		);
		expect(refused.statusCode).toBe(403);
		expect(refused.message).toContain('Card.Streaming.Write');
	});
	it('creates a card instance that shows nowhere until deliverCard puts it in a chat', async () => {
		const created = await createCard(instance('track-two'));
		expect(created.statusCode).toBe(200);
		expect(created.body).toEqual(expect.objectContaining({ success: true, result: 'track-two' }));
		const [request] = await env.client.requestsTo('/v1.0/card/instances');
		expect(request).toMatchObject({ method: 'POST', tokenInHeader: true });
		expect(request.body).toMatchObject({
			outTrackId: 'track-two',
			cardData: { cardParamMap: { flowStatus: '1', msgContent: '' } },
			imRobotOpenSpaceModel: { supportForward: true },
			callbackType: 'STREAM',
		});
		const undelivered = await card('track-two');
		expect(undelivered).toMatchObject({ state: 'thinking', spaces: [], openSpaceId: null });
		expect(Object.keys(undelivered.openSpaceModels).sort()).toEqual([
			'imGroupOpenSpaceModel',
			'imRobotOpenSpaceModel',
		]);
		expect(await messagesOf('track-two')).toEqual([]);
		expect(await preview('track-two')).not.toContain('outTrackId track-two');

		const delivered = await deliverCard(toRobotChat('track-two'));
		expect(delivered.statusCode).toBe(200);
		expect(delivered.body?.success).toBe(true);
		expect(delivered.body?.result).toEqual([
			expect.objectContaining({
				spaceType: 'IM_ROBOT',
				spaceId: 'user0001',
				success: true,
				carrierId: expect.any(String),
			}),
		]);
		expect((await card('track-two')).spaces).toEqual([
			expect.objectContaining({ spaceType: 'IM_ROBOT', spaceId: 'user0001', userId: 'user0001' }),
		]);
		expect(await messagesOf('track-two')).toEqual([
			expect.objectContaining({ channel: 'aiCard', userId: 'user0001', openConversationId: null }),
		]);
		expect(await preview('track-two')).toContain('outTrackId track-two');

		// The same space again (a retried deliver): still one card in that chat.
		const again = await deliverCard(toRobotChat('track-two'));
		expect(again.body?.result).toEqual([expect.objectContaining({ success: true })]);
		expect(await messagesOf('track-two')).toHaveLength(1);

		// A second space later: the group gets the card too, with its @-mention.
		const group = await deliverCard({
			outTrackId: 'track-two',
			openSpaceId: `dtv1.card//IM_GROUP.${GROUP_ONE}`,
			imGroupOpenDeliverModel: new DeliverCardRequestImGroupOpenDeliverModel({
				robotCode,
				atUserIds: { user0002: 'Emulated User 2' },
			}),
		});
		expect(group.body?.result).toEqual([
			expect.objectContaining({ spaceType: 'IM_GROUP', spaceId: GROUP_ONE, success: true }),
		]);
		const both = await card('track-two');
		expect(both.spaces.map((s) => s.spaceType)).toEqual(['IM_ROBOT', 'IM_GROUP']);
		expect(both.atUserIds).toEqual({ user0002: 'Emulated User 2' });
		expect((await messagesOf('track-two')).map((m) => m.openConversationId)).toEqual([
			null,
			GROUP_ONE,
		]);
	});

	it('streams and updates a card created in two steps (admin state and preview show it)', async () => {
		await createCard(instance('track-two-stream'));
		await deliverCard(toRobotChat('track-two-stream'));
		const first = await streaming({
			outTrackId: 'track-two-stream',
			guid: 's1',
			key: 'msgContent',
			content: 'Two steps, ',
			isFull: true,
		});
		expect(first.body).toEqual(expect.objectContaining({ success: true, result: true }));
		await streaming({
			outTrackId: 'track-two-stream',
			guid: 's2',
			key: 'msgContent',
			content: 'Two steps, then streamed.',
			isFull: true,
			isFinalize: true,
		});
		const streamed = await card('track-two-stream');
		expect(streamed).toMatchObject({ state: 'finished', text: 'Two steps, then streamed.' });
		expect(streamed.streamingUpdates.map((u) => u.guid)).toEqual(['s1', 's2']);
		expect(await preview('track-two-stream')).toContain('Two steps, then streamed.');

		const updated = await update({
			outTrackId: 'track-two-stream',
			cardData: new UpdateCardRequestCardData({
				cardParamMap: { flowStatus: '3', msgContent: 'Two steps, final.' },
			}),
			cardUpdateOptions: new UpdateCardRequestCardUpdateOptions({ updateCardDataByKey: true }),
		});
		expect(updated.body).toEqual(expect.objectContaining({ success: true, result: true }));
		const final = await card('track-two-stream');
		expect(final).toMatchObject({ state: 'finished', text: 'Two steps, final.' });
		expect(final.flowHistory.map((h) => h.flowStatus)).toEqual(['1', '3']);
		expect((await messagesOf('track-two-stream'))[0].msgParam).toMatchObject({
			flowStatus: '3',
			msgContent: 'Two steps, final.',
		});
	});

	it('refuses createCard and deliverCard calls the card platform refuses', async () => {
		const unknown = await sdkRefusal(deliverCard(toRobotChat('track-never-created')));
		expect(unknown).toMatchObject({
			statusCode: 400,
			code: 'invalidParameter.outTrackId.notExist',
			requestid: expect.any(String),
		});
		for (const [field, request] of [
			['cardTemplateId', instance('track-no-template', { cardTemplateId: undefined })],
			['outTrackId', instance('', {})],
			['cardData', instance('track-no-data', { cardData: undefined })],
		] as const) {
			const refused = await sdkRefusal(createCard(request));
			expect(refused).toMatchObject({ statusCode: 400, code: `MissingParameter.${field}` });
		}
		expect((await aiCards()).map((c) => c.outTrackId)).toEqual([]);

		await createCard(instance('track-refusals', { imGroupOpenSpaceModel: undefined }));
		const noSpace = await sdkRefusal(
			deliverCard(toRobotChat('track-refusals', { openSpaceId: undefined })),
		);
		expect(noSpace).toMatchObject({ statusCode: 400, code: 'MissingParameter.openSpaceId' });
		const noTrack = await sdkRefusal(deliverCard(toRobotChat('')));
		expect(noTrack.code).toBe('MissingParameter.outTrackId');
		const badSpace = await sdkRefusal(
			deliverCard(toRobotChat('track-refusals', { openSpaceId: 'IM_ROBOT.user0001' })),
		);
		expect(badSpace.code).toBe('invalidParameter.openSpaceId.invalid');
		const noDeliverModel = await sdkRefusal(
			deliverCard(toRobotChat('track-refusals', { imRobotOpenDeliverModel: undefined })),
		);
		expect(noDeliverModel.code).toBe('MissingParameter.imRobotOpenDeliverModel.spaceType');
		// Created without a group open-space model: it cannot go into a group.
		const noGroupModel = await sdkRefusal(
			deliverCard({
				outTrackId: 'track-refusals',
				openSpaceId: `dtv1.card//IM_GROUP.${GROUP_ONE}`,
				imGroupOpenDeliverModel: new DeliverCardRequestImGroupOpenDeliverModel({ robotCode }),
			}),
		);
		expect(noGroupModel.code).toBe('MissingParameter.imGroupOpenSpaceModel');
		const twice = await sdkRefusal(createCard(instance('track-refusals')));
		expect(twice.code).toBe('invalidParameter.outTrackId.duplicate');

		// A space it cannot reach is reported in the result; the card stays in no chat.
		const ghost = await deliverCard(
			toRobotChat('track-refusals', { openSpaceId: 'dtv1.card//IM_ROBOT.ghost-user' }),
		);
		expect(ghost.body?.result).toEqual([
			expect.objectContaining({
				spaceId: 'ghost-user',
				success: false,
				errorMsg: expect.any(String),
			}),
		]);
		expect((await card('track-refusals')).spaces).toEqual([]);
		expect(await messagesOf('track-refusals')).toEqual([]);
	});

	it('leaves no instance behind when createAndDeliver is refused for its delivery part', async () => {
		const refused = await sdkRefusal(
			createAndDeliver({ ...toUser('track-atomic'), imRobotOpenDeliverModel: undefined }),
		);
		expect(refused.code).toBe('MissingParameter.imRobotOpenDeliverModel.spaceType');
		expect(await aiCards()).toEqual([]);
		const created = await createCard(instance('track-atomic'));
		expect(created.body?.result).toBe('track-atomic');
	});

	it('needs Card.Instance.Write to create or deliver an instance', async () => {
		await createCard(instance('track-scope-two'));
		await env.client.admin('POST', 'permissions', { revoke: ['Card.Instance.Write'] });
		for (const call of [
			deliverCard(toRobotChat('track-scope-two')),
			createCard(instance('track-scope-other')),
		]) {
			const refused = await sdkRefusal(call);
			expect(refused.statusCode).toBe(403);
			expect(refused.message).toContain('Card.Instance.Write');
		}
	});
});
