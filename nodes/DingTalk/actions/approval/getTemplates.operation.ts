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
import { visibleTemplatesPage } from '../../helpers/approval/templates';
import { userLocator } from '../locators.description';
import { requiredUser } from './instance';

const properties: INodeProperties[] = [
	userLocator({ description: 'The member (成员) whose visible templates to list' }),
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
		const userId = await requiredUser(this, run, i, 'userId', 'User');
		const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
		const limit = returnAll ? Infinity : Number(this.getNodeParameter('limit', i, 50));
		return await collectPages<IDataObject>(async (nextToken) => {
			const page = await visibleTemplatesPage(run.api, userId, nextToken as number | undefined, i);
			return { entries: page.templates, next: page.next };
		}, limit);
	});
}
