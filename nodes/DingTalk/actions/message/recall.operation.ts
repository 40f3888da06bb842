import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { agentIdOf, forEachTask, taskIdsOf } from './agentId';
import { resolveOpenConversationId } from '../../helpers/lookups/conversation';
import { parameterError, runPerItem } from '../../helpers/execution/items';
import { parseIdList } from '../../helpers/messages/recipients';
import { dingTalkApiRequest, robotCodeOf, type DingTalkRequest } from '../../transport';
import { conversationIdField, options, optionsCollection } from '../common.description';
import { taskIdField } from './common.description';

const properties: INodeProperties[] = [
	{
		displayName: 'Message Sent To',
		name: 'recallFrom',
		type: 'options',
		default: 'users',
		options: [
			{
				name: 'Users (Robot 1:1)',
				value: 'users',
				description: 'Messages sent with Send to Users',
			},
			{ name: 'Group (Robot)', value: 'group', description: 'Messages sent with Send to Group' },
			{
				name: 'Work Notification',
				value: 'workNotification',
				description: 'Notifications sent with Send Work Notification',
			},
		],
	},
	{
		displayName: 'Process Query Keys',
		name: 'processQueryKeys',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.processQueryKeys }}',
		description:
			'The processQueryKey(s) the send returned: one, a list, or an array from an expression',
		displayOptions: { show: { recallFrom: ['users', 'group'] } },
	},
	conversationIdField({
		description: 'The group the message was sent to (openConversationId, or chatId)',
		displayOptions: { show: { recallFrom: ['group'] } },
	}),
	{
		...taskIdField,
		description:
			'The taskId(s) Send Work Notification returned: one, a list, or its taskIds (one task per 100 users)',
		displayOptions: { show: { recallFrom: ['workNotification'] } },
	},
	optionsCollection(options.agentId, options.robotCode),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['recall'] } },
	properties,
);

const RECALL_KEYS_PER_CALL = 20;

interface RecallResponse {
	successResult?: string[];
	failedResult?: Record<string, string>;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const credentials = await run.api.credentials();
	return await runPerItem(this, items, async (i) => {
		const itemOptions = this.getNodeParameter('options', i, {}) as IDataObject;
		const recallFrom = this.getNodeParameter('recallFrom', i) as string;
		if (recallFrom === 'workNotification') {
			const taskIds = taskIdsOf(this, i, this.getNodeParameter('taskId', i, ''));
			const agentId = agentIdOf(this, i, credentials, itemOptions);
			// recall takes one msg_task_id (int64, sent with every digit): one call per task.
			const results = await forEachTask(this, taskIds, async (taskId) => {
				await dingTalkApiRequest<IDataObject>(run.api, {
					api: 'old',
					method: 'POST',
					path: '/topapi/message/corpconversation/recall',
					body: { agent_id: agentId, msg_task_id: taskId },
					int64Fields: ['agent_id', 'msg_task_id'],
					itemIndex: i,
					idempotent: true,
				});
				return { taskId };
			});
			return {
				recalled: results.filter((r) => r.error === undefined).map((r) => r.taskId),
				failed: results.filter((r) => r.error !== undefined),
			};
		}
		const parsed = parseIdList(this.getNodeParameter('processQueryKeys', i), 'processQueryKey');
		if (parsed.problem !== undefined)
			throw parameterError(this, i, 'Process Query Keys', parsed.problem, parsed.fix);
		if (parsed.ids.length === 0) {
			throw parameterError(
				this,
				i,
				'Process Query Keys',
				'No processQueryKey given',
				'Map the processQueryKey(s) output of the send.',
			);
		}
		const robotCode = robotCodeOf(credentials, itemOptions.robotCode as string);
		const openConversationId =
			recallFrom === 'group'
				? await resolveOpenConversationId(run, i, this.getNodeParameter('conversationId', i, ''))
				: '';
		const request = (processQueryKeys: string[]): DingTalkRequest =>
			recallFrom === 'group'
				? {
						api: 'new',
						method: 'POST',
						path: '/v1.0/robot/groupMessages/recall',
						body: {
							robotCode,
							openConversationId,
							processQueryKeys,
						},
					}
				: {
						// Lower-case "oto" here, unlike oToMessages/batchSend (https://open.dingtalk.com/document/orgapp/batch-message-recall-chat).
						api: 'new',
						method: 'POST',
						path: '/v1.0/robot/otoMessages/batchRecall',
						body: { robotCode, processQueryKeys },
					};
		// DingTalk's otoMessages/batchRecall reference allows at most 20 processQueryKeys a call
		// (https://open.dingtalk.com/document/orgapp/batch-message-recall-chat): one send to 1,000
		// users returns 50 keys, recalled here in calls of 20 and merged. The groupMessages/recall
		// reference names no maximum
		// (https://open.dingtalk.com/document/orgapp/enterprise-chatbot-withdraws-internal-group-messages),
		// so group keys go in calls of 20 as well rather than all at once.
		const recalled: string[] = [];
		const failed: Array<{ processQueryKey: string; reason: string }> = [];
		for (let start = 0; start < parsed.ids.length; start += RECALL_KEYS_PER_CALL) {
			const response = await dingTalkApiRequest<RecallResponse>(run.api, {
				...request(parsed.ids.slice(start, start + RECALL_KEYS_PER_CALL)),
				itemIndex: i,
				idempotent: true,
			});
			recalled.push(...(response.successResult ?? []));
			failed.push(
				...Object.entries(response.failedResult ?? {}).map(([processQueryKey, reason]) => ({
					processQueryKey,
					reason,
				})),
			);
		}
		return { recalled, failed };
	});
}
