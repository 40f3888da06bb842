import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem, readLimit } from '../../helpers/execution/items';
import { collectPages } from '../../helpers/execution/paging';
import type { RunContext } from '../../helpers/execution/runContext';
import { visibleTemplatesPage } from '../../helpers/approval/templates';
import { userLocator } from '../locators.description';

import { returnAllFields } from '../common.description';
import { requiredUserId } from '../../helpers/lookups/locators';

const properties: INodeProperties[] = [
	userLocator({ description: 'The member (成员) whose visible templates to list' }),
	...returnAllFields,
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
		const userId = await requiredUserId(this, run, i, 'userId', 'User');
		const limit = readLimit(this, i, 'templates');
		return await collectPages<IDataObject>(async (nextToken) => {
			const page = await visibleTemplatesPage(run.api, userId, nextToken as number | undefined, i);
			return { entries: page.templates, next: page.next };
		}, limit);
	});
}
