/** What the Stream trigger asks for: what to receive, which events, when to acknowledge. */
import type { INodeProperties } from 'n8n-workflow';

import { approvalFilterProperty } from '../approvalFilter';
import { includeInstanceProperty } from '../approvalInstance';

export const streamTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'In the developer console choose Stream mode (Stream 模式推送) for events and for the robot\'s messages. Activate this workflow before pressing the console\'s "verify connection" button.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Receive',
		name: 'subscriptions',
		type: 'multiOptions',
		default: ['events', 'robotMessages'],
		options: [
			{
				name: 'Card Callbacks',
				value: 'cardCallbacks',
				description: 'Clicks on interactive card buttons',
			},
			{
				name: 'Events',
				value: 'events',
				description: 'Event subscriptions (contacts, groups, approvals…)',
			},
			{
				name: 'Robot Messages',
				value: 'robotMessages',
				description: 'Messages people send to the app robot',
			},
		],
	},
	{
		displayName: 'Event Types',
		name: 'eventTypes',
		type: 'string',
		default: '',
		placeholder: 'e.g. chat_update_title, user_add_org',
		description: 'Only these event types start the workflow, comma-separated. Empty: all.',
	},
	approvalFilterProperty(),
	includeInstanceProperty(),
	{
		displayName: 'Acknowledge',
		name: 'acknowledge',
		type: 'options',
		default: 'afterAccepted',
		options: [
			{
				name: 'After the Workflow Accepted It',
				value: 'afterAccepted',
				description: 'DingTalk re-pushes if n8n did not take the message',
			},
			{ name: 'Immediately', value: 'immediately', description: 'Acknowledge on receipt' },
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Waiting Webhook URL',
				name: 'waitingWebhookUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. http://localhost:5678/webhook-waiting',
				description:
					"Where this n8n process reaches n8n's waiting webhooks, to hand clicks on Send and Wait cards to the waiting execution. Empty: this instance's base URL + /webhook-waiting.",
			},
		],
	},
];
