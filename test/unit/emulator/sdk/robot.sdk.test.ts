import RobotClient, {
	BatchOTOQueryHeaders,
	BatchOTOQueryRequest,
	BatchRecallOTOHeaders,
	BatchRecallOTORequest,
	BatchSendOTOHeaders,
	BatchSendOTORequest,
	OrgGroupQueryHeaders,
	OrgGroupQueryRequest,
	OrgGroupRecallHeaders,
	OrgGroupRecallRequest,
	OrgGroupSendHeaders,
	OrgGroupSendRequest,
	RobotMessageFileDownloadHeaders,
	RobotMessageFileDownloadRequest,
} from '@alicloud/dingtalk/dist/robot_1_0/client';

import {
	sdkAccessToken,
	sdkClient,
	sdkRefusal,
	sdkRuntime,
	userIds,
} from '../../../support/officialSdk';
import { useEmulator } from '../../../support/useEmulator';

/**
 * robot_1_0 through the official SDK: every robot endpoint the package calls, with the request the
 * SDK builds from only the required fields, with the optional fields DingTalk documents, and at
 * the documented per-call maximum and one over it. Assertions are on what the emulator recorded.
 */

const env = useEmulator();
const GROUP_ONE = 'cidEmuGroup+One/AAA==';
const COOL_GROUP = 'cidEmuCool+Group/CCC==';
const text = (content: string) => JSON.stringify({ content });

let client: RobotClient;
let token: string;
let robotCode: string;

beforeAll(async () => {
	client = sdkClient(RobotClient, env.emulator);
	token = await sdkAccessToken(env.emulator);
	robotCode = env.emulator.app.robotCode;
});

interface RobotState {
	messages: Array<{
		channel: string;
		processQueryKey: string;
		userId: string | null;
		openConversationId?: string;
		msgKey: string;
		msgParam: Record<string, unknown>;
		recalled?: boolean;
	}>;
	requests: Array<{
		path: string;
		method: string;
		query: Record<string, string>;
		body: Record<string, unknown> | null;
		status?: number;
	}>;
	readBy: Record<string, string[]>;
}

const state = async () => (await env.client.admin<RobotState>('GET', 'state')) as RobotState;

const batchSend = (request: Record<string, unknown>) =>
	client.batchSendOTOWithOptions(
		new BatchSendOTORequest(request),
		new BatchSendOTOHeaders({ xAcsDingtalkAccessToken: token }),
		sdkRuntime(),
	);
const batchRecall = (request: Record<string, unknown>) =>
	client.batchRecallOTOWithOptions(
		new BatchRecallOTORequest(request),
		new BatchRecallOTOHeaders({ xAcsDingtalkAccessToken: token }),
		sdkRuntime(),
	);
const readStatus = (request: Record<string, unknown>) =>
	client.batchOTOQueryWithOptions(
		new BatchOTOQueryRequest(request),
		new BatchOTOQueryHeaders({ xAcsDingtalkAccessToken: token }),
		sdkRuntime(),
	);
const groupSend = (request: Record<string, unknown>) =>
	client.orgGroupSendWithOptions(
		new OrgGroupSendRequest(request),
		new OrgGroupSendHeaders({ xAcsDingtalkAccessToken: token }),
		sdkRuntime(),
	);
const groupQuery = (request: Record<string, unknown>) =>
	client.orgGroupQueryWithOptions(
		new OrgGroupQueryRequest(request),
		new OrgGroupQueryHeaders({ xAcsDingtalkAccessToken: token }),
		sdkRuntime(),
	);
const groupRecall = (request: Record<string, unknown>) =>
	client.orgGroupRecallWithOptions(
		new OrgGroupRecallRequest(request),
		new OrgGroupRecallHeaders({ xAcsDingtalkAccessToken: token }),
		sdkRuntime(),
	);

async function sendToUsers(count: number): Promise<string> {
	const reply = await batchSend({
		robotCode,
		userIds: userIds(count),
		msgKey: 'sampleText',
		msgParam: text('hi'),
	});
	return String(reply.body?.processQueryKey);
}

async function sendToGroup(): Promise<string> {
	const reply = await groupSend({
		robotCode,
		openConversationId: GROUP_ONE,
		msgKey: 'sampleText',
		msgParam: text('hi group'),
	});
	return String(reply.body?.processQueryKey);
}

describe('robot_1_0 batchSendOTO (POST /v1.0/robot/oToMessages/batchSend)', () => {
	it('accepts the minimal request and delivers to each user', async () => {
		const reply = await batchSend({
			robotCode,
			userIds: ['user0001'],
			msgKey: 'sampleText',
			msgParam: text('hi'),
		});
		expect(reply.statusCode).toBe(200);
		expect(reply.body).toMatchObject({
			processQueryKey: expect.any(String),
			invalidStaffIdList: [],
			flowControlledStaffIdList: [],
		});
		const { messages, requests } = await state();
		expect(messages).toEqual([
			expect.objectContaining({
				channel: 'oto',
				processQueryKey: reply.body?.processQueryKey,
				userId: 'user0001',
				msgKey: 'sampleText',
				msgParam: { content: 'hi' },
			}),
		]);
		expect(requests.at(-1)?.body).toEqual({
			robotCode,
			userIds: ['user0001'],
			msgKey: 'sampleText',
			msgParam: text('hi'),
		});
	});

	it('accepts 20 users (the documented maximum) and refuses 21 with nothing delivered', async () => {
		await sendToUsers(20);
		expect((await state()).messages.map((m) => m.userId)).toEqual(userIds(20));

		await env.client.reset();
		const refused = await sdkRefusal(
			batchSend({ robotCode, userIds: userIds(21), msgKey: 'sampleText', msgParam: text('hi') }),
		);
		expect(refused).toMatchObject({
			statusCode: 400,
			code: 'invalidParameter.userIds.overMax',
			requestid: expect.any(String),
		});
		expect((await state()).messages).toEqual([]);
	});

	it('refuses a request without its required fields', async () => {
		expect(
			(
				await sdkRefusal(
					batchSend({ userIds: ['user0001'], msgKey: 'sampleText', msgParam: text('hi') }),
				)
			).code,
		).toBe('invalidParameter.robotCode.empty');
		expect(
			(await sdkRefusal(batchSend({ robotCode, msgKey: 'sampleText', msgParam: text('hi') }))).code,
		).toBe('invalidParameter.userIds.empty');
		expect(
			(await sdkRefusal(batchSend({ robotCode, userIds: ['user0001'], msgParam: text('hi') })))
				.code,
		).toBe('invalidParameter.msgKey.empty');
		expect((await state()).messages).toEqual([]);
	});
});

describe('robot_1_0 batchOTOQuery (GET /v1.0/robot/oToMessages/readStatus)', () => {
	it('answers the read status of a send, the key URL-encoded by the SDK', async () => {
		const key = await sendToUsers(3);
		await env.client.admin('POST', 'read', { processQueryKey: key, userIds: ['user0002'] });
		const reply = await readStatus({ robotCode, processQueryKey: key });
		expect(reply.statusCode).toBe(200);
		expect(reply.body?.sendStatus).toBe('SUCCESS');
		expect(reply.body?.messageReadInfoList?.map((r) => [r.userId, r.readStatus])).toEqual([
			['user0001', 'UNREAD'],
			['user0002', 'READ'],
			['user0003', 'UNREAD'],
		]);
		const request = (await state()).requests.at(-1);
		expect(request).toMatchObject({
			method: 'GET',
			query: { robotCode, processQueryKey: key },
			body: null,
		});
	});

	it('refuses a missing processQueryKey', async () => {
		expect(await sdkRefusal(readStatus({ robotCode }))).toMatchObject({
			statusCode: 400,
			code: 'invalidParameter.processQueryKey.empty',
		});
	});
});

describe('robot_1_0 batchRecallOTO (POST /v1.0/robot/otoMessages/batchRecall)', () => {
	it('recalls with the minimal request', async () => {
		const key = await sendToUsers(2);
		const reply = await batchRecall({ robotCode, processQueryKeys: [key] });
		expect(reply.body).toMatchObject({ successResult: [key], failedResult: {} });
		expect((await state()).messages.every((m) => m.recalled)).toBe(true);
	});

	it('accepts 20 keys (the documented maximum) and refuses 21 without recalling any', async () => {
		const keys: string[] = [];
		for (let n = 0; n < 21; n++) keys.push(await sendToUsers(1));
		const refused = await sdkRefusal(batchRecall({ robotCode, processQueryKeys: keys }));
		expect(refused).toMatchObject({
			statusCode: 400,
			code: 'invalidParameter.processQueryKeys.overMax',
		});
		expect((await state()).messages.filter((m) => m.recalled)).toEqual([]);

		const reply = await batchRecall({ robotCode, processQueryKeys: keys.slice(0, 20) });
		expect(reply.body?.successResult).toEqual(keys.slice(0, 20));
		expect(
			(await state()).messages.filter((m) => m.recalled).map((m) => m.processQueryKey),
		).toEqual(keys.slice(0, 20));
	});
});

describe('robot_1_0 orgGroupSend (POST /v1.0/robot/groupMessages/send)', () => {
	it('accepts the documented request and delivers to the group', async () => {
		const key = await sendToGroup();
		expect((await state()).messages).toEqual([
			expect.objectContaining({
				channel: 'group',
				processQueryKey: key,
				openConversationId: GROUP_ONE,
				msgParam: { content: 'hi group' },
			}),
		]);
	});

	it('accepts coolAppCode (optional) for a group whose robot came with a cool app', async () => {
		await env.client.admin('POST', 'groups', {
			groups: [
				{
					openConversationId: COOL_GROUP,
					chatId: 'chatemusdkcool',
					memberUserIds: ['user0001'],
					robotCodes: [robotCode],
					coolAppCode: 'COOLAPP-SDK',
				},
			],
		});
		const reply = await groupSend({
			robotCode,
			openConversationId: COOL_GROUP,
			coolAppCode: 'COOLAPP-SDK',
			msgKey: 'sampleText',
			msgParam: text('cool'),
		});
		expect(reply.statusCode).toBe(200);
		expect((await state()).messages.map((m) => m.openConversationId)).toEqual([COOL_GROUP]);
	});

	it('accepts a msgParam of 15,000 bytes (the documented maximum) and refuses 15,001', async () => {
		const param = (bytes: number) => {
			const empty = text('');
			return text('x'.repeat(bytes - Buffer.byteLength(empty)));
		};
		expect(Buffer.byteLength(param(15000))).toBe(15000);
		expect(
			(
				await groupSend({
					robotCode,
					openConversationId: GROUP_ONE,
					msgKey: 'sampleText',
					msgParam: param(15000),
				})
			).statusCode,
		).toBe(200);
		const refused = await sdkRefusal(
			groupSend({
				robotCode,
				openConversationId: GROUP_ONE,
				msgKey: 'sampleText',
				msgParam: param(15001),
			}),
		);
		expect(refused).toMatchObject({ statusCode: 400, code: 'invalidParameter.msgParam.tooLong' });
		expect((await state()).messages).toHaveLength(1);
	});
});

describe('robot_1_0 orgGroupQuery (POST /v1.0/robot/groupMessages/query)', () => {
	it('accepts the request without maxResults (optional in the SDK and the reference)', async () => {
		const key = await sendToGroup();
		await env.client.admin('POST', 'read', { processQueryKey: key, userIds: userIds(3) });
		const reply = await groupQuery({
			robotCode,
			openConversationId: GROUP_ONE,
			processQueryKey: key,
		});
		expect(reply.statusCode).toBe(200);
		expect(reply.body).toMatchObject({
			readUserIds: userIds(3),
			sendStatus: 'SUCCESS',
			hasMore: false,
		});
		expect((await state()).requests.at(-1)?.body).toEqual({
			robotCode,
			openConversationId: GROUP_ONE,
			processQueryKey: key,
		});
	});

	it('pages with maxResults and nextToken; 200 is the maximum, 201 is refused', async () => {
		const key = await sendToGroup();
		await env.client.admin('POST', 'read', { processQueryKey: key, userIds: userIds(5) });
		const first = await groupQuery({
			robotCode,
			openConversationId: GROUP_ONE,
			processQueryKey: key,
			maxResults: 3,
		});
		expect(first.body).toMatchObject({
			readUserIds: userIds(3),
			hasMore: true,
			nextToken: expect.any(String),
		});
		const second = await groupQuery({
			robotCode,
			openConversationId: GROUP_ONE,
			processQueryKey: key,
			maxResults: 3,
			nextToken: first.body?.nextToken,
		});
		expect(second.body).toMatchObject({ readUserIds: userIds(2, 4), hasMore: false });

		expect(
			(
				await groupQuery({
					robotCode,
					openConversationId: GROUP_ONE,
					processQueryKey: key,
					maxResults: 200,
				})
			).body?.readUserIds,
		).toEqual(userIds(5));
		const refused = await sdkRefusal(
			groupQuery({
				robotCode,
				openConversationId: GROUP_ONE,
				processQueryKey: key,
				maxResults: 201,
			}),
		);
		expect(refused).toMatchObject({ statusCode: 400, code: 'invalidParameter.maxResults.invalid' });
	});

	it('refuses a request without processQueryKey (the one field the SDK requires)', async () => {
		expect(
			await sdkRefusal(groupQuery({ robotCode, openConversationId: GROUP_ONE })),
		).toMatchObject({
			statusCode: 400,
			code: 'invalidParameter.processQueryKey.empty',
		});
	});
});

describe('robot_1_0 orgGroupRecall (POST /v1.0/robot/groupMessages/recall)', () => {
	it('recalls group messages with the documented request', async () => {
		const keys = [await sendToGroup(), await sendToGroup()];
		const reply = await groupRecall({
			robotCode,
			openConversationId: GROUP_ONE,
			processQueryKeys: keys,
		});
		expect(reply.body).toMatchObject({ successResult: keys, failedResult: {} });
		expect((await state()).messages.map((m) => m.recalled)).toEqual([true, true]);
	});

	it('refuses a request without processQueryKeys', async () => {
		expect((await sdkRefusal(groupRecall({ robotCode, openConversationId: GROUP_ONE }))).code).toBe(
			'invalidParameter.processQueryKeys.empty',
		);
	});
});

describe('robot_1_0 robotMessageFileDownload (POST /v1.0/robot/messageFiles/download)', () => {
	it('answers a download URL that serves the file', async () => {
		const { downloadCode } = await env.client.admin<{ downloadCode: string }>(
			'POST',
			'messageFiles',
			{
				fileName: 'report.txt',
				contentType: 'text/plain',
				base64: Buffer.from('file content').toString('base64'),
			},
		);
		const reply = await client.robotMessageFileDownloadWithOptions(
			new RobotMessageFileDownloadRequest({ robotCode, downloadCode }),
			new RobotMessageFileDownloadHeaders({ xAcsDingtalkAccessToken: token }),
			sdkRuntime(),
		);
		const url = String(reply.body?.downloadUrl);
		expect(url.startsWith(env.emulator.ossBaseUrl)).toBe(true);
		expect(await (await fetch(url)).text()).toBe('file content');
		expect(
			(await state()).requests.find((r) => r.path === '/v1.0/robot/messageFiles/download')?.body,
		).toEqual({ robotCode, downloadCode });
	});

	it('refuses a request without downloadCode', async () => {
		expect(
			(
				await sdkRefusal(
					client.robotMessageFileDownloadWithOptions(
						new RobotMessageFileDownloadRequest({ robotCode }),
						new RobotMessageFileDownloadHeaders({ xAcsDingtalkAccessToken: token }),
						sdkRuntime(),
					),
				)
			).code,
		).toBe('invalidParameter.downloadCode');
	});
});
