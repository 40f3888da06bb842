import type { INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../node.type';
import * as get from './get.operation';
import * as getByMobile from './getByMobile.operation';

export { get, getByMobile };

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
		] satisfies Array<OperationOption<'user'>>,
		default: 'get',
	},
	...get.description,
	...getByMobile.description,
];
