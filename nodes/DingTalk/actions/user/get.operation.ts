import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { parameterError, runPerItem } from '../../helpers/execution/items';
import { userIdOf } from '../../helpers/lookups/locators';
import { getUser } from '../../helpers/lookups/users';
import { userLocator } from '../locators.description';
import { simplifyField, simplifyUser } from './common';

const properties: INodeProperties[] = [
	userLocator({
		displayName: 'User ID',
		description:
			'The member to look up: pick from the list, or give their mobile number or userId (用户ID)',
	}),
	simplifyField,
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
		const userId = await userIdOf(this, run, i, this.getNodeParameter('userId', i, ''), 'User ID');
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
		return simplifyUser(user, userId);
	});
}
