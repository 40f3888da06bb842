import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { parameterError, runPerItem } from '../../helpers/execution/items';
import { dingTalkApiRequest } from '../../transport';
import { cardBizIdField, cardContentFields, readCardData } from './common.description';

const properties: INodeProperties[] = [
	cardBizIdField,
	...cardContentFields.map((field) => ({
		...field,
		description: `${field.description}. The card is replaced as a whole: give every field it should keep.`,
	})),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['card'], operation: ['update'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const cardBizId = String(this.getNodeParameter('cardBizId', i, '') ?? '').trim();
		if (!cardBizId)
			throw parameterError(
				this,
				i,
				'Card Biz ID',
				'No card ID given',
				'Map the cardBizId that Send Interactive Card returned.',
			);
		const cardData = readCardData(this, i);
		const response = await dingTalkApiRequest<{ processQueryKey?: string }>(run.api, {
			api: 'new',
			method: 'PUT',
			path: '/v1.0/im/robots/interactiveCards',
			body: { cardBizId, cardData, updateOptions: { updateCardDataByKey: false } },
			// Replacing a card with the same data twice leaves the same card: safe to repeat.
			idempotent: true,
			itemIndex: i,
		});
		return { cardBizId, updated: true, processQueryKey: response.processQueryKey ?? null };
	});
}
