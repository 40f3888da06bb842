import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { parameterError, runPerItem, requiredText } from '../../helpers/execution/items';
import { dingTalkApiRequest } from '../../transport';
import {
	checkLength,
	dueTimeMs,
	operatorField,
	operatorUnionId,
	taskIdField,
	todoPath,
	TODO_LIMITS,
	todoUsersPicker,
	userListUnionIds,
} from './task';

const properties: INodeProperties[] = [
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
			},
			{ displayName: 'Due Time', name: 'dueTime', type: 'dateTime', default: '' },
			{
				displayName: 'Executor User IDs',
				name: 'executorUserIds',
				type: 'string',
				default: '',
				description: 'Replaces the executors: userIds separated by commas, or an array',
			},
			todoUsersPicker(
				'executorUserList',
				'Executors',
				'Replaces the executors, with Executor User IDs: picked from the list, by mobile or by userId',
			),
			{
				displayName: 'Participant User IDs',
				name: 'participantUserIds',
				type: 'string',
				default: '',
				description: 'Replaces the participants: userIds separated by commas, or an array',
			},
			todoUsersPicker(
				'participantUserList',
				'Participants',
				'Replaces the participants, with Participant User IDs: picked from the list, by mobile or by userId',
			),
			{ displayName: 'Subject', name: 'subject', type: 'string', default: '' },
		],
	},
];

export const description: INodeProperties[] = [
	operatorField(['update'], 'The userId (用户ID) of the member making the change'),
	taskIdField(['update']),
	...updateDisplayOptions({ show: { resource: ['todo'], operation: ['update'] } }, properties),
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const taskId = requiredText(
			this,
			i,
			this.getNodeParameter('todoId', i, ''),
			'To-Do ID',
			'Enter a to-do ID, or map one from Create or Get Many.',
		);
		const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
		const body: IDataObject = {};
		if (fields.subject !== undefined)
			body.subject = checkLength(
				this,
				i,
				requiredText(this, i, fields.subject, 'Subject', 'Enter a title, or remove the field.'),
				TODO_LIMITS.subject,
				'Subject',
			);
		if (fields.description !== undefined)
			body.description = checkLength(
				this,
				i,
				String(fields.description),
				TODO_LIMITS.description,
				'Description',
			);
		if (fields.dueTime !== undefined && fields.dueTime !== '')
			body.dueTime = dueTimeMs(this, i, fields.dueTime);
		const changesExecutors =
			fields.executorUserIds !== undefined || fields.executorUserList !== undefined;
		const changesParticipants =
			fields.participantUserIds !== undefined || fields.participantUserList !== undefined;
		if (!Object.keys(body).length && !changesExecutors && !changesParticipants)
			throw parameterError(
				this,
				i,
				'Update Fields',
				'Nothing to update',
				'Add at least one field to change.',
			);
		const unionId = await operatorUnionId(this, run, i);
		if (changesExecutors)
			body.executorIds = await userListUnionIds(this, run, i, {
				text: fields.executorUserIds,
				textName: 'Executor User IDs',
				picked: fields.executorUserList,
				pickedName: 'Executors',
			});
		if (changesParticipants)
			body.participantIds = await userListUnionIds(this, run, i, {
				text: fields.participantUserIds,
				textName: 'Participant User IDs',
				picked: fields.participantUserList,
				pickedName: 'Participants',
			});
		// https://open.dingtalk.com/document/orgapp/updates-dingtalk-to-do-tasks
		const answer = await dingTalkApiRequest<IDataObject>(run.api, {
			api: 'new',
			method: 'PUT',
			path: todoPath(unionId, taskId),
			qs: { operatorId: unionId },
			body,
			itemIndex: i,
			// Setting the same fields again changes nothing: safe to repeat.
			idempotent: true,
		});
		return { id: taskId, updated: answer.result === true, ...body };
	});
}
