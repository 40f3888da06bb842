import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { runPerItem, readLimit } from '../../helpers/execution/items';
import { subDepartments } from '../../helpers/lookups/contacts';
import { departmentLocator } from '../locators.description';
import { departmentIdOf } from './common';
import { returnAllFields } from '../common.description';

const properties: INodeProperties[] = [
	departmentLocator({
		description: 'The department whose sub-departments to list; 1 is the whole organisation',
	}),
	{
		displayName: 'Whole Tree',
		name: 'wholeTree',
		type: 'boolean',
		default: false,
		description: 'Whether every level below is listed, not only the next one',
	},
	...returnAllFields,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['getSubDepartments'] } },
	properties,
);

/**
 * Sub-departments (获取部门列表: one level a call, no paging), breadth first with Whole Tree. Each
 * carries its path of names from the department asked for.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const deptId = departmentIdOf(this, i);
		const limit = readLimit(this, i, 'departments');
		const wholeTree = this.getNodeParameter('wholeTree', i, false) as boolean;
		const found: IDataObject[] = [];
		const queue: Array<{ id: number; path: string[] }> = [{ id: deptId, path: [] }];
		while (queue.length > 0 && found.length < limit) {
			const parent = queue.shift()!;
			for (const dept of await subDepartments(run, parent.id, i)) {
				if (found.length >= limit) break;
				const path = [...parent.path, dept.name];
				found.push({
					deptId: dept.deptId,
					name: dept.name,
					parentId: dept.parentId,
					path: path.join(' / '),
				});
				if (wholeTree) queue.push({ id: dept.deptId, path });
			}
		}
		return found;
	});
}
