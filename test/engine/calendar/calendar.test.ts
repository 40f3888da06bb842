import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';

/** Calendar → events and free/busy in n8n's engine against the emulator's calendar_1_0. */

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());
const BOSS = 'unionCalBoss000001';
const GUEST = 'unionCalGuest00002';

interface StoredEvent {
	id: string;
	organizer: string;
	summary: string;
	status: string;
	start: IDataObject;
	end: IDataObject;
	attendees: Array<{ id: string }>;
	meetingRooms: string[];
	reminders: IDataObject[];
}

const stored = async () =>
	(await env.client.admin<{ calendar: { events: StoredEvent[] } }>('GET', 'state')).calendar.events;

beforeAll(async () => {
	await env.client.directory({
		users: [
			{ userId: 'calBoss', unionId: BOSS, name: 'Boss', mobile: '13900000031' },
			{ userId: 'calGuest', unionId: GUEST, name: 'Guest', mobile: '13900000032' },
		],
	});
});

const calendar = (operation: string, parameters: IDataObject = {}): IDataObject => ({
	resource: 'calendar',
	operation,
	calendarUserId: 'calBoss',
	...parameters,
});

async function created(summary: string, extra: IDataObject = {}): Promise<IDataObject> {
	const { output, error } = await runNode({
		credentials: credentials(),
		parameters: calendar('create', {
			summary,
			start: '2026-12-21T10:00:00+08:00',
			end: '2026-12-21T11:00:00+08:00',
			options: { timeZone: 'Asia/Shanghai' },
			...extra,
		}),
	});
	expect(error).toBeUndefined();
	return output[0].json;
}

describe('Calendar', () => {
	it('Create: attendees by userId, times in the zone, reminders, online meeting, rooms; a client token per event', async () => {
		const event = await created('Budget review', {
			options: {
				timeZone: 'Asia/Shanghai',
				attendeeUserIds: 'calGuest',
				location: 'HQ 5F',
				reminderMinutes: '15, 60',
				onlineMeeting: true,
				meetingRoomIds: 'room-1, room-2',
				description: 'Q3',
			},
		});
		expect(event).toMatchObject({
			summary: 'Budget review',
			meetingRoomIds: ['room-1', 'room-2'],
			onlineMeetingInfo: { type: 'dingtalk' },
		});
		const [call] = await env.client.requestsTo(
			`/v1.0/calendar/users/${BOSS}/calendars/primary/events`,
		);
		expect(call.body).toEqual({
			summary: 'Budget review',
			start: { dateTime: '2026-12-21T10:00:00+08:00', timeZone: 'Asia/Shanghai' },
			end: { dateTime: '2026-12-21T11:00:00+08:00', timeZone: 'Asia/Shanghai' },
			description: 'Q3',
			location: { displayName: 'HQ 5F' },
			attendees: [{ id: GUEST, isOptional: false }],
			reminders: [
				{ method: 'dingtalk', minutes: 15 },
				{ method: 'dingtalk', minutes: 60 },
			],
			onlineMeetingInfo: { type: 'dingtalk' },
		});
		const [saved] = await stored();
		expect(saved.meetingRooms).toEqual(['room-1', 'room-2']);

		const allDay = await created('Offsite', {
			start: '2026-12-24T00:00:00+08:00',
			end: '2026-12-25T00:00:00+08:00',
			options: { timeZone: 'Asia/Shanghai', isAllDay: true },
		});
		expect(allDay).toMatchObject({
			isAllDay: true,
			start: { date: '2026-12-24' },
			end: { date: '2026-12-25' },
		});
	});

	it('Create whose answer is lost: repeated with its x-client-token, one event exists', async () => {
		const events = `/v1.0/calendar/users/${BOSS}/calendars/primary/events`;
		await env.client.faults({ rules: [{ type: 'drop-after', path: events, count: 1 }] });
		const event = await created('Lost answer');
		const calls = (await env.client.requestsTo(events)).filter((r) => r.method === 'POST');
		expect(calls.map((r) => r.outcome)).toEqual(['dropped-after', 'ok']);
		const all = await stored();
		expect(all.map((e) => e.summary)).toEqual(['Lost answer']);
		expect(event.id).toBe(all[0].id);
	});

	it('Create with Meeting Room IDs that are not a list is an item error; nothing is created', async () => {
		const { error } = await runNode({
			credentials: credentials(),
			parameters: calendar('create', {
				summary: 'Rooms',
				start: '2026-12-21T10:00:00+08:00',
				end: '2026-12-21T11:00:00+08:00',
				options: { meetingRoomIds: '["room-1"' },
			}),
		});
		expect(error?.message).toBe(
			'The text starts with "[" but is not a valid JSON array of room IDs in parameter "Meeting Room IDs" [item 0]',
		);
		expect(await stored()).toEqual([]);
	});

	it('Get, Update and Delete an event', async () => {
		const event = await created('Draft');
		const got = await runNode({
			credentials: credentials(),
			parameters: calendar('get', { eventId: event.id }),
		});
		expect(got.output[0].json).toMatchObject({ id: event.id, summary: 'Draft' });
		const moved = await runNode({
			credentials: credentials(),
			parameters: calendar('update', {
				eventId: event.id,
				updateFields: {
					summary: 'Final',
					start: '2026-12-22T09:00:00Z',
					end: '2026-12-22T10:00:00Z',
					timeZone: 'UTC',
					attendeeUserIds: ['calGuest'],
				},
			}),
		});
		expect(moved.error).toBeUndefined();
		const [saved] = await stored();
		expect(saved).toMatchObject({
			summary: 'Final',
			start: { dateTime: '2026-12-22T09:00:00+00:00', timeZone: 'UTC' },
			attendees: [{ id: GUEST }],
		});
		const deleted = await runNode({
			credentials: credentials(),
			parameters: calendar('delete', { eventId: event.id }),
		});
		expect(deleted.output[0].json).toEqual({ id: event.id, deleted: true });
		expect((await stored())[0].status).toBe('cancelled');
		const [call] = (
			await env.client.requestsTo(
				`/v1.0/calendar/users/${BOSS}/calendars/primary/events/${String(event.id)}`,
			)
		).filter((c) => c.method === 'DELETE');
		expect(call.query).toEqual({ pushNotification: 'true' });
	});

	it('Get Many walks every page of a window, 100 a call', async () => {
		const made = await runNode({
			credentials: credentials(),
			items: Array.from({ length: 120 }, (_, n) => ({ json: { s: `E${n}` } })),
			parameters: calendar('create', {
				summary: '={{ $json.s }}',
				start: '2026-12-21T10:00:00+08:00',
				end: '2026-12-21T11:00:00+08:00',
				options: { timeZone: 'Asia/Shanghai' },
			}),
		});
		expect(made.output).toHaveLength(120);
		await created('Later', {
			start: '2027-03-01T10:00:00+08:00',
			end: '2027-03-01T11:00:00+08:00',
		});
		const all = await runNode({
			credentials: credentials(),
			parameters: calendar('getAll', {
				timeMin: '2026-12-01T00:00:00Z',
				timeMax: '2026-12-31T23:59:59Z',
				returnAll: true,
			}),
		});
		expect(all.error).toBeUndefined();
		expect(all.output).toHaveLength(120);
		const calls = (
			await env.client.requestsTo(`/v1.0/calendar/users/${BOSS}/calendars/primary/events`)
		).filter((c) => c.method === 'GET');
		expect(calls.map((c) => [c.query.maxResults, c.query.nextToken])).toEqual([
			['100', undefined],
			['100', '100'],
		]);
		expect(calls[0].query).toMatchObject({
			timeMin: '2026-12-01T00:00:00.000Z',
			timeMax: '2026-12-31T23:59:59.000Z',
		});
	});

	it('Get Free/Busy: one item per user, busy slots in the window', async () => {
		await created('Busy', { options: { timeZone: 'Asia/Shanghai', attendeeUserIds: 'calGuest' } });
		const { output, error } = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'calendar',
				operation: 'getFreeBusy',
				userIds: 'calBoss, calGuest, user0001',
				startTime: '2026-12-21T00:00:00+08:00',
				endTime: '2026-12-22T00:00:00+08:00',
			},
		});
		expect(error).toBeUndefined();
		expect(output.map((o) => [o.json.userId, o.json.free])).toEqual([
			['calBoss', false],
			['calGuest', false],
			['user0001', true],
		]);
		expect(output[0].json.busy).toEqual([
			{ status: 'BUSY', start: '2026-12-21T10:00:00+08:00', end: '2026-12-21T11:00:00+08:00' },
		]);
		const [call] = await env.client.requestsTo(`/v1.0/calendar/users/${BOSS}/querySchedule`);
		expect(call.body).toMatchObject({
			startTime: '2026-12-20T16:00:00.000Z',
			endTime: '2026-12-21T16:00:00.000Z',
		});
	});

	it('Get Free/Busy for 25 users: calls of 20 and 5, one item per user in the order given', async () => {
		const users = Array.from({ length: 25 }, (_, n) => `user${String(n + 1).padStart(4, '0')}`);
		const { output, error } = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'calendar',
				operation: 'getFreeBusy',
				userIds: users.join(', '),
				startTime: '2026-12-21T00:00:00+08:00',
				endTime: '2026-12-22T00:00:00+08:00',
			},
		});
		expect(error).toBeUndefined();
		expect(output.map((o) => o.json.userId)).toEqual(users);
		const calls = (await env.client.state()).requests.filter((r) =>
			r.path.endsWith('/querySchedule'),
		);
		expect(calls.map((r) => (r.body?.userIds as unknown[]).length)).toEqual([20, 5]);
	});

	it('bad inputs fail their own item, named and indexed; permission errors name the permission', async () => {
		const { output, error } = await runNode({
			credentials: credentials(),
			continueOnFail: true,
			items: [
				{ json: { start: '2026-12-21T10:00:00Z', end: '2026-12-21T09:00:00Z' } },
				{ json: { start: 'tomorrow-ish', end: '2026-12-21T09:00:00Z' } },
				{
					json: {
						start: '2026-12-21T08:00:00Z',
						end: '2026-12-21T09:00:00Z',
						zone: 'Mars/Olympus',
					},
				},
				{ json: { start: '2026-12-21T08:00:00Z', end: '2026-12-21T09:00:00Z' } },
			],
			parameters: calendar('create', {
				summary: 'x',
				start: '={{ $json.start }}',
				end: '={{ $json.end }}',
				options: { timeZone: '={{ $json.zone ?? "UTC" }}' },
			}),
		});
		expect(error).toBeUndefined();
		expect(output[0].json.error).toContain('parameter "End" [item 0]');
		expect(output[1].json.error).toContain('parameter "Start" [item 1]');
		expect(output[2].json.error).toContain('parameter "Time Zone" [item 2]');
		expect(output[3].json.summary).toBe('x');

		await env.client.permissions({
			revoke: ['Calendar.Event.Write', 'Calendar.EventSchedule.Read'],
		});
		const write = await runNode({
			credentials: credentials(),
			parameters: calendar('create', {
				summary: 'x',
				start: '2026-12-21T08:00:00Z',
				end: '2026-12-21T09:00:00Z',
			}),
		});
		expect(write.error?.message).toContain('日程写权限 (Calendar.Event.Write)');
		const busy = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'calendar',
				operation: 'getFreeBusy',
				userIds: 'calBoss',
				startTime: '2026-12-21T00:00:00Z',
				endTime: '2026-12-22T00:00:00Z',
			},
		});
		expect(busy.error?.message).toContain('(Calendar.EventSchedule.Read)');
	});
});
