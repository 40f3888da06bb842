import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { runPerItem, readLimit } from '../../helpers/execution/items';
import { departmentUsersPage, subDepartments } from '../../helpers/lookups/contacts';
import { departmentLocator } from '../locators.description';
import { departmentIdOf, simplifyField, simplifyUser } from './common';
import { returnAllFields } from '../common.description';

const properties: INodeProperties[] = [
	departmentLocator(),
	{
		displayName: 'Include Sub-Departments',
		name: 'includeSubDepartments',
		type: 'boolean',
		default: false,
		description:
			'Whether members of every department below it are returned too (the whole tree); each member once',
	},
	...returnAllFields,
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['getManyInDepartment'] } },
	properties,
);

/**
 * A department's members (获取部门用户详情, 100 a call), and with Include Sub-Departments those of
 * the whole tree below it, department by department (breadth first). A member of several
 * departments is returned once.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const deptId = departmentIdOf(this, i);
		const limit = readLimit(this, i, 'users');
		const wholeTree = this.getNodeParameter('includeSubDepartments', i, false) as boolean;
		const simplify = this.getNodeParameter('simplify', i, true) as boolean;
		const seen = new Set<string>();
		const users: IDataObject[] = [];
		const queue = [deptId];
		while (queue.length > 0 && users.length < limit) {
			const current = queue.shift()!;
			let cursor: number | undefined = 0;
			while (cursor !== undefined && users.length < limit) {
				const page = await departmentUsersPage(run, current, cursor, undefined, i);
				for (const user of page.users) {
					const userId = String(user.userid ?? '');
					if (seen.has(userId) || users.length >= limit) continue;
					seen.add(userId);
					users.push(simplify ? simplifyUser(user) : user);
				}
				cursor = page.nextCursor;
			}
			if (wholeTree && users.length < limit)
				queue.push(...(await subDepartments(run, current, i)).map((dept) => dept.deptId));
		}
		return users;
	});
}
