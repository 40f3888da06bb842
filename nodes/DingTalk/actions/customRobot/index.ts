import type { INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../node.type';
import * as sendMessage from './sendMessage.operation';

export { sendMessage };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customRobot'] } },
		options: [
			{
				name: 'Send Message',
				value: 'sendMessage',
				description: 'Post to a group through its custom robot webhook (加签 and keyword handled)',
				action: 'Send a message through a custom robot',
			},
		] satisfies Array<OperationOption<'customRobot'>>,
		default: 'sendMessage',
	},
	...sendMessage.description,
];
