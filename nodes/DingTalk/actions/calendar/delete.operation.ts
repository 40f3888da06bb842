import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runPerItem, requiredParameter } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { dingTalkApiRequest } from '../../transport';
import { calendarUnionId, eventIdField, eventsPath, userIdField } from './event';

export const description: INodeProperties[] = [
	userIdField(
		['delete'],
		'The userId (用户ID) of the organizer (cancels it for everyone) or an attendee (removes it for them)',
	),
	eventIdField(['delete']),
	{
		displayName: 'Notify Attendees',
		name: 'pushNotification',
		type: 'boolean',
		default: true,
		description: 'Whether DingTalk tells the attendees',
		displayOptions: { show: { resource: ['calendar'], operation: ['delete'] } },
	},
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const eventId = requiredParameter(
			this,
			i,
			'eventId',
			'Event ID',
			'Map the event ID from Create or Get Many.',
		);
		const unionId = await calendarUnionId(this, run, i);
		// https://open.dingtalk.com/document/orgapp/delete-event
		await dingTalkApiRequest(run.api, {
			api: 'new',
			method: 'DELETE',
			path: eventsPath(unionId, eventId),
			qs: { pushNotification: Boolean(this.getNodeParameter('pushNotification', i, true)) },
			itemIndex: i,
		});
		return { id: eventId, deleted: true };
	});
}
