'use strict';
// Message → Send to Users in a real n8n: the packed package installed as a community package,
// workflows from examples/ run headless with `n8n execute`, the credential test over REST.
const path = require('node:path');

const { useRealN8n } = require('./setup');
const { N8nInstance, REPO, emulatorCredential, loadWorkflow } = require('./n8n');

const SEND = '/v1.0/robot/oToMessages/batchSend';
const TEXT = loadWorkflow(path.join(REPO, 'examples', 'send-text-to-users.json'));
const MARKDOWN = loadWorkflow(path.join(REPO, 'examples', 'send-markdown-report.json'));
const WRONG = {
	...TEXT,
	id: 'dtE2eWrongSecret1',
	name: 'wrong secret',
	nodes: TEXT.nodes.map((node) =>
		node.credentials
			? {
					...node,
					credentials: { dingTalkApi: { id: 'dingTalkWrong001', name: 'DingTalk (wrong secret)' } },
				}
			: node,
	),
};

async function emulatorState() {
	return await (await fetch(`${env.emulator.apiBaseUrl}/__emulator/state`)).json();
}

async function emulatorPost(route, body = {}) {
	await fetch(`${env.emulator.apiBaseUrl}/__emulator/${route}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
}

const env = useRealN8n(async ({ emulator, n8n }) => {
	await n8n.importCredentials([
		emulatorCredential(emulator),
		emulatorCredential(emulator, {
			id: 'dingTalkWrong001',
			name: 'DingTalk (wrong secret)',
			clientSecret: 'not-the-right-secret',
		}),
	]);
	for (const workflow of [TEXT, MARKDOWN, WRONG]) await n8n.importWorkflow(workflow);
});

beforeEach(async () => {
	await emulatorPost('reset');
});

describe('real n8n 2.41 with the packed package (n8n-nodes-dingtalk-app.dingTalk)', () => {
	it('runs the text example: 3 users, token in the header, outputs per the seed document', async () => {
		const { code, run, stdout } = await env.n8n.execute(TEXT.id);
		expect(code).toBe(0);
		const [item] = N8nInstance.output(run, 'Send to Users');
		expect(item.json).toMatchObject({
			sentUserIds: ['user0001', 'user0002', 'manager4220'],
			invalidUserIds: [],
			flowControlledUserIds: [],
		});
		const state = await emulatorState();
		const sends = state.requests.filter((r) => r.path === SEND);
		expect(sends).toHaveLength(1);
		expect(sends[0]).toMatchObject({ tokenInHeader: true, tokenInQuery: false, status: 200 });
		expect(sends[0].body.msgKey).toBe('sampleText');
		expect(typeof sends[0].body.msgParam).toBe('string');
		expect(state.messages.map((m) => m.userId)).toEqual(['user0001', 'user0002', 'manager4220']);
		expect(state.messages[0].msgParam.content).toContain('这是一条来自 n8n 的钉钉消息');
		expect(stdout).not.toContain(env.emulator.app.appSecret);
	});

	it('runs the Markdown example: 45 recipients in 3 calls, merged into one item', async () => {
		const { code, run } = await env.n8n.execute(MARKDOWN.id);
		expect(code).toBe(0);
		const [item] = N8nInstance.output(run, 'Send Report');
		expect(item.json.sentUserIds).toHaveLength(45);
		expect(item.json.processQueryKeys).toHaveLength(3);
		const sends = (await emulatorState()).requests.filter((r) => r.path === SEND);
		expect(sends.map((r) => r.body.userIds.length)).toEqual([20, 20, 5]);
		expect(JSON.parse(sends[0].body.msgParam)).toMatchObject({ title: '日报 Daily report' });
	});

	it('keeps the token in the stored credential across executions and refreshes once after revocation', async () => {
		await env.n8n.execute(TEXT.id);
		await emulatorPost('tokens/revoke');
		await emulatorPost('reset');
		// The token n8n stored is now dead, as after DingTalk revoked it.
		const first = await env.n8n.execute(TEXT.id);
		expect(first.code).toBe(0);
		const afterRefresh = await emulatorState();
		expect(afterRefresh.tokenRequests).toBe(1);
		expect(afterRefresh.requests.filter((r) => r.path === SEND).map((r) => r.outcome)).toEqual([
			'token-rejected',
			'ok',
		]);

		const second = await env.n8n.execute(TEXT.id);
		expect(second.code).toBe(0);
		const state = await emulatorState();
		expect(state.tokenRequests).toBe(1);
		expect(state.messages).toHaveLength(6);
	});

	it("fails a run with a wrong secret with DingTalk's own message, and sends nothing", async () => {
		const { code, stdout } = await env.n8n.execute(WRONG.id);
		expect(code).not.toBe(0);
		expect(stdout).toContain('Wrong Client ID or Client Secret');
		expect(stdout).toContain('无效的clientId或者clientSecret');
		expect(stdout).not.toContain('not-the-right-secret');
		const state = await emulatorState();
		expect(state.requests.filter((r) => r.path === SEND)).toHaveLength(0);
	});

	it("answers the credential Test button (POST /rest/credentials/test): OK, and DingTalk's message for a wrong secret", async () => {
		await env.n8n.start();
		await env.n8n.setupOwner();
		const good = emulatorCredential(env.emulator);
		const ok = await env.n8n.rest('POST', '/credentials/test', { credentials: good });
		expect({ status: ok.status, body: ok.body.data ?? ok.body }).toEqual({
			status: 200,
			body: { status: 'OK', message: 'Connection successful!' },
		});
		expect(ok.body.data).toEqual({ status: 'OK', message: 'Connection successful!' });

		const bad = emulatorCredential(env.emulator, {
			id: 'dingTalkWrong001',
			name: 'DingTalk (wrong secret)',
			clientSecret: 'not-the-right-secret',
		});
		const failed = await env.n8n.rest('POST', '/credentials/test', { credentials: bad });
		expect(failed.body.data.status).toBe('Error');
		expect(failed.body.data.message).toContain('Wrong Client ID or Client Secret');
		expect(failed.body.data.message).toContain('无效的clientId或者clientSecret');
		expect(JSON.stringify(failed.body)).not.toContain('not-the-right-secret');

		const types = await fetch(`${env.n8n.baseUrl}/types/nodes.json`, {
			headers: { cookie: env.n8n.cookie },
		});
		const nodeTypes = await types.json();
		expect(nodeTypes.map((t) => t.name)).toContain('n8n-nodes-dingtalk-app.dingTalk');
	});
});
