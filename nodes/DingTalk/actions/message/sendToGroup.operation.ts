import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { resolveOpenConversationId } from '../../helpers/lookups/conversation';
import { locatorText } from '../../helpers/lookups/locators';
import { parameterError, runPerItem } from '../../helpers/execution/items';
import { readRobotMessage } from './robotMessage';
import { dingTalkApiRequest, robotCodeOf } from '../../transport';
import { conversationIdField, options, optionsCollection } from '../common.description';
import { robotMessageFields } from '../robotMessage.description';

/** DingTalk rejects group msgParam over 15,000 bytes (https://open.dingtalk.com/document/orgapp/the-robot-sends-a-group-message). */
export const GROUP_MSG_PARAM_MAX_BYTES = 15000;

const properties: INodeProperties[] = [
	conversationIdField({
		hint: 'The robot must be a member of the group. A DingTalk Trigger gives you conversationId for groups that talk to the robot.',
	}),
	...robotMessageFields,
	optionsCollection(
		{
			displayName: 'Cool App Code',
			name: 'coolAppCode',
			type: 'string',
			default: '',
			description: 'Needed when the robot joined the group through a group cool app (酷应用)',
		},
		options.fileName,
		options.robotCode,
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendToGroup'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const credentials = await run.api.credentials();
	return await runPerItem(this, items, async (i) => {
		const itemOptions = this.getNodeParameter('options', i, {}) as IDataObject;
		const given = locatorText(
			this,
			i,
			this.getNodeParameter('conversationId', i, ''),
			'Conversation ID',
		).value;
		const message = await readRobotMessage(run, i);
		const bytes = Buffer.byteLength(message.msgParam, 'utf8');
		if (bytes > GROUP_MSG_PARAM_MAX_BYTES) {
			throw parameterError(
				this,
				i,
				'Content',
				`The message is ${bytes} bytes, over DingTalk's ${GROUP_MSG_PARAM_MAX_BYTES}-byte limit for group messages`,
				'Shorten the text (Chinese characters count 3 bytes each), split it over several items, or send it as a file.',
			);
		}
		const openConversationId = await resolveOpenConversationId(run, i, given);
		const robotCode = robotCodeOf(credentials, itemOptions.robotCode as string);
		const body: IDataObject = {
			robotCode,
			openConversationId,
			msgKey: message.msgKey,
			msgParam: message.msgParam,
		};
		if ((itemOptions.coolAppCode as string)?.trim())
			body.coolAppCode = (itemOptions.coolAppCode as string).trim();
		const response = await dingTalkApiRequest<{ processQueryKey?: string }>(run.api, {
			api: 'new',
			method: 'POST',
			path: '/v1.0/robot/groupMessages/send',
			body,
			itemIndex: i,
		});
		return {
			openConversationId,
			...(openConversationId !== given ? { chatId: given } : {}),
			messageType: this.getNodeParameter('messageType', i) as string,
			robotCode,
			processQueryKey: response.processQueryKey ?? null,
		};
	});
}
