'use strict';
// Live streaming in a real n8n: DingTalk Stream Trigger → AI card "thinking" → DingTalk AI Answer
// with n8n's OpenAI Chat Model (streaming from the emulator's model, which writes 8 characters
// every 10 ms) and Simple Memory: the card fills in while the model is still writing.
const path = require('node:path');

const { OPENAI_API_KEY, longText } = require('../emulator/products/openai');
const { scaled } = require('./machine');
const { emulatorApi, until } = require('./emulatorApi');
const { REPO, loadWorkflow } = require('./n8n');
const { useRealN8n } = require('./setup');

const LIVE = loadWorkflow(path.join(REPO, 'examples', 'ai-live-answer.json'));

const env = useRealN8n(async ({ emulator, n8n }) => {
	await n8n.importCredentials([
		{
			id: 'openAiEmu0000001',
			name: 'OpenAI',
			type: 'openAiApi',
			data: { apiKey: OPENAI_API_KEY, url: `${emulator.apiBaseUrl}/v1` },
		},
	]);
	await n8n.importWorkflow(LIVE);
	await n8n.publish(LIVE.id);
	await n8n.start();
}, scaled(180000));
const api = emulatorApi(env);

const push = async (userId, text) =>
	await api.call('POST', 'stream/push', {
		kind: 'robot',
		data: {
			msgtype: 'text',
			text: { content: text },
			senderStaffId: userId,
			conversationType: '1',
			conversationId: `cidLive-${userId}`,
		},
	});
const finished = (count) =>
	until(async () => {
		const cards = await api.call('GET', 'aiCards');
		// Done: the node wrote the final flowStatus (3 finished, 5 failed), its last call for a card.
		return cards.length >= count &&
			cards.every((c) => ['3', '5'].includes(c.cardParamMap.flowStatus))
			? cards
			: undefined;
	}, 90000);

beforeEach(async () => {
	await api.call('POST', 'reset');
	await api.call('POST', 'faults', { latencyMs: 30 });
	await until(async () => (await api.stream()).activeConnections === 1, 60000);
});

describe('DingTalk AI Answer in real n8n (live model streaming)', () => {
	it('streams the 2,000-character answer into the card while the model writes it', async () => {
		const answer = `${longText(1990)} 完成 ✅`;
		await api.call('POST', 'openai/script', {
			chunkChars: 8,
			chunkDelayMs: 10,
			rules: [{ match: 'live question', answer }],
		});
		await push('user0001', 'live question');
		const [card] = await finished(1);
		const [call] = (await api.state()).openai.calls;
		expect(call.stream).toBe(true);
		expect(card.state).toBe('finished');
		expect(card.streams.msgContent.content).toBe(answer);
		expect(card.cardParamMap.msgContent).toBe(answer);
		// Live: at least 5 visible updates reached DingTalk before the model's last chunk.
		expect(card.streamingUpdates.filter((u) => u.at < call.endedAt).length).toBeGreaterThanOrEqual(
			5,
		);
		expect(card.flowHistory.map((h) => h.flowStatus)).toEqual(['1', '2', '3']);
		const live = card.streamingUpdates.filter((u) => u.at < call.endedAt).length;
		process.stderr.write(
			`[e2e] AI Answer: ${live} of ${card.streamingUpdates.length} streaming updates while the model wrote (${call.endedAt - call.at} ms)\n`,
		);
	});

	it('remembers the conversation (memory per chat) and fails the card readably on a model error', async () => {
		await api.call('POST', 'openai/script', {
			rules: [
				{ match: 'my name is Ada', answer: 'Nice to meet you, Ada.' },
				{ match: 'what is my name', answer: 'Your name is Ada.' },
				{ match: 'break please', error: { status: 400, message: 'Emulated model refusal' } },
			],
		});
		await push('user0002', 'my name is Ada');
		await finished(1);
		await push('user0002', 'what is my name?');
		await finished(2);
		const calls = (await api.state()).openai.calls;
		const second = calls[1].messages.map((m) => m.content).join('\n');
		expect(second).toContain('my name is Ada');
		expect(second).toContain('Nice to meet you, Ada.');

		await push('user0003', 'break please');
		const cards = await finished(3);
		const failed = cards.find((c) => c.spaces[0].spaceId === 'user0003');
		expect(failed.state).toBe('failed');
		expect(failed.cardParamMap.msgContent).toMatch(
			/^Sorry, I could not answer this time\. Please try again\.\n\n> .*Emulated model refusal/s,
		);
	});
});
