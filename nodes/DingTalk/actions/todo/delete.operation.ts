import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { runPerItem, requiredText } from '../../helpers/execution/items';
import { dingTalkApiRequest } from '../../transport';
import { operatorField, operatorUnionId, taskIdField, todoPath } from './task';

export const description: INodeProperties[] = [
	operatorField(['delete'], 'The userId (用户ID) of the member deleting it'),
	taskIdField(['delete']),
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const taskId = requiredText(
			this,
			i,
			this.getNodeParameter('todoId', i, ''),
			'To-Do ID',
			'Enter a to-do ID, or map one from Create or Get Many.',
		);
		const unionId = await operatorUnionId(this, run, i);
		// https://open.dingtalk.com/document/orgapp/delete-dingtalk-to-do-tasks
		const answer = await dingTalkApiRequest<IDataObject>(run.api, {
			api: 'new',
			method: 'DELETE',
			path: todoPath(unionId, taskId),
			qs: { operatorId: unionId },
			itemIndex: i,
		});
		return { id: taskId, deleted: answer.result === true };
	});
}
