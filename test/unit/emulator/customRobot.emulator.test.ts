import { createHmac } from 'crypto';
import { sleep } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator';
import { DEFAULT_CUSTOM_ROBOTS } from '../../emulator/products/customRobot';

/**
 * The custom group robot webhook (群自定义机器人, POST oapi /robot/send?access_token=…) over real
 * HTTP: the webhook token names the robot, the sign (加签) is checked after exactly one
 * URL-decoding, keywords, the 20 000-byte body limit, each msgtype's required fields and the
 * 20-per-minute rate limit.
 */

interface Reply {
	status: number;
	data: { errcode?: number; errmsg?: string; [key: string]: unknown };
}

interface CustomRobotMessage {
	channel: string;
	robotToken: string;
	robotName: string;
	msgtype: string;
	content: Record<string, unknown>;
	mentions: Record<string, unknown> | null;
	at: number;
}

interface SeenRequest {
	path: string;
	query: Record<string, string>;
	signed?: boolean;
	signCheck?: string;
	outcome?: string;
}

interface State {
	messages: CustomRobotMessage[];
	requests: SeenRequest[];
	customRobots: Array<{
		accessToken: string;
		name: string;
		keyword?: string;
		sentCount: number;
		sends?: unknown;
	}>;
	customRobotLimits: { windowMs: number; perWindow: number };
}

const [SIGNED, KEYWORD, PLAIN] = DEFAULT_CUSTOM_ROBOTS;
const HOUR_MS = 3600000;
const BODY_LIMIT = 20000;

let emulator: Emulator;

function signFor(secret: string, timestamp: number): string {
	return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

/** The query string a correct client builds: every value URL-encoded once (URLSearchParams). */
function signedQuery(
	timestamp = Date.now(),
	sign = signFor(SIGNED.secret, timestamp),
): Record<string, string> {
	return { access_token: SIGNED.accessToken, timestamp: String(timestamp), sign };
}

async function postRaw(
	queryString: string,
	body: string,
	contentType = 'application/json',
): Promise<Reply> {
	const response = await fetch(
		`${emulator.oapiBaseUrl}/robot/send${queryString ? `?${queryString}` : ''}`,
		{
			method: 'POST',
			headers: { 'content-type': contentType },
			body,
		},
	);
	return { status: response.status, data: (await response.json()) as Reply['data'] };
}

function send(query: Record<string, string>, body: unknown): Promise<Reply> {
	return postRaw(new URLSearchParams(query).toString(), JSON.stringify(body));
}

const to = (robot: { accessToken: string }) => ({ access_token: robot.accessToken });
const text = (content: string) => ({ msgtype: 'text', text: { content } });

async function admin(path: string, body: unknown = {}): Promise<Reply> {
	const response = await fetch(`${emulator.apiBaseUrl}/__emulator/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: response.status, data: (await response.json()) as Reply['data'] };
}

async function state(): Promise<State> {
	return (await (await fetch(`${emulator.apiBaseUrl}/__emulator/state`)).json()) as State;
}

const OK = { errcode: 0, errmsg: 'ok' };

beforeAll(async () => {
	emulator = await startEmulator();
});

afterAll(async () => {
	await emulator.stop();
});

beforeEach(async () => {
	await admin('reset');
});

describe('custom robot webhook: robot and sign', () => {
	it('has one default robot of each security setting, the signed one with + / = in its secret', () => {
		expect(SIGNED.secret).toMatch(/[+/=]/);
		expect(SIGNED.keyword).toBeUndefined();
		expect(KEYWORD.keyword).toBe('告警');
		expect(KEYWORD.secret).toBeUndefined();
		expect(PLAIN.secret).toBeUndefined();
		expect(PLAIN.keyword).toBeUndefined();
	});

	it('delivers to each default robot (signed with the sign URL-encoded once)', async () => {
		expect((await send(signedQuery(), text('signed hello'))).data).toEqual(OK);
		expect((await send(to(KEYWORD), text('告警: disk full'))).data).toEqual(OK);
		expect((await send(to(PLAIN), text('plain hello'))).data).toEqual(OK);
		const replies = await state();
		expect(replies.messages.map((m) => [m.robotName, m.content])).toEqual([
			[SIGNED.name, { content: 'signed hello' }],
			[KEYWORD.name, { content: '告警: disk full' }],
			[PLAIN.name, { content: 'plain hello' }],
		]);
	});

	it('answers 300001 for an unknown or missing access_token', async () => {
		const unknown = await send({ access_token: 'no-such-robot' }, text('x'));
		expect(unknown).toEqual({
			status: 200,
			data: { errcode: 300001, errmsg: 'token is not exist' },
		});
		const missing = await send({}, text('x'));
		expect(missing.data).toEqual({ errcode: 300001, errmsg: 'param access_token is missing' });
	});

	it('rejects a sign URL-encoded twice (310000 sign not match) and logs why', async () => {
		const timestamp = Date.now();
		const sign = signFor(SIGNED.secret, timestamp);
		const reply = await send(signedQuery(timestamp, encodeURIComponent(sign)), text('twice'));
		expect(reply.status).toBe(200);
		expect(reply.data.errcode).toBe(310000);
		expect(reply.data.errmsg).toMatch(/^sign not match, more: \[.+\]$/);
		const seen = (await state()).requests.filter((r) => r.path === '/robot/send');
		expect(seen[0]).toMatchObject({
			signed: true,
			signCheck: 'double-encoded',
			outcome: 'rejected',
		});
		// Neither the webhook token nor the sign is logged.
		expect(seen[0].query).toEqual({
			access_token: '<token>',
			timestamp: String(timestamp),
			sign: '<sign>',
		});
	});

	it('rejects a sign that was not URL-encoded at all when it has a +', async () => {
		let timestamp = Date.now();
		while (!signFor(SIGNED.secret, timestamp).includes('+')) timestamp--;
		const sign = signFor(SIGNED.secret, timestamp);
		const reply = await postRaw(
			`access_token=${SIGNED.accessToken}&timestamp=${timestamp}&sign=${sign}`,
			JSON.stringify(text('raw')),
		);
		expect(reply.data).toMatchObject({
			errcode: 310000,
			errmsg: expect.stringMatching(/^sign not match/),
		});
		expect((await state()).requests[0].signCheck).toBe('not-encoded');
	});

	it('rejects a missing or wrong sign, and a sign made with another secret', async () => {
		const timestamp = String(Date.now());
		const noSign = await send({ access_token: SIGNED.accessToken, timestamp }, text('x'));
		expect(noSign.data.errmsg).toMatch(/^sign not match/);
		expect((await send(to(SIGNED), text('x'))).data.errmsg).toMatch(/^sign not match/);
		const other = await send(
			signedQuery(Number(timestamp), signFor(`${SIGNED.secret}x`, Number(timestamp))),
			text('x'),
		);
		expect(other.data).toMatchObject({
			errcode: 310000,
			errmsg: expect.stringMatching(/^sign not match/),
		});
		expect((await state()).messages).toHaveLength(0);
	});

	it('rejects a timestamp more than an hour off (310000 timestamp is invalid), either way', async () => {
		for (const timestamp of [Date.now() - HOUR_MS - 60000, Date.now() + HOUR_MS + 60000]) {
			const reply = await send(signedQuery(timestamp), text('stale'));
			expect(reply.data.errcode).toBe(310000);
			expect(reply.data.errmsg).toMatch(/^timestamp is invalid, more: \[.+\]$/);
		}
		const seconds = Math.floor(Date.now() / 1000);
		expect((await send(signedQuery(seconds), text('seconds'))).data.errmsg).toMatch(
			/^timestamp is invalid/,
		);
		// Within the hour is fine.
		expect(
			(await send(signedQuery(Date.now() - HOUR_MS + 60000), text('late but ok'))).data,
		).toEqual(OK);
	});
});

describe('custom robot webhook: keyword', () => {
	it('rejects a message whose visible text lacks the keyword', async () => {
		const reply = await send(to(KEYWORD), text('disk full'));
		expect(reply.data.errcode).toBe(310000);
		expect(reply.data.errmsg).toMatch(/^keywords not in content, more: \[.+\]$/);
		// A keyword only in a URL is not visible text.
		const link = await send(to(KEYWORD), {
			msgtype: 'link',
			link: { title: 'Disk', text: 'full', messageUrl: 'https://example.com/告警' },
		});
		expect(link.data.errmsg).toMatch(/^keywords not in content/);
		expect((await state()).messages).toHaveLength(0);
	});

	it('accepts the keyword anywhere in the visible text of each msgtype', async () => {
		const bodies = [
			text('[告警] disk full'),
			{ msgtype: 'markdown', markdown: { title: '告警', text: '# disk full' } },
			{ msgtype: 'markdown', markdown: { title: 'Disk', text: '**告警** full' } },
			{
				msgtype: 'link',
				link: { title: 'Disk', text: '告警 full', messageUrl: 'https://example.com/a' },
			},
			{
				msgtype: 'actionCard',
				actionCard: {
					title: '告警',
					text: 'full',
					singleTitle: 'Open',
					singleURL: 'https://example.com/a',
				},
			},
			{
				msgtype: 'feedCard',
				feedCard: {
					links: [
						{
							title: 'Disk',
							messageURL: 'https://example.com/a',
							picURL: 'https://example.com/a.png',
						},
						{
							title: 'CPU 告警',
							messageURL: 'https://example.com/b',
							picURL: 'https://example.com/b.png',
						},
					],
				},
			},
		];
		for (const body of bodies) expect((await send(to(KEYWORD), body)).data).toEqual(OK);
		expect((await state()).messages.map((m) => m.msgtype)).toEqual([
			'text',
			'markdown',
			'markdown',
			'link',
			'actionCard',
			'feedCard',
		]);
	});
});

describe('custom robot webhook: body', () => {
	/** A text message whose JSON is exactly `bytes` bytes long (ASCII content, so characters = bytes). */
	function bodyOfBytes(bytes: number): string {
		const empty = JSON.stringify(text(''));
		return JSON.stringify(text('a'.repeat(bytes - empty.length)));
	}

	it('rejects a body over 20 000 bytes (460101) and accepts exactly 20 000', async () => {
		const tooBig = bodyOfBytes(BODY_LIMIT + 1);
		expect(tooBig).toHaveLength(BODY_LIMIT + 1);
		expect((await postRaw(new URLSearchParams(to(PLAIN)).toString(), tooBig)).data).toEqual({
			errcode: 460101,
			errmsg: 'message too big',
		});
		expect(
			(await postRaw(new URLSearchParams(to(PLAIN)).toString(), bodyOfBytes(BODY_LIMIT))).data,
		).toEqual(OK);
		expect((await state()).messages).toHaveLength(1);
	});

	it('counts bytes, not characters', async () => {
		const empty = JSON.stringify(text(''));
		// 3 bytes per character in UTF-8: fewer than 20 000 characters, more than 20 000 bytes.
		const body = JSON.stringify(text('告'.repeat(Math.ceil((BODY_LIMIT - empty.length) / 3) + 1)));
		expect(body.length).toBeLessThan(BODY_LIMIT);
		expect((await postRaw(new URLSearchParams(to(PLAIN)).toString(), body)).data.errcode).toBe(
			460101,
		);
	});

	it('checks the sign before the body size', async () => {
		const reply = await postRaw(
			new URLSearchParams(to(SIGNED)).toString(),
			bodyOfBytes(BODY_LIMIT + 1),
		);
		expect(reply.data.errmsg).toMatch(/^sign not match/);
	});

	it('needs a JSON body with a JSON content type (40035 缺少参数 json)', async () => {
		const query = new URLSearchParams(to(PLAIN)).toString();
		expect((await postRaw(query, JSON.stringify(text('x')), 'text/plain')).data).toEqual({
			errcode: 40035,
			errmsg: '缺少参数 json',
		});
		expect((await postRaw(query, '{"msgtype":"text",', 'application/json')).data).toEqual({
			errcode: 40035,
			errmsg: '缺少参数 json',
		});
		expect(
			(await postRaw(query, JSON.stringify(text('x')), 'application/json; charset=utf-8')).data,
		).toEqual(OK);
	});

	const link = (fields: Record<string, unknown>) => ({
		msgtype: 'link',
		link: { title: 'T', text: 'X', messageUrl: 'https://e.com', ...fields },
	});
	const card = (fields: Record<string, unknown>) => ({
		msgtype: 'actionCard',
		actionCard: { title: 'T', text: 'X', ...fields },
	});
	const feedLink = { title: 'T', messageURL: 'https://e.com', picURL: 'https://e.com/p.png' };
	const cases: Array<[string, unknown, string]> = [
		['no msgtype', { text: { content: 'x' } }, 'msgtype'],
		['unknown msgtype', { msgtype: 'image', image: { url: 'x' } }, 'msgtype'],
		['text without its object', { msgtype: 'text' }, 'text'],
		['text without content', { msgtype: 'text', text: {} }, 'text.content'],
		['text with empty content', text(''), 'text.content'],
		['markdown without title', { msgtype: 'markdown', markdown: { text: 'x' } }, 'markdown.title'],
		['markdown without text', { msgtype: 'markdown', markdown: { title: 'x' } }, 'markdown.text'],
		['link without title', link({ title: undefined }), 'link.title'],
		['link without text', link({ text: undefined }), 'link.text'],
		['link without messageUrl', link({ messageUrl: undefined }), 'link.messageUrl'],
		[
			'link with messageURL spelled as feedCard does',
			link({ messageUrl: undefined, messageURL: 'https://e.com' }),
			'link.messageUrl',
		],
		[
			'actionCard without title',
			card({ title: undefined, singleTitle: 'A', singleURL: 'https://e.com' }),
			'actionCard.title',
		],
		[
			'actionCard without text',
			card({ text: undefined, singleTitle: 'A', singleURL: 'https://e.com' }),
			'actionCard.text',
		],
		['actionCard with neither jump nor buttons', card({}), 'actionCard.singleTitle'],
		['actionCard with singleTitle only', card({ singleTitle: 'A' }), 'actionCard.singleURL'],
		['actionCard with empty btns', card({ btns: [] }), 'actionCard.btns'],
		[
			'actionCard button without actionURL',
			card({ btns: [{ title: 'A', actionURL: 'https://e.com' }, { title: 'B' }] }),
			'actionCard.btns[1].actionURL',
		],
		[
			'actionCard button without title',
			card({ btns: [{ actionURL: 'https://e.com' }] }),
			'actionCard.btns[0].title',
		],
		['feedCard without links', { msgtype: 'feedCard', feedCard: {} }, 'feedCard.links'],
		[
			'feedCard with empty links',
			{ msgtype: 'feedCard', feedCard: { links: [] } },
			'feedCard.links',
		],
		[
			'feedCard link without picURL',
			{ msgtype: 'feedCard', feedCard: { links: [feedLink, { ...feedLink, picURL: undefined }] } },
			'feedCard.links[1].picURL',
		],
		[
			'feedCard link without messageURL',
			{ msgtype: 'feedCard', feedCard: { links: [{ ...feedLink, messageURL: undefined }] } },
			'feedCard.links[0].messageURL',
		],
		[
			'feedCard link without title',
			{ msgtype: 'feedCard', feedCard: { links: [{ ...feedLink, title: '' }] } },
			'feedCard.links[0].title',
		],
	];

	it.each(cases)('answers 40035 naming the field: %s', async (_name, body, field) => {
		expect((await send(to(PLAIN), body)).data).toEqual({
			errcode: 40035,
			errmsg: `缺少参数 ${field}`,
		});
	});

	it('accepts every msgtype in its full form (picUrl optional, buttons, orientation)', async () => {
		const bodies = [
			{
				...text('hello'),
				at: { atUserIds: ['user0001'], atMobiles: ['13800000001'], isAtAll: false },
			},
			{ msgtype: 'markdown', markdown: { title: 'T', text: '# hello' } },
			link({}),
			link({ picUrl: 'https://e.com/p.png' }),
			card({ singleTitle: 'Open', singleURL: 'https://e.com' }),
			card({
				btnOrientation: '1',
				btns: [
					{ title: 'A', actionURL: 'https://e.com/a' },
					{ title: 'B', actionURL: 'https://e.com/b' },
				],
			}),
			{ msgtype: 'feedCard', feedCard: { links: [feedLink] } },
		];
		for (const body of bodies) expect((await send(to(PLAIN), body)).data).toEqual(OK);
		expect(
			(
				await send(
					to(PLAIN),
					card({ btnOrientation: '2', singleTitle: 'A', singleURL: 'https://e.com' }),
				)
			).data.errcode,
		).toBe(40035);
	});
});

describe('custom robot webhook: recording, rate limit, directory', () => {
	it('records each delivered message with its robot, content and mentions', async () => {
		const before = Date.now();
		const at = { atUserIds: ['user0001'], isAtAll: false };
		expect(
			(
				await send(to(PLAIN), {
					msgtype: 'markdown',
					markdown: { title: 'T', text: 'hi @user0001' },
					at,
				})
			).data,
		).toEqual(OK);
		expect((await send(to(PLAIN), text('no mentions'))).data).toEqual(OK);
		const { messages, customRobots } = await state();
		expect(messages).toHaveLength(2);
		expect(messages[0]).toMatchObject({
			channel: 'customRobot',
			robotToken: PLAIN.accessToken,
			robotName: PLAIN.name,
			msgtype: 'markdown',
			content: { title: 'T', text: 'hi @user0001' },
			mentions: at,
		});
		expect(messages[0].at).toBeGreaterThanOrEqual(before);
		expect(messages[1]).toMatchObject({ msgtype: 'text', mentions: null });
		const plain = customRobots.find((r) => r.accessToken === PLAIN.accessToken);
		expect(plain).toMatchObject({ sentCount: 2 });
		expect(plain && 'sends' in plain).toBe(false);
	});

	it('answers 130101 for the 21st send in the window, counts no rejected send, and lets one through after the window', async () => {
		const windowMs = 1000;
		expect((await admin('limits', { customRobotWindowMs: windowMs })).data).toMatchObject({
			customRobotWindowMs: windowMs,
			customRobotPerWindow: 20,
		});
		const started = Date.now();
		const first = await Promise.all(
			Array.from({ length: 20 }, (_, i) => send(to(PLAIN), text(`#${i}`))),
		);
		expect(first.every((r) => r.data.errcode === 0)).toBe(true);
		const tooFast = await send(to(PLAIN), text('#21'));
		expect(Date.now() - started).toBeLessThan(windowMs);
		expect(tooFast.data).toEqual({
			errcode: 130101,
			errmsg: 'send too fast, exceed 20 times per minute',
		});
		// Other robots have their own count.
		expect((await send(to(KEYWORD), text('告警'))).data).toEqual(OK);
		await sleep(windowMs + 100);
		expect((await send(to(PLAIN), text('after the window'))).data).toEqual(OK);
		// 20 + 1 accepted within the last minute; the rejected one is not counted.
		const plain = (await state()).customRobots.find((r) => r.accessToken === PLAIN.accessToken);
		expect(plain && plain.sentCount).toBe(21);
		expect((await state()).messages.filter((m) => m.robotToken === PLAIN.accessToken)).toHaveLength(
			21,
		);
	});

	it('takes a smaller per-window count, and reset() restores the limits and clears the counts', async () => {
		await admin('limits', { customRobotPerWindow: 1 });
		expect((await send(to(PLAIN), text('one'))).data).toEqual(OK);
		expect((await send(to(PLAIN), text('two'))).data.errcode).toBe(130101);
		await admin('reset');
		expect((await state()).customRobotLimits).toEqual({ windowMs: 60000, perWindow: 20 });
		expect((await state()).customRobots.every((r) => r.sentCount === 0)).toBe(true);
		expect((await send(to(PLAIN), text('after reset'))).data).toEqual(OK);
		expect((await admin('limits', { customRobotWindowMs: 0 })).status).toBe(400);
	});

	it('adds robots over the admin API (kept across reset), with both a secret and a keyword', async () => {
		const robot = {
			accessToken: `${PLAIN.accessToken}added`,
			name: 'Added',
			secret: `${SIGNED.secret}2`,
			keyword: 'ALERT',
		};
		expect((await admin('customRobots', { robots: [robot] })).data).toEqual({ customRobots: 4 });
		await admin('reset');
		const timestamp = Date.now();
		const query = {
			access_token: robot.accessToken,
			timestamp: String(timestamp),
			sign: signFor(robot.secret, timestamp),
		};
		expect((await send(query, text('no keyword'))).data.errmsg).toMatch(/^keywords not in content/);
		expect(
			(await send({ ...query, sign: signFor(SIGNED.secret, timestamp) }, text('ALERT'))).data
				.errmsg,
		).toMatch(/^sign not match/);
		expect((await send(query, text('ALERT: disk'))).data).toEqual(OK);
		expect((await state()).messages[0]).toMatchObject({ robotName: 'Added' });
		expect((await admin('customRobots', { robots: [{ name: 'no token' }] })).status).toBe(400);
		expect((await admin('customRobots', { remove: [robot.accessToken] })).data).toEqual({
			customRobots: 3,
		});
		expect((await send(query, text('ALERT'))).data.errcode).toBe(300001);
	});

	it('honours the central fault injection', async () => {
		await admin('faults', {
			rules: [{ type: 'status', host: 'oapi', path: '/robot/send', count: 1 }],
		});
		const faulted = await send(to(PLAIN), text('x'));
		expect(faulted).toEqual({ status: 500, data: { errcode: -1, errmsg: '系统繁忙' } });
		expect((await send(to(PLAIN), text('x'))).data).toEqual(OK);
		expect((await state()).messages).toHaveLength(1);
	});
});
