import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem, requiredParameter } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { dingTalkApiRequest } from '../../transport';
import { userIdOf, requiredUserId } from '../../helpers/lookups/locators';
import { instanceIdField, userField } from './instance';

export const description: INodeProperties[] = [
	instanceIdField(['terminate']),
	userField(
		'operatingUserId',
		'Operator User ID',
		['terminate'],
		'The userId (用户ID) revoking it: the originator, unless As the System is on',
	),
	{
		displayName: 'As the System',
		name: 'isSystem',
		type: 'boolean',
		default: false,
		description:
			'Whether to terminate as the system (any instance) rather than as the originator (撤销)',
		displayOptions: { show: { resource: ['approval'], operation: ['terminate'] } },
	},
	{
		displayName: 'Remark',
		name: 'remark',
		type: 'string',
		default: '',
		displayOptions: { show: { resource: ['approval'], operation: ['terminate'] } },
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
		const isSystem = this.getNodeParameter('isSystem', i, false) as boolean;
		const userId = isSystem
			? await userIdOf(
					this,
					run,
					i,
					this.getNodeParameter('operatingUserId', i, ''),
					'Operator User ID',
				)
			: await requiredUserId(
					this,
					run,
					i,
					'operatingUserId',
					'Operator User ID',
					'Pick the originator, enter their userId, or turn on As the System.',
				);
		const remark = String(this.getNodeParameter('remark', i, '') ?? '');
		// https://open.dingtalk.com/document/orgapp/terminate-a-workflow-by-using-an-instance-id
		const answer = await dingTalkApiRequest<IDataObject>(run.api, {
			api: 'new',
			method: 'POST',
			path: '/v1.0/workflow/processInstances/terminate',
			body: {
				processInstanceId: instanceId,
				isSystem,
				...(userId ? { operatingUserId: userId } : {}),
				...(remark ? { remark } : {}),
			},
			itemIndex: i,
		});
		return { instanceId, terminated: answer.result === true };
	});
}
