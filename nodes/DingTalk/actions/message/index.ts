import type { INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../node.type';
import * as getReadStatus from './getReadStatus.operation';
import * as getWorkNotificationResult from './getWorkNotificationResult.operation';
import * as recall from './recall.operation';
import * as reply from './reply.operation';
import * as sendAndWait from './sendAndWait.operation';
import * as sendToGroup from './sendToGroup.operation';
import * as sendToUsers from './sendToUsers.operation';
import * as sendWorkNotification from './sendWorkNotification.operation';

export {
	getReadStatus,
	getWorkNotificationResult,
	recall,
	reply,
	sendAndWait,
	sendToGroup,
	sendToUsers,
	sendWorkNotification,
};

/**
 * Operations by how often workflows need them (sending first, lookups last), not alphabetically:
 * the editor lists the actions in this order.
 */
const OPERATIONS: Array<OperationOption<'message'>> = [
	{
		name: 'Send to Users',
		value: 'sendToUsers',
		description: 'Send a 1:1 message to any number of users through the app robot',
		action: 'Send a message to users',
	},
	{
		name: 'Send to Group',
		value: 'sendToGroup',
		description: 'Send a message into a group chat through the app robot',
		action: 'Send a message to a group',
	},
	{
		name: 'Send Work Notification',
		value: 'sendWorkNotification',
		description:
			'Send a work notification (工作通知) from the app to users, departments or everyone',
		action: 'Send a work notification',
	},
	{
		name: 'Send and Wait for Response',
		value: 'sendAndWait',
		description: 'Ask users or a group to approve, decline or reply, and wait for the answer',
		action: 'Send a message and wait for response',
	},
	{
		name: 'Reply',
		value: 'reply',
		description:
			'Answer a message someone sent the robot (from a DingTalk Trigger), mentioning them in groups',
		action: 'Reply to a message',
	},
	{
		name: 'Recall',
		value: 'recall',
		description: 'Take back a robot message or a work notification',
		action: 'Recall a message',
	},
	{
		name: 'Get Read Status',
		value: 'getReadStatus',
		description: 'Who has read a robot message',
		action: 'Get the read status of a message',
	},
	{
		name: 'Get Work Notification Result',
		value: 'getWorkNotificationResult',
		description: 'Who received, read, or was skipped by a work notification',
		action: 'Get the result of a work notification',
	},
];

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: OPERATIONS,
		default: 'sendToUsers',
	},
	...sendToUsers.description,
	...sendToGroup.description,
	...sendWorkNotification.description,
	...getWorkNotificationResult.description,
	...recall.description,
	...getReadStatus.description,
	...sendAndWait.description,
	...reply.description,
];
