import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { resolveOpenConversationId } from '../../helpers/lookups/conversation';
import { forEachEntry, parameterError, runPerItem } from '../../helpers/execution/items';
import { parseIdList } from '../../helpers/messages/recipients';
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
		placeholder: 'e.g. {{ $json.processQueryKeys }}',
		description:
			'The processQueryKey(s) the send returned: one, a list, or its processQueryKeys (a send to users returns one key per 20 recipients). One result per key.',
	},
	conversationIdField({ displayOptions: { show: { messageFrom: ['group'] } } }),
	optionsCollection(options.robotCode),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['getReadStatus'] } },
	properties,
);

type Request = <T>(req: DingTalkRequest) => Promise<T>;

/** Who read a group message: groupMessages/query, page by page (at most 200 a page). */
async function groupReadStatus(
	request: Request,
	processQueryKey: string,
	robotCode: string,
	openConversationId: string,
): Promise<IDataObject> {
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

/** Who read a 1:1 message: oToMessages/readStatus covers the (at most 20) users of one key. */
async function usersReadStatus(
	request: Request,
	processQueryKey: string,
	robotCode: string,
): Promise<IDataObject> {
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
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const credentials = await run.api.credentials();
	return await runPerItem(this, items, async (i) => {
		const itemOptions = this.getNodeParameter('options', i, {}) as IDataObject;
		const robotCode = robotCodeOf(credentials, itemOptions.robotCode as string);
		const parsed = parseIdList(this.getNodeParameter('processQueryKey', i, ''), 'processQueryKey');
		if (parsed.problem !== undefined)
			throw parameterError(this, i, 'Process Query Key', parsed.problem, parsed.fix);
		if (parsed.ids.length === 0) {
			throw parameterError(
				this,
				i,
				'Process Query Key',
				'No processQueryKey given',
				'Map the processQueryKey output of the send.',
			);
		}
		const request: Request = async <T>(req: DingTalkRequest) =>
			await dingTalkApiRequest<T>(run.api, { ...req, itemIndex: i, idempotent: true });
		const openConversationId =
			this.getNodeParameter('messageFrom', i) === 'group'
				? await resolveOpenConversationId(run, i, this.getNodeParameter('conversationId', i, ''))
				: undefined;
		// Each read-status call takes one key (a send to users returns one per 20 recipients): one
		// call, or pages of calls, and one result per key.
		return await forEachEntry(
			this,
			parsed.ids,
			{ field: 'processQueryKey', label: 'key' },
			async (key) =>
				openConversationId === undefined
					? await usersReadStatus(request, key, robotCode)
					: await groupReadStatus(request, key, robotCode, openConversationId),
		);
	});
}
