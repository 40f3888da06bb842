import axios from 'axios';

import { startEmulator, type Emulator } from '../../emulator';

/**
 * The emulator's message routes over real HTTP: robot 1:1 read status / recall, group messages,
 * chatId conversion, media upload and work notifications, with DingTalk's validation
 * (dingtalk-api.md §3–6, §9.4).
 */

interface Reply {
	status: number;
	data: Record<string, unknown> & {
		code?: string;
		message?: string;
		errcode?: number;
		errmsg?: string;
	};
}

interface MessageRecord {
	channel: string;
	processQueryKey: string | null;
	userId: string | null;
	openConversationId?: string;
	taskId?: string;
	agentId?: string;
	msgKey: string;
	recalled?: boolean;
}

interface MediaInfo {
	mediaId: string;
	type: string;
	fileName: string;
	contentType: string;
	size: number;
	sha256: string;
	bytes?: unknown;
}

interface State {
	messages: MessageRecord[];
	media: MediaInfo[];
	groups: Array<{
		openConversationId: string;
		chatId: string;
		robotCodes: string[];
		memberUserIds: string[];
	}>;
	readBy: Record<string, string[]>;
}

const GROUP_ONE = 'cidEmuGroup+One/AAA==';
const GROUP_TWO = 'cidEmuGroup+Two/BBB==';
const MB = 1024 * 1024;
/** A second app in the same org: its robot exists but is not ours (robotCode.auth). */
const OTHER_ROBOT = 'dingotherapp0000000001';
/** There is no sampleActionCard1 (§3.4). */
const NO_SUCH_TEMPLATE = 'sampleActionCard1';

let emulator: Emulator;
let token: string;
let robotCode: string;
let agentId: string;

const http = axios.create({ validateStatus: () => true });

async function newApi(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Reply> {
	const response = await http.request({
		method,
		url: `${emulator.apiBaseUrl}${path}`,
		headers: { 'x-acs-dingtalk-access-token': token, 'content-type': 'application/json' },
		data: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, data: response.data };
}

async function oldApi(
	path: string,
	body: unknown,
	contentType = 'application/json',
): Promise<Reply> {
	const response = await http.post(
		`${emulator.oapiBaseUrl}${path}?access_token=${encodeURIComponent(token)}`,
		typeof body === 'string' ? body : JSON.stringify(body),
		{ headers: { 'content-type': contentType } },
	);
	return { status: response.status, data: response.data };
}

async function admin(path: string, body: unknown = {}): Promise<Reply> {
	const response = await http.post(`${emulator.apiBaseUrl}/__emulator/${path}`, body);
	return { status: response.status, data: response.data };
}

async function state(): Promise<State> {
	return (await http.get<State>(`${emulator.apiBaseUrl}/__emulator/state`)).data;
}

function text(content: string) {
	return { msgKey: 'sampleText', msgParam: JSON.stringify({ content }) };
}

async function sendOto(userIds: string[], message = text('hello')): Promise<Reply> {
	return await newApi('POST', '/v1.0/robot/oToMessages/batchSend', {
		robotCode,
		userIds,
		...message,
	});
}

async function sendGroup(
	openConversationId: string,
	message: object = text('hello group'),
	extra: object = {},
): Promise<Reply> {
	return await newApi('POST', '/v1.0/robot/groupMessages/send', {
		robotCode,
		openConversationId,
		...message,
		...extra,
	});
}

interface UploadOptions {
	type?: string;
	fieldType?: string;
	partName?: string;
	fileName?: string | null;
	contentType?: string;
	bytes?: Uint8Array;
	tokenInHeader?: boolean;
}

/** multipart/form-data upload built with the platform FormData/Blob, as a client would send it. */
async function upload(options: UploadOptions): Promise<Reply> {
	const form = new FormData();
	if (options.fieldType !== undefined) form.append('type', options.fieldType);
	const bytes = options.bytes ?? new Uint8Array([1, 2, 3, 4]);
	const name = options.partName ?? 'media';
	if (options.fileName === null) form.append(name, 'not a file');
	else
		form.append(
			name,
			new Blob([bytes], { type: options.contentType ?? 'application/octet-stream' }),
			options.fileName ?? 'a.png',
		);
	const query = new URLSearchParams();
	if (options.type !== undefined) query.set('type', options.type);
	if (!options.tokenInHeader) query.set('access_token', token);
	const response = await fetch(`${emulator.oapiBaseUrl}/media/upload?${query.toString()}`, {
		method: 'POST',
		body: form,
		headers: options.tokenInHeader ? { 'x-acs-dingtalk-access-token': token } : {},
	});
	return { status: response.status, data: (await response.json()) as Reply['data'] };
}

async function uploadId(type: string, fileName: string): Promise<string> {
	const reply = await upload({ type, fileName });
	expect(reply.data).toMatchObject({ errcode: 0, type });
	return reply.data.media_id as string;
}

function users(from: number, to: number): string[] {
	const ids: string[] = [];
	for (let n = from; n <= to; n++) ids.push(`user${String(n).padStart(4, '0')}`);
	return ids;
}

beforeAll(async () => {
	emulator = await startEmulator();
	emulator.core.addApp({
		appKey: OTHER_ROBOT,
		appSecret: OTHER_ROBOT.toUpperCase(),
		agentId: '3000000002',
		corpId: 'dingcorpemu0000000001',
	});
	robotCode = emulator.app.robotCode;
	agentId = emulator.app.agentId;
	const response = await http.post(`${emulator.apiBaseUrl}/v1.0/oauth2/accessToken`, {
		appKey: emulator.app.appKey,
		appSecret: emulator.app.appSecret,
	});
	expect(response.status).toBe(200);
	token = response.data.accessToken;
});

afterAll(async () => {
	await emulator.stop();
});

beforeEach(async () => {
	await admin('reset');
});

describe('token placement on the new routes', () => {
	it('rejects the token in the query on the new API and in the header on the old API', async () => {
		const onNew = await http.post(
			`${emulator.apiBaseUrl}/v1.0/robot/groupMessages/send?access_token=${token}`,
			{},
		);
		expect(onNew.status).toBe(400);
		expect(onNew.data.code).toBe('AuthenticationFailed.MissingParameter');

		const onOld = await http.post(
			`${emulator.oapiBaseUrl}/topapi/message/corpconversation/asyncsend_v2`,
			{},
			{
				headers: { 'x-acs-dingtalk-access-token': token },
			},
		);
		expect(onOld.status).toBe(200);
		expect(onOld.data).toMatchObject({ errcode: 88, sub_code: '40000' });

		const media = await upload({ type: 'image', tokenInHeader: true });
		expect(media.data).toMatchObject({ errcode: 88, sub_code: '40000' });
	});
});

describe('robot 1:1 read status', () => {
	it('lists the delivered users with READ/UNREAD as marked through the state API', async () => {
		const sent = await sendOto(['user0001', 'user0002', 'nobody']);
		expect(sent.status).toBe(200);
		const key = sent.data.processQueryKey as string;
		const path = `/v1.0/robot/oToMessages/readStatus?robotCode=${encodeURIComponent(robotCode)}&processQueryKey=${encodeURIComponent(key)}`;

		const before = await newApi('GET', path);
		expect(before.status).toBe(200);
		expect(before.data).toEqual({
			sendStatus: 'SUCCESS',
			messageReadInfoList: [
				{ name: 'Emulated User 1', userId: 'user0001', readStatus: 'UNREAD', readTimestamp: 0 },
				{ name: 'Emulated User 2', userId: 'user0002', readStatus: 'UNREAD', readTimestamp: 0 },
			],
		});

		expect((await admin('read', { processQueryKey: key, userIds: ['user0002'] })).status).toBe(200);
		expect((await admin('read', { processQueryKey: key, userIds: ['nobody'] })).status).toBe(400);
		const after = await newApi('GET', path);
		const list = after.data.messageReadInfoList as Array<{
			userId: string;
			readStatus: string;
			readTimestamp: number;
		}>;
		expect(list.map((info) => [info.userId, info.readStatus])).toEqual([
			['user0001', 'UNREAD'],
			['user0002', 'READ'],
		]);
		expect(list[1].readTimestamp).toBeGreaterThan(0);
	});

	it('validates robotCode and processQueryKey', async () => {
		const key = (await sendOto(['user0001'])).data.processQueryKey as string;
		const group = (await sendGroup(GROUP_ONE)).data.processQueryKey as string;
		const read = (robot: string | undefined, pqk: string | undefined) => {
			const query = new URLSearchParams();
			if (robot !== undefined) query.set('robotCode', robot);
			if (pqk !== undefined) query.set('processQueryKey', pqk);
			return newApi('GET', `/v1.0/robot/oToMessages/readStatus?${query.toString()}`);
		};
		const cases: Array<[string | undefined, string | undefined, string]> = [
			[robotCode, 'unknownKey==', 'invalidParameter.processQueryKey.invalid'],
			[robotCode, group, 'invalidParameter.processQueryKey.invalid'],
			[robotCode, undefined, 'invalidParameter.processQueryKey.empty'],
			[undefined, key, 'invalidParameter.robotCode.empty'],
			[OTHER_ROBOT, key, 'invalidParameter.robotCode.auth'],
			['3000000001', key, 'invalidParameter.robotCode.notExsit'],
		];
		for (const [robot, pqk, code] of cases) {
			const reply = await read(robot, pqk);
			expect({ robot, pqk, status: reply.status, code: reply.data.code }).toEqual({
				robot,
				pqk,
				status: 400,
				code,
			});
		}
	});
});

describe('robot 1:1 recall', () => {
	it('recalls known keys, reports unknown and repeated ones in failedResult', async () => {
		const first = (await sendOto(['user0001', 'user0002'])).data.processQueryKey as string;
		const second = (await sendOto(['user0003'])).data.processQueryKey as string;
		const reply = await newApi('POST', '/v1.0/robot/otoMessages/batchRecall', {
			robotCode,
			processQueryKeys: [first, 'missing='],
		});
		expect(reply.status).toBe(200);
		expect(reply.data.successResult).toEqual([first]);
		expect(Object.keys(reply.data.failedResult as object)).toEqual(['missing=']);
		expect(typeof (reply.data.failedResult as Record<string, unknown>)['missing=']).toBe('string');

		const again = await newApi('POST', '/v1.0/robot/otoMessages/batchRecall', {
			robotCode,
			processQueryKeys: [first, second],
		});
		expect(again.data.successResult).toEqual([second]);
		expect(Object.keys(again.data.failedResult as object)).toEqual([first]);

		const messages = (await state()).messages;
		expect(messages.filter((m) => m.recalled).map((m) => m.userId)).toEqual([
			'user0001',
			'user0002',
			'user0003',
		]);
	});

	it('takes at most 20 processQueryKeys a call, as DingTalk documents: 20 pass, 21 are refused', async () => {
		const keys = (n: number) => Array.from({ length: n }, (_, i) => `key${i}=`);
		const twenty = await newApi('POST', '/v1.0/robot/otoMessages/batchRecall', {
			robotCode,
			processQueryKeys: keys(20),
		});
		expect(twenty.status).toBe(200);
		expect(Object.keys(twenty.data.failedResult as object)).toHaveLength(20);
		const more = await newApi('POST', '/v1.0/robot/otoMessages/batchRecall', {
			robotCode,
			processQueryKeys: keys(21),
		});
		expect({ status: more.status, code: more.data.code }).toEqual({
			status: 400,
			code: 'invalidParameter.processQueryKeys.overMax',
		});
	});

	it('only has the lower-case otoMessages path', async () => {
		const reply = await newApi('POST', '/v1.0/robot/oToMessages/batchRecall', {
			robotCode,
			processQueryKeys: ['x'],
		});
		expect(reply.status).toBe(404);
		expect(reply.data.code).toBe('InvalidAction.NotFound');
	});

	it('does not recall group messages and validates its body', async () => {
		const group = (await sendGroup(GROUP_ONE)).data.processQueryKey as string;
		const reply = await newApi('POST', '/v1.0/robot/otoMessages/batchRecall', {
			robotCode,
			processQueryKeys: [group],
		});
		expect(reply.data.successResult).toEqual([]);
		expect(Object.keys(reply.data.failedResult as object)).toEqual([group]);

		const cases: Array<[object, string]> = [
			[{ robotCode, processQueryKeys: [] }, 'invalidParameter.processQueryKeys.empty'],
			[{ robotCode }, 'invalidParameter.processQueryKeys.empty'],
			[{ robotCode, processQueryKeys: [1] }, 'invalidParameter.processQueryKeys.invalid'],
			[{ processQueryKeys: ['x'] }, 'invalidParameter.robotCode.empty'],
			[{ robotCode: OTHER_ROBOT, processQueryKeys: ['x'] }, 'invalidParameter.robotCode.auth'],
		];
		for (const [body, code] of cases) {
			const bad = await newApi('POST', '/v1.0/robot/otoMessages/batchRecall', body);
			expect({ body, status: bad.status, code: bad.data.code }).toEqual({
				body,
				status: 400,
				code,
			});
		}
	});
});

describe('robot group messages', () => {
	it('sends to a group the robot is in and records one message', async () => {
		const reply = await sendGroup(GROUP_ONE, {
			msgKey: 'sampleMarkdown',
			msgParam: JSON.stringify({ title: 't', text: '**hi**' }),
		});
		expect(reply.status).toBe(200);
		expect(Object.keys(reply.data)).toEqual(['processQueryKey']);
		const messages = (await state()).messages;
		expect(messages).toHaveLength(1);
		expect(messages[0]).toMatchObject({
			channel: 'group',
			processQueryKey: reply.data.processQueryKey,
			openConversationId: GROUP_ONE,
			robotCode,
			msgKey: 'sampleMarkdown',
			msgParam: { title: 't', text: '**hi**' },
		});
	});

	it('limits msgParam to 15000 bytes (not characters)', async () => {
		// 4990 three-byte characters: ~5000 characters, ~15000 bytes once wrapped in JSON.
		const fits = JSON.stringify({ content: '中'.repeat(4990) });
		expect((await sendGroup(GROUP_ONE, { msgKey: 'sampleText', msgParam: fits })).status).toBe(200);
		const tooLong = JSON.stringify({ content: '中'.repeat(5000) });
		expect(tooLong.length).toBeLessThan(15000);
		const reply = await sendGroup(GROUP_ONE, { msgKey: 'sampleText', msgParam: tooLong });
		expect(reply.status).toBe(400);
		expect(reply.data.code).toBe('invalidParameter.msgParam.tooLong');
		expect(reply.data.message).toContain('15000');
	});

	it('rejects a missing or unknown openConversationId and a group without the robot', async () => {
		const missing = await newApi('POST', '/v1.0/robot/groupMessages/send', {
			robotCode,
			...text('x'),
		});
		expect([missing.status, missing.data.code]).toEqual([400, 'invalid.openConversationId']);
		const unknown = await sendGroup('cidNoSuchGroup==');
		expect([unknown.status, unknown.data.code]).toEqual([400, 'invalid.openConversationId']);
		const notIn = await sendGroup(GROUP_TWO);
		expect([notIn.status, notIn.data.code]).toEqual([400, 'invalidParameter.robotCode.notExsit']);
		expect(notIn.data.message).toContain('检查机器人是否在群内');
		expect((await state()).messages).toHaveLength(0);
	});

	it('applies the shared message validation', async () => {
		const cases: Array<[object, string]> = [
			[{ robotCode: '', ...text('x') }, 'invalidParameter.robotCode.empty'],
			[{ robotCode: OTHER_ROBOT }, 'invalidParameter.robotCode.auth'],
			[{ msgKey: NO_SUCH_TEMPLATE, msgParam: '{}' }, 'invalidParameter.msgKey.invalid'],
			[
				{ msgKey: 'sampleText', msgParam: { content: 'object, not string' } },
				'invalidParameter.msgParam.invalid',
			],
			[{ msgKey: 'sampleText', msgParam: '{}' }, 'invalidParameter.msgParam.invalid'],
		];
		for (const [override, code] of cases) {
			const reply = await sendGroup(GROUP_ONE, text('x'), override);
			expect({ override, status: reply.status, code: reply.data.code }).toEqual({
				override,
				status: 400,
				code,
			});
		}
	});

	it('requires the right coolAppCode where the group needs one, and none elsewhere', async () => {
		const cool = 'cidEmuCoolGroup+/CCC==';
		const added = await admin('groups', {
			groups: [
				{
					openConversationId: cool,
					chatId: 'chatemucool',
					memberUserIds: ['user0001'],
					robotCodes: [robotCode],
					coolAppCode: 'COOLAPP123',
				},
			],
		});
		expect(added.status).toBe(200);
		const groups = (await state()).groups;
		expect(groups.find((g) => g.openConversationId === cool)).toMatchObject({
			robotCodes: [robotCode],
			chatId: 'chatemucool',
		});
		expect(groups.find((g) => g.openConversationId === GROUP_ONE)).toMatchObject({
			chatId: 'chatemu0001',
			memberUserIds: users(1, 10),
		});

		for (const extra of [{}, { coolAppCode: 'WRONG' }]) {
			const reply = await sendGroup(cool, text('x'), extra);
			expect({ extra, status: reply.status, code: reply.data.code }).toEqual({
				extra,
				status: 400,
				code: 'invalidParameter.coolAppCode.invalid',
			});
		}
		expect((await sendGroup(cool, text('x'), { coolAppCode: 'COOLAPP123' })).status).toBe(200);
		const stray = await sendGroup(GROUP_ONE, text('x'), { coolAppCode: 'COOLAPP123' });
		expect([stray.status, stray.data.code]).toEqual([400, 'invalidParameter.coolAppCode.invalid']);
	});

	it('pages the read users of a group message', async () => {
		const key = (await sendGroup(GROUP_ONE)).data.processQueryKey as string;
		expect((await admin('read', { processQueryKey: key, userIds: users(1, 5) })).status).toBe(200);
		expect((await admin('read', { processQueryKey: key, userIds: ['user0011'] })).status).toBe(400);
		expect((await state()).readBy[key]).toEqual(users(1, 5));

		const query = (extra: object) =>
			newApi('POST', '/v1.0/robot/groupMessages/query', {
				robotCode,
				openConversationId: GROUP_ONE,
				processQueryKey: key,
				...extra,
			});
		const pages: string[][] = [];
		let nextToken: string | undefined;
		for (;;) {
			const reply = await query({ maxResults: 2, nextToken });
			expect(reply.status).toBe(200);
			expect(reply.data.sendStatus).toBe('SUCCESS');
			pages.push(reply.data.readUserIds as string[]);
			if (!reply.data.hasMore) {
				expect(reply.data.nextToken).toBeUndefined();
				break;
			}
			nextToken = reply.data.nextToken as string;
			expect(typeof nextToken).toBe('string');
		}
		expect(pages).toEqual([users(1, 2), users(3, 4), users(5, 5)]);

		const all = await query({ maxResults: 200 });
		expect(all.data).toEqual({ readUserIds: users(1, 5), sendStatus: 'SUCCESS', hasMore: false });
		// maxResults is optional (DingTalk's reference and the official SDK): a default page.
		expect((await query({})).data).toEqual({
			readUserIds: users(1, 5),
			sendStatus: 'SUCCESS',
			hasMore: false,
		});

		const cases: Array<[object, string]> = [
			[{ maxResults: 201 }, 'invalidParameter.maxResults.invalid'],
			[{ maxResults: 0 }, 'invalidParameter.maxResults.invalid'],
			[{ maxResults: '10' }, 'invalidParameter.maxResults.invalid'],
			[{ maxResults: 10, nextToken: 'garbage' }, 'invalidParameter.nextToken.invalid'],
			[{ maxResults: 10, processQueryKey: 'nope==' }, 'invalidParameter.processQueryKey.invalid'],
			[{ maxResults: 10, processQueryKey: '' }, 'invalidParameter.processQueryKey.empty'],
			[
				{ maxResults: 10, openConversationId: GROUP_TWO },
				'invalidParameter.processQueryKey.invalid',
			],
			[{ maxResults: 10, openConversationId: 'cidNope' }, 'invalid.openConversationId'],
			[{ maxResults: 10, robotCode: OTHER_ROBOT }, 'invalidParameter.robotCode.auth'],
		];
		for (const [extra, code] of cases) {
			const reply = await query(extra);
			expect({ extra, status: reply.status, code: reply.data.code }).toEqual({
				extra,
				status: 400,
				code,
			});
		}
	});

	it('recalls group messages of that group only', async () => {
		const key = (await sendGroup(GROUP_ONE)).data.processQueryKey as string;
		const oto = (await sendOto(['user0001'])).data.processQueryKey as string;
		const recall = (body: object) =>
			newApi('POST', '/v1.0/robot/groupMessages/recall', {
				robotCode,
				openConversationId: GROUP_ONE,
				...body,
			});

		const reply = await recall({ processQueryKeys: [key, oto, 'unknown='] });
		expect(reply.status).toBe(200);
		expect(reply.data.successResult).toEqual([key]);
		expect(Object.keys(reply.data.failedResult as object).sort()).toEqual([oto, 'unknown='].sort());
		const messages = (await state()).messages;
		expect(messages.find((m) => m.processQueryKey === key)).toMatchObject({
			channel: 'group',
			recalled: true,
		});
		expect(messages.find((m) => m.processQueryKey === oto)!.recalled).toBeUndefined();

		const again = await recall({ processQueryKeys: [key] });
		expect(Object.keys(again.data.failedResult as object)).toEqual([key]);

		const wrongGroup = await recall({ openConversationId: 'cidNope', processQueryKeys: [key] });
		expect([wrongGroup.status, wrongGroup.data.code]).toEqual([400, 'invalid.openConversationId']);
		const empty = await recall({ processQueryKeys: [] });
		expect([empty.status, empty.data.code]).toEqual([
			400,
			'invalidParameter.processQueryKeys.empty',
		]);
	});
});

describe('chatId → openConversationId', () => {
	it('converts a known chatId and rejects an unknown one', async () => {
		const reply = await newApi('POST', '/v1.0/im/chat/chatemu0001/convertToOpenConversationId');
		expect(reply.status).toBe(200);
		expect(reply.data).toEqual({ openConversationId: GROUP_ONE });
		const second = await newApi('POST', '/v1.0/im/chat/chatemu0002/convertToOpenConversationId');
		expect(second.data).toEqual({ openConversationId: GROUP_TWO });

		const unknown = await newApi('POST', '/v1.0/im/chat/chatnosuch/convertToOpenConversationId');
		expect(unknown.status).toBe(400);
		expect(unknown.data.code).toBe('invalidParameter.chatId.invalid');
		expect(unknown.data.message).toContain('chatnosuch');
	});

	it('needs qyapi_chat_read', async () => {
		await admin('permissions', { revoke: ['qyapi_chat_read'] });
		const reply = await newApi('POST', '/v1.0/im/chat/chatemu0001/convertToOpenConversationId');
		expect(reply.status).toBe(403);
		expect(reply.data.code).toBe('Forbidden.AccessDenied.AccessTokenPermissionDenied');
	});
});

describe('media upload', () => {
	const binary = new Uint8Array([
		...Array.from({ length: 256 }, (_, i) => i),
		...Array.from('\r\n--formdata-undici-0\r\n\r\n--\r\n', (c) => c.charCodeAt(0)),
		0xff,
		0xfe,
		0,
		0,
	]);

	it('stores the file byte for byte and returns a media_id', async () => {
		const reply = await upload({
			type: 'image',
			fileName: 'photo.PNG',
			contentType: 'image/png',
			bytes: binary,
		});
		expect(reply.status).toBe(200);
		expect(reply.data).toMatchObject({ errcode: 0, errmsg: 'ok', type: 'image' });
		const mediaId = reply.data.media_id as string;
		expect(mediaId).toMatch(/^@lA[A-Za-z0-9_-]+$/);
		expect(typeof reply.data.created_at).toBe('number');

		const media = (await state()).media.find((m) => m.mediaId === mediaId);
		expect(media).toEqual({
			mediaId,
			type: 'image',
			fileName: 'photo.PNG',
			contentType: 'image/png',
			size: 289,
			sha256: 'eddc79cddadb3ffde97e170e324b4083eb5582a8b8ff4e2dd3f0196691da606f',
			createdAt: reply.data.created_at,
		});
	});

	it('takes type from a form field, and the query wins over the field', async () => {
		const field = await upload({ fieldType: 'voice', fileName: 'v.amr' });
		expect(field.data).toMatchObject({ errcode: 0, type: 'voice' });
		const both = await upload({ type: 'file', fieldType: 'image', fileName: 'report.pdf' });
		expect(both.data).toMatchObject({ errcode: 0, type: 'file' });
	});

	it('accepts every documented format', async () => {
		const formats: Array<[string, string[]]> = [
			['image', ['jpg', 'jpeg', 'gif', 'png', 'bmp']],
			['voice', ['amr', 'mp3', 'wav']],
			['video', ['mp4']],
			['file', ['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'zip', 'pdf', 'rar']],
		];
		for (const [type, extensions] of formats) {
			for (const extension of extensions) {
				const reply = await upload({ type, fileName: `f.${extension}` });
				expect({ type, extension, errcode: reply.data.errcode }).toEqual({
					type,
					extension,
					errcode: 0,
				});
			}
		}
	});

	it('rejects a missing or unknown type with 40004', async () => {
		for (const options of [{}, { type: 'pic' }, { fieldType: 'thumb' }, { type: 'toString' }]) {
			const reply = await upload({ ...options, fileName: 'a.png' });
			expect({
				options,
				status: reply.status,
				errcode: reply.data.errcode,
				errmsg: reply.data.errmsg,
			}).toEqual({
				options,
				status: 200,
				errcode: 40004,
				errmsg: 'invalid media type',
			});
		}
	});

	it('rejects an upload without a `media` file part with 40035', async () => {
		for (const options of [{ partName: 'file' }, { fileName: null }]) {
			const reply = await upload({ type: 'image', ...options });
			expect({ options, errcode: reply.data.errcode }).toEqual({ options, errcode: 40035 });
			expect(reply.data.errmsg).toContain('media');
		}
		const json = await oldApi('/media/upload', { media: 'x' });
		expect(json.data.errcode).toBe(40004);
	});

	it('rejects formats the type does not allow with 40005', async () => {
		const cases: Array<[string, string]> = [
			['file', 'notes.txt'],
			['file', 'data.csv'],
			['image', 'clip.mp3'],
			['image', 'noextension'],
			['voice', 'song.ogg'],
			['video', 'movie.mov'],
		];
		for (const [type, fileName] of cases) {
			const reply = await upload({ type, fileName });
			expect({ type, fileName, errcode: reply.data.errcode }).toEqual({
				type,
				fileName,
				errcode: 40005,
			});
			expect(reply.data.errmsg).toContain('invalid file type');
		}
	});

	it('rejects files over the size limit (and empty files) with 40006', async () => {
		const voiceLimit = await upload({
			type: 'voice',
			fileName: 'v.mp3',
			bytes: new Uint8Array(2 * MB),
		});
		expect(voiceLimit.data.errcode).toBe(0);
		const voice = await upload({
			type: 'voice',
			fileName: 'v.mp3',
			bytes: new Uint8Array(2 * MB + 1),
		});
		expect(voice.data).toMatchObject({ errcode: 40006 });
		expect(voice.data.errmsg).toContain('invalid file size');
		const image = await upload({
			type: 'image',
			fileName: 'big.jpg',
			bytes: new Uint8Array(20 * MB + 1),
		});
		expect(image.data.errcode).toBe(40006);
		const empty = await upload({ type: 'file', fileName: 'empty.pdf', bytes: new Uint8Array(0) });
		expect(empty.data.errcode).toBe(40006);
	});
});

describe('media ids in robot messages', () => {
	let image: string;
	let voice: string;
	let video: string;
	let file: string;

	beforeAll(async () => {
		image = await uploadId('image', 'cover.jpg');
		voice = await uploadId('voice', 'memo.amr');
		video = await uploadId('video', 'clip.mp4');
		file = await uploadId('file', 'report.pdf');
	});

	const msg = (msgKey: string, param: object) => ({ msgKey, msgParam: JSON.stringify(param) });

	it('accepts media ids of the matching type, and image URLs for photoURL', async () => {
		const good = [
			msg('sampleImageMsg', { photoURL: image }),
			msg('sampleImageMsg', { photoURL: 'https://example.com/a.png' }),
			msg('sampleAudio', { mediaId: voice, duration: '5000' }),
			msg('sampleFile', { mediaId: file, fileName: 'report.pdf', fileType: 'pdf' }),
			msg('sampleVideo', {
				duration: '30',
				videoMediaId: video,
				videoType: 'mp4',
				picMediaId: image,
			}),
		];
		for (const message of good) {
			const reply = await sendOto(['user0001'], message);
			expect({ message, status: reply.status }).toEqual({ message, status: 200 });
			const group = await sendGroup(GROUP_ONE, message);
			expect({ message, status: group.status }).toEqual({ message, status: 200 });
		}
	});

	it('rejects unknown, mistyped or non-media values and naming the field', async () => {
		const bad: Array<[{ msgKey: string; msgParam: string }, string]> = [
			[msg('sampleImageMsg', { photoURL: voice }), 'photoURL'],
			[msg('sampleImageMsg', { photoURL: '@lAunknown' }), 'photoURL'],
			[msg('sampleImageMsg', { photoURL: 'cover.jpg' }), 'photoURL'],
			[msg('sampleAudio', { mediaId: file, duration: '5000' }), 'mediaId'],
			[msg('sampleAudio', { mediaId: voice, duration: 5000 }), 'duration'],
			[msg('sampleAudio', { mediaId: voice, duration: '5s' }), 'duration'],
			[msg('sampleFile', { mediaId: image, fileName: 'a.pdf', fileType: 'pdf' }), 'mediaId'],
			[msg('sampleFile', { mediaId: 'report.pdf', fileName: 'a.pdf', fileType: 'pdf' }), 'mediaId'],
			[
				msg('sampleVideo', {
					duration: '30',
					videoMediaId: image,
					videoType: 'mp4',
					picMediaId: image,
				}),
				'videoMediaId',
			],
			[
				msg('sampleVideo', {
					duration: '30',
					videoMediaId: video,
					videoType: 'mp4',
					picMediaId: video,
				}),
				'picMediaId',
			],
		];
		for (const [message, fieldName] of bad) {
			for (const reply of [
				await sendOto(['user0001'], message),
				await sendGroup(GROUP_ONE, message),
			]) {
				expect({ message, status: reply.status, code: reply.data.code }).toEqual({
					message,
					status: 400,
					code: 'invalidParameter.msgParam.invalid',
				});
				expect(reply.data.message).toContain(fieldName);
			}
		}
		expect((await state()).messages).toHaveLength(0);
	});
});

describe('work notifications', () => {
	const SEND = '/topapi/message/corpconversation/asyncsend_v2';
	const RESULT = '/topapi/message/corpconversation/getsendresult';
	const PROGRESS = '/topapi/message/corpconversation/getsendprogress';
	const RECALL = '/topapi/message/corpconversation/recall';
	const textMsg = (content: string) => ({ msgtype: 'text', text: { content } });

	async function notify(body: object): Promise<Reply> {
		return await oldApi(SEND, { agent_id: Number(agentId), ...body });
	}

	async function result(taskId: unknown): Promise<Record<string, unknown>> {
		const reply = await oldApi(RESULT, { agent_id: agentId, task_id: taskId });
		expect(reply.data.errcode).toBe(0);
		return reply.data.send_result as Record<string, unknown>;
	}

	it('takes at most 100 userid_list users and 20 dept_id_list departments a call (40035 over)', async () => {
		const users = (count: number) =>
			Array.from({ length: count }, (_, n) => `user${String(n + 1).padStart(4, '0')}`).join(',');
		expect((await notify({ userid_list: users(100), msg: textMsg('100') })).data).toMatchObject({
			errcode: 0,
		});
		const over = await notify({ userid_list: users(101), msg: textMsg('101') });
		expect(over.data).toMatchObject({ errcode: 40035 });
		expect(String(over.data.errmsg)).toContain('100');
		const depts = (count: number) => Array.from({ length: count }, () => '100').join(',');
		expect((await notify({ dept_id_list: depts(20), msg: textMsg('20') })).data).toMatchObject({
			errcode: 0,
		});
		expect((await notify({ dept_id_list: depts(21), msg: textMsg('21') })).data).toMatchObject({
			errcode: 40035,
		});
	});

	it('delivers, reports results, progress and read state', async () => {
		const reply = await notify({ userid_list: 'user0001,user0002,ghost', msg: textMsg('hello') });
		expect(reply.status).toBe(200);
		expect(reply.data).toMatchObject({ errcode: 0 });
		expect(typeof reply.data.task_id).toBe('number');
		expect(typeof reply.data.request_id).toBe('string');
		const taskId = reply.data.task_id as number;

		const messages = (await state()).messages;
		expect(messages.map((m) => [m.channel, m.userId, m.taskId, m.agentId])).toEqual([
			['work', 'user0001', String(taskId), agentId],
			['work', 'user0002', String(taskId), agentId],
		]);

		expect(await result(taskId)).toEqual({
			invalid_user_id_list: ['ghost'],
			forbidden_user_id_list: [],
			failed_user_id_list: [],
			read_user_id_list: [],
			unread_user_id_list: ['user0001', 'user0002'],
			invalid_dept_id_list: [],
			forbidden_list: [],
		});
		expect((await admin('read', { taskId, userIds: ['user0002'] })).status).toBe(200);
		expect(await result(taskId)).toMatchObject({
			read_user_id_list: ['user0002'],
			unread_user_id_list: ['user0001'],
		});

		const progress = await oldApi(PROGRESS, { agent_id: agentId, task_id: taskId });
		expect(progress.data).toMatchObject({
			errcode: 0,
			progress: { progress_in_percent: 100, status: 2 },
		});

		const next = await notify({ userid_list: 'user0001', msg: textMsg('second') });
		expect(next.data.task_id as number).toBeGreaterThan(taskId);
	});

	it('silently drops the same content to the same user (143106)', async () => {
		const first = await notify({ userid_list: 'user0001', msg: textMsg('same') });
		const second = await notify({ userid_list: 'user0001,user0002', msg: textMsg('same') });
		expect(second.data.errcode).toBe(0);
		expect(await result(second.data.task_id)).toMatchObject({
			forbidden_user_id_list: ['user0001'],
			forbidden_list: [{ code: '143106', count: 1, userid: 'user0001' }],
			unread_user_id_list: ['user0002'],
		});
		expect(await result(first.data.task_id)).toMatchObject({
			forbidden_list: [],
			unread_user_id_list: ['user0001'],
		});
		expect((await state()).messages.filter((m) => m.userId === 'user0001')).toHaveLength(1);
	});

	it('silently drops above the per-user daily cap (143105)', async () => {
		expect((await admin('limits', { workNoticeDailyCap: 2 })).data).toEqual({
			workNoticeDailyCap: 2,
		});
		const tasks: unknown[] = [];
		for (const content of ['a', 'b', 'c']) {
			const reply = await notify({ userid_list: 'user0003', msg: textMsg(content) });
			expect(reply.data.errcode).toBe(0);
			tasks.push(reply.data.task_id);
		}
		expect(await result(tasks[2])).toMatchObject({
			forbidden_user_id_list: ['user0003'],
			forbidden_list: [{ code: '143105', count: 2, userid: 'user0003' }],
		});
		expect((await state()).messages.filter((m) => m.channel === 'work')).toHaveLength(2);
		await admin('reset');
		expect((await admin('limits', {})).data).toEqual({ workNoticeDailyCap: 500 });
	});

	it('resolves departments and everyone, and reports unknown departments', async () => {
		const dept = await notify({
			dept_id_list: '100,999',
			userid_list: 'user0001',
			msg: textMsg('dept'),
		});
		expect(await result(dept.data.task_id)).toMatchObject({
			unread_user_id_list: users(1, 5),
			invalid_dept_id_list: [999],
		});

		const all = await notify({ to_all_user: true, msg: textMsg('everyone') });
		const sent = await result(all.data.task_id);
		expect((sent.unread_user_id_list as string[]).length).toBe(2001);
	});

	it('reports flow-controlled users as failed', async () => {
		await admin('faults', { flowControlledUsers: ['user0004'] });
		const reply = await notify({ userid_list: 'user0004,user0005', msg: textMsg('busy') });
		expect(await result(reply.data.task_id)).toMatchObject({
			failed_user_id_list: ['user0004'],
			unread_user_id_list: ['user0005'],
		});
	});

	it('accepts a form-encoded body with msg as a JSON string', async () => {
		const form = new URLSearchParams({
			agent_id: agentId,
			userid_list: 'user0006',
			msg: JSON.stringify(textMsg('form')),
		});
		const reply = await oldApi(SEND, form.toString(), 'application/x-www-form-urlencoded');
		expect(reply.data.errcode).toBe(0);
		expect(await result(reply.data.task_id)).toMatchObject({ unread_user_id_list: ['user0006'] });
	});

	it('validates agent_id, recipients and sizes', async () => {
		const many = users(1, 101).join(',');
		const depts = Array.from({ length: 21 }, (_, i) => String(100 + i)).join(',');
		const cases: Array<[object, number, string]> = [
			[{ agent_id: 3000000009, userid_list: 'user0001', msg: textMsg('x') }, 40056, 'agentid'],
			[{ agent_id: 'abc', userid_list: 'user0001', msg: textMsg('x') }, 40035, 'agent_id'],
			[{ agent_id: undefined, userid_list: 'user0001', msg: textMsg('x') }, 40035, 'agent_id'],
			[{ msg: textMsg('x') }, 40035, 'userid_list'],
			[{ to_all_user: false, msg: textMsg('x') }, 40035, 'userid_list'],
			[{ userid_list: 'user0001' }, 40035, 'msg'],
			[{ userid_list: ['user0001'], msg: textMsg('x') }, 40035, 'userid_list'],
			[{ userid_list: many, msg: textMsg('x') }, 40035, '100'],
			[{ dept_id_list: depts, msg: textMsg('x') }, 40035, '20'],
			[{ userid_list: 'user0001', msg: textMsg('x'.repeat(2100)) }, 40035, '消息体过大'],
		];
		for (const [body, errcode, mention] of cases) {
			const reply = await notify(body);
			expect({ body, status: reply.status, errcode: reply.data.errcode }).toEqual({
				body,
				status: 200,
				errcode,
			});
			expect(reply.data.errmsg).toContain(mention);
		}
		expect((await state()).messages).toHaveLength(0);
	});

	it('validates each msgtype and names the missing field', async () => {
		const image = await uploadId('image', 'p.png');
		const voice = await uploadId('voice', 'v.wav');
		const file = await uploadId('file', 'f.docx');
		const good = [
			textMsg('t'),
			{ msgtype: 'markdown', markdown: { title: 'T', text: '# hi' } },
			{ msgtype: 'image', image: { media_id: image } },
			{ msgtype: 'file', file: { media_id: file } },
			{ msgtype: 'voice', voice: { media_id: voice, duration: '10' } },
			{
				msgtype: 'link',
				link: { messageUrl: 'https://e.com', picUrl: '@x', title: 'T', text: 'x' },
			},
			{
				msgtype: 'oa',
				oa: {
					message_url: 'https://e.com',
					head: { bgcolor: 'FFBBBBBB', text: 'H' },
					body: { title: 'B' },
				},
			},
			{
				msgtype: 'action_card',
				action_card: {
					title: 'T',
					markdown: 'm',
					single_title: 'Open',
					single_url: 'https://e.com',
				},
			},
			{
				msgtype: 'action_card',
				action_card: {
					title: 'T',
					markdown: 'm',
					btn_orientation: '1',
					btn_json_list: [{ title: 'A', action_url: 'https://e.com' }],
				},
			},
		];
		for (const msg of good) {
			const reply = await notify({ userid_list: 'user0007', msg });
			expect({ msg, errcode: reply.data.errcode }).toEqual({ msg, errcode: 0 });
		}

		const bad: Array<[object, string]> = [
			[{ msgtype: 'text', text: {} }, 'text.content'],
			[{ text: { content: 'x' } }, 'msgtype'],
			[{ msgtype: 'sms', sms: {} }, 'sms'],
			[{ msgtype: 'markdown', markdown: { text: 'x' } }, 'markdown.title'],
			[{ msgtype: 'markdown', markdown: { title: 'T' } }, 'markdown.text'],
			[{ msgtype: 'markdown', markdown: { title: 'T', text: 'x'.repeat(5001) } }, '5000'],
			[{ msgtype: 'image', image: {} }, 'image.media_id'],
			[{ msgtype: 'image', image: { media_id: voice } }, 'image.media_id'],
			[{ msgtype: 'file', file: { media_id: '@lAunknown' } }, 'file.media_id'],
			[{ msgtype: 'voice', voice: { media_id: voice } }, 'voice.duration'],
			[{ msgtype: 'voice', voice: { media_id: voice, duration: '61' } }, 'voice.duration'],
			[
				{ msgtype: 'link', link: { messageUrl: 'https://e.com', title: 'T', text: 'x' } },
				'link.picUrl',
			],
			[
				{ msgtype: 'oa', oa: { message_url: 'https://e.com', head: { text: 'H' }, body: {} } },
				'oa.head.bgcolor',
			],
			[
				{ msgtype: 'oa', oa: { head: { bgcolor: 'FF000000', text: 'H' }, body: {} } },
				'oa.message_url',
			],
			[
				{
					msgtype: 'oa',
					oa: { message_url: 'https://e.com', head: { bgcolor: 'FF000000', text: 'H' } },
				},
				'oa.body',
			],
			[
				{
					msgtype: 'action_card',
					action_card: { title: 'T', single_title: 'O', single_url: 'https://e.com' },
				},
				'action_card.markdown',
			],
			[{ msgtype: 'action_card', action_card: { title: 'T', markdown: 'm' } }, 'btn_json_list'],
			[
				{ msgtype: 'action_card', action_card: { title: 'T', markdown: 'm', single_title: 'O' } },
				'action_card.single_url',
			],
			[
				{
					msgtype: 'action_card',
					action_card: {
						title: 'T',
						markdown: 'm',
						btn_json_list: [{ title: 'A', action_url: 'u' }],
					},
				},
				'btn_orientation',
			],
			[
				{
					msgtype: 'action_card',
					action_card: {
						title: 'T',
						markdown: 'm',
						btn_orientation: '0',
						btn_json_list: [{ title: 'A' }],
					},
				},
				'btn_json_list[0].action_url',
			],
		];
		for (const [msg, mention] of bad) {
			const reply = await notify({ userid_list: 'user0008', msg });
			expect({ msg, errcode: reply.data.errcode }).toEqual({ msg, errcode: 40035 });
			expect(reply.data.errmsg).toContain(mention);
		}
		expect((await state()).messages.filter((m) => m.userId === 'user0008')).toHaveLength(0);
	});

	it('recalls by msg_task_id and rejects unknown tasks', async () => {
		const taskId = (await notify({ userid_list: 'user0009,user0010', msg: textMsg('oops') })).data
			.task_id;
		const wrongName = await oldApi(RECALL, { agent_id: agentId, task_id: taskId });
		expect(wrongName.data.errcode).toBe(40035);
		expect(wrongName.data.errmsg).toContain('msg_task_id');

		const recalled = await oldApi(RECALL, { agent_id: agentId, msg_task_id: taskId });
		expect(recalled.data.errcode).toBe(0);
		const messages = (await state()).messages.filter((m) => m.channel === 'work');
		expect(messages.map((m) => [m.userId, m.recalled])).toEqual([
			['user0009', true],
			['user0010', true],
		]);

		for (const path of [RESULT, PROGRESS]) {
			const unknown = await oldApi(path, { agent_id: agentId, task_id: 1 });
			expect({ path, errcode: unknown.data.errcode }).toEqual({ path, errcode: 40035 });
			const missing = await oldApi(path, { agent_id: agentId });
			expect({ path, errcode: missing.data.errcode }).toEqual({ path, errcode: 40035 });
			const wrongAgent = await oldApi(path, { agent_id: 3000000002, task_id: taskId });
			expect({ path, errcode: wrongAgent.data.errcode }).toEqual({ path, errcode: 40056 });
		}
		const unknownRecall = await oldApi(RECALL, { agent_id: agentId, msg_task_id: 42 });
		expect(unknownRecall.data.errcode).toBe(40035);
	});
});
