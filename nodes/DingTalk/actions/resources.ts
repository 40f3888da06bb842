import type { INodeProperties } from 'n8n-workflow';

import * as api from './api';
import * as customRobot from './customRobot';
import * as message from './message';

/** Every property of the DingTalk node: the resource selector, then each resource's operations. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'API', value: 'api', description: 'Any DingTalk endpoint, with the token handled' },
			{ name: 'Custom Robot', value: 'customRobot', description: 'A group\'s custom robot webhook (群自定义机器人)' },
			{ name: 'Message', value: 'message', description: 'Messages from the app robot and work notifications' },
		],
		default: 'message',
	},
	...message.description,
	...customRobot.description,
	...api.description,
];
