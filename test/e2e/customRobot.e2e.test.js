'use strict';
// Custom Robot and API → Make a Request in a real n8n: DingTalk's real one-minute window, 加签,
// keyword, long-message split, the credential Test button, and a refused foreign host.
const { scaled } = require('./machine');
const { DEFAULT_CUSTOM_ROBOTS } = require('../emulator/products/customRobot');
const { useRealN8n } = require('./setup');
const { N8nInstance, emulatorCredential } = require('./n8n');

const [SIGNED, KEYWORD, PLAIN] = DEFAULT_CUSTOM_ROBOTS;

const robotCredential = (id, robot, extra = {}) => ({
	id,
	name: id,
	type: 'dingTalkCustomRobotApi',
	data: {
		webhookToken: `${env.emulator.oapiBaseUrl}/robot/send?access_token=${robot.accessToken}`,
		secret: robot.secret ?? '',
		keyword: robot.keyword ?? '',
		...extra,
	},
});

function workflow(id, nodes) {
	const all = [
		{
			id: `e0000000-0000-4000-8000-${id.slice(-12).padStart(12, '0')}`,
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		...nodes,
	];
	const connections = {};
	for (let i = 0; i < all.length - 1; i++)
		connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	return { id, name: id, nodes: all, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

const code = (js) => ({
	id: 'e0000000-0000-4000-8000-0000000000c0',
	name: 'Data',
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	position: [200, 0],
	parameters: { jsCode: js },
});
const dingtalk = (parameters, credentials) => ({
	id: 'e0000000-0000-4000-8000-0000000000d0',
	name: 'DingTalk',
	type: 'n8n-nodes-dingtalk-app.dingTalk',
	typeVersion: 1,
	position: [400, 0],
	parameters,
	credentials,
});
const robot = (id) => ({ dingTalkCustomRobotApi: { id, name: id } });

const WF = {
	burst: workflow('dtE2eRobotBurst001', [
		code('return Array.from({ length: 45 }, (_, i) => ({ json: { n: i + 1 } }));'),
		dingtalk(
			{
				resource: 'customRobot',
				operation: 'sendMessage',
				messageType: 'text',
				content: '={{ "alert #" + $json.n }}',
				options: {},
			},
			robot('robotPlain000001'),
		),
	]),
	long: workflow('dtE2eRobotLong0001', [
		code(
			"return [{ json: { report: Array.from({ length: 120 }, (_, i) => '### Part ' + i + '\\n' + '指标'.repeat(70)).join('\\n\\n') } }];",
		),
		dingtalk(
			{
				resource: 'customRobot',
				operation: 'sendMessage',
				messageType: 'markdown',
				title: '周报',
				content: '={{ $json.report }}',
				options: {},
			},
			robot('robotSigned00001'),
		),
	]),
	keyword: workflow('dtE2eRobotKeywd01', [
		dingtalk(
			{
				resource: 'customRobot',
				operation: 'sendMessage',
				messageType: 'text',
				content: 'CPU 95% on web-01',
				options: { atAll: true },
			},
			robot('robotKeyword0001'),
		),
	]),
	foreign: workflow('dtE2eApiForeign01', [
		dingtalk(
			{
				resource: 'api',
				operation: 'request',
				api: 'new',
				method: 'POST',
				path: 'https://evil.example.com/v1.0/robot/oToMessages/batchSend',
				body: '{}',
			},
			{ dingTalkApi: { id: 'dingTalkEmu00001', name: 'DingTalk (emulator)' } },
		),
	]),
};

const state = async () => await (await fetch(`${env.emulator.apiBaseUrl}/__emulator/state`)).json();
const robotMessages = async () =>
	(await state()).messages.filter((m) => m.channel === 'customRobot');

const env = useRealN8n(async ({ emulator, n8n }) => {
	await n8n.importCredentials([
		emulatorCredential(emulator),
		robotCredential('robotPlain000001', PLAIN),
		robotCredential('robotSigned00001', SIGNED),
		robotCredential('robotKeyword0001', KEYWORD),
	]);
	for (const wf of Object.values(WF)) await n8n.importWorkflow(wf);
});

beforeEach(async () => {
	await fetch(`${env.emulator.apiBaseUrl}/__emulator/reset`, { method: 'POST' });
});

describe('custom robot and API requests in real n8n', () => {
	it(
		"delivers 45 messages in one execution within DingTalk's 20 a minute: in order, no 130101",
		async () => {
			const { code: exit, run } = await env.n8n.execute(WF.burst.id);
			expect(exit).toBe(0);
			const output = N8nInstance.output(run, 'DingTalk');
			expect(output).toHaveLength(45);
			expect(output[20].json.note).toContain('20 messages a minute');
			const s = await state();
			const calls = s.requests.filter((r) => r.path === '/robot/send');
			expect(calls).toHaveLength(45);
			expect(calls.filter((c) => c.response && c.response.errcode === 130101)).toHaveLength(0);
			expect((await robotMessages()).map((m) => m.content.content)).toEqual(
				Array.from({ length: 45 }, (_, i) => `alert #${i + 1}`),
			);
		},
		scaled(240000),
	);

	it('signs (secret with + / =) and splits a 50,000-byte Markdown report, delivered in order', async () => {
		const { code: exit, run } = await env.n8n.execute(WF.long.id);
		expect(exit).toBe(0);
		const [item] = N8nInstance.output(run, 'DingTalk');
		const s = await state();
		expect(
			s.requests
				.filter((r) => r.path === '/robot/send')
				.every((r) => r.signCheck === 'ok' && r.status === 200),
		).toBe(true);
		const messages = await robotMessages();
		expect(messages).toHaveLength(item.json.messages);
		expect(messages.map((m) => m.content.title)).toEqual(
			messages.map((_, i) => `周报 (${i + 1}/${messages.length})`),
		);
	});

	it("appends the robot's keyword", async () => {
		const { code: exit } = await env.n8n.execute(WF.keyword.id);
		expect(exit).toBe(0);
		const [message] = await robotMessages();
		expect(message.content.content).toBe(`CPU 95% on web-01\n${KEYWORD.keyword}`);
		expect(message.mentions).toMatchObject({ isAtAll: true });
	});

	it('refuses an API request to a foreign host and sends nothing', async () => {
		const { code: exit, stdout } = await env.n8n.execute(WF.foreign.id);
		expect(exit).not.toBe(0);
		expect(stdout).toContain('parameter \\"Path\\"');
		expect((await state()).requests).toHaveLength(0);
	});

	it("credential Test: a good signed robot passes, a wrong token and a wrong secret fail with DingTalk's reason", async () => {
		await env.n8n.start();
		await env.n8n.setupOwner();
		const test = async (credential) => {
			const response = await env.n8n.rest('POST', '/credentials/test', { credentials: credential });
			return response.body.data ?? response.body;
		};
		expect(await test(robotCredential('robotSigned00001', SIGNED))).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		const wrongToken = await test(robotCredential('robotPlain000001', { accessToken: 'nope' }));
		expect(wrongToken.status).toBe('Error');
		expect(wrongToken.message).toContain('300001');
		const wrongSecret = await test(
			robotCredential('robotSigned00001', SIGNED, { secret: 'SECwrong' }),
		);
		expect(wrongSecret.status).toBe('Error');
		expect(wrongSecret.message).toContain('310000');
		expect(await robotMessages()).toHaveLength(0);
	});
});
