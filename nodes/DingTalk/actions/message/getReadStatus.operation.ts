import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { resolveOpenConversationId } from '../../helpers/lookups/conversation';
import { parameterError, runPerItem } from '../../helpers/execution/items';
import { dingTalkApiRequest, robotCodeOf, type DingTalkRequest } from '../../transport';
import { conversationIdField, options, optionsCollection } from '../common.description';

const properties: INodeProperties[] = [
	{
		displayName: 'Message Sent To',
		name: 'messageFrom',
		type: 'options',
		default: 'users',
		options: [
			{ name: 'Users (Robot 1:1)', value: 'users' },
			{ name: 'Group (Robot)', value: 'group' },
		],
	},
	{
		displayName: 'Process Query Key',
		name: 'processQueryKey',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.processQueryKey }}',
		description: 'The processQueryKey the send returned',
	},
	conversationIdField({ displayOptions: { show: { messageFrom: ['group'] } } }),
	optionsCollection(options.robotCode),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['getReadStatus'] } },
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
		const robotCode = robotCodeOf(credentials, itemOptions.robotCode as string);
		const processQueryKey = String(this.getNodeParameter('processQueryKey', i, '')).trim();
		if (!processQueryKey) {
			throw parameterError(
				this,
				i,
				'Process Query Key',
				'No processQueryKey given',
				'Map the processQueryKey output of the send.',
			);
		}
		const request = async <T>(req: DingTalkRequest) =>
			await dingTalkApiRequest<T>(run.api, { ...req, itemIndex: i, idempotent: true });

		if (this.getNodeParameter('messageFrom', i) === 'group') {
			const openConversationId = await resolveOpenConversationId(
				run,
				i,
				this.getNodeParameter('conversationId', i, ''),
			);
			const readUserIds: string[] = [];
			let nextToken: string | undefined;
			let sendStatus: unknown;
			do {
				const page = await request<{
					readUserIds?: string[];
					sendStatus?: string;
					hasMore?: boolean;
					nextToken?: string;
				}>({
					api: 'new',
					method: 'POST',
					path: '/v1.0/robot/groupMessages/query',
					body: {
						processQueryKey,
						robotCode,
						openConversationId,
						maxResults: 200,
						...(nextToken ? { nextToken } : {}),
					},
				});
				readUserIds.push(...(page.readUserIds ?? []));
				sendStatus = page.sendStatus;
				nextToken = page.hasMore && page.nextToken ? page.nextToken : undefined;
			} while (nextToken);
			return { processQueryKey, openConversationId, sendStatus: sendStatus ?? null, readUserIds };
		}

		const response = await request<{ sendStatus?: string; messageReadInfoList?: IDataObject[] }>({
			api: 'new',
			method: 'GET',
			path: '/v1.0/robot/oToMessages/readStatus',
			qs: { robotCode, processQueryKey },
		});
		const readers = response.messageReadInfoList ?? [];
		return {
			processQueryKey,
			sendStatus: response.sendStatus ?? null,
			readUserIds: readers.filter((r) => r.readStatus === 'READ').map((r) => r.userId),
			unreadUserIds: readers.filter((r) => r.readStatus !== 'READ').map((r) => r.userId),
			readers,
		};
	});
}
