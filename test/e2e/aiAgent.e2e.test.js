'use strict';
// n8n's own AI Agent + OpenAI Chat Model (base URL = the emulator's deterministic model) using the
// DingTalk node's operations as tools through $fromAI: the agent looks a user up, then sends them a
// message; the emulator must have received exactly those two DingTalk calls, with the values the
// model chose.
const { OPENAI_API_KEY } = require('../emulator/products/openai');
const { useRealN8n } = require('./setup');
const { N8nInstance } = require('./n8n');
const { emulatorApi } = require('./emulatorApi');

const DINGTALK = { dingTalkApi: { id: 'dingTalkEmu00001', name: 'DingTalk (emulator)' } };
const OPENAI = { openAiApi: { id: 'openAiEmu0000001', name: 'OpenAI (emulator model)' } };
const PROMPT = 'Greet user0001 by name in a DingTalk message (agent e2e)';

function node(name, type, typeVersion, position, parameters, credentials) {
	return {
		id: `a1a1a1a1-0000-4000-8000-${String(position[0]).padStart(12, '0')}`,
		name,
		type,
		typeVersion,
		position,
		parameters,
		...(credentials ? { credentials } : {}),
	};
}

const AGENT_WORKFLOW = {
	id: 'dtE2eAiAgentTools1',
	name: 'e2e: AI Agent uses DingTalk operations as tools',
	nodes: [
		node('Start', 'n8n-nodes-base.manualTrigger', 1, [0, 0], {}),
		node('AI Agent', '@n8n/n8n-nodes-langchain.agent', 3.1, [220, 0], {
			promptType: 'define',
			text: PROMPT,
			options: {},
		}),
		node(
			'OpenAI Chat Model',
			'@n8n/n8n-nodes-langchain.lmChatOpenAi',
			1.2,
			[100, 220],
			{ model: { __rl: true, mode: 'id', value: 'emu-chat' }, options: { maxRetries: 0 } },
			OPENAI,
		),
		node(
			'Look up user',
			'n8n-nodes-dingtalk-app.dingTalkTool',
			1,
			[300, 220],
			{
				resource: 'user',
				operation: 'get',
				userId: "={{ $fromAI('userId', 'The DingTalk userId (用户ID) to look up', 'string') }}",
			},
			DINGTALK,
		),
		node(
			'Send message',
			'n8n-nodes-dingtalk-app.dingTalkTool',
			1,
			[500, 220],
			{
				resource: 'message',
				operation: 'sendToUsers',
				userIds: "={{ $fromAI('userIds', 'Comma-separated DingTalk userIds', 'string') }}",
				messageType: 'text',
				content: "={{ $fromAI('text', 'The message text', 'string') }}",
				options: {},
			},
			DINGTALK,
		),
	],
	connections: {
		Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
		'OpenAI Chat Model': {
			ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]],
		},
		'Look up user': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		'Send message': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
	pinData: {},
};

const env = useRealN8n(async ({ emulator, n8n }) => {
	await n8n.importCredentials([
		{
			id: OPENAI.openAiApi.id,
			name: OPENAI.openAiApi.name,
			type: 'openAiApi',
			data: { apiKey: OPENAI_API_KEY, url: `${emulator.apiBaseUrl}/v1` },
		},
	]);
	await n8n.importWorkflow(AGENT_WORKFLOW);
});
const api = emulatorApi(env);

beforeEach(async () => {
	await api.call('POST', 'reset');
});

describe('n8n AI Agent with DingTalk tools (emulated OpenAI model)', () => {
	it('looks a user up and sends them a message through $fromAI, exactly once each', async () => {
		await api.call('POST', 'openai/script', {
			rules: [
				{
					match: 'agent e2e',
					steps: [
						{ toolCalls: [{ name: 'Look_up_user', arguments: { userId: 'user0001' } }] },
						{
							toolCalls: [
								{
									name: 'Send_message',
									arguments: { userIds: 'user0001', text: 'Hello from the n8n agent 👋' },
								},
							],
						},
						{ answer: 'Done: {{tool}}' },
					],
				},
			],
		});
		const { code, run, stdout } = await env.n8n.execute(AGENT_WORKFLOW.id);
		expect({ code, tail: code === 0 ? '' : stdout.slice(-2000) }).toEqual({ code: 0, tail: '' });

		const [output] = N8nInstance.output(run, 'AI Agent');
		expect(output.json.output).toMatch(/^Done: /);

		const state = await api.state();
		// The model: three turns, the DingTalk tools offered by their node names.
		const calls = state.openai.calls;
		expect(calls).toHaveLength(3);
		expect(calls[0].tools).toEqual(expect.arrayContaining(['Look_up_user', 'Send_message']));
		expect(calls[0].messages.find((m) => m.role === 'user').content).toContain(PROMPT);
		// The looked-up user came back to the model as the tool's answer.
		const lookupAnswer = calls[1].messages[calls[1].messages.length - 1];
		expect(lookupAnswer.role).toBe('tool');
		expect(lookupAnswer.content).toContain('user0001');

		// DingTalk: exactly one user lookup and one 1:1 send, with the values the model chose.
		const dingTalk = state.requests.filter((r) => r.path.startsWith('/v1.0') || r.host === 'oapi');
		const lookups = dingTalk.filter((r) => r.path === '/topapi/v2/user/get');
		expect(lookups).toHaveLength(1);
		expect(lookups[0].body).toMatchObject({ userid: 'user0001' });
		const sends = dingTalk.filter((r) => r.path === '/v1.0/robot/oToMessages/batchSend');
		expect(sends).toHaveLength(1);
		expect(sends[0].body).toMatchObject({ userIds: ['user0001'], msgKey: 'sampleText' });
		expect(JSON.parse(sends[0].body.msgParam)).toEqual({ content: 'Hello from the n8n agent 👋' });
		expect(state.messages).toEqual([
			expect.objectContaining({ channel: 'oto', userId: 'user0001', msgKey: 'sampleText' }),
		]);
	});

	it('ends the run with the model error when the model fails', async () => {
		await api.call('POST', 'openai/script', {
			rules: [{ match: 'agent e2e', error: { status: 400, message: 'Emulated model refusal' } }],
		});
		const { code, stdout } = await env.n8n.execute(AGENT_WORKFLOW.id);
		expect(code).not.toBe(0);
		// n8n wraps the model's HTTP 400 in its own message; the model's text is its description.
		expect(stdout).toMatch(/Bad request|Emulated model refusal/);
		const state = await api.state();
		expect(state.requests.filter((r) => r.path.startsWith('/v1.0/robot'))).toHaveLength(0);
	});
});
