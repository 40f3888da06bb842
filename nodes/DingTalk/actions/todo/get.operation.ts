import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { runPerItem, requiredText } from '../../helpers/execution/items';
import { dingTalkApiRequest } from '../../transport';
import { operatorField, operatorUnionId, taskOutput, todoPath } from './task';

const properties: INodeProperties[] = [
	{
		displayName: 'Look Up By',
		name: 'lookUpBy',
		type: 'options',
		options: [
			{ name: 'To-Do ID', value: 'todoId' },
			{ name: 'Source ID', value: 'sourceId', description: "Your system's ID given at creation" },
		],
		default: 'todoId',
	},
	{
		displayName: 'To-Do ID',
		name: 'todoId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. task86e68644789bd6xxxx',
		description: 'The ID of the to-do (待办ID), as Create or Get Many returns it',
		displayOptions: { show: { lookUpBy: ['todoId'] } },
	},
	{
		displayName: 'Source ID',
		name: 'sourceId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. erp-order-42',
		description: 'The Source ID the to-do was created with',
		displayOptions: { show: { lookUpBy: ['sourceId'] } },
	},
];

export const description: INodeProperties[] = [
	operatorField(['get'], 'The userId (用户ID) of a member who can see the to-do'),
	...updateDisplayOptions({ show: { resource: ['todo'], operation: ['get'] } }, properties),
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const bySource = this.getNodeParameter('lookUpBy', i, 'todoId') === 'sourceId';
		const id = bySource
			? requiredText(
					this,
					i,
					this.getNodeParameter('sourceId', i, ''),
					'Source ID',
					'Enter the Source ID the to-do was created with.',
				)
			: requiredText(
					this,
					i,
					this.getNodeParameter('todoId', i, ''),
					'To-Do ID',
					'Enter a to-do ID, or map one from Create or Get Many.',
				);
		const unionId = await operatorUnionId(this, run, i);
		// https://open.dingtalk.com/document/orgapp/query-a-to-do-task
		const task = await dingTalkApiRequest<IDataObject>(run.api, {
			api: 'new',
			method: 'GET',
			path: bySource
				? `${todoPath(unionId)}/sources/${encodeURIComponent(id)}`
				: todoPath(unionId, id),
			itemIndex: i,
			idempotent: true,
		});
		return taskOutput(task);
	});
}
