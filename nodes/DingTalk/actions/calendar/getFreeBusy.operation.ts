import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameterError, runPerItem } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { unionIdsOf } from '../../helpers/lookups/users';
import { userIdList } from '../../helpers/lookups/userLists';
import { chunk } from '../../helpers/messages/recipients';
import { usersPickerField } from '../locators.description';
import { dingTalkApiRequest } from '../../transport';
import { timeMs } from './event';

/** querySchedule: users per call [INF: 20]. */
export const SCHEDULE_MAX = 20;

const properties: INodeProperties[] = [
	{
		displayName: 'User IDs',
		name: 'userIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. user0001, user0002',
		description:
			'Whose schedules to read: userIds separated by commas, or an array. The first one (of these, then Users) makes the call.',
	},
	usersPickerField({
		description:
			'Whose schedules to read, picked from the list, by mobile or by userId; added to User IDs',
	}),
	{ displayName: 'From', name: 'startTime', type: 'dateTime', default: '', required: true },
	{ displayName: 'To', name: 'endTime', type: 'dateTime', default: '', required: true },
];

export const description = updateDisplayOptions(
	{ show: { resource: ['calendar'], operation: ['getFreeBusy'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const ids = await userIdList(this, run, i, {
			text: this.getNodeParameter('userIds', i, ''),
			textName: 'User IDs',
			picked: this.getNodeParameter('userList', i, {}),
			pickedName: 'Users',
		});
		if (!ids.length)
			throw parameterError(
				this,
				i,
				'User IDs',
				'No user IDs given',
				'Enter at least one userId, or pick users in Users.',
			);
		const from = timeMs(this, i, this.getNodeParameter('startTime', i, ''), 'From');
		const to = timeMs(this, i, this.getNodeParameter('endTime', i, ''), 'To');
		if (to < from)
			throw parameterError(
				this,
				i,
				'To',
				'The end is before the start',
				'Pick a To after the From.',
			);
		const unionIds = await unionIdsOf(run, i, ids);
		const userIdOf = new Map(unionIds.map((unionId, n) => [unionId, ids[n]]));
		const out: IDataObject[] = [];
		for (const group of chunk(unionIds, SCHEDULE_MAX)) {
			// https://open.dingtalk.com/document/orgapp/query-the-free-busy-status-of-a-user
			const answer = await dingTalkApiRequest<{ scheduleInformation?: IDataObject[] }>(run.api, {
				api: 'new',
				method: 'POST',
				path: `/v1.0/calendar/users/${encodeURIComponent(unionIds[0])}/querySchedule`,
				body: {
					userIds: group,
					startTime: new Date(from).toISOString(),
					endTime: new Date(to).toISOString(),
				},
				itemIndex: i,
				idempotent: true,
			});
			for (const info of answer.scheduleInformation ?? []) {
				const busy = ((info.scheduleItems as IDataObject[] | undefined) ?? []).map((slot) => ({
					status: slot.status ?? null,
					start:
						(slot.start as IDataObject | undefined)?.dateTime ??
						(slot.start as IDataObject | undefined)?.date ??
						null,
					end:
						(slot.end as IDataObject | undefined)?.dateTime ??
						(slot.end as IDataObject | undefined)?.date ??
						null,
				}));
				out.push({
					userId: userIdOf.get(String(info.userId)) ?? null,
					unionId: info.userId ?? null,
					free: !info.error && busy.length === 0,
					busy,
					...(info.error ? { error: info.error } : {}),
				});
			}
		}
		return out;
	});
}
