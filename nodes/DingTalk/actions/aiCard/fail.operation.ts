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

export const DEFAULT_FAILURE_TEXT = 'Sorry, I could not answer this time. Please try again.';

const properties: INodeProperties[] = [
	outTrackIdField,
	{
		displayName: 'Message',
		name: 'text',
		type: 'string',
		default: DEFAULT_FAILURE_TEXT,
		typeOptions: { rows: 2 },
		description:
			"What the failed card says. After an AI Agent's error output, add the reason by mapping its error field.",
	},
	optionsCollection(contentKeyField),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['aiCard'], operation: ['fail'] } },
	properties,
);

/** Ends an AI card in its failed state (失败) with a readable message. */
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
			const text = readText(this, i, 'text') || DEFAULT_FAILURE_TEXT;
			await endCard(run, i, { outTrackId, key }, text, true);
			return { outTrackId, state: 'failed', text };
		},
		{ concurrency: 10 },
	);
}
