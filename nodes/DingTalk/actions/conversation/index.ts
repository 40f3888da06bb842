import type { INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../node.type';
import * as getOpenConversationId from './getOpenConversationId.operation';

export { getOpenConversationId };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['conversation'] } },
		options: [
			{
				name: 'Get Open Conversation ID',
				value: 'getOpenConversationId',
				description: 'Convert an old chatId into the openConversationId robot APIs want',
				action: 'Get the open conversation ID of a chat',
			},
		] satisfies Array<OperationOption<'conversation'>>,
		default: 'getOpenConversationId',
	},
	...getOpenConversationId.description,
];
