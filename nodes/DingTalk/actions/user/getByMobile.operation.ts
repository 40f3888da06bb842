import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { parameterError, runPerItem } from '../../helpers/execution/items';
import { userIdByMobile } from '../../helpers/lookups/users';

const properties: INodeProperties[] = [
	{
		displayName: 'Mobile',
		name: 'mobile',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 13800000000',
		description:
			"The member's mobile number as registered in DingTalk (mainland numbers without +86)",
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['getByMobile'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const mobile = String(this.getNodeParameter('mobile', i, ''))
			.replace(/[\s-]/g, '')
			.replace(/^\+86/, '');
		if (!/^\+?\d{5,20}$/.test(mobile)) {
			throw parameterError(
				this,
				i,
				'Mobile',
				mobile ? `"${mobile}" is not a phone number` : 'No mobile number given',
				'Enter digits only, e.g. 13800000000.',
			);
		}
		const result = await userIdByMobile(run, i, mobile);
		return {
			mobile,
			userId: result.userid ?? null,
			exclusiveAccountUserIds: result.exclusive_account_userid_list ?? [],
		};
	});
}
