import type { INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../node.type';
import * as request from './request.operation';

export { request };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['api'] } },
		options: [
			{
				name: 'Make a Request',
				value: 'request',
				description:
					"Call any DingTalk endpoint with this app's token (approvals, calendars, AI tables…)",
				action: 'Call any endpoint',
			},
		] satisfies Array<OperationOption<'api'>>,
		default: 'request',
	},
	...request.description,
];
