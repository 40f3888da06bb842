import type { INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../node.type';
import * as send from './send.operation';
import * as update from './update.operation';

export { send, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['card'] } },
		options: [
			{
				name: 'Send Interactive Card',
				value: 'send',
				description:
					'Send a card with Markdown and buttons (StandardCard, no template needed) to a user or a group',
				action: 'Send an interactive card',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Replace the content of a card that was sent',
				action: 'Update an interactive card',
			},
		] satisfies Array<OperationOption<'card'>>,
		default: 'send',
	},
	...send.description,
	...update.description,
];
