import type { INodeProperties } from 'n8n-workflow';

import * as message from './message';

/** Every property of the DingTalk node: the resource selector, then each resource's operations. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [{ name: 'Message', value: 'message' }],
		default: 'message',
	},
	...message.description,
];
