import axios from 'axios';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { DEFAULT_CUSTOM_ROBOTS } from '../../emulator/products/customRobot';
import { DingTalk } from '../../../nodes/DingTalk/DingTalk.node';
import { router } from '../../../nodes/DingTalk/actions/router';
import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';

const [SIGNED, KEYWORD, PLAIN] = DEFAULT_CUSTOM_ROBOTS;
const WINDOW_MS = 2500;
const SEND = '/robot/send';

/** The real node, with the robot's one-minute window shortened to match the emulator's. */
class FastWindowDingTalk extends DingTalk {
	async execute(this: IExecuteFunctions) {
		return await router.call(this, { customRobotWindowMs: WINDOW_MS });
	}
}

const env = useEmulator();

function robotCredentials(
	robot: { accessToken: string; secret?: string; keyword?: string },
	overrides: IDataObject = {},
) {
	return new TestCredentialsHelper({
		webhookToken: `${env.emulator.oapiBaseUrl}/robot/send?access_token=${robot.accessToken}`,
		secret: robot.secret ?? '',
		keyword: robot.keyword ?? '',
		...overrides,
	} as Record<string, string>);
}

async function send(
	credentials: TestCredentialsHelper,
	parameters: IDataObject,
	items?: IDataObject[],
) {
	return await runNode({
		credentials,
		credentialType: 'dingTalkCustomRobotApi',
		nodeType: new FastWindowDingTalk(),
		items: items?.map((json) => ({ json })),
		parameters: { resource: 'customRobot', operation: 'sendMessage', ...parameters },
	});
}

interface RobotEntry {
	path: string;
	status?: number;
	signCheck?: string;
	response?: { errcode: number };
	outcome?: string;
}

async function robotCalls(): Promise<RobotEntry[]> {
	return (await env.client.state()).requests.filter(
		(r) => r.path === SEND,
	) as unknown as RobotEntry[];
}

interface RobotMessage {
	channel: string;
	msgtype: string;
	content: IDataObject;
	mentions: IDataObject | null;
}

async function robotMessages(): Promise<RobotMessage[]> {
	return (await env.client.state()).messages.filter(
		(m) => m.channel === 'customRobot',
	) as unknown as RobotMessage[];
}

beforeEach(async () => {
	await axios.post(`${env.emulator.apiBaseUrl}/__emulator/limits`, {
		customRobotWindowMs: WINDOW_MS,
	});
});

describe('Custom Robot → Send Message', () => {
	it('signs with a secret containing + / = (encoded once) and is accepted', async () => {
		expect(SIGNED.secret).toMatch(/[+/=]/);
		const { output, error } = await send(robotCredentials(SIGNED), {
			messageType: 'text',
			content: '部署完成 deploy done',
		});
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({ sent: true, messages: 1 });
		const [call] = await robotCalls();
		expect(call).toMatchObject({ status: 200, signCheck: 'ok' });
		expect((await robotMessages())[0].content).toEqual({ content: '部署完成 deploy done' });
	});

	it('appends the keyword when the message lacks it, and @mentions', async () => {
		const { output } = await send(robotCredentials(KEYWORD), {
			messageType: 'markdown',
			title: 'CPU',
			content: 'web-01 at 95%',
			options: { atMobiles: '13800000000', atAll: false },
		});
		expect(output[0].json.keywordAppended).toBe(true);
		const [message] = await robotMessages();
		expect(message.content.text).toBe(`web-01 at 95%\n\n@13800000000\n\n${KEYWORD.keyword}`);
		expect(message.mentions).toEqual({ atMobiles: ['13800000000'], atUserIds: [], isAtAll: false });
	});

	it('delivers 45 messages in one execution, in order, without a single 130101', async () => {
		const items = Array.from({ length: 45 }, (_, i) => ({ n: i + 1 }));
		const started = Date.now();
		const { output, error } = await send(
			robotCredentials(PLAIN),
			{ messageType: 'text', content: '={{ "alert #" + $json.n }}' },
			items,
		);
		expect(error).toBeUndefined();
		expect(output).toHaveLength(45);
		const calls = await robotCalls();
		expect(calls.filter((c) => c.response?.errcode === 130101)).toHaveLength(0);
		expect(calls).toHaveLength(45);
		expect((await robotMessages()).map((m) => m.content.content)).toEqual(
			items.map((i) => `alert #${i.n}`),
		);
		// 20 per window: items 21 and 41 had to wait for the window.
		expect(output[20].json.waitedMs).toBeGreaterThan(500);
		expect(output[20].json.note).toContain('20 messages a minute');
		expect(Date.now() - started).toBeGreaterThanOrEqual(2 * WINDOW_MS);
	}, 30000);

	it('splits a 50,000-byte Markdown report and delivers the parts in order', async () => {
		const content = Array.from(
			{ length: 120 },
			(_, i) => `### Part ${i}\n${'指标'.repeat(70)}`,
		).join('\n\n');
		expect(Buffer.byteLength(content)).toBeGreaterThan(50000);
		const { output } = await send(robotCredentials(SIGNED), {
			messageType: 'markdown',
			title: '周报',
			content,
		});
		const parts = output[0].json.messages as number;
		expect(parts).toBeGreaterThanOrEqual(3);
		const messages = await robotMessages();
		expect(messages).toHaveLength(parts);
		expect(messages.map((m) => m.content.title)).toEqual(
			Array.from({ length: parts }, (_, i) => `周报 (${i + 1}/${parts})`),
		);
		expect(messages.map((m) => m.content.text).join('\n\n')).toBe(content);
		expect((await robotCalls()).every((c) => c.status === 200)).toBe(true);
	});

	it('waits out a window already filled by an earlier run (130101) instead of failing', async () => {
		await send(
			robotCredentials(PLAIN),
			{ messageType: 'text', content: '={{ "earlier " + $json.n }}' },
			Array.from({ length: 20 }, (_, n) => ({ n })),
		);
		const { output, error } = await send(robotCredentials(PLAIN), {
			messageType: 'text',
			content: 'after the window',
		});
		expect(error).toBeUndefined();
		expect(output[0].json.waitedMs).toBeGreaterThanOrEqual(5000);
		const codes = (await robotCalls()).map((c) => c.response?.errcode ?? 0);
		expect(codes.filter((c) => c === 130101)).toHaveLength(1);
	}, 30000);

	it.each([
		['an unknown token', { accessToken: 'not-a-robot' }, {}, '300001', 'copy the webhook again'],
		['a wrong signing secret', SIGNED, { secret: 'SECwrong' }, '310000', 'Signing Secret'],
		['a keyword robot with Append Keyword off', KEYWORD, {}, '', 'keyword'],
	])('%s → an error that says what to fix', async (_case, robot, overrides, code, hint) => {
		const parameters: IDataObject = { messageType: 'text', content: 'no keyword here' };
		if (robot === KEYWORD) parameters.options = { appendKeyword: false };
		const { error } = await send(robotCredentials(robot, overrides), parameters);
		expect(`${error?.message} ${error?.description}`).toContain(hint);
		if (code) expect(error?.message).toContain(code);
		expect(await robotMessages()).toHaveLength(0);
	});

	it('never sends the robot token or signature anywhere but the webhook', async () => {
		await send(robotCredentials(SIGNED), {
			messageType: 'link',
			title: 'T',
			content: 'x',
			messageUrl: 'https://example.com/a',
			picUrl: 'https://example.com/p.png',
		});
		const state = await env.client.state();
		expect(state.requests.map((r) => r.path)).toEqual([SEND]);
	});
});
