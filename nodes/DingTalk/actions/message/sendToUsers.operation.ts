import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import {
	alreadySentNote,
	batchOutputs,
	nobodyReachedError,
	prepareJobs,
} from '../../helpers/batching/jobs';
import { sendInBatches } from '../../helpers/batching/pool';
import { skipEarlierDeliveries } from '../../helpers/batching/earlierTries';
import { parameterError } from '../../helpers/execution/items';
import type { RobotMessage } from '../../helpers/messages/content';
import { readRobotMessage } from './robotMessage';
import { dingTalkApiRequest, robotCodeOf } from '../../transport';
import { options, optionsCollection } from '../common.description';
import { robotMessageFields } from '../robotMessage.description';
import { userIdsField } from './common.description';
import { usersPickerField } from '../locators.description';
import { recipientUserIds } from './pickedRecipients';

/** DingTalk accepts at most 20 userIds per batchSend call (https://open.dingtalk.com/document/orgapp/chatbots-send-one-on-one-chat-messages-in-batches). */
export const BATCH_SEND_MAX_USERS = 20;

const properties: INodeProperties[] = [
	userIdsField({
		description:
			'UserIds (用户ID, not unionIds) of the recipients: comma or newline separated, a JSON array like ["id1","id2"], or an array from an expression. More than 20 are sent in several calls.',
		hint: 'Or pick people one by one in Users below',
	}),
	usersPickerField(),
	...robotMessageFields,
	optionsCollection(
		options.combine(
			'Whether items that send the same message are sent together, 20 users per call (each item still gets its own result). Turn off to send every item separately.',
		),
		options.fileName,
		options.concurrency,
		{
			displayName: 'Retry Flow-Controlled Users',
			name: 'retryFlowControlled',
			type: 'boolean',
			default: true,
			description:
				'Whether users DingTalk skips for flow control (被限流) are sent to again after a pause (up to 3 rounds); whoever is still skipped is reported in flowControlledUserIds',
		},
		options.robotCode,
	),
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

interface Payload {
	robotCode: string;
	message: RobotMessage;
	messageType: string;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const credentials = await run.api.credentials();
	const read = run.read;

	// 1. Read and check every item before anything is sent.
	const prepared = await prepareJobs<Payload>(this, items, async (i) => {
		const userIds = await recipientUserIds(this, run, read, i);
		if (userIds.length === 0) {
			throw parameterError(
				this,
				i,
				'User IDs',
				'No user IDs given',
				'Enter at least one userId (用户ID), e.g. "manager4220", map a field that contains them, or add people under Users.',
			);
		}
		const itemOptions = read<IDataObject>('options', i, {});
		const message = await readRobotMessage(run, i);
		const robotCode = robotCodeOf(credentials, itemOptions.robotCode as string);
		return {
			itemIndex: i,
			key: `${robotCode}\u0000${message.msgKey}\u0000${message.msgParam}`,
			payload: { robotCode, message, messageType: read<string>('messageType', i, 'text') },
			recipients: userIds,
		};
	});

	// 2. Send: combined and chunked to 20 users, bounded concurrency, flow control retried. Users an
	//    earlier try of this node run (Retry On Fail) already reached are not sent to again.
	const tries = skipEarlierDeliveries(run, prepared.jobs);
	const first = read<IDataObject>('options', prepared.jobs[0]?.itemIndex ?? 0, {});
	const outcomes = await sendInBatches<Payload>(tries.pending, {
		maxRecipients: BATCH_SEND_MAX_USERS,
		combine: first.combine !== false,
		concurrency: Number(first.concurrency ?? 20) || 20,
		throttledRetries: first.retryFlowControlled === false ? 0 : 3,
		throttledDelayMs: 1000,
		stopOnError: !this.continueOnFail(),
		send: async (payload, userIds, itemIndexes) => {
			const response = await dingTalkApiRequest<BatchSendResponse>(run.api, {
				api: 'new',
				method: 'POST',
				path: '/v1.0/robot/oToMessages/batchSend',
				body: {
					robotCode: payload.robotCode,
					userIds,
					msgKey: payload.message.msgKey,
					msgParam: payload.message.msgParam,
				},
				itemIndex: itemIndexes[0],
			});
			return {
				id: response.processQueryKey,
				invalid: response.invalidStaffIdList,
				throttled: response.flowControlledStaffIdList,
			};
		},
	});

	// 3. One output item per input item, in order (earlier tries' deliveries included).
	tries.merge(outcomes);
	return batchOutputs(this, prepared, outcomes, {
		// What a user checks first (who got it, who did not), then the opaque keys for later calls.
		success: (job, outcome) => ({
			sentUserIds: outcome.sent,
			invalidUserIds: outcome.invalid,
			flowControlledUserIds: outcome.throttled,
			alreadySentUserIds: tries.alreadySent(job.itemIndex),
			messageType: job.payload.messageType,
			robotCode: job.payload.robotCode,
			processQueryKey: outcome.ids[0] ?? null,
			processQueryKeys: outcome.ids,
		}),
		failure: (_job, outcome) => ({ sentUserIds: outcome.sent, processQueryKeys: outcome.ids }),
		partial: alreadySentNote,
		undelivered: (job, outcome) =>
			outcome.sent.length === 0 &&
			tries.alreadySent(job.itemIndex).length === 0 &&
			outcome.invalid.length + outcome.throttled.length > 0
				? nobodyReachedError(this, job.itemIndex, 'The message', outcome.invalid, outcome.throttled)
				: undefined,
	});
}
