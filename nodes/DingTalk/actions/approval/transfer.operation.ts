import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem, requiredParameter } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { dingTalkApiRequest } from '../../transport';
import { instanceIdField, taskIdField, taskToActOn, userField } from './instance';
import { requiredUserId } from '../../helpers/lookups/locators';

export const description: INodeProperties[] = [
	instanceIdField(['transfer']),
	userField(
		'operateUserId',
		'Approver User ID',
		['transfer'],
		'The userId (用户ID) of the approver handing the task on',
	),
	userField(
		'toUserId',
		'Transfer To User ID',
		['transfer'],
		'The userId (用户ID) who gets the task (转交给)',
	),
	taskIdField(['transfer']),
	{
		displayName: 'Remark',
		name: 'remark',
		type: 'string',
		default: '',
		displayOptions: { show: { resource: ['approval'], operation: ['transfer'] } },
	},
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const instanceId = requiredParameter(
			this,
			i,
			'instanceId',
			'Instance ID',
			'Map the instanceId from Start or from an approval event.',
		);
		const from = await requiredUserId(
			this,
			run,
			i,
			'operateUserId',
			'Approver User ID',
			'Pick the approver whose turn it is, or enter their userId.',
		);
		const to = await requiredUserId(
			this,
			run,
			i,
			'toUserId',
			'Transfer To User ID',
			'Pick the member who takes the task over, or enter their userId.',
		);
		const remark = String(this.getNodeParameter('remark', i, '') ?? '');
		const taskId = await taskToActOn(this, run, i, instanceId, from, 'Approver User ID');
		// https://open.dingtalk.com/document/orgapp/approval-task-transfer
		const answer = await dingTalkApiRequest<IDataObject>(run.api, {
			api: 'new',
			method: 'POST',
			path: '/v1.0/workflow/tasks/redirect',
			body: { taskId, operateUserId: from, toUserId: to, ...(remark ? { remark } : {}) },
			itemIndex: i,
		});
		return {
			instanceId,
			taskId: String(taskId),
			fromUserId: from,
			toUserId: to,
			transferred: answer.result === true,
		};
	});
}
