'use strict';
// The DingTalk node as n8n's AI-agent "human review" tool, in a real n8n (`n8n start`, a published
// workflow on 127.0.0.1). n8n 2.41 turns every node with a Send and Wait operation into a HITL
// tool variant (`dingTalkHitlTool`): a tool connected to it is offered to the model as before, but
// calling it first asks a person through the DingTalk node's Send and Wait.
// Webhook → AI Agent (OpenAI Chat Model = the emulator's deterministic model) → Report; the agent's
// one tool, "Send message" (DingTalk Tool, Send to Users), is gated by "DingTalk review". The
// model asks for the tool; the manager receives the question in DingTalk (with the tool's
// arguments), answers it on the signed link; approve runs the gated tool (its batchSend reaches
// the emulator), decline does not (the model is told the call was rejected). With Approve In:
// DingTalk Card, the manager's click reaches n8n through an active DingTalk Stream Trigger (no
// browser, no public URL) and resumes the agent the same way.
const { OPENAI_API_KEY } = require('../emulator/products/openai');
const { scaled } = require('./machine');
const { answerApproval, emulatorApi, reportNode, until, wait } = require('./emulatorApi');
const { useRealN8n } = require('./setup');

const DINGTALK = { dingTalkApi: { id: 'dingTalkEmu00001', name: 'DingTalk (emulator)' } };
const OPENAI = { openAiApi: { id: 'openAiEmu0000001', name: 'OpenAI (emulator model)' } };
const DINGTALK_IOS =
	'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/7.6.0) com.laiwang.DingTalk/36';
const REVIEW_TITLE = 'Agent review: send a DingTalk message?';
const LINK_HOOK = 'agent-review';
const CARD_HOOK = 'agent-review-card';

let env;

function node(prefix, n, name, type, position, parameters, credentials) {
	return {
		id: `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`,
		name,
		type,
		typeVersion: 1,
		position,
		parameters,
		...(credentials ? { credentials } : {}),
	};
}

/**
 * Webhook `hook` → AI Agent → Report; the agent's tool "Send message" is gated by "DingTalk review"
 * (Send and Wait parameters: `review`). Node ids start with `prefix` (8 hex digits).
 */
const reviewWorkflow = (apiBaseUrl, { id, prefix, hook, review = {} }) => ({
	id,
	name: `e2e: AI Agent tool gated by the DingTalk review tool (${hook})`,
	nodes: [
		{
			...node(prefix, 1, 'Webhook', 'n8n-nodes-base.webhook', [0, 0], {
				httpMethod: 'POST',
				path: hook,
				responseMode: 'onReceived',
				options: {},
			}),
			typeVersion: 2,
			webhookId: `${prefix}-0000-4000-8000-000000000091`,
		},
		{
			...node(prefix, 2, 'AI Agent', '@n8n/n8n-nodes-langchain.agent', [220, 0], {
				promptType: 'define',
				text: '={{ $json.body.prompt }}',
				options: {},
			}),
			typeVersion: 3.1,
		},
		{
			...node(
				prefix,
				3,
				'OpenAI Chat Model',
				'@n8n/n8n-nodes-langchain.lmChatOpenAi',
				[100, 220],
				{ model: { __rl: true, mode: 'id', value: 'emu-chat' }, options: { maxRetries: 0 } },
				OPENAI,
			),
			typeVersion: 1.2,
		},
		node(
			prefix,
			4,
			'DingTalk review',
			'n8n-nodes-dingtalk-app.dingTalkHitlTool',
			[300, 220],
			{
				// Resource and Operation are hidden, fixed by n8n (message / sendAndWait): not stored
				// here, as the link workflow shows resuming does not need them stored (n8n fills
				// them in); the card workflow stores them, as a saved workflow may.
				sendTo: 'user',
				userIds: 'manager4220',
				title: REVIEW_TITLE,
				message:
					'=The agent wants to run **{{ $tool.name }}**\n\nInput: {{ JSON.stringify($tool.parameters) }}',
				approvalOptions: { values: { approvalType: 'double' } },
				options: {},
				...review,
			},
			DINGTALK,
		),
		node(
			prefix,
			5,
			'Send message',
			'n8n-nodes-dingtalk-app.dingTalkTool',
			[300, 440],
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
		reportNode(apiBaseUrl, {
			id: `${prefix}-0000-4000-8000-000000000006`,
			position: [480, 0],
			json: '{ tag: "agentReview", prompt: $("Webhook").item.json.body.prompt, ...$json }',
		}),
	],
	connections: {
		Webhook: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
		'AI Agent': { main: [[{ node: 'Report', type: 'main', index: 0 }]] },
		'OpenAI Chat Model': {
			ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]],
		},
		'DingTalk review': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		'Send message': { ai_tool: [[{ node: 'DingTalk review', type: 'ai_tool', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
	pinData: {},
});

env = useRealN8n(async ({ emulator, n8n }) => {
	await n8n.importCredentials([
		{
			id: OPENAI.openAiApi.id,
			name: OPENAI.openAiApi.name,
			type: 'openAiApi',
			data: { apiKey: OPENAI_API_KEY, url: `${emulator.apiBaseUrl}/v1` },
		},
	]);
	const workflows = [
		reviewWorkflow(emulator.apiBaseUrl, {
			id: 'dtE2eAiReviewLink',
			prefix: '7c8d9e01',
			hook: LINK_HOOK,
		}),
		reviewWorkflow(emulator.apiBaseUrl, {
			id: 'dtE2eAiReviewCard',
			prefix: '7c8d9e02',
			hook: CARD_HOOK,
			review: { resource: 'message', operation: 'sendAndWait', approveIn: 'card' },
		}),
		// Card clicks reach n8n on the Stream connection of an active DingTalk Stream Trigger, which
		// hands them to the waiting execution.
		{
			id: 'dtE2eAiReviewStrm',
			name: 'e2e: stream trigger (card clicks)',
			nodes: [
				node(
					'7c8d9e03',
					1,
					'DingTalk Stream Trigger',
					'n8n-nodes-dingtalk-app.dingTalkStreamTrigger',
					[0, 0],
					{ subscriptions: ['cardCallbacks'], eventTypes: '', acknowledge: 'afterAccepted' },
					DINGTALK,
				),
				reportNode(emulator.apiBaseUrl, {
					id: '7c8d9e03-0000-4000-8000-000000000002',
					json: '{ tag: "streamRun", ...$json }',
				}),
			],
			connections: {
				'DingTalk Stream Trigger': { main: [[{ node: 'Report', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
			pinData: {},
		},
	];
	for (const workflow of workflows) {
		await n8n.importWorkflow(workflow);
		await n8n.publish(workflow.id);
	}
	await n8n.start();
	for (const hook of [LINK_HOOK, CARD_HOOK]) {
		const deadline = Date.now() + scaled(60000);
		while (
			!/POST/.test(await (await fetch(`${n8n.baseUrl}/webhook/${hook}`)).text()) &&
			Date.now() < deadline
		)
			await wait(250);
	}
}, scaled(180000));

const { call, sink, state } = emulatorApi({
	get emulator() {
		return env.emulator;
	},
});

const reported = async (prompt) =>
	(await sink())
		.map((entry) => entry.body)
		.filter((b) => b.tag === 'agentReview' && b.prompt === prompt);

/** Scripts the model for one conversation: ask for the gated tool, then answer with its result. */
async function scriptModel(match) {
	await call('POST', 'openai/script', {
		rules: [
			{
				match,
				steps: [
					{
						toolCalls: [
							{
								name: 'Send_message',
								// A gated tool's schema: the tool's own parameters, and the review
								// layer's (none here: no $fromAI on the review node).
								arguments: {
									toolParameters: { userIds: 'user0001', text: 'Your refund is on its way' },
									hitlParameters: {},
								},
							},
						],
					},
					{ answer: 'Agent done: {{tool}}' },
				],
			},
		],
	});
}

/** Starts the agent of the workflow behind `hook` with `prompt` (the model scripted for it). */
async function startAgent(hook, prompt) {
	await call('POST', 'reset');
	await scriptModel(prompt);
	const started = await fetch(`${env.n8n.baseUrl}/webhook/${hook}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ prompt }),
	});
	expect(started.status).toBe(200);
}

/** Runs the link-mode agent for `prompt`; returns the review question DingTalk delivered. */
async function askAgent(prompt) {
	await startAgent(LINK_HOOK, prompt);
	const [question] = await until(async () => {
		const rows = (await state()).messages.filter(
			(m) => m.msgParam && m.msgParam.title === REVIEW_TITLE,
		);
		return rows.length ? rows : undefined;
	}, 60000);
	return question;
}

const buttonsOf = (cardData) =>
	(cardData.contents || []).filter((c) => c.type === 'action').flatMap((c) => c.actions);

const sendsTo = (requests, userId) =>
	requests.filter(
		(r) =>
			r.path === '/v1.0/robot/oToMessages/batchSend' &&
			(r.body.userIds || []).includes(userId) &&
			r.body.msgKey === 'sampleText',
	);

describe('DingTalk review tool gating an n8n AI Agent tool (emulated OpenAI model)', () => {
	it(
		'asks the manager in DingTalk with the tool call; approve runs the gated tool',
		async () => {
			const prompt = 'Tell user0001 about the refund (review approve-case)';
			const question = await askAgent(prompt);
			expect(question).toMatchObject({ userId: 'manager4220', msgKey: 'sampleActionCard6' });
			expect(question.msgParam.markdown || question.msgParam.text).toContain('Send_message');
			expect(JSON.stringify(question.msgParam)).toContain('Your refund is on its way');
			// Nothing reached user0001 while the question waits, and the run has not finished.
			await wait(1500);
			expect(sendsTo((await state()).requests, 'user0001')).toHaveLength(0);
			expect(await reported(prompt)).toHaveLength(0);

			const answered = await answerApproval(question.msgParam.buttonUrl1, DINGTALK_IOS, 60000);
			expect(answered.page.text).toContain('Your answer: <b>Approve</b>');
			expect(answered.confirmed.status).toBe(200);

			const [result] = await until(async () => {
				const rows = await reported(prompt);
				return rows.length ? rows : undefined;
			}, 90000);
			expect(result.output).toMatch(/^Agent done: /);
			// The gated tool ran once, with the model's arguments.
			const sends = sendsTo((await state()).requests, 'user0001');
			expect(sends).toHaveLength(1);
			expect(JSON.parse(sends[0].body.msgParam)).toEqual({ content: 'Your refund is on its way' });
			// The model saw the tool's answer (the send's result), not a rejection.
			const calls = (await state()).openai.calls;
			expect(calls).toHaveLength(2);
			expect(calls[0].tools).toEqual(['Send_message']);
			const toolAnswer = calls[1].messages[calls[1].messages.length - 1];
			expect(toolAnswer.role).toBe('tool');
			expect(toolAnswer.content).not.toMatch(/rejected/i);
		},
		scaled(240000),
	);

	it(
		'decline: the gated tool does not run; the model is told the call was rejected',
		async () => {
			const prompt = 'Tell user0001 about the refund (review decline-case)';
			const question = await askAgent(prompt);
			expect(question.userId).toBe('manager4220');

			const answered = await answerApproval(question.msgParam.buttonUrl2, DINGTALK_IOS, 60000);
			expect(answered.page.text).toContain('Your answer: <b>Decline</b>');
			expect(answered.confirmed.status).toBe(200);

			const [result] = await until(async () => {
				const rows = await reported(prompt);
				return rows.length ? rows : undefined;
			}, 90000);
			expect(result.output).toMatch(/^Agent done: /);
			expect(result.output).toMatch(/rejected/i);
			const current = await state();
			expect(sendsTo(current.requests, 'user0001')).toHaveLength(0);
			expect(current.messages.filter((m) => m.userId === 'user0001')).toHaveLength(0);
			const calls = current.openai.calls;
			expect(calls).toHaveLength(2);
			const toolAnswer = calls[1].messages[calls[1].messages.length - 1];
			expect(toolAnswer.role).toBe('tool');
			expect(toolAnswer.content).toContain('User rejected the tool call to Send message');
		},
		scaled(240000),
	);

	it(
		'Approve In: DingTalk Card: the manager approves on the card (through the Stream Trigger, no browser); the gated tool runs and the card shows the outcome',
		async () => {
			await until(async () => (await call('GET', 'stream')).activeConnections === 1);
			const prompt = 'Tell user0001 about the refund (review card-case)';
			await startAgent(CARD_HOOK, prompt);
			const [card] = await until(async () => {
				const sent = await call('GET', 'cards');
				return sent.length ? sent : undefined;
			}, 60000);
			expect(card.userId).toBe('manager4220');
			expect(JSON.stringify(card.cardData)).toContain('Send_message');
			expect(JSON.stringify(card.cardData)).toContain('Your refund is on its way');
			const [approve] = buttonsOf(card.cardData);
			// The click can reach n8n before the execution waits (n8n refuses it then, and the card
			// can be clicked again): clicked until the run finishes.
			const [result] = await until(async () => {
				const rows = await reported(prompt);
				if (rows.length) return rows;
				await call('POST', 'cards/click', {
					cardBizId: card.cardBizId,
					actionId: approve.id,
					userId: 'manager4220',
				});
				await wait(2000);
				return undefined;
			}, 90000);
			expect(result.output).toMatch(/^Agent done: /);
			const current = await state();
			const sends = sendsTo(current.requests, 'user0001');
			expect(sends).toHaveLength(1);
			expect(JSON.parse(sends[0].body.msgParam)).toEqual({ content: 'Your refund is on its way' });
			// The card shows who decided, without buttons; the Stream Trigger's own workflow did not run.
			const [after] = await call('GET', 'cards');
			expect(buttonsOf(after.cardData)).toHaveLength(0);
			expect(JSON.stringify(after.cardData)).toContain('Approved** by manager4220');
			expect((await sink()).filter((e) => e.body.tag === 'streamRun')).toHaveLength(0);
		},
		scaled(240000),
	);
});
