import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../../helpers/execution/items';
import { collectPages } from '../../helpers/execution/paging';
import type { RunContext } from '../../helpers/execution/runContext';
import { dingTalkApiRequest } from '../../transport';
import { required } from './instance';

/** userVisibilities/templates: at most 100 templates a call. */
export const TEMPLATES_MAX = 100;

const properties: INodeProperties[] = [
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. user0001',
		description: 'The userId (用户ID) whose visible templates to list',
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['approval'], operation: ['getTemplates'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const userId = required(
			this,
			i,
			'userId',
			'User ID',
			'Enter a userId, or map one from an earlier node.',
		);
		const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
		const limit = returnAll ? Infinity : Number(this.getNodeParameter('limit', i, 50));
		// https://open.dingtalk.com/document/orgapp/obtains-a-list-of-templates-visible-to-the-specified-user
		return await collectPages<IDataObject>(async (nextToken) => {
			const page = await dingTalkApiRequest<{
				result?: { processList?: IDataObject[]; nextToken?: number };
			}>(run.api, {
				api: 'new',
				method: 'GET',
				path: '/v1.0/workflow/processes/userVisibilities/templates',
				qs: {
					userId,
					maxResults: TEMPLATES_MAX,
					...(nextToken !== undefined ? { nextToken } : {}),
				},
				itemIndex: i,
				idempotent: true,
			});
			return { entries: page.result?.processList ?? [], next: page.result?.nextToken };
		}, limit);
	});
}
