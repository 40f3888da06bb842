import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { agentIdOf } from './agentId';
import { alreadySentNote, batchOutputs, prepareJobs } from '../../helpers/batching/jobs';
import { sendInBatches } from '../../helpers/batching/pool';
import { skipEarlierDeliveries } from '../../helpers/batching/earlierTries';
import { parameterError } from '../../helpers/execution/items';
import { dingTalkApiRequest } from '../../transport';
import { options, optionsCollection } from '../common.description';
import { userIdsField } from './common.description';
import { departmentsPickerField, usersPickerField } from '../locators.description';
import { recipientDeptIds, recipientUserIds } from './pickedRecipients';
import { notificationFields, readNotification } from './workNotificationMessage';

/** asyncsend_v2 limits (https://open.dingtalk.com/document/orgapp/asynchronous-sending-of-enterprise-session-messages). */
export const WORK_NOTIFICATION_MAX_USERS = 100;
export const WORK_NOTIFICATION_MAX_DEPTS = 20;

const properties: INodeProperties[] = [
	{
		displayName: 'Send To',
		name: 'recipientType',
		type: 'options',
		default: 'users',
		options: [
			{ name: 'Users', value: 'users', description: 'Up to any number of userIds, 100 per call' },
			{
				name: 'Departments',
				value: 'departments',
				description: 'Everyone in the departments, sub-departments included',
			},
			{
				name: 'Everyone',
				value: 'all',
				description: "Every member of the organisation within the app's visible range",
			},
		],
	},
	userIdsField({ displayOptions: { show: { recipientType: ['users'] } } }),
	usersPickerField({ displayOptions: { show: { recipientType: ['users'] } } }),
	{
		displayName: 'Department IDs',
		name: 'deptIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1, 12345678',
		description: 'Department IDs, comma-separated (at most 20 with those picked below)',
		displayOptions: { show: { recipientType: ['departments'] } },
	},
	departmentsPickerField({ displayOptions: { show: { recipientType: ['departments'] } } }),
	...notificationFields,
	optionsCollection(
		options.agentId,
		options.combine(
			'Whether items that send the same notification to users are sent together, 100 users per call',
		),
		options.concurrency,
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendWorkNotification'] } },
	properties,
);

interface Payload {
	agentId: string;
	msg: IDataObject;
	target: IDataObject;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const credentials = await run.api.credentials();
	const read = run.read;

	const prepared = await prepareJobs<Payload>(this, items, async (i) => {
		const agentId = agentIdOf(this, i, credentials, read<IDataObject>('options', i, {}));
		const recipientType = read<string>('recipientType', i, 'users');
		const msg = await readNotification(run, i);
		const key = `${agentId}\u0000${JSON.stringify(msg)}`;
		if (recipientType === 'users') {
			const userIds = await recipientUserIds(this, run, read, i);
			if (userIds.length === 0) {
				throw parameterError(
					this,
					i,
					'User IDs',
					'No user IDs given',
					'Enter at least one userId (用户ID).',
				);
			}
			return { itemIndex: i, key, payload: { agentId, msg, target: {} }, recipients: userIds };
		}
		if (recipientType === 'departments') {
			const deptIds = recipientDeptIds(this, read, i);
			if (deptIds.length === 0 || deptIds.length > WORK_NOTIFICATION_MAX_DEPTS) {
				throw parameterError(
					this,
					i,
					'Department IDs',
					deptIds.length ? `${deptIds.length} departments given` : 'No department IDs given',
					`Enter 1 to ${WORK_NOTIFICATION_MAX_DEPTS} department IDs; sub-departments are included automatically.`,
				);
			}
			// Each item is its own call: departments are not split across calls.
			return {
				itemIndex: i,
				key: `${key}\u0000dept#${i}`,
				payload: { agentId, msg, target: { dept_id_list: deptIds.join(',') } },
				recipients: ['*'],
			};
		}
		return {
			itemIndex: i,
			key: `${key}\u0000all#${i}`,
			payload: { agentId, msg, target: { to_all_user: true } },
			recipients: ['*'],
		};
	});

	// Recipients (or whole department / everyone sends) an earlier try of this node run (Retry On
	// Fail) already reached are not sent to again.
	const tries = skipEarlierDeliveries(run, prepared.jobs);
	const first = read<IDataObject>('options', prepared.jobs[0]?.itemIndex ?? 0, {});
	const outcomes = await sendInBatches<Payload>(tries.pending, {
		maxRecipients: WORK_NOTIFICATION_MAX_USERS,
		combine: first.combine !== false,
		concurrency: Number(first.concurrency ?? 20) || 20,
		throttledRetries: 0,
		throttledDelayMs: 0,
		stopOnError: !this.continueOnFail(),
		send: async (payload, recipients, itemIndexes) => {
			const target = recipients[0] === '*' ? payload.target : { userid_list: recipients.join(',') };
			const response = await dingTalkApiRequest<{ task_id?: number | string }>(run.api, {
				api: 'old',
				method: 'POST',
				path: '/topapi/message/corpconversation/asyncsend_v2',
				body: { agent_id: Number(payload.agentId), ...target, msg: payload.msg },
				itemIndex: itemIndexes[0],
				// task_id is int64: parsed from text so one above 2^53 keeps every digit (as a string).
				exactIntegers: true,
			});
			return { id: response.task_id === undefined ? undefined : String(response.task_id) };
		},
	});

	tries.merge(outcomes);
	return batchOutputs(this, prepared, outcomes, {
		success: (job, outcome) => ({
			taskId: outcome.ids[0] ?? null,
			taskIds: outcome.ids,
			agentId: job.payload.agentId,
			...(job.recipients[0] !== '*' ? { userIds: outcome.sent } : job.payload.target),
			note: 'Accepted by DingTalk. Over-quota or duplicate notifications are dropped silently: check delivery with Message → Get Work Notification Result.',
		}),
		failure: (_job, outcome) => ({ taskIds: outcome.ids }),
		partial: alreadySentNote,
	});
}
