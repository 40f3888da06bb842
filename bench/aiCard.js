'use strict';
// bench/aiCard: the AI assistant example (examples/ai-assistant-streaming-card.json) in a real n8n
// against the emulator (30 ms latency) and its deterministic OpenAI-compatible model: a robot
// message arrives over Stream mode → AI card "thinking" → AI Agent → the 2,000-character answer
// streams into the card → finished. Rounds of 1 and of 20 concurrent conversations. Measures the
// time to the first card (message pushed → createAndDeliver accepted), to the finished card,
// streaming updates per second per card, and DingTalk calls per answer.
//   npm run build && node bench/aiCard.js     (needs the e2e cache: npm test or npm run demo)
const fs = require('node:fs');
const path = require('node:path');

const { startEmulator } = require('../test/emulator');
const { OPENAI_API_KEY, longText } = require('../test/emulator/products/openai');
const { N8nInstance, REPO, emulatorCredential, loadWorkflow } = require('../test/e2e/n8n');

const LATENCY_MS = 30;
const ANSWER_CHARS = Number(process.env.BENCH_ANSWER_CHARS || 2000);
const ROUNDS = [1, 20];

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted, p) =>
	sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
const summary = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	return {
		p50: percentile(sorted, 0.5),
		p95: percentile(sorted, 0.95),
		max: sorted[sorted.length - 1],
	};
};

async function main() {
	const emulator = await startEmulator({ latencyMs: LATENCY_MS });
	const admin = async (method, route, body) =>
		await (
			await fetch(`${emulator.apiBaseUrl}/__emulator/${route}`, {
				method,
				headers: { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			})
		).json();
	const n8n = await N8nInstance.create();
	const results = [];
	try {
		await n8n.importCredentials([
			emulatorCredential(emulator),
			{
				id: 'openAiEmu0000001',
				name: 'OpenAI',
				type: 'openAiApi',
				data: { apiKey: OPENAI_API_KEY, url: `${emulator.apiBaseUrl}/v1` },
			},
		]);
		const workflow = loadWorkflow(path.join(REPO, 'examples', 'ai-assistant-streaming-card.json'));
		await n8n.importWorkflow(workflow);
		await n8n.publish(workflow.id);
		await n8n.start();
		for (let i = 0; i < 240 && (await admin('GET', 'stream')).activeConnections !== 1; i++)
			await wait(250);

		for (const count of ROUNDS) {
			await admin('POST', 'reset');
			await admin('POST', 'faults', { latencyMs: LATENCY_MS });
			await admin('POST', 'openai/script', {
				rules: Array.from({ length: count }, (_, i) => ({
					match: `bench question ${i}:`,
					answer: longText(ANSWER_CHARS),
				})),
			});
			const pushedAt = new Map();
			await Promise.all(
				Array.from({ length: count }, async (_, i) => {
					const userId = `user${String(i + 1).padStart(4, '0')}`;
					pushedAt.set(userId, Date.now());
					await admin('POST', 'stream/push', {
						kind: 'robot',
						data: {
							msgtype: 'text',
							text: { content: `bench question ${i}: hello` },
							senderStaffId: userId,
							conversationType: '1',
							conversationId: `cidBench-${userId}`,
						},
					});
				}),
			);
			let cards = [];
			for (let i = 0; i < 1200; i++) {
				cards = await admin('GET', 'aiCards');
				if (
					cards.length >= count &&
					cards.every((c) => ['3', '5'].includes(c.cardParamMap.flowStatus))
				)
					break;
				await wait(100);
			}
			const state = await admin('GET', 'state');
			const cardCalls = state.requests.filter((r) => r.path.startsWith('/v1.0/card/'));
			const firstCard = cards.map((c) => c.createdAt - pushedAt.get(c.spaces[0].spaceId));
			const finished = cards.map(
				(c) => c.flowHistory[c.flowHistory.length - 1].at - pushedAt.get(c.spaces[0].spaceId),
			);
			const rates = cards.map((c) => {
				const u = c.streamingUpdates;
				return u.length > 1 ? ((u.length - 1) * 1000) / (u[u.length - 1].at - u[0].at) : 0;
			});
			results.push({
				conversations: count,
				answerChars: ANSWER_CHARS,
				finishedCards: cards.filter((c) => c.state === 'finished').length,
				exactText: cards.every(
					(c) => c.streams.msgContent && c.streams.msgContent.content === longText(ANSWER_CHARS),
				),
				firstCardMs: summary(firstCard),
				finishedMs: summary(finished),
				updatesPerSecondPerCard: summary(rates.map((r) => Math.round(r * 10) / 10)),
				streamingUpdatesPerAnswer: summary(cards.map((c) => c.streamingUpdates.length)),
				dingTalkCallsPerAnswer: cardCalls.length / count,
				tokenRequests: state.tokenRequests,
				modelCalls: state.openai.calls.length,
			});
		}
	} finally {
		await n8n.stop();
		n8n.removeHome();
		await emulator.stop();
	}
	console.table(
		results.map((r) => ({
			conversations: r.conversations,
			'first card p50/p95 ms': `${r.firstCardMs.p50} / ${r.firstCardMs.p95}`,
			'finished p50/p95 ms': `${r.finishedMs.p50} / ${r.finishedMs.p95}`,
			'updates/s per card p50': r.updatesPerSecondPerCard.p50,
			'streaming updates per answer': r.streamingUpdatesPerAnswer.p50,
			'card calls per answer': r.dingTalkCallsPerAnswer,
			'exact text': r.exactText,
		})),
	);
	const out = path.join(__dirname, 'results');
	fs.mkdirSync(out, { recursive: true });
	fs.writeFileSync(path.join(out, 'aiCard.json'), JSON.stringify(results, null, 2));
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
