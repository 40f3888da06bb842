import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { runPerItem } from '../../helpers/execution/items';
import { optionsCollection } from '../common.description';
import { endCard } from './aiCardCalls';
import {
	contentKeyField,
	outTrackIdField,
	readContentKey,
	readOutTrackId,
	readText,
} from './common.description';

const properties: INodeProperties[] = [
	outTrackIdField,
	{
		displayName: 'Final Text',
		name: 'text',
		type: 'string',
		default: '',
		typeOptions: { rows: 4 },
		description:
			'The text the finished card shows, replacing what was streamed; empty keeps the streamed text',
	},
	optionsCollection(contentKeyField),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['aiCard'], operation: ['finish'] } },
	properties,
);

/** Ends an AI card in its finished state (完成), optionally with a final text. */
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
			const text = readText(this, i, 'text');
			await endCard(run, i, { outTrackId, key }, text || undefined);
			return { outTrackId, state: 'finished', ...(text ? { text } : {}) };
		},
		{ concurrency: 10 },
	);
}
