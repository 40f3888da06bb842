import ImClient, {
	ChatIdToOpenConversationIdHeaders,
	SendRobotInteractiveCardHeaders,
	SendRobotInteractiveCardRequest,
	SendRobotInteractiveCardRequestSendOptions,
	UpdateRobotInteractiveCardHeaders,
	UpdateRobotInteractiveCardRequest,
	UpdateRobotInteractiveCardRequestUpdateOptions,
} from '@alicloud/dingtalk/dist/im_1_0/client';

import { sdkAccessToken, sdkClient, sdkRefusal, sdkRuntime } from '../../../support/officialSdk';
import { useEmulator } from '../../../support/useEmulator';

/**
 * im_1_0 through the official SDK: the robot interactive card (普通版) send and update, and the
 * chatId → openConversationId conversion — the im endpoints the package calls.
 */

const env = useEmulator();
const GROUP_ONE = 'cidEmuGroup+One/AAA==';

let client: ImClient;
let token: string;
let robotCode: string;

beforeAll(async () => {
	client = sdkClient(ImClient, env.emulator);
	token = await sdkAccessToken(env.emulator);
	robotCode = env.emulator.app.robotCode;
});

interface Card {
	cardBizId: string;
	cardTemplateId: string;
	cardData: Record<string, unknown>;
	openConversationId?: string;
	userId?: string;
	callbackUrl: string | null;
	sendOptions: Record<string, unknown> | null;
	pullStrategy: boolean;
	userIdPrivateData: Record<string, Record<string, unknown>>;
	unionIdPrivateData: Record<string, Record<string, unknown>>;
	updates: Array<{
		byKey: boolean;
		cardData: boolean;
		privateData: string[];
		privateByKey: boolean;
	}>;
}

const cards = async () => await env.client.admin<Card[]>('GET', 'cards');

function standardCard(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		config: { autoLayout: true, enableForward: true },
		header: { title: { type: 'text', text: title } },
		contents: [{ type: 'markdown', text: `**${title}**`, id: 'md1' }],
		...extra,
	};
}

const send = (request: Record<string, unknown>) =>
	client.sendRobotInteractiveCardWithOptions(
		new SendRobotInteractiveCardRequest(request),
		new SendRobotInteractiveCardHeaders({ xAcsDingtalkAccessToken: token }),
		sdkRuntime(),
	);
const update = (request: Record<string, unknown>) =>
	client.updateRobotInteractiveCardWithOptions(
		new UpdateRobotInteractiveCardRequest(request),
		new UpdateRobotInteractiveCardHeaders({ xAcsDingtalkAccessToken: token }),
		sdkRuntime(),
	);

/** The required fields of a send (cardTemplateId, cardBizId, cardData, robotCode) plus the group. */
const minimalSend = (
	cardBizId: string,
	cardData: string = JSON.stringify(standardCard('Alert')),
) => ({
	cardTemplateId: 'StandardCard',
	cardBizId,
	cardData,
	robotCode,
	openConversationId: GROUP_ONE,
});

describe('im_1_0 sendRobotInteractiveCard (POST /v1.0/im/v1.0/robot/interactiveCards/send)', () => {
	it('accepts the minimal request and records the card', async () => {
		const reply = await send(minimalSend('sdk-card-1'));
		expect(reply.statusCode).toBe(200);
		expect(reply.body?.processQueryKey).toEqual(expect.any(String));
		expect(await cards()).toEqual([
			expect.objectContaining({
				cardBizId: 'sdk-card-1',
				cardTemplateId: 'StandardCard',
				openConversationId: GROUP_ONE,
				cardData: standardCard('Alert'),
			}),
		]);
	});

	it('accepts every optional field the SDK and DingTalk document', async () => {
		const reply = await send({
			cardTemplateId: 'StandardCard',
			cardBizId: 'sdk-card-options',
			cardData: JSON.stringify(standardCard('Options')),
			robotCode,
			singleChatReceiver: JSON.stringify({ userId: 'user0003' }),
			callbackUrl: 'https://example.com/card-callback',
			pullStrategy: false,
			sendOptions: new SendRobotInteractiveCardRequestSendOptions({
				atAll: false,
				atUserListJson: JSON.stringify([{ nickName: 'User 3', userId: 'user0003' }]),
				receiverListJson: JSON.stringify([{ userId: 'user0003' }]),
				cardPropertyJson: '{}',
			}),
			userIdPrivateDataMap: JSON.stringify({ user0003: { note: 'only for user 3' } }),
			unionIdPrivateDataMap: JSON.stringify({ unionabc: { note: 'by unionId' } }),
		});
		expect(reply.statusCode).toBe(200);
		const [card] = await cards();
		expect(card).toMatchObject({
			cardBizId: 'sdk-card-options',
			userId: 'user0003',
			callbackUrl: 'https://example.com/card-callback',
			pullStrategy: false,
			sendOptions: { atAll: false, cardPropertyJson: '{}' },
			userIdPrivateData: { user0003: { note: 'only for user 3' } },
			unionIdPrivateData: { unionabc: { note: 'by unionId' } },
		});
	});

	it('accepts cardData of 15,000 bytes and refuses 15,001 [INF limit]', async () => {
		const sized = (bytes: number) => {
			const empty = JSON.stringify(standardCard('T', { pad: '' }));
			return JSON.stringify(standardCard('T', { pad: 'x'.repeat(bytes - empty.length) }));
		};
		expect(sized(15000)).toHaveLength(15000);
		expect((await send(minimalSend('sdk-card-max', sized(15000)))).statusCode).toBe(200);
		const refused = await sdkRefusal(send(minimalSend('sdk-card-over', sized(15001))));
		expect(refused).toMatchObject({ statusCode: 400, code: 'invalidParameter.cardData.invalid' });
		expect((await cards()).map((c) => c.cardBizId)).toEqual(['sdk-card-max']);
	});

	it('refuses a send without a required field, or with a malformed private data map', async () => {
		expect(
			(await sdkRefusal(send({ ...minimalSend('sdk-card-nodata'), cardData: undefined }))).code,
		).toBe('invalidParameter.cardData.empty');
		expect(
			(await sdkRefusal(send({ ...minimalSend('sdk-card-notemplate'), cardTemplateId: undefined })))
				.code,
		).toBe('invalidParameter.cardTemplateId.empty');
		expect(
			(
				await sdkRefusal(
					send({ ...minimalSend('sdk-card-private'), userIdPrivateDataMap: '["user0001"]' }),
				)
			).code,
		).toBe('invalidParameter.userIdPrivateDataMap.invalid');
		expect(await cards()).toEqual([]);
	});
});

describe('im_1_0 updateRobotInteractiveCard (PUT /v1.0/im/robots/interactiveCards)', () => {
	it('accepts an update with only cardBizId and userIdPrivateDataMap', async () => {
		await send(minimalSend('sdk-card-private-update'));
		const reply = await update({
			cardBizId: 'sdk-card-private-update',
			userIdPrivateDataMap: JSON.stringify({ user0001: { status: 'acknowledged' } }),
		});
		expect(reply.statusCode).toBe(200);
		expect(reply.body?.processQueryKey).toEqual(expect.any(String));
		const [card] = await cards();
		expect(card.cardData).toEqual(standardCard('Alert'));
		expect(card.userIdPrivateData).toEqual({ user0001: { status: 'acknowledged' } });
		expect(card.updates).toEqual([
			expect.objectContaining({ cardData: false, privateData: ['userId'], privateByKey: false }),
		]);
		const request = (await env.client.state()).requests.at(-1);
		expect(request?.body).toEqual({
			cardBizId: 'sdk-card-private-update',
			userIdPrivateDataMap: JSON.stringify({ user0001: { status: 'acknowledged' } }),
		});
	});

	it('replaces or merges by key as updateOptions say', async () => {
		await send(minimalSend('sdk-card-update'));
		const replaced = await update({
			cardBizId: 'sdk-card-update',
			cardData: JSON.stringify(standardCard('Resolved')),
			updateOptions: new UpdateRobotInteractiveCardRequestUpdateOptions({
				updateCardDataByKey: false,
				updatePrivateDataByKey: false,
			}),
		});
		expect(replaced.statusCode).toBe(200);
		await update({
			cardBizId: 'sdk-card-update',
			unionIdPrivateDataMap: JSON.stringify({ unionabc: { a: '1' } }),
		});
		await update({
			cardBizId: 'sdk-card-update',
			unionIdPrivateDataMap: JSON.stringify({ unionabc: { b: '2' } }),
			updateOptions: new UpdateRobotInteractiveCardRequestUpdateOptions({
				updatePrivateDataByKey: true,
			}),
		});
		const [card] = await cards();
		expect(card.cardData).toEqual(standardCard('Resolved'));
		expect(card.unionIdPrivateData).toEqual({ unionabc: { a: '1', b: '2' } });
		expect(card.updates).toHaveLength(3);
	});

	it('refuses an update without cardBizId, of an unknown card, or that changes nothing', async () => {
		await send(minimalSend('sdk-card-refused'));
		expect((await sdkRefusal(update({ cardData: JSON.stringify(standardCard('x')) }))).code).toBe(
			'invalidParameter.cardBizId.empty',
		);
		expect(
			(
				await sdkRefusal(
					update({ cardBizId: 'never-sent', cardData: JSON.stringify(standardCard('x')) }),
				)
			).code,
		).toBe('invalidParameter.cardBizId.invalid');
		expect(await sdkRefusal(update({ cardBizId: 'sdk-card-refused' }))).toMatchObject({
			statusCode: 400,
			code: 'invalidParameter.cardData.empty',
		});
		expect((await cards())[0].updates).toEqual([]);
	});
});

describe('im_1_0 chatIdToOpenConversationId (POST /v1.0/im/chat/{chatId}/convertToOpenConversationId)', () => {
	it('converts a known chatId (no body)', async () => {
		const reply = await client.chatIdToOpenConversationIdWithOptions(
			'chatemu0001',
			new ChatIdToOpenConversationIdHeaders({ xAcsDingtalkAccessToken: token }),
			sdkRuntime(),
		);
		expect(reply.body?.openConversationId).toBe(GROUP_ONE);
		const request = (await env.client.state()).requests.at(-1);
		expect(request).toMatchObject({
			method: 'POST',
			path: '/v1.0/im/chat/chatemu0001/convertToOpenConversationId',
			body: null,
		});
	});

	it('refuses an unknown chatId', async () => {
		const refused = await sdkRefusal(
			client.chatIdToOpenConversationIdWithOptions(
				'chatnope',
				new ChatIdToOpenConversationIdHeaders({ xAcsDingtalkAccessToken: token }),
				sdkRuntime(),
			),
		);
		expect(refused).toMatchObject({ statusCode: 400, code: 'invalidParameter.chatId.invalid' });
	});
});
