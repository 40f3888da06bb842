import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { parameterError } from '../../helpers/execution/items';
import type { MessageButton } from '../../helpers/messages/content';
import { buildRobotMessage } from '../../helpers/messages/robotContent';
import { askGroup, askUsers, SEND_AND_WAIT_MAX_USERS } from './sendAndWait.recipients';
import { SEND_AND_WAIT, setTimeoutOutput, waitUntil } from './sendAndWait.webhook';
import { robotCodeOf } from '../../transport';
import { conversationIdField, options, optionsCollection } from '../common.description';
import { userIdsField } from './common.description';
import { usersPickerField } from '../locators.description';

const properties: INodeProperties[] = [
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
				description: 'A group the robot is in; anyone in it can answer, anonymously',
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
				description: 'Approve (and optionally Decline) buttons',
			},
			{
				name: 'Free Text',
				value: 'freeText',
				description: 'A button that opens a form for a written reply',
			},
		],
	},
	{
		displayName: 'Approval Options',
		name: 'approvalOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { responseType: ['approval'] } },
		options: [
			{
				displayName: 'Type of Approval',
				name: 'approvalType',
				type: 'options',
				default: 'double',
				options: [
					{ name: 'Approve and Decline', value: 'double' },
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
				displayName: 'Decline Button Label',
				name: 'declineLabel',
				type: 'string',
				default: 'Decline',
			},
		],
	},
	optionsCollection(
		{
			displayName: 'Limit Wait Time',
			name: 'limitWaitTime',
			type: 'fixedCollection',
			default: {},
			description:
				'Resume without an answer after this long; the output then has data.timedOut = true',
			options: [
				{
					name: 'values',
					displayName: 'Values',
					values: [
						{
							displayName: 'Amount',
							name: 'amount',
							type: 'number',
							default: 1,
							typeOptions: { minValue: 0.01 },
						},
						{
							displayName: 'Unit',
							name: 'unit',
							type: 'options',
							default: 'hours',
							options: [
								{ name: 'Minutes', value: 'minutes' },
								{ name: 'Hours', value: 'hours' },
								{ name: 'Days', value: 'days' },
							],
						},
					],
				},
			],
		},
		{
			displayName: 'Response Button Label',
			name: 'responseButtonLabel',
			type: 'string',
			default: 'Reply',
			description: 'Free Text only: the label of the button that opens the reply form',
		},
		options.robotCode,
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: [SEND_AND_WAIT] } },
	properties,
);

/**
 * Sends the question once (from the first item, as n8n's own Send and Wait nodes do), then puts
 * the execution to wait. The output comes from the button webhook (sendAndWait.webhook.ts).
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const credentials = await run.api.credentials();
	const i = 0;
	const title = String(this.getNodeParameter('title', i, '') ?? '').trim();
	const message = String(this.getNodeParameter('message', i, '') ?? '').trim();
	const responseType = this.getNodeParameter('responseType', i, 'approval') as string;
	const approval = this.getNodeParameter('approvalOptions', i, {}) as IDataObject;
	const itemOptions = this.getNodeParameter('options', i, {}) as IDataObject;
	const robotCode = robotCodeOf(credentials, itemOptions.robotCode as string);
	const waitTill = waitUntil(
		this,
		(itemOptions.limitWaitTime as IDataObject | undefined)?.values as IDataObject | undefined,
	);
	const sendTo = this.getNodeParameter('sendTo', i) as string;

	/** The buttons for one recipient (userId) or for the whole group. */
	const buttonsFor = (userId?: string): MessageButton[] => {
		const who: Record<string, string> = userId ? { userId } : {};
		if (responseType === 'freeText') {
			const label = String(itemOptions.responseButtonLabel ?? '').trim() || 'Reply';
			return [{ title: label, url: this.getSignedResumeUrl({ ...who }) }];
		}
		const approve = {
			title: String(approval.approveLabel ?? '').trim() || 'Approve',
			url: this.getSignedResumeUrl({ approved: 'true', ...who }),
		};
		if (approval.approvalType === 'single') return [approve];
		return [
			approve,
			{
				title: String(approval.declineLabel ?? '').trim() || 'Decline',
				url: this.getSignedResumeUrl({ approved: 'false', ...who }),
			},
		];
	};
	const messageFor = (userId?: string) => {
		const built = buildRobotMessage('actionCard', {
			title,
			content: message,
			buttons: buttonsFor(userId),
			buttonOrientation: 'horizontal',
		});
		if (built.problem) {
			const parameter = built.problem.parameter === 'Content' ? 'Message' : built.problem.parameter;
			throw parameterError(this, i, parameter, built.problem.problem, built.problem.fix);
		}
		return built.message;
	};

	const sent =
		sendTo === 'group'
			? await askGroup(this, run, robotCode, messageFor)
			: await askUsers(this, run, robotCode, messageFor);

	setTimeoutOutput(this, waitTill);
	await this.putExecutionToWait(waitTill);
	return items.slice(0, 1).map((item) => ({
		json: { ...item.json, sentTo: sent, waitingUntil: waitTill.toISOString() },
		pairedItem: { item: 0 },
	}));
}
