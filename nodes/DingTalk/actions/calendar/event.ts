/**
 * What the calendar operations share: the user whose primary calendar it is (a userId, turned
 * into the unionId calendar_1_0 paths take), times in DingTalk's shape, and people lists.
 * https://open.dingtalk.com/document/orgapp/create-event
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parameterError } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { epochMs } from '../../helpers/execution/time';
import { unionIdsOf } from '../../helpers/lookups/users';
import { userUnionId } from '../../helpers/lookups/operator';
import { requiredUserId } from '../../helpers/lookups/locators';
import { userIdList, type UserListInput } from '../../helpers/lookups/userLists';
import { userLocator, usersPickerField } from '../locators.description';

/** Attendees per event [INF: the emulator's limit; the docs name none]. */
export const MAX_ATTENDEES = 500;

const show = (operations: string[]) => ({
	show: { resource: ['calendar'], operation: operations },
});

/** Whose primary calendar: a user locator under its old name (plain text in older workflows = ID). */
export function userIdField(operations: string[], description: string): INodeProperties {
	return userLocator({
		displayName: 'User ID',
		name: 'calendarUserId',
		description,
		displayOptions: show(operations),
	});
}

/** Attendees picked one by one (added to Attendee User IDs). */
export function attendeesPicker(description: string): INodeProperties {
	return usersPickerField({ displayName: 'Attendees', name: 'attendeeUserList', description });
}

export function eventIdField(operations: string[]): INodeProperties {
	return {
		displayName: 'Event ID',
		name: 'eventId',
		type: 'string',
		default: '',
		required: true,
		description: 'The event (日程ID), as Create or Get Many returns it',
		displayOptions: show(operations),
	};
}

export const timeZoneOption: INodeProperties = {
	displayName: 'Time Zone',
	name: 'timeZone',
	type: 'string',
	default: '',
	placeholder: 'e.g. Asia/Shanghai',
	description: "IANA time zone of the start and end; defaults to the workflow's time zone",
};

export const eventsPath = (unionId: string, eventId?: string): string =>
	`/v1.0/calendar/users/${encodeURIComponent(unionId)}/calendars/primary/events${eventId === undefined ? '' : `/${encodeURIComponent(eventId)}`}`;

/** The unionId of the User ID parameter (the calendar's owner). */
export async function calendarUnionId(
	context: IExecuteFunctions,
	run: RunContext,
	itemIndex: number,
): Promise<string> {
	const userId = await requiredUserId(
		context,
		run,
		itemIndex,
		'calendarUserId',
		'User ID',
		'Pick the member whose calendar it is, or enter their userId (用户ID).',
	);
	return await userUnionId(run, itemIndex, userId, 'User ID');
}

/** A time the user gave → ms; a parameter error names it when it is missing or not a time. */
export function timeMs(
	context: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	displayName: string,
): number {
	const ms = epochMs(value);
	if (ms === undefined)
		throw parameterError(
			context,
			itemIndex,
			displayName,
			value === undefined || value === ''
				? `No ${displayName} given`
				: `"${String(value)}" is not a date and time`,
			'Pick a date, or map an ISO date-time such as 2026-12-31T09:00:00+08:00 or a timestamp in milliseconds.',
		);
	return ms;
}

/** `ms` as local ISO text with the zone's offset (2026-12-21T10:00:00+08:00) and its date. */
export function zoned(ms: number, timeZone: string): { dateTime: string; date: string } {
	const name =
		new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
			.formatToParts(new Date(ms))
			.find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
	const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
	const minutes = match
		? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]))
		: 0;
	const local = new Date(ms + minutes * 60_000).toISOString().slice(0, 19);
	return {
		dateTime: `${local}${match ? `${match[1]}${match[2]}:${match[3]}` : '+00:00'}`,
		date: local.slice(0, 10),
	};
}

/** The time zone option, or the workflow's; a parameter error for a zone that does not exist. */
export function timeZoneOf(context: IExecuteFunctions, itemIndex: number, value: unknown): string {
	const zone = String(value ?? '').trim() || context.getTimezone();
	try {
		Intl.DateTimeFormat('en-US', { timeZone: zone }).format(0);
	} catch {
		throw parameterError(
			context,
			itemIndex,
			'Time Zone',
			`"${zone}" is not a time zone`,
			'Use an IANA name such as Asia/Shanghai or Europe/Berlin.',
		);
	}
	return zone;
}

/** Start and end in DingTalk's shape ({dateTime, timeZone}, or {date} for all-day events). */
export function eventTimes(
	context: IExecuteFunctions,
	itemIndex: number,
	start: unknown,
	end: unknown,
	timeZone: string,
	allDay: boolean,
): IDataObject {
	const from = timeMs(context, itemIndex, start, 'Start');
	const to = timeMs(context, itemIndex, end, 'End');
	if (to < from)
		throw parameterError(
			context,
			itemIndex,
			'End',
			'The end is before the start',
			'Pick an End after the Start.',
		);
	const shape = (ms: number) => {
		const local = zoned(ms, timeZone);
		return allDay ? { date: local.date } : { dateTime: local.dateTime, timeZone };
	};
	return { start: shape(from), end: shape(to) };
}

/** A userIds text plus its picker list → unionIds, at most `max`. */
export async function unionIdList(
	context: IExecuteFunctions,
	run: RunContext,
	itemIndex: number,
	input: UserListInput,
	max: number,
): Promise<string[]> {
	const ids = await userIdList(context, run, itemIndex, input);
	if (ids.length > max)
		throw parameterError(
			context,
			itemIndex,
			input.textName,
			`${ids.length} users, over DingTalk's ${max}`,
			`List at most ${max}.`,
		);
	return await unionIdsOf(run, itemIndex, ids);
}

/** Reminder minutes ("15, 60") → DingTalk's reminders. */
export function reminders(
	context: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
): IDataObject[] | undefined {
	const text = String(value ?? '').trim();
	if (!text) return undefined;
	const minutes = text.split(/[\s,;]+/).map(Number);
	if (minutes.some((m) => !Number.isInteger(m) || m < 0) || minutes.length > 5)
		throw parameterError(
			context,
			itemIndex,
			'Reminders (Minutes Before)',
			`"${text}" is not a list of up to 5 whole minutes`,
			'Write e.g. 15, 60.',
		);
	return minutes.map((m) => ({ method: 'dingtalk', minutes: m }));
}
