import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { parameterError, runPerItem } from '../../helpers/execution/items';
import { getUser } from '../../helpers/lookups/users';

const properties: INodeProperties[] = [
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. manager4220',
		description: 'The userId (用户ID) to look up',
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return a simplified version of the response instead of the raw data',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const userId = String(this.getNodeParameter('userId', i, '')).trim();
		if (!userId)
			throw parameterError(
				this,
				i,
				'User ID',
				'No user ID given',
				'Enter a userId (用户ID), or map one from an earlier node.',
			);
		const user = await getUser(run, i, userId);
		if (!this.getNodeParameter('simplify', i, true)) return user;
		return {
			userId: user.userid ?? userId,
			unionId: user.unionid ?? null,
			name: user.name ?? null,
			title: user.title ?? null,
			departmentIds: user.dept_id_list ?? [],
			email: user.email ?? null,
			mobile: user.mobile ?? null,
			active: user.active ?? null,
			admin: user.admin ?? null,
			boss: user.boss ?? null,
		};
	});
}
