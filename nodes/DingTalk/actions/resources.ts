import type { INodeProperties } from 'n8n-workflow';

import * as api from './api';
import * as card from './card';
import * as conversation from './conversation';
import * as customRobot from './customRobot';
import * as file from './file';
import * as message from './message';
import * as user from './user';

/** Every property of the DingTalk node: the resource selector, then each resource's operations. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'API', value: 'api', description: 'Any DingTalk endpoint, with the token handled' },
			{ name: 'Card', value: 'card', description: 'Interactive cards with buttons' },
			{ name: 'Conversation', value: 'conversation', description: 'Group chat IDs' },
			{ name: 'Custom Robot', value: 'customRobot', description: 'A group\'s custom robot webhook (群自定义机器人)' },
			{ name: 'File', value: 'file', description: 'Drive uploads, group files, media, files sent to the robot' },
			{ name: 'Message', value: 'message', description: 'Messages from the app robot and work notifications' },
			{ name: 'User', value: 'user', description: 'Look up members' },
		],
		default: 'message',
	},
	...message.description,
	...card.description,
	...file.description,
	...customRobot.description,
	...api.description,
	...user.description,
	...conversation.description,
];
