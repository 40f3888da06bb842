import { randomBytes } from 'crypto';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameterError, requiredParameter, runPerItem } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { parseIdList } from '../../helpers/messages/recipients';
import { dingTalkApiRequest } from '../../transport';
import {
	calendarUnionId,
	eventsPath,
	MAX_ATTENDEES,
	eventTimes,
	reminders,
	timeZoneOf,
	timeZoneOption,
	attendeesPicker,
	unionIdList,
	userIdField,
} from './event';

const properties: INodeProperties[] = [
	{
		displayName: 'Summary',
		name: 'summary',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Budget review',
		description: 'Title of the event (日程标题)',
	},
	{ displayName: 'Start', name: 'start', type: 'dateTime', default: '', required: true },
	{ displayName: 'End', name: 'end', type: 'dateTime', default: '', required: true },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'All Day',
				name: 'isAllDay',
				type: 'boolean',
				default: false,
				description: 'Whether the event takes whole days (the dates of Start and End)',
			},
			{
				displayName: 'Attendee User IDs',
				name: 'attendeeUserIds',
				type: 'string',
				default: '',
				description: 'Who is invited (参与者): userIds separated by commas, or an array',
			},
			attendeesPicker(
				'Who is invited, picked from the list, by mobile or by userId; added to Attendee User IDs',
			),
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
			},
			{ displayName: 'Location', name: 'location', type: 'string', default: '' },
			{
				displayName: 'Meeting Room IDs',
				name: 'meetingRoomIds',
				type: 'string',
				default: '',
				description: 'Rooms to book (会议室 roomId), separated by commas',
			},
			{
				displayName: 'Online Meeting',
				name: 'onlineMeeting',
				type: 'boolean',
				default: false,
				description: 'Whether to attach a DingTalk video meeting (钉钉视频会议)',
			},
			{
				displayName: 'Reminders (Minutes Before)',
				name: 'reminderMinutes',
				type: 'string',
				default: '',
				placeholder: 'e.g. 15, 60',
				description: 'DingTalk reminders, up to 5',
			},
			timeZoneOption,
		],
	},
];

export const description: INodeProperties[] = [
	userIdField(
		['create'],
		'The userId (用户ID) of the organizer: the event goes into their calendar',
	),
	...updateDisplayOptions({ show: { resource: ['calendar'], operation: ['create'] } }, properties),
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const summary = requiredParameter(this, i, 'summary', 'Summary', 'Enter a title.');
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const timeZone = timeZoneOf(this, i, options.timeZone);
		const allDay = Boolean(options.isAllDay);
		const times = eventTimes(
			this,
			i,
			this.getNodeParameter('start', i, ''),
			this.getNodeParameter('end', i, ''),
			timeZone,
			allDay,
		);
		const reminderList = reminders(this, i, options.reminderMinutes);
		const roomList = parseIdList(options.meetingRoomIds, 'room ID');
		if (roomList.problem !== undefined)
			throw parameterError(this, i, 'Meeting Room IDs', roomList.problem, roomList.fix);
		const rooms = roomList.ids;
		const organizer = await calendarUnionId(this, run, i);
		const attendees = await unionIdList(
			this,
			run,
			i,
			{
				text: options.attendeeUserIds,
				textName: 'Attendee User IDs',
				picked: options.attendeeUserList,
				pickedName: 'Attendees',
			},
			MAX_ATTENDEES,
		);
		const location = String(options.location ?? '').trim();
		const body: IDataObject = {
			summary,
			...times,
			...(allDay ? { isAllDay: true } : {}),
			...(options.description ? { description: String(options.description) } : {}),
			...(location ? { location: { displayName: location } } : {}),
			...(attendees.length
				? { attendees: attendees.map((id) => ({ id, isOptional: false })) }
				: {}),
			...(reminderList ? { reminders: reminderList } : {}),
			...(options.onlineMeeting ? { onlineMeetingInfo: { type: 'dingtalk' } } : {}),
		};
		// https://open.dingtalk.com/document/orgapp/create-event: DingTalk returns the first event
		// for a repeated x-client-token, so a create whose answer was lost is safe to send again.
		const event = await dingTalkApiRequest<IDataObject>(run.api, {
			api: 'new',
			method: 'POST',
			path: eventsPath(organizer),
			headers: { 'x-client-token': randomBytes(16).toString('hex') },
			body,
			itemIndex: i,
			idempotent: true,
		});
		if (rooms.length) {
			// https://open.dingtalk.com/document/orgapp/add-a-meeting-room
			await dingTalkApiRequest(run.api, {
				api: 'new',
				method: 'POST',
				path: `${eventsPath(organizer, String(event.id))}/meetingRooms`,
				body: { meetingRoomsToAdd: rooms.map((roomId) => ({ roomId })) },
				itemIndex: i,
				idempotent: true,
			});
		}
		return { ...event, ...(rooms.length ? { meetingRoomIds: rooms } : {}) };
	});
}
