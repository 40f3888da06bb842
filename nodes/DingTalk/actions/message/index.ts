import type { INodeProperties } from 'n8n-workflow';

import * as sendToUsers from './sendToUsers.operation';

export { sendToUsers };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Send to Users',
				value: 'sendToUsers',
				description: 'Send a 1:1 message to up to any number of users through the app robot',
				action: 'Send a message to users',
			},
		],
		default: 'sendToUsers',
	},
	...sendToUsers.description,
];
