import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameterError, runPerItem, requiredParameter } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { dingTalkApiRequest } from '../../transport';
import {
	calendarUnionId,
	eventIdField,
	eventsPath,
	eventTimes,
	MAX_ATTENDEES,
	timeZoneOf,
	timeZoneOption,
	attendeesPicker,
	unionIdList,
	userIdField,
} from './event';

const properties: INodeProperties[] = [
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Attendee User IDs',
				name: 'attendeeUserIds',
				type: 'string',
				default: '',
				description: 'Replaces the attendees: userIds separated by commas, or an array',
			},
			attendeesPicker(
				'Replaces the attendees, with Attendee User IDs: picked from the list, by mobile or by userId',
			),
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
			},
			{
				displayName: 'End',
				name: 'end',
				type: 'dateTime',
				default: '',
				description: 'Give Start and End together',
			},
			{ displayName: 'Location', name: 'location', type: 'string', default: '' },
			{
				displayName: 'Start',
				name: 'start',
				type: 'dateTime',
				default: '',
				description: 'Give Start and End together',
			},
			{ displayName: 'Summary', name: 'summary', type: 'string', default: '' },
			timeZoneOption,
		],
	},
];

export const description: INodeProperties[] = [
	userIdField(['update'], 'The userId (用户ID) of the organizer'),
	eventIdField(['update']),
	...updateDisplayOptions({ show: { resource: ['calendar'], operation: ['update'] } }, properties),
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
		const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
		const body: IDataObject = { id: eventId };
		if (fields.summary !== undefined) body.summary = String(fields.summary);
		if (fields.description !== undefined) body.description = String(fields.description);
		if (fields.location !== undefined) body.location = { displayName: String(fields.location) };
		if ((fields.start === undefined) !== (fields.end === undefined))
			throw parameterError(
				this,
				i,
				fields.start === undefined ? 'Start' : 'End',
				'Start and End are changed together',
				'Add both Start and End.',
			);
		if (fields.start !== undefined)
			Object.assign(
				body,
				eventTimes(this, i, fields.start, fields.end, timeZoneOf(this, i, fields.timeZone), false),
			);
		const unionId = await calendarUnionId(this, run, i);
		if (fields.attendeeUserIds !== undefined || fields.attendeeUserList !== undefined)
			body.attendees = (
				await unionIdList(
					this,
					run,
					i,
					{
						text: fields.attendeeUserIds,
						textName: 'Attendee User IDs',
						picked: fields.attendeeUserList,
						pickedName: 'Attendees',
					},
					MAX_ATTENDEES,
				)
			).map((id) => ({ id, isOptional: false }));
		if (Object.keys(body).length === 1)
			throw parameterError(
				this,
				i,
				'Update Fields',
				'Nothing to update',
				'Add at least one field to change.',
			);
		// https://open.dingtalk.com/document/orgapp/modify-event
		return await dingTalkApiRequest<IDataObject>(run.api, {
			api: 'new',
			method: 'PUT',
			path: eventsPath(unionId, eventId),
			body,
			itemIndex: i,
			idempotent: true,
		});
	});
}
