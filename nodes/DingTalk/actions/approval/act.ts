/**
 * Approve / Reject: executes a task of the instance as its approver.
 * https://open.dingtalk.com/document/orgapp/approve-or-reject-the-approval-task
 */
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

export function actDescription(operation: 'approve' | 'reject'): INodeProperties[] {
	return [
		instanceIdField([operation]),
		userField(
			'actionerUserId',
			'Approver User ID',
			[operation],
			'The userId (用户ID) of the approver whose task it is',
		),
		taskIdField([operation]),
		{
			displayName: 'Remark',
			name: 'remark',
			type: 'string',
			default: '',
			description: 'The comment shown with the decision (审批意见)',
			displayOptions: { show: { resource: ['approval'], operation: [operation] } },
		},
	];
}

export async function act(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
	result: 'agree' | 'refuse',
): Promise<INodeExecutionData[]> {
	return await runPerItem(context, items, async (i) => {
		const instanceId = requiredParameter(
			context,
			i,
			'instanceId',
			'Instance ID',
			'Map the instanceId from Start or from an approval event.',
		);
		const userId = await requiredUserId(
			context,
			run,
			i,
			'actionerUserId',
			'Approver User ID',
			'Pick the approver whose turn it is, or enter their userId.',
		);
		const remark = String(context.getNodeParameter('remark', i, '') ?? '');
		const taskId = await taskToActOn(context, run, i, instanceId, userId, 'Approver User ID');
		const answer = await dingTalkApiRequest<IDataObject>(run.api, {
			api: 'new',
			method: 'POST',
			path: '/v1.0/workflow/processInstances/execute',
			body: {
				processInstanceId: instanceId,
				taskId,
				actionerUserId: userId,
				result,
				...(remark ? { remark } : {}),
			},
			itemIndex: i,
		});
		return { instanceId, taskId: String(taskId), userId, result, done: answer.result === true };
	});
}
