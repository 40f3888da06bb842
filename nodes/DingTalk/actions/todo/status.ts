/**
 * Mark Done / Mark Undone: the whole to-do (update's `done`), or only some executors' part of
 * it (executorStatus). https://open.dingtalk.com/document/orgapp/updates-dingtalk-to-do-tasks,
 * https://open.dingtalk.com/document/orgapp/update-dingtalk-to-do-status
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { runPerItem, requiredText } from '../../helpers/execution/items';
import { dingTalkApiRequest } from '../../transport';
import {
	operatorField,
	operatorUnionId,
	taskIdField,
	todoPath,
	todoUsersPicker,
	userListUnionIds,
} from './task';
import { pickedUsers } from '../../helpers/lookups/locators';

export function statusDescription(operation: 'markDone' | 'markUndone'): INodeProperties[] {
	return [
		operatorField([operation], 'The userId (用户ID) of the member making the change'),
		taskIdField([operation]),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			displayOptions: { show: { resource: ['todo'], operation: [operation] } },
			options: [
				{
					displayName: 'Only for Executor User IDs',
					name: 'executorUserIds',
					type: 'string',
					default: '',
					placeholder: 'e.g. user0001',
					description:
						"Change only these executors' status (执行者状态), not the whole to-do: userIds separated by commas, or an array",
				},
				todoUsersPicker(
					'executorUserList',
					'Only for Executors',
					"Change only these executors' status, picked from the list, by mobile or by userId; added to Only for Executor User IDs",
				),
			],
		},
	];
}

export async function setDone(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
	done: boolean,
): Promise<INodeExecutionData[]> {
	return await runPerItem(context, items, async (i) => {
		const taskId = requiredText(
			context,
			i,
			context.getNodeParameter('todoId', i, ''),
			'To-Do ID',
			'Enter a to-do ID, or map one from Create or Get Many.',
		);
		const options = context.getNodeParameter('options', i, {}) as IDataObject;
		const unionId = await operatorUnionId(context, run, i);
		const onlySome =
			(options.executorUserIds !== undefined && options.executorUserIds !== '') ||
			pickedUsers(options.executorUserList).length > 0;
		const executors = onlySome
			? await userListUnionIds(context, run, i, {
					text: options.executorUserIds,
					textName: 'Only for Executor User IDs',
					picked: options.executorUserList,
					pickedName: 'Only for Executors',
				})
			: undefined;
		const path = todoPath(unionId, taskId);
		const answer = await dingTalkApiRequest<IDataObject>(run.api, {
			api: 'new',
			method: 'PUT',
			path: executors ? `${path}/executorStatus` : path,
			qs: { operatorId: unionId },
			body: executors
				? { executorStatusList: executors.map((id) => ({ id, isDone: done })) }
				: { done },
			itemIndex: i,
			idempotent: true,
		});
		return {
			id: taskId,
			done,
			updated: answer.result === true,
			...(executors ? { executorIds: executors } : {}),
		};
	});
}
