import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { sleep, updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { runPerItem } from '../../helpers/execution/items';
import { optionsCollection } from '../common.description';
import { endCard, FLOW_STATUS, paceCuts, streamingUpdate, updateCardData } from './aiCardCalls';
import {
	contentKeyField,
	outTrackIdField,
	readContentKey,
	readOutTrackId,
	readText,
} from './common.description';

/**
 * [INF] DingTalk publishes no rate for streaming updates
 * (https://open.dingtalk.com/document/orgapp/api-streamingupdate): one update per card every
 * 300 ms at most by default (about 3 per second), at least 5 updates for a text that long, so the
 * card visibly fills in; the app-wide quota is learned by the transport's pacer.
 */
export const DEFAULT_UPDATE_INTERVAL_MS = 300;
export const MIN_UPDATE_INTERVAL_MS = 100;
export const DEFAULT_CHARS_PER_UPDATE = 200;
export const MIN_UPDATES = 5;

const properties: INodeProperties[] = [
	outTrackIdField,
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		default: '={{ $json.output }}',
		typeOptions: { rows: 4 },
		description:
			"The answer to show, in DingTalk's Markdown subset (an AI Agent outputs it as output). It appears in paced parts, like typing, and the card ends with exactly this text.",
	},
	{
		displayName: 'Finish the Card',
		name: 'finish',
		type: 'boolean',
		default: true,
		description:
			'Whether the card is finished (完成) after the text: turn off to stream more with another Stream Text, then Finish',
	},
	optionsCollection(
		contentKeyField,
		{
			displayName: 'Characters per Update',
			name: 'charsPerUpdate',
			type: 'number',
			default: DEFAULT_CHARS_PER_UPDATE,
			typeOptions: { minValue: 1 },
			description: `At most this many new characters per update (a text is shown in at least ${MIN_UPDATES} updates when it is that long)`,
		},
		{
			displayName: 'Update Interval (Ms)',
			name: 'intervalMs',
			type: 'number',
			default: DEFAULT_UPDATE_INTERVAL_MS,
			typeOptions: { minValue: MIN_UPDATE_INTERVAL_MS },
			description:
				'Pause between two updates of one card. DingTalk publishes no limit; 300 ms (about 3 updates per second) is a conservative default.',
		},
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['aiCard'], operation: ['stream'] } },
	properties,
);

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
			const text = readText(this, i, 'text');
			const finish = this.getNodeParameter('finish', i, true) !== false;
			const itemOptions = this.getNodeParameter('options', i, {}) as IDataObject;
			const key = readContentKey(this, i);
			const perUpdate = Math.max(
				1,
				Math.floor(Number(itemOptions.charsPerUpdate) || DEFAULT_CHARS_PER_UPDATE),
			);
			const intervalMs = Math.max(
				MIN_UPDATE_INTERVAL_MS,
				Number(itemOptions.intervalMs) || DEFAULT_UPDATE_INTERVAL_MS,
			);
			// Code points: an update never ends in half a character (emoji, rare CJK).
			const chars = [...text];
			const cuts = paceCuts(chars.length, perUpdate, MIN_UPDATES);
			// The card leaves "thinking" for "writing" (输入中) before the first words.
			await updateCardData(run, i, outTrackId, { flowStatus: FLOW_STATUS.streaming });
			for (const [n, cut] of cuts.entries()) {
				if (n > 0) await sleep(intervalMs);
				const last = n === cuts.length - 1;
				// Finished (完成) with the exact text, which the card data then holds.
				if (last && finish) await endCard(run, i, { outTrackId, key }, text);
				else
					await streamingUpdate(run, i, {
						outTrackId,
						key,
						content: last ? text : chars.slice(0, cut).join(''),
					});
			}
			return {
				outTrackId,
				state: finish ? 'finished' : 'streaming',
				updates: cuts.length,
				characters: chars.length,
				text,
			};
		},
		{ concurrency: 10 },
	);
}
