import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameterError, runPerItem, readLimit } from '../../helpers/execution/items';
import { collectPages } from '../../helpers/execution/paging';
import type { RunContext } from '../../helpers/execution/runContext';
import { epochMs } from '../../helpers/execution/time';
import { parseIdList } from '../../helpers/messages/recipients';
import { dingTalkApiRequest } from '../../transport';
import { approvalTemplateLocator } from '../locators.description';
import { requiredTemplate } from './instance';
import { returnAllFields } from '../common.description';

/** instanceIds/query: 20 IDs a call, and a window of at most 120 days [INF] per query. */
export const LIST_IDS_MAX = 20;
export const WINDOW_MS = 120 * 24 * 3600 * 1000;

const properties: INodeProperties[] = [
	// No single user here: the list shows the templates the first of Filters → Originator User IDs sees.
	approvalTemplateLocator({
		displayName: 'Template Process Code',
		default: { mode: 'id', value: '' },
		description:
			'The approval template whose instances to list: its processCode, or from the templates visible to the first of Filters → Originator User IDs',
	}),
	{
		displayName: 'Start Time',
		name: 'startTime',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'Instances started at or after this time',
	},
	{
		displayName: 'End Time',
		name: 'endTime',
		type: 'dateTime',
		default: '',
		description:
			'Instances started at or before this time (default: now). Windows over 120 days are queried in parts.',
	},
	...returnAllFields,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Originator User IDs',
				name: 'userIds',
				type: 'string',
				default: '',
				description: 'Only instances these userIds submitted (comma-separated)',
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: [
					{ name: 'Completed (已结束)', value: 'COMPLETED' },
					{ name: 'Running (审批中)', value: 'RUNNING' },
					{ name: 'Terminated (已撤销)', value: 'TERMINATED' },
				],
				default: [],
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['approval'], operation: ['getAll'] } },
	properties,
);

function time(
	context: IExecuteFunctions,
	i: number,
	name: string,
	displayName: string,
	fallback?: number,
): number {
	const raw = context.getNodeParameter(name, i, '');
	const ms = epochMs(raw) ?? fallback;
	if (ms === undefined)
		throw parameterError(
			context,
			i,
			displayName,
			raw ? `"${String(raw)}" is not a date and time` : `No ${displayName} given`,
			'Pick a date, or map an ISO date-time or a timestamp in milliseconds.',
		);
	return ms;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const processCode = requiredTemplate(this, i, 'Template Process Code');
		const start = time(this, i, 'startTime', 'Start Time');
		const end = time(this, i, 'endTime', 'End Time', Date.now());
		if (end < start)
			throw parameterError(
				this,
				i,
				'End Time',
				'The end is before the start',
				'Pick an End Time after the Start Time.',
			);
		let left = readLimit(this, i, 'instance IDs');
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const users = parseIdList(filters.userIds, 'user ID');
		if (users.problem !== undefined)
			throw parameterError(this, i, 'Originator User IDs', users.problem, users.fix);
		const statuses = (filters.statuses as string[] | undefined) ?? [];
		const ids: string[] = [];
		// https://open.dingtalk.com/document/orgapp/obtain-an-approval-list-of-instance-ids
		for (let from = start; from <= end && left > 0; from += WINDOW_MS + 1) {
			const to = Math.min(end, from + WINDOW_MS);
			const found = await collectPages<string>(async (nextToken) => {
				const page = await dingTalkApiRequest<{ result?: { list?: string[]; nextToken?: string } }>(
					run.api,
					{
						api: 'new',
						method: 'POST',
						path: '/v1.0/workflow/processes/instanceIds/query',
						body: {
							processCode,
							startTime: from,
							endTime: to,
							maxResults: LIST_IDS_MAX,
							...(nextToken !== undefined ? { nextToken: Number(nextToken) } : {}),
							...(users.ids.length ? { userIds: users.ids } : {}),
							...(statuses.length ? { statuses } : {}),
						},
						itemIndex: i,
						idempotent: true,
					},
				);
				return { entries: page.result?.list ?? [], next: page.result?.nextToken };
			}, left);
			ids.push(...found);
			left -= found.length;
		}
		return ids.map((instanceId) => ({ instanceId, processCode }));
	});
}
