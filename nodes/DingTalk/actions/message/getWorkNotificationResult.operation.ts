import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { agentIdOf, forEachTask, taskIdsOf } from './agentId';
import { runPerItem } from '../../helpers/execution/items';
import { dingTalkApiRequest } from '../../transport';
import { options, optionsCollection } from '../common.description';
import { taskIdField } from './common.description';

const properties: INodeProperties[] = [
	{
		...taskIdField,
		description:
			'The taskId(s) Send Work Notification returned: one, a list, or its taskIds (one task per 100 users). One result per task; results are kept for 24 hours.',
	},
	optionsCollection(options.agentId),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['getWorkNotificationResult'] } },
	properties,
);

/** Why DingTalk dropped a notification (forbidden_list codes, https://open.dingtalk.com/document/orgapp/obtain-the-sending-result-of-asynchronous-sending-of-enterprise). */
const FORBIDDEN_REASONS: Record<string, string> = {
	'143103': 'over the per-minute limit for this user',
	'143104': 'over the per-minute limit for the app',
	'143105': 'over the daily limit of notifications to this user',
	'143106': 'the same content was already sent to this user today',
};

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const credentials = await run.api.credentials();
	return await runPerItem(this, items, async (i) => {
		const taskIds = taskIdsOf(this, i, this.getNodeParameter('taskId', i, ''));
		const agentId = agentIdOf(
			this,
			i,
			credentials,
			this.getNodeParameter('options', i, {}) as IDataObject,
		);
		// One task per call: getsendresult takes a single task_id (int64, sent with every digit).
		return await forEachTask(this, taskIds, async (taskId) => {
			const response = await dingTalkApiRequest<{ send_result?: IDataObject }>(run.api, {
				api: 'old',
				method: 'POST',
				path: '/topapi/message/corpconversation/getsendresult',
				body: { agent_id: agentId, task_id: taskId },
				int64Fields: ['agent_id', 'task_id'],
				itemIndex: i,
				idempotent: true,
			});
			return resultOf(taskId, response.send_result ?? {});
		});
	});
}

/** One task's send_result, in the node's words. */
function resultOf(taskId: string, result: IDataObject): IDataObject {
	const list = (key: string) => (Array.isArray(result[key]) ? (result[key] as string[]) : []);
	const forbidden = (
		Array.isArray(result.forbidden_list) ? (result.forbidden_list as IDataObject[]) : []
	).map((entry) => ({
		userId: entry.userid,
		code: String(entry.code),
		count: entry.count,
		reason: FORBIDDEN_REASONS[String(entry.code)] ?? 'dropped by DingTalk',
	}));
	return {
		taskId,
		invalidUserIds: list('invalid_user_id_list'),
		forbiddenUserIds: list('forbidden_user_id_list'),
		failedUserIds: list('failed_user_id_list'),
		readUserIds: list('read_user_id_list'),
		unreadUserIds: list('unread_user_id_list'),
		invalidDeptIds: list('invalid_dept_id_list'),
		forbidden,
	};
}
