import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { itemError, requiredText, runPerItem } from '../../helpers/execution/items';
import { dingTalkApiRequest } from '../../transport';
import {
	checkLength,
	dueTimeMs,
	operatorField,
	operatorUnionId,
	PRIORITY_OPTIONS,
	taskOutput,
	todoUsersPicker,
	todoPath,
	TODO_LIMITS,
	userListUnionIds,
} from './task';

const properties: INodeProperties[] = [
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Review the Q3 budget',
		description: 'Title of the to-do (待办标题), up to 1024 characters',
	},
	{
		displayName: 'Executor User IDs',
		name: 'executorUserIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. user0001, user0002',
		description:
			'Who has to do it (执行者): userIds separated by commas, or an array from an expression. Their unionIds are looked up automatically.',
	},
	todoUsersPicker(
		'executorUserList',
		'Executors',
		'Executors picked from the list, by mobile or by userId; added to Executor User IDs',
	),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				description: 'Details of the to-do (待办备注), up to 4096 characters',
			},
			{
				displayName: 'Detail URL',
				name: 'detailUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://erp.example.com/orders/42',
				description: 'The page the to-do opens, on mobile and desktop',
			},
			{
				displayName: 'DING Notification',
				name: 'dingNotify',
				type: 'boolean',
				default: false,
				description: 'Whether to also DING the executors (DING提醒)',
			},
			{
				displayName: 'Due Time',
				name: 'dueTime',
				type: 'dateTime',
				default: '',
				description: 'When it is due (截止时间)',
			},
			{
				displayName: 'Only Executors See It',
				name: 'isOnlyShowExecutor',
				type: 'boolean',
				default: false,
				description: 'Whether only the executors see the to-do (仅执行者可见)',
			},
			{
				displayName: 'Participant User IDs',
				name: 'participantUserIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. user0003',
				description: 'Who follows it (参与者): userIds separated by commas, or an array',
			},
			todoUsersPicker(
				'participantUserList',
				'Participants',
				'Participants picked from the list, by mobile or by userId; added to Participant User IDs',
			),
			{
				displayName: 'Priority',
				name: 'priority',
				type: 'options',
				options: PRIORITY_OPTIONS,
				default: 20,
			},
			{
				displayName: 'Source ID',
				name: 'sourceId',
				type: 'string',
				default: '',
				placeholder: 'e.g. erp-order-42',
				description:
					"Your system's ID for this to-do (业务系统侧ID). DingTalk keeps one to-do per source ID: creating it again returns the existing one instead of a duplicate.",
			},
		],
	},
];

export const description: INodeProperties[] = [
	operatorField(
		['create'],
		'The userId (用户ID) of the creator: the to-do is created in their name',
	),
	...updateDisplayOptions({ show: { resource: ['todo'], operation: ['create'] } }, properties),
];

/** DingTalk's answer for a source ID it already has a to-do for. */
function isDuplicate(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	const dingTalk = error.context.dingTalk as IDataObject | undefined;
	return (
		dingTalk?.code === 'todo.taskCreate.paramError' && /task exist/i.test(String(dingTalk.message))
	);
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const subject = checkLength(
			this,
			i,
			requiredText(this, i, this.getNodeParameter('subject', i, ''), 'Subject', 'Enter a title.'),
			TODO_LIMITS.subject,
			'Subject',
		);
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const description = checkLength(
			this,
			i,
			String(options.description ?? ''),
			TODO_LIMITS.description,
			'Description',
		);
		const dueTime = dueTimeMs(this, i, options.dueTime);
		const sourceId = String(options.sourceId ?? '').trim();
		const creator = await operatorUnionId(this, run, i);
		const executorIds = await userListUnionIds(this, run, i, {
			text: this.getNodeParameter('executorUserIds', i, ''),
			textName: 'Executor User IDs',
			picked: this.getNodeParameter('executorUserList', i, {}),
			pickedName: 'Executors',
		});
		const participantIds = await userListUnionIds(this, run, i, {
			text: options.participantUserIds,
			textName: 'Participant User IDs',
			picked: options.participantUserList,
			pickedName: 'Participants',
		});
		const detailUrl = String(options.detailUrl ?? '').trim();
		const body: IDataObject = {
			subject,
			creatorId: creator,
			executorIds,
			participantIds,
			...(description ? { description } : {}),
			...(dueTime !== undefined ? { dueTime } : {}),
			...(sourceId ? { sourceId } : {}),
			...(detailUrl ? { detailUrl: { appUrl: detailUrl, pcUrl: detailUrl } } : {}),
			...(options.isOnlyShowExecutor ? { isOnlyShowExecutor: true } : {}),
			...(options.priority !== undefined ? { priority: Number(options.priority) } : {}),
			...(options.dingNotify ? { notifyConfigs: { dingNotify: '1' } } : {}),
		};
		try {
			const created = await dingTalkApiRequest<IDataObject>(run.api, {
				api: 'new',
				method: 'POST',
				path: todoPath(creator),
				qs: { operatorId: creator },
				body,
				itemIndex: i,
				// With a source ID a repeated create cannot make a second to-do: safe to retry.
				idempotent: Boolean(sourceId),
			});
			return { ...taskOutput(created), alreadyExisted: false };
		} catch (error) {
			if (!sourceId || !isDuplicate(error)) throw itemError(this, error, i);
			// https://open.dingtalk.com/document/orgapp/query-to-do-tasks-based-on-the-source-id
			const existing = await dingTalkApiRequest<IDataObject>(run.api, {
				api: 'new',
				method: 'GET',
				path: `${todoPath(creator)}/sources/${encodeURIComponent(sourceId)}`,
				itemIndex: i,
				idempotent: true,
			});
			return { ...taskOutput(existing), alreadyExisted: true };
		}
	});
}
