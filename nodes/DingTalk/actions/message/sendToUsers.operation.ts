import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { sendInBatches, type BatchJob } from '../../helpers/batching';
import { parameterError } from '../../helpers/items';
import { parameterReader } from '../../helpers/parameters';
import type { RobotMessage } from '../../helpers/messageContent';
import { parseIdList } from '../../helpers/recipients';
import { readRobotMessage } from '../../helpers/robotMessage';
import { dingTalkApiRequest, getDingTalkCredentials, robotCodeOf, type DingTalkRequest } from '../../transport';
import { robotMessageFields } from './common.description';

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
	...robotMessageFields,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Combine Identical Messages',
				name: 'combine',
				type: 'boolean',
				default: true,
				description:
					'Whether items that send the same message are sent together, 20 users per call (each item still gets its own result). Turn off to send every item separately.',
			},
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				placeholder: 'e.g. report.pdf',
				description: 'File messages only: the name recipients see, instead of the binary\'s own file name',
			},
			{
				displayName: 'Max Concurrent Requests',
				name: 'concurrency',
				type: 'number',
				default: 20,
				typeOptions: { minValue: 1, maxValue: 50 },
				description: 'How many send calls may be in flight at once. DingTalk\'s throttling is absorbed with backoff either way.',
			},
			{
				displayName: 'Retry Flow-Controlled Users',
				name: 'retryFlowControlled',
				type: 'boolean',
				default: true,
				description:
					'Whether users DingTalk skips for flow control (被限流) are sent to again after a pause (up to 3 rounds); whoever is still skipped is reported in flowControlledUserIds',
			},
			{
				displayName: 'Robot Code',
				name: 'robotCode',
				type: 'string',
				default: '',
				description: 'Send through another robot of this app. Defaults to the credential\'s Robot Code, or its Client ID.',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['sendToUsers'] } }, properties);

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

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const credentials = await getDingTalkCredentials(this);
	const results: Array<INodeExecutionData | undefined> = new Array(items.length);
	const jobs: Array<BatchJob<Payload>> = [];

	const read = parameterReader(this);
	// 1. Read and check every item before anything is sent.
	for (let i = 0; i < items.length; i++) {
		try {
			const parsed = parseIdList(read<unknown>('userIds', i, ''), 'user ID');
			if (parsed.problem !== undefined) throw parameterError(this, i, 'User IDs', parsed.problem, parsed.fix);
			if (parsed.ids.length === 0) {
				throw parameterError(
					this,
					i,
					'User IDs',
					'No user IDs given',
					'Enter at least one userId (用户ID), e.g. "manager4220", or map a field that contains them.',
				);
			}
			const options = read<IDataObject>('options', i, {});
			const message = await readRobotMessage(this, i);
			const robotCode = robotCodeOf(credentials, options.robotCode as string);
			jobs.push({
				itemIndex: i,
				key: `${robotCode}\u0000${message.msgKey}\u0000${message.msgParam}`,
				payload: { robotCode, message, messageType: read<string>('messageType', i, 'text') },
				recipients: parsed.ids,
			});
		} catch (error) {
			if (!continueOnFail) {
				if (error instanceof NodeApiError) throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
			}
			results[i] = { json: { error: (error as Error).message, description: (error as NodeOperationError).description ?? null }, pairedItem: { item: i } };
		}
	}

	// 2. Send: combined and chunked to 20 users, bounded concurrency, flow control retried.
	const first = read<IDataObject>('options', jobs[0]?.itemIndex ?? 0, {});
	const outcomes = await sendInBatches<Payload>(jobs, {
		maxRecipients: BATCH_SEND_MAX_USERS,
		combine: first.combine !== false,
		concurrency: Number(first.concurrency ?? 20) || 20,
		throttledRetries: first.retryFlowControlled === false ? 0 : 3,
		throttledDelayMs: 1000,
		stopOnError: !continueOnFail,
		send: async (payload, userIds, itemIndexes) => {
			const response = await dingTalkApiRequest.call<IExecuteFunctions, [DingTalkRequest], Promise<BatchSendResponse>>(this, {
				api: 'new',
				method: 'POST',
				path: '/v1.0/robot/oToMessages/batchSend',
				body: { robotCode: payload.robotCode, userIds, msgKey: payload.message.msgKey, msgParam: payload.message.msgParam },
				itemIndex: itemIndexes[0],
			});
			return {
				id: response.processQueryKey,
				invalid: response.invalidStaffIdList,
				throttled: response.flowControlledStaffIdList,
			};
		},
	});

	// 3. One output item per input item, in order.
	for (const job of jobs) {
		const outcome = outcomes.get(job.itemIndex)!;
		if (outcome.error) {
			const error = outcome.error as NodeApiError;
			if (outcome.sent.length > 0) {
				error.description = `${error.description ?? ''} Already sent before this failure to ${outcome.sent.length} of ${job.recipients.length} users of this item: ${outcome.sent.join(', ')}.`.trim();
				error.context.sentUserIds = outcome.sent;
				error.context.processQueryKeys = outcome.ids;
			}
			if (!continueOnFail) {
				error.context.itemIndex = job.itemIndex;
				throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
			}
			results[job.itemIndex] = {
				json: { error: error.message, description: error.description ?? null, sentUserIds: outcome.sent, processQueryKeys: outcome.ids },
				pairedItem: { item: job.itemIndex },
			};
			continue;
		}
		results[job.itemIndex] = {
			json: {
				processQueryKey: outcome.ids[0] ?? null,
				processQueryKeys: outcome.ids,
				sentUserIds: outcome.sent,
				invalidUserIds: outcome.invalid,
				flowControlledUserIds: outcome.throttled,
				messageType: job.payload.messageType,
				robotCode: job.payload.robotCode,
			},
			pairedItem: { item: job.itemIndex },
		};
	}
	return results.filter((r): r is INodeExecutionData => r !== undefined);
}
