import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem, requiredParameter } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { dingTalkApiRequest } from '../../transport';
import { calendarUnionId, eventIdField, eventsPath, userIdField } from './event';

export const description: INodeProperties[] = [
	userIdField(['get'], 'The userId (用户ID) of the organizer or an attendee'),
	eventIdField(['get']),
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
		// https://open.dingtalk.com/document/orgapp/query-event-details
		return await dingTalkApiRequest<IDataObject>(run.api, {
			api: 'new',
			method: 'GET',
			path: eventsPath(unionId, eventId),
			itemIndex: i,
			idempotent: true,
		});
	});
}
