import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parameterError } from '../../helpers/execution/items';
import { locatorText } from '../../helpers/lookups/locators';

/** A user record as Simplify shows it (User → Get, Search by Name, Get Many in Department). */
export function simplifyUser(user: IDataObject, fallbackId = ''): IDataObject {
	return {
		userId: user.userid ?? fallbackId,
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
}

export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};

/** The department a Department locator names (list or ID; 1 is the whole organisation). */
export function departmentIdOf(context: IExecuteFunctions, itemIndex: number): number {
	const { value } = locatorText(
		context,
		itemIndex,
		context.getNodeParameter('deptId', itemIndex, ''),
		'Department',
	);
	if (!/^\d+$/.test(value))
		throw parameterError(
			context,
			itemIndex,
			'Department',
			value ? `Department ID "${value}" is not a number` : 'No department given',
			'Pick the department from the list, or enter its numeric ID (1 is the whole organisation).',
		);
	return Number(value);
}
