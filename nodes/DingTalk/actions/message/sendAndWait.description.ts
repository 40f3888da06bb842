/**
 * The Send and Wait for Response parameters, named and shaped as in n8n's own send-and-wait
 * nodes (Slack, Telegram, Gmail: responseType, approvalOptions.values, options.limitWaitTime,
 * options.appendAttribution, the form options, the custom form fields), plus what DingTalk adds:
 * the recipients, the card title, answering inside DingTalk over Stream, and who may answer.
 */
import type { INodeProperties } from 'n8n-workflow';

import { conversationIdField, options } from '../common.description';
import { userIdsField } from './common.description';
import { usersPickerField } from '../locators.description';
import { customFormProperties } from './sendAndWait.formFields';
import { appendAttribution, formOptions, limitWaitTime } from './sendAndWait.options';
import { SEND_AND_WAIT_MAX_USERS } from './sendAndWait.recipients';

const approvalOnly = { show: { responseType: ['approval'] } };
const inCard = { show: { responseType: ['approval'], approveIn: ['card'] } };

export const sendAndWaitProperties: INodeProperties[] = [
	{
		displayName: 'Send To',
		name: 'sendTo',
		type: 'options',
		default: 'user',
		options: [
			{
				name: 'Users',
				value: 'user',
				description: '1:1 chats with the robot; the answer says who gave it',
			},
			{
				name: 'Group',
				value: 'group',
				description:
					'A group the robot is in (links are anonymous there; card clicks name the user)',
			},
		],
	},
	userIdsField({
		description: `UserIds (用户ID) of up to ${SEND_AND_WAIT_MAX_USERS} people to ask. Each gets their own buttons; the first answer resumes the workflow.`,
		displayOptions: { show: { sendTo: ['user'] } },
	}),
	usersPickerField({ displayOptions: { show: { sendTo: ['user'] } } }),
	conversationIdField({ displayOptions: { show: { sendTo: ['group'] } } }),
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Approve the refund for order 4711?',
		description: 'Message title (消息标题), shown in the chat list and in notifications',
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		default: '',
		required: true,
		typeOptions: { rows: 4 },
		placeholder: 'e.g. **Customer:** ACME\\n**Amount:** ¥1,200',
		description:
			"Message content (消息内容) in DingTalk's Markdown subset, shown above the buttons",
	},
	{
		displayName: 'Response Type',
		name: 'responseType',
		type: 'options',
		default: 'approval',
		options: [
			{
				name: 'Approval',
				value: 'approval',
				description: 'User can approve or disapprove from within the message',
			},
			{
				name: 'Custom Form',
				value: 'customForm',
				description: 'User can submit a response via a custom form',
			},
			{
				name: 'Free Text',
				value: 'freeText',
				description: 'User can submit a response via a form',
			},
		],
	},
	...customFormProperties,
	{
		displayName: 'Approval Options',
		name: 'approvalOptions',
		type: 'fixedCollection',
		placeholder: 'Add option',
		default: {},
		displayOptions: approvalOnly,
		options: [
			{
				displayName: 'Values',
				name: 'values',
				values: [
					{
						displayName: 'Type of Approval',
						name: 'approvalType',
						type: 'options',
						default: 'single',
						options: [
							{ name: 'Approve and Disapprove', value: 'double' },
							{ name: 'Approve Only', value: 'single' },
						],
					},
					{
						displayName: 'Approve Button Label',
						name: 'approveLabel',
						type: 'string',
						default: 'Approve',
					},
					{
						displayName: 'Disapprove Button Label',
						name: 'disapproveLabel',
						type: 'string',
						default: 'Decline',
						displayOptions: { show: { approvalType: ['double'] } },
					},
				],
			},
		],
	},
	{
		displayName: 'Approve In',
		name: 'approveIn',
		type: 'options',
		default: 'link',
		displayOptions: approvalOnly,
		options: [
			{
				name: 'Browser (Signed Links)',
				value: 'link',
				description:
					"The buttons open n8n's signed resume links; people's DingTalk must reach n8n's webhook URL",
			},
			{
				name: 'DingTalk Card (Stream Mode)',
				value: 'card',
				description:
					'An interactive card; the click reaches n8n through an active DingTalk Stream Trigger (Card Callbacks) of the same app: no public URL',
			},
		],
	},
	{
		displayName: 'Restrict Who Can Approve',
		name: 'approvers',
		type: 'string',
		default: '',
		displayOptions: approvalOnly,
		placeholder: 'e.g. manager4220, 0123456789',
		description:
			'UserIds (用户ID) allowed to answer; anyone else is politely refused and the wait goes on. Empty: anyone who gets the message. Group links are anonymous, so in a group this needs Approve In: DingTalk Card.',
	},
	{
		displayName: 'Unauthorized Reply',
		name: 'unauthorizedReplyText',
		type: 'string',
		default: 'You are not authorized to respond to this request.',
		displayOptions: approvalOnly,
		description:
			'What someone not in the approver list is told (on the page they opened, or in a 1:1 message after a card click)',
	},
	{
		displayName: 'Approvals Needed',
		name: 'approvalsNeeded',
		type: 'options',
		default: 'first',
		displayOptions: inCard,
		options: [
			{
				name: 'All Approvers Must Approve',
				value: 'all',
				description:
					'Everyone in Restrict Who Can Approve (or everyone asked) approves; one decline decides',
			},
			{
				name: 'First Answer Decides',
				value: 'first',
				description: 'The first approve or decline resumes the workflow',
			},
		],
	},
	{
		displayName: 'After Decision',
		name: 'postDecisionBehavior',
		type: 'options',
		default: 'showOutcome',
		displayOptions: inCard,
		options: [
			{ name: 'Keep Message Unchanged', value: 'keepMessage' },
			{ name: 'Remove Buttons Only', value: 'removeButtons' },
			{ name: 'Show Outcome and Remove Buttons', value: 'showOutcome' },
		],
		description: 'What happens to the card once someone approves or declines',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: approvalOnly,
		options: [appendAttribution, limitWaitTime, options.robotCode],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { responseType: ['freeText', 'customForm'] } },
		options: [appendAttribution, limitWaitTime, ...formOptions, options.robotCode],
	},
];
