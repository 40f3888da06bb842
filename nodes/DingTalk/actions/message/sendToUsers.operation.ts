import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { runPerItem, parameterError } from '../../helpers/items';
import { buildRobotMessage, type RobotMessageType } from '../../helpers/messageContent';
import { chunk, parseIdList } from '../../helpers/recipients';
import { dingTalkApiRequest, getDingTalkCredentials, robotCodeOf, type DingTalkRequest } from '../../transport';

/** DingTalk accepts at most 20 userIds per batchSend call (dingtalk-api.md §3.1). */
export const BATCH_SEND_MAX_USERS = 20;

const properties: INodeProperties[] = [
	{
		displayName: 'User IDs',
		name: 'userIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. manager4220, 0123456789',
		description:
			'UserIds (用户ID, not unionIds) of the recipients: comma or newline separated, a JSON array like ["id1","id2"], or an array from an expression. More than 20 are sent in several calls.',
		hint: 'Find a userId in the admin console (oa.dingtalk.com) → Contacts, or with User → Get by Mobile',
	},
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		default: 'text',
		description: 'Message template (消息模板)',
		options: [
			{ name: 'Markdown', value: 'markdown', description: 'Markdown text with a title (sampleMarkdown)' },
			{ name: 'Text', value: 'text', description: 'Plain text (sampleText)' },
		],
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Daily report',
		description: 'Message title (消息标题), shown in the chat list and in notifications',
		displayOptions: { show: { messageType: ['markdown'] } },
	},
	{
		displayName: 'Content',
		name: 'content',
		type: 'string',
		default: '',
		required: true,
		typeOptions: { rows: 4 },
		placeholder: 'e.g. Hello from n8n',
		description: 'Message content (消息内容). Markdown messages accept DingTalk\'s Markdown subset.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Robot Code',
				name: 'robotCode',
				type: 'string',
				default: '',
				description:
					'Send through another robot of this app. Defaults to the credential\'s Robot Code, or its Client ID.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendToUsers'] } },
	properties,
);

interface BatchSendResponse {
	processQueryKey?: string;
	invalidStaffIdList?: string[];
	flowControlledStaffIdList?: string[];
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const parsed = parseIdList(this.getNodeParameter('userIds', i), 'user ID');
		if (parsed.problem !== undefined) {
			throw parameterError(this, i, 'User IDs', parsed.problem, parsed.fix);
		}
		const userIds = parsed.ids;
		if (userIds.length === 0) {
			throw parameterError(
				this,
				i,
				'User IDs',
				'No user IDs given',
				'Enter at least one userId (用户ID), e.g. "manager4220", or map a field that contains them.',
			);
		}

		const messageType = this.getNodeParameter('messageType', i) as RobotMessageType;
		const built = buildRobotMessage({
			type: messageType,
			content: this.getNodeParameter('content', i, '') as string,
			title: messageType === 'markdown' ? (this.getNodeParameter('title', i, '') as string) : undefined,
		});
		if (built.problem !== undefined) {
			throw parameterError(this, i, built.problem.parameter, built.problem.problem, built.problem.fix);
		}
		const message = built.message;

		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const robotCode = robotCodeOf(await getDingTalkCredentials(this), options.robotCode as string);

		const processQueryKeys: string[] = [];
		const invalidUserIds: string[] = [];
		const flowControlledUserIds: string[] = [];
		const delivered: string[] = [];
		for (const userIdChunk of chunk(userIds, BATCH_SEND_MAX_USERS)) {
			let response: BatchSendResponse;
			try {
				response = await dingTalkApiRequest.call<IExecuteFunctions, [DingTalkRequest], Promise<BatchSendResponse>>(this, {
					api: 'new',
					method: 'POST',
					path: '/v1.0/robot/oToMessages/batchSend',
					body: { robotCode, userIds: userIdChunk, msgKey: message.msgKey, msgParam: message.msgParam },
					itemIndex: i,
				});
			} catch (error) {
				if (error instanceof NodeApiError && delivered.length > 0) {
					// Some chunks already went out: say so, so nobody re-runs the whole list blindly.
					error.description = `${error.description ?? ''} Already sent before this failure to ${delivered.length} of ${userIds.length} users (processQueryKeys ${processQueryKeys.join(', ')}): ${delivered.join(', ')}.`.trim();
					error.context.sentUserIds = delivered;
					error.context.processQueryKeys = processQueryKeys;
				}
				throw new NodeApiError(this.getNode(), error as JsonObject);
			}
			const invalid = response.invalidStaffIdList ?? [];
			const throttled = response.flowControlledStaffIdList ?? [];
			if (response.processQueryKey) processQueryKeys.push(response.processQueryKey);
			invalidUserIds.push(...invalid);
			flowControlledUserIds.push(...throttled);
			const skipped = new Set([...invalid, ...throttled]);
			delivered.push(...userIdChunk.filter((id) => !skipped.has(id)));
		}

		return {
			processQueryKey: processQueryKeys[0] ?? null,
			processQueryKeys,
			sentUserIds: delivered,
			invalidUserIds,
			flowControlledUserIds,
			messageType,
			robotCode,
		};
	});
}
