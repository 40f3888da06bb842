import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem, readLimit } from '../../helpers/execution/items';
import { collectPages } from '../../helpers/execution/paging';
import type { RunContext } from '../../helpers/execution/runContext';
import { dingTalkApiRequest } from '../../transport';
import { calendarUnionId, eventsPath, timeMs, userIdField } from './event';
import { returnAllFields } from '../common.description';

/** events list: at most 100 a call. */
export const LIST_MAX = 100;

const properties: INodeProperties[] = [
	{
		displayName: 'From',
		name: 'timeMin',
		type: 'dateTime',
		default: '',
		description: 'Events ending at or after this time',
	},
	{
		displayName: 'To',
		name: 'timeMax',
		type: 'dateTime',
		default: '',
		description: 'Events starting at or before this time',
	},
	...returnAllFields,
];

export const description: INodeProperties[] = [
	userIdField(['getAll'], 'The userId (用户ID) whose calendar to read'),
	...updateDisplayOptions({ show: { resource: ['calendar'], operation: ['getAll'] } }, properties),
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const window: IDataObject = {};
		for (const [name, displayName] of [
			['timeMin', 'From'],
			['timeMax', 'To'],
		]) {
			const raw = this.getNodeParameter(name, i, '');
			if (raw !== '' && raw !== undefined && raw !== null)
				window[name] = new Date(timeMs(this, i, raw, displayName)).toISOString();
		}
		const limit = readLimit(this, i, 'events');
		const unionId = await calendarUnionId(this, run, i);
		// https://open.dingtalk.com/document/orgapp/query-an-event-list
		return await collectPages<IDataObject>(async (nextToken) => {
			const page = await dingTalkApiRequest<{ events?: IDataObject[]; nextToken?: string }>(
				run.api,
				{
					api: 'new',
					method: 'GET',
					path: eventsPath(unionId),
					qs: {
						...window,
						maxResults: LIST_MAX,
						...(nextToken !== undefined ? { nextToken } : {}),
					},
					itemIndex: i,
					idempotent: true,
				},
			);
			return { entries: page.events ?? [], next: page.nextToken };
		}, limit);
	});
}
