import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { RunContext } from '../../helpers/execution/runContext';
import { parameterError, runPerItem } from '../../helpers/execution/items';
import { optionsCollection } from '../common.description';
import { endCard, FLOW_STATUS, streamingUpdate, updateCardData } from './aiCardCalls';
import {
	contentKeyField,
	outTrackIdField,
	readContentKey,
	readOutTrackId,
	readText,
} from './common.description';
import { DEFAULT_FAILURE_TEXT } from './fail.operation';
import { DEFAULT_UPDATE_INTERVAL_MS, MIN_UPDATE_INTERVAL_MS } from './stream.operation';

/**
 * What this operation needs of the connected chat model and memory: LangChain's BaseChatModel
 * `stream()` and BaseChatMemory `loadMemoryVariables()` / `saveContext()`, as n8n's chat model and
 * memory sub-nodes supply them. Used by shape, so the package imports none of LangChain.
 */
interface ChatModelLike {
	stream(input: unknown): Promise<AsyncIterable<{ content?: unknown }>>;
}
interface MemoryLike {
	loadMemoryVariables(values: IDataObject): Promise<Record<string, unknown>>;
	saveContext(input: IDataObject, output: IDataObject): Promise<void>;
}

export const properties: INodeProperties[] = [
	outTrackIdField,
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		default: "={{ $('DingTalk Stream Trigger').item.json.text }}",
		required: true,
		typeOptions: { rows: 2 },
		description:
			"What the model answers: the robot message's text (rename 'DingTalk Stream Trigger' to your trigger's name)",
	},
	{
		displayName: 'System Message',
		name: 'systemMessage',
		type: 'string',
		default: 'You are a helpful assistant in DingTalk (钉钉). Answer in Markdown.',
		typeOptions: { rows: 3 },
		description: 'How the model should behave; empty for none',
	},
	optionsCollection(
		contentKeyField,
		{
			displayName: 'Update Interval (Ms)',
			name: 'intervalMs',
			type: 'number',
			default: DEFAULT_UPDATE_INTERVAL_MS,
			typeOptions: { minValue: MIN_UPDATE_INTERVAL_MS },
			description:
				'At most one card update per this many milliseconds: what the model wrote meanwhile goes into the next update',
		},
		{
			displayName: 'Failure Message',
			name: 'failureText',
			type: 'string',
			default: DEFAULT_FAILURE_TEXT,
			description: "What the card says when the model fails (the model's reason is added below it)",
		},
	),
];

/** The text of a chunk's content: a string, or the text parts of a list of content parts. */
function textOf(content: unknown): string {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return '';
	return content
		.map((part) =>
			part && typeof part === 'object' && typeof (part as IDataObject).text === 'string'
				? String((part as IDataObject).text)
				: '',
		)
		.join('');
}

/** The conversation so far, from the memory (its messages, or nothing). */
async function historyOf(memory: MemoryLike | undefined): Promise<unknown[]> {
	if (!memory) return [];
	const variables = await memory.loadMemoryVariables({});
	const history = Object.values(variables).find(Array.isArray);
	return (history as unknown[] | undefined) ?? [];
}

/**
 * Asks the connected chat model and streams its answer into the card while it writes: the whole
 * text so far at most once per interval (what arrives meanwhile waits for the next update), then
 * the exact answer, finished. A model error fails the card with a readable message and the item.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(
		this,
		items,
		async (i) => {
			const outTrackId = readOutTrackId(this, i);
			const key = readContentKey(this, i);
			const prompt = readText(this, i, 'prompt');
			if (!prompt.trim())
				throw parameterError(
					this,
					i,
					'Prompt',
					'No prompt given',
					"Map the message's text, e.g. {{ $json.text }}.",
				);
			const system = readText(this, i, 'systemMessage');
			const itemOptions = this.getNodeParameter('options', i, {}) as IDataObject;
			const intervalMs = Math.max(
				MIN_UPDATE_INTERVAL_MS,
				Number(itemOptions.intervalMs) || DEFAULT_UPDATE_INTERVAL_MS,
			);
			const model = (await this.getInputConnectionData(NodeConnectionTypes.AiLanguageModel, i)) as
				| ChatModelLike
				| undefined;
			if (!model || typeof model.stream !== 'function')
				throw new NodeOperationError(this.getNode(), 'No chat model connected', {
					itemIndex: i,
					description: 'Connect a chat model (e.g. OpenAI Chat Model) to the Chat Model input.',
				});
			const memory = (await this.getInputConnectionData(NodeConnectionTypes.AiMemory, i)) as
				| MemoryLike
				| undefined;
			const messages = [
				...(system ? [['system', system]] : []),
				...(await historyOf(memory)),
				['human', prompt],
			];

			let text = '';
			let shown = '';
			let lastUpdate = 0;
			let updates = 0;
			let cardError: unknown;
			const show = async () => {
				try {
					if (!updates)
						await updateCardData(run, i, outTrackId, { flowStatus: FLOW_STATUS.streaming });
					await streamingUpdate(run, i, { outTrackId, key, content: text });
				} catch (error) {
					// The transport's NodeApiError, handed back as it is (NodeApiError does not re-wrap).
					cardError = new NodeApiError(this.getNode(), error as JsonObject);
					throw cardError;
				}
				shown = text;
				updates++;
				lastUpdate = Date.now();
			};
			try {
				for await (const chunk of await model.stream(messages)) {
					text += textOf(chunk?.content);
					if (text !== shown && Date.now() - lastUpdate >= intervalMs) await show();
				}
			} catch (error) {
				// DingTalk refused an update: that error, as it is (permission, quota …).
				if (error === cardError) throw cardError;
				const { message, description } = error as { message?: string; description?: string };
				const reason = [message, description].filter(Boolean).join(': ') || String(error);
				const failure = `${String(itemOptions.failureText ?? '') || DEFAULT_FAILURE_TEXT}\n\n> ${reason}`;
				await endCard(run, i, { outTrackId, key }, failure, true);
				throw new NodeOperationError(
					this.getNode(),
					`The chat model failed: ${reason} [item ${i}]`,
					{
						itemIndex: i,
						description:
							'The card shows the failure. Check the chat model node and its credential.',
					},
				);
			}
			await endCard(run, i, { outTrackId, key }, text);
			if (memory) await memory.saveContext({ input: prompt }, { output: text });
			return { outTrackId, state: 'finished', updates: updates + 1, text };
		},
		{ concurrency: 10 },
	);
}

/** The DingTalk AI Answer node's run: its context, then every item. */
export async function answerNode(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const run = RunContext.create(this, properties, 'aiCard', 'answer');
	return await execute.call(this, this.getInputData(), run);
}
