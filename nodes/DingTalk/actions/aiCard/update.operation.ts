import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { parameterError, runPerItem } from '../../helpers/execution/items';
import { dingTalkApiRequest } from '../../transport';
import { outTrackIdField, readCardParams, readOutTrackId } from './common.description';

const properties: INodeProperties[] = [
	outTrackIdField,
	{
		displayName: 'Card Data (JSON)',
		name: 'cardData',
		type: 'json',
		default: '{}',
		required: true,
		description:
			'Template variables to set, as a JSON object (e.g. {"msgTitle": "Answer"}); values that are not text are sent as JSON text, as the card platform wants',
	},
	{
		displayName: 'Replace All Card Data',
		name: 'replaceAll',
		type: 'boolean',
		default: false,
		description:
			'Whether the given variables replace all of the card data; by default only they change and the others keep their values',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['aiCard'], operation: ['update'] } },
	properties,
);

/**
 * Sets template variables of a card (PUT /v1.0/card/instances,
 * https://open.dingtalk.com/document/orgapp/interactive-card-update-interface): by key, or
 * replacing the whole card data. Setting the same values twice leaves the same card.
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
			const cardParamMap = readCardParams(
				this,
				i,
				this.getNodeParameter('cardData', i, '{}'),
				'Card Data (JSON)',
			);
			if (!Object.keys(cardParamMap).length)
				throw parameterError(
					this,
					i,
					'Card Data (JSON)',
					'No card data given',
					'Give at least one template variable, e.g. {"msgTitle": "Answer"}.',
				);
			const replaceAll = this.getNodeParameter('replaceAll', i, false) === true;
			await dingTalkApiRequest<IDataObject>(run.api, {
				api: 'new',
				method: 'PUT',
				path: '/v1.0/card/instances',
				body: {
					outTrackId,
					cardData: { cardParamMap },
					cardUpdateOptions: { updateCardDataByKey: !replaceAll },
				},
				idempotent: true,
				itemIndex: i,
			});
			return { outTrackId, updated: Object.keys(cardParamMap), replaceAll };
		},
		{ concurrency: 10 },
	);
}
