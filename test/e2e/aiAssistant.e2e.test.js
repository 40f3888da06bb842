'use strict';
// The AI assistant example in a real n8n: DingTalk Stream Trigger → AI card "thinking" → n8n's AI
// Agent (OpenAI Chat Model against the emulator's deterministic model, memory per conversation)
// → the answer streams into the card → finished. Emulator latency 30 ms.
const path = require('node:path');

const { OPENAI_API_KEY, longText } = require('../emulator/products/openai');
const { scaled } = require('./machine');
const { emulatorApi, until } = require('./emulatorApi');
const { REPO, loadWorkflow } = require('./n8n');
const { useRealN8n } = require('./setup');

const ASSISTANT = loadWorkflow(path.join(REPO, 'examples', 'ai-assistant-streaming-card.json'));
/** Two groups with the robot: Group One, and one added for this test (Group Two has no robot). */
const GROUPS = ['cidEmuGroup+One/AAA==', 'cidEmuGroup+AiCard/CCC=='];

const env = useRealN8n(async ({ emulator, n8n }) => {
	await n8n.importCredentials([
		{
			id: 'openAiEmu0000001',
			name: 'OpenAI',
			type: 'openAiApi',
			data: { apiKey: OPENAI_API_KEY, url: `${emulator.apiBaseUrl}/v1` },
		},
	]);
	await n8n.importWorkflow(ASSISTANT);
	await n8n.publish(ASSISTANT.id);
	await n8n.start();
}, scaled(180000));
const api = emulatorApi(env);

/** A robot message from `userId`: 1:1 (its own conversation) or, with `group`, @-mentioning the robot there. */
function robotMessage(userId, text, group) {
	return {
		kind: 'robot',
		data: {
			msgtype: 'text',
			text: { content: ` ${text}` },
			senderStaffId: userId,
			senderNick: `Nick ${userId}`,
			conversationType: group ? '2' : '1',
			conversationId: group || `cidPrivate-${userId}`,
		},
	};
}

const cards = async () => await api.call('GET', 'aiCards');
/** Done: the node wrote the final flowStatus (3 finished, 5 failed), its last call for a card. */
const isDone = (card) => ['3', '5'].includes(card.cardParamMap.flowStatus);
/** The cards once `count` are done; on time-out, what there is (for the failure message). */
async function finalCards(count) {
	let all = [];
	await until(async () => {
		all = await cards();
		return all.length >= count && all.every(isDone);
	}, 90000);
	return all;
}
/** What went wrong, when cards are missing or unfinished. */
async function diagnosis(all) {
	const state = await api.state();
	return {
		cards: all.length,
		states: all.map(
			(c) => `${c.spaces[0] && c.spaces[0].spaceId}:${c.state}:${c.cardParamMap.flowStatus}`,
		),
		modelCalls: state.openai.calls.length,
		modelErrors: state.openai.calls.filter((c) => c.error || c.refused).length,
		refused: state.requests
			.filter((r) => r.status >= 400)
			.map((r) => `${r.method} ${r.path} ${r.status} ${JSON.stringify(r.response)}`)
			.slice(0, 5),
		pushed: (await api.stream()).deliveries,
	};
}

beforeEach(async () => {
	await api.call('POST', 'reset');
	await api.call('POST', 'faults', { latencyMs: 30 });
	await until(async () => (await api.stream()).activeConnections === 1, 60000);
});

describe('AI assistant example: streaming AI card in real n8n', () => {
	it('shows the card within 1 s, streams a 2,000-character answer in ≥ 5 updates, ends with the exact text', async () => {
		const answer = `${longText(1995)} 完成 ✅`;
		await api.call('POST', 'openai/script', {
			rules: [{ match: 'first question', answer }],
		});
		const pushedAt = Date.now();
		await api.call('POST', 'stream/push', robotMessage('user0001', 'first question'));
		const created = await until(async () => {
			const state = await api.state();
			return state.requests.find(
				(r) => r.path === '/v1.0/card/instances/createAndDeliver' && r.status === 200,
			);
		}, 10000);
		expect(created).toBeTruthy();
		// The card reached DingTalk (and the chat) within 1 s of the message (machine-scaled).
		expect(created.at + 30 - pushedAt).toBeLessThanOrEqual(scaled(1000));

		const [card] = await finalCards(1);
		expect(card.state).toBe('finished');
		expect(card.spaces).toEqual([
			expect.objectContaining({ spaceType: 'IM_ROBOT', spaceId: 'user0001' }),
		]);
		expect(card.streamingUpdates.length).toBeGreaterThanOrEqual(5);
		expect(card.streams.msgContent.content).toBe(answer);
		expect(card.cardParamMap.msgContent).toBe(answer);
		expect(card.flowHistory.map((h) => h.flowStatus)).toEqual(['1', '2', '3']);
		// Thinking was shown before the model was even asked.
		const model = (await api.state()).openai.calls;
		expect(model).toHaveLength(1);
		expect(card.createdAt).toBeLessThan(model[0].at);
		const last = card.flowHistory[card.flowHistory.length - 1].at;
		process.stderr.write(
			`[e2e] AI card: card ${created.at + 30 - pushedAt} ms after the message, ${card.streamingUpdates.length} streaming updates, finished ${last - pushedAt} ms after the message\n`,
		);
	});

	it('keeps 20 concurrent conversations apart (1:1 and group @-mentions), memory per conversation', async () => {
		// 18 people 1:1, and two of them again, each @-mentioning the robot in a group.
		const conversations = Array.from({ length: 20 }, (_, i) => ({
			userId: i >= 18 ? ['user0002', 'user0003'][i - 18] : `user${String(i + 1).padStart(4, '0')}`,
			group: i >= 18 ? GROUPS[i - 18] : undefined,
			question: `conversation ${i}: what is new?`,
			answer: `Answer for conversation ${i}. ${longText(300 + i * 7)}`,
		}));
		await api.call('POST', 'groups', {
			groups: [
				{
					openConversationId: GROUPS[1],
					chatId: 'chatemuaicard',
					title: 'Emulated AI group',
					memberUserIds: ['user0001', 'user0002', 'user0003'],
					robotCodes: [env.emulator.app.robotCode],
				},
			],
		});
		await api.call('POST', 'openai/script', {
			rules: conversations.map((c, i) => ({ match: `conversation ${i}:`, answer: c.answer })),
		});
		await Promise.all(
			conversations.map((c) =>
				api.call('POST', 'stream/push', robotMessage(c.userId, c.question, c.group)),
			),
		);
		const done = await finalCards(20);
		if (done.length !== 20 || !done.every(isDone))
			throw new Error(JSON.stringify(await diagnosis(done)));
		for (const c of conversations) {
			const card = done.find((x) =>
				c.group ? x.spaces[0].spaceId === c.group : x.spaces[0].spaceId === c.userId,
			);
			expect({ who: c.userId, state: card.state, text: card.streams.msgContent.content }).toEqual({
				who: c.userId,
				state: 'finished',
				text: c.answer,
			});
			if (c.group) expect(card.atUserIds).toEqual({ [c.userId]: `Nick ${c.userId}` });
		}

		// A follow-up in conversation 3 carries its own history, and nobody else's.
		await api.call('POST', 'reset');
		await api.call('POST', 'openai/script', {
			rules: [{ match: 'follow-up', answer: 'Still here.' }],
		});
		await api.call('POST', 'stream/push', robotMessage('user0004', 'follow-up question'));
		await finalCards(1);
		const [call] = (await api.state()).openai.calls;
		const said = call.messages
			.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)))
			.join('\n');
		expect(said).toContain('conversation 3: what is new?');
		expect(said).toContain(conversations[3].answer);
		expect(said).not.toMatch(/conversation (?!3:)\d+:/);
	});

	it('ends the card as failed with a readable message when the model fails', async () => {
		await api.call('POST', 'openai/script', {
			rules: [{ match: 'break please', error: { status: 400, message: 'Emulated model refusal' } }],
		});
		await api.call('POST', 'stream/push', robotMessage('user0042', 'break please'));
		const [card] = await finalCards(1);
		expect(card.state).toBe('failed');
		expect(card.cardParamMap.flowStatus).toBe('5');
		// The Agent's error output carries n8n's message for the model's HTTP 400 (its description,
		// DingTalk-side, is the model's own text): readable, never empty.
		expect(card.cardParamMap.msgContent).toMatch(/^Sorry, I could not answer this time: \S/);
		expect(card.streams.msgContent).toMatchObject({ finalized: true, error: true });
		const [modelCall] = (await api.state()).openai.calls;
		expect(modelCall.error).toMatchObject({ status: 400 });
	});
});
