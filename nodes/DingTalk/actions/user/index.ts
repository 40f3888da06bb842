import type { INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../node.type';
import * as get from './get.operation';
import * as getByMobile from './getByMobile.operation';
import * as getManyInDepartment from './getManyInDepartment.operation';
import * as getSubDepartments from './getSubDepartments.operation';
import * as search from './search.operation';

export { get, getByMobile, getManyInDepartment, getSubDepartments, search };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Name, unionId and departments of a userId',
				action: 'Get a user',
			},
			{
				name: 'Get by Mobile',
				value: 'getByMobile',
				description: 'The userId of a mobile number (获取用户ID)',
				action: 'Get a user by mobile',
			},
			{
				name: 'Get Many in Department',
				value: 'getManyInDepartment',
				description: "A department's members (获取部门用户详情), the whole tree below it if asked",
				action: 'Get many users in a department',
			},
			{
				name: 'Get Sub-Departments',
				value: 'getSubDepartments',
				description: "A department's sub-departments (获取部门列表), every level if asked",
				action: 'Get sub departments of a department',
			},
			{
				name: 'Search by Name',
				value: 'search',
				description: 'Members whose name matches (搜索用户)',
				action: 'Search users by name',
			},
		] satisfies Array<OperationOption<'user'>>,
		default: 'get',
	},
	...get.description,
	...getByMobile.description,
	...search.description,
	...getManyInDepartment.description,
	...getSubDepartments.description,
];
