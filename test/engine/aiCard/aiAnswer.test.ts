import type { IDataObject, INodeType, ISupplyDataFunctions, SupplyData } from 'n8n-workflow';
import { NodeConnectionTypes, sleep } from 'n8n-workflow';

import { DingTalkAiAnswer } from '../../../nodes/DingTalk/DingTalkAiAnswer.node';
import { longText } from '../../emulator/products/openai';
import { useEmulator } from '../../support/useEmulator';
import { runNode, type SubNode, TestCredentialsHelper } from '../harness';

const STREAMING = '/v1.0/card/streaming';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());

interface AiCard {
	outTrackId: string;
	cardParamMap: Record<string, string>;
	flowHistory: Array<{ at: number; flowStatus: string }>;
	streams: Record<string, { content: string; finalized: boolean; error: boolean }>;
	streamingUpdates: Array<{ at: number; isFinalize: boolean; isError: boolean }>;
	state: string;
}

const aiCards = async () => await env.client.admin<AiCard[]>('GET', 'aiCards');

/** What the fake chat model saw and when it wrote its last chunk. */
interface ModelLog {
	inputs: unknown[];
	doneAt?: number;
}

/** A chat model sub-node whose model writes `chunks` every `everyMs`, then fails if `failAfter`. */
function chatModel(log: ModelLog, chunks: string[], everyMs: number, failAfter?: number): SubNode {
	const model = {
		async stream(input: unknown) {
			log.inputs.push(input);
			return (async function* () {
				for (const [n, content] of chunks.entries()) {
					if (n === failAfter) throw new Error('The model is overloaded (emulated)');
					await sleep(everyMs);
					yield { content };
				}
				log.doneAt = Date.now();
			})();
		},
	};
	const nodeType: INodeType = {
		description: {
			displayName: 'Fake Chat Model',
			name: 'fakeChatModel',
			group: ['transform'],
			version: 1,
			description: 'A chat model for tests',
			defaults: { name: 'Fake Chat Model' },
			inputs: [],
			outputs: [NodeConnectionTypes.AiLanguageModel],
			properties: [],
		},
		async supplyData(this: ISupplyDataFunctions): Promise<SupplyData> {
			return { response: model };
		},
	};
	return { name: 'Fake Chat Model', nodeType, connectionType: NodeConnectionTypes.AiLanguageModel };
}

/** A memory sub-node with one earlier exchange; records what is saved. */
function memory(saved: IDataObject[]): SubNode {
	const history = [
		['human', 'Earlier question'],
		['ai', 'Earlier answer'],
	];
	const nodeType: INodeType = {
		description: {
			displayName: 'Fake Memory',
			name: 'fakeMemory',
			group: ['transform'],
			version: 1,
			description: 'A memory for tests',
			defaults: { name: 'Fake Memory' },
			inputs: [],
			outputs: [NodeConnectionTypes.AiMemory],
			properties: [],
		},
		async supplyData(this: ISupplyDataFunctions): Promise<SupplyData> {
			return {
				response: {
					loadMemoryVariables: async () => ({ chat_history: history }),
					saveContext: async (input: IDataObject, output: IDataObject) => {
						saved.push({ input, output });
					},
				},
			};
		},
	};
	return { name: 'Fake Memory', nodeType, connectionType: NodeConnectionTypes.AiMemory };
}

async function thinkingCard(outTrackId: string): Promise<void> {
	const { error } = await runNode({
		credentials: credentials(),
		parameters: {
			resource: 'aiCard',
			operation: 'create',
			sendTo: 'user',
			userId: 'user0001',
			options: { outTrackId },
		},
	});
	expect(error).toBeUndefined();
}

const answer = (outTrackId: string, extra: IDataObject = {}): IDataObject => ({
	outTrackId,
	prompt: 'How do refunds work?',
	systemMessage: 'Be brief.',
	options: { intervalMs: 100 },
	...extra,
});

describe('DingTalk AI Answer: a chat model streams into the card as it writes', () => {
	it('updates the card while the model writes, at most once per interval, and ends with its exact text', async () => {
		await thinkingCard('live-1');
		const chunks = Array.from({ length: 40 }, (_, n) => longText(2000).slice(n * 50, n * 50 + 50));
		const log: ModelLog = { inputs: [] };
		const saved: IDataObject[] = [];
		const { output, error } = await runNode({
			credentials: credentials(),
			nodeType: new DingTalkAiAnswer(),
			parameters: answer('live-1'),
			subNodes: [chatModel(log, chunks, 25), memory(saved)],
		});
		expect(error).toBeUndefined();
		const [card] = await aiCards();
		const updates = card.streamingUpdates;
		// Live: several updates reached DingTalk before the model had finished writing.
		expect(updates.filter((u) => u.at < log.doneAt!).length).toBeGreaterThanOrEqual(5);
		for (let n = 1; n < updates.length - 1; n++)
			expect(updates[n].at - updates[n - 1].at).toBeGreaterThanOrEqual(90);
		const streamed = (await env.client.requestsTo(STREAMING)).map((r) => r.body!.content as string);
		streamed.forEach((content) => expect(longText(2000).startsWith(content)).toBe(true));
		expect(card.streams.msgContent).toEqual({
			content: longText(2000),
			finalized: true,
			error: false,
			guids: expect.any(Array),
		});
		expect(card.cardParamMap.msgContent).toBe(longText(2000));
		expect(card.flowHistory.map((h) => h.flowStatus)).toEqual(['1', '2', '3']);
		// The model got the system message, the memory's history and the prompt; the memory the answer.
		expect(log.inputs[0]).toEqual([
			['system', 'Be brief.'],
			['human', 'Earlier question'],
			['ai', 'Earlier answer'],
			['human', 'How do refunds work?'],
		]);
		expect(saved).toEqual([
			{ input: { input: 'How do refunds work?' }, output: { output: longText(2000) } },
		]);
		expect(output[0].json).toMatchObject({
			outTrackId: 'live-1',
			state: 'finished',
			text: longText(2000),
		});
	});

	it('fails the card with a readable message when the model fails mid-answer', async () => {
		await thinkingCard('live-2');
		const log: ModelLog = { inputs: [] };
		const { error } = await runNode({
			credentials: credentials(),
			nodeType: new DingTalkAiAnswer(),
			parameters: answer('live-2'),
			subNodes: [chatModel(log, Array(20).fill('word '), 20, 12)],
		});
		expect(error?.message).toBe(
			'The chat model failed: The model is overloaded (emulated) [item 0]',
		);
		const [card] = await aiCards();
		expect(card.state).toBe('failed');
		expect(card.cardParamMap).toMatchObject({
			flowStatus: '5',
			msgContent:
				'Sorry, I could not answer this time. Please try again.\n\n> The model is overloaded (emulated)',
		});
		expect(card.streamingUpdates[card.streamingUpdates.length - 1]).toMatchObject({
			isFinalize: true,
			isError: true,
		});
	});

	it('says a chat model must be connected', async () => {
		await thinkingCard('live-3');
		const { error } = await runNode({
			credentials: credentials(),
			nodeType: new DingTalkAiAnswer(),
			parameters: answer('live-3'),
		});
		expect(error?.message).toMatch(/Chat Model/);
		expect(await env.client.requestsTo(STREAMING)).toHaveLength(0);
	});
});
