import CalendarClient, {
	AddMeetingRoomsHeaders,
	AddMeetingRoomsRequest,
	AddMeetingRoomsRequestMeetingRoomsToAdd,
	CreateEventHeaders,
	CreateEventRequest,
	CreateEventRequestAttendees,
	CreateEventRequestEnd,
	CreateEventRequestLocation,
	CreateEventRequestOnlineMeetingInfo,
	CreateEventRequestReminders,
	CreateEventRequestStart,
	DeleteEventHeaders,
	DeleteEventRequest,
	GetEventHeaders,
	GetEventRequest,
	GetScheduleHeaders,
	GetScheduleRequest,
	ListEventsHeaders,
	ListEventsRequest,
	PatchEventHeaders,
	PatchEventRequest,
} from '@alicloud/dingtalk/dist/calendar_1_0/client';

import { sdkAccessToken, sdkClient, sdkRefusal, sdkRuntime } from '../../../support/officialSdk';
import { useEmulator } from '../../../support/useEmulator';

/**
 * calendar_1_0 through the official SDK: the event and free/busy endpoints the package calls
 * (unionIds in the path, `primary` calendar), with x-client-token idempotency, paging at the
 * 100-event maximum, the 20-user free/busy maximum and one over.
 */

const env = useEmulator();
const ORG = 'unionCalOrganizer1';
const GUEST = 'unionCalGuest00002';

let client: CalendarClient;
let token: string;

beforeAll(async () => {
	client = sdkClient(CalendarClient, env.emulator);
	token = await sdkAccessToken(env.emulator);
	await env.client.directory({
		users: [
			{ userId: 'calOrganizer', unionId: ORG, name: 'Organizer', mobile: '13900000021' },
			{ userId: 'calGuest', unionId: GUEST, name: 'Guest', mobile: '13900000022' },
		],
	});
});

const at = (hour: number, day = 21) =>
	`2026-12-${day}T${String(hour).padStart(2, '0')}:00:00+08:00`;
const create = (request: Record<string, unknown> = {}, clientToken?: string) =>
	client.createEventWithOptions(
		ORG,
		'primary',
		new CreateEventRequest({
			summary: 'Budget review',
			start: new CreateEventRequestStart({ dateTime: at(10), timeZone: 'Asia/Shanghai' }),
			end: new CreateEventRequestEnd({ dateTime: at(11), timeZone: 'Asia/Shanghai' }),
			...request,
		}),
		new CreateEventHeaders({
			xAcsDingtalkAccessToken: token,
			...(clientToken ? { xClientToken: clientToken } : {}),
		}),
		sdkRuntime(),
	);
const list = (request: Record<string, unknown>, user = ORG) =>
	client.listEventsWithOptions(
		user,
		'primary',
		new ListEventsRequest(request),
		new ListEventsHeaders({ xAcsDingtalkAccessToken: token }),
		sdkRuntime(),
	);

describe('calendar_1_0 with the official SDK as client', () => {
	it('creates an event with attendees, reminders, location and an online meeting; a repeated client token returns it', async () => {
		const created = await create(
			{
				description: 'Q3',
				location: new CreateEventRequestLocation({ displayName: 'Room 1' }),
				attendees: [new CreateEventRequestAttendees({ id: GUEST, isOptional: false })],
				reminders: [new CreateEventRequestReminders({ method: 'dingtalk', minutes: 15 })],
				onlineMeetingInfo: new CreateEventRequestOnlineMeetingInfo({ type: 'dingtalk' }),
			},
			'token-1',
		);
		expect(created.body).toMatchObject({
			id: expect.any(String),
			summary: 'Budget review',
			start: { dateTime: at(10), timeZone: 'Asia/Shanghai' },
			location: { displayName: 'Room 1' },
			attendees: [{ id: GUEST, displayName: 'Guest', isOptional: false }],
			reminders: [{ method: 'dingtalk', minutes: '15' }],
			onlineMeetingInfo: { type: 'dingtalk', conferenceId: expect.any(String) },
		});
		const again = await create({ summary: 'Other' }, 'token-1');
		expect(again.body?.id).toBe(created.body?.id);
		const [request] = await env.client.requestsTo(
			`/v1.0/calendar/users/${ORG}/calendars/primary/events`,
		);
		expect(request.body).toMatchObject({ summary: 'Budget review', attendees: [{ id: GUEST }] });

		const id = created.body!.id!;
		const seen = await client.getEventWithOptions(
			GUEST,
			'primary',
			id,
			new GetEventRequest({}),
			new GetEventHeaders({ xAcsDingtalkAccessToken: token }),
			sdkRuntime(),
		);
		expect(seen.body).toMatchObject({ id, summary: 'Budget review', organizer: { id: ORG } });
		const rooms = await client.addMeetingRoomsWithOptions(
			ORG,
			'primary',
			id,
			new AddMeetingRoomsRequest({
				meetingRoomsToAdd: [new AddMeetingRoomsRequestMeetingRoomsToAdd({ roomId: 'room-7' })],
			}),
			new AddMeetingRoomsHeaders({ xAcsDingtalkAccessToken: token }),
			sdkRuntime(),
		);
		expect(rooms.statusCode).toBe(200);
		const patched = await client.patchEventWithOptions(
			ORG,
			'primary',
			id,
			new PatchEventRequest({ id, summary: 'Moved' }),
			new PatchEventHeaders({ xAcsDingtalkAccessToken: token }),
			sdkRuntime(),
		);
		expect(patched.body).toMatchObject({ id, summary: 'Moved' });
		const after = await client.getEventWithOptions(
			ORG,
			'primary',
			id,
			new GetEventRequest({}),
			new GetEventHeaders({ xAcsDingtalkAccessToken: token }),
			sdkRuntime(),
		);
		expect(after.body).toMatchObject({ summary: 'Moved', meetingRooms: [{ roomId: 'room-7' }] });
		await client.deleteEventWithOptions(
			ORG,
			'primary',
			id,
			new DeleteEventRequest({ pushNotification: true }),
			new DeleteEventHeaders({ xAcsDingtalkAccessToken: token }),
			sdkRuntime(),
		);
		expect(
			await sdkRefusal(
				client.getEventWithOptions(
					ORG,
					'primary',
					id,
					new GetEventRequest({}),
					new GetEventHeaders({ xAcsDingtalkAccessToken: token }),
					sdkRuntime(),
				),
			),
		).toMatchObject({ statusCode: 404, code: 'eventNotFound' });
	});

	it('refuses a missing summary, an end before the start, unknown attendees, a foreign calendar', async () => {
		expect(await sdkRefusal(create({ summary: '' }))).toMatchObject({
			statusCode: 400,
			code: 'invalidParameter.summary',
		});
		expect(
			await sdkRefusal(
				create({ end: new CreateEventRequestEnd({ dateTime: at(9), timeZone: 'Asia/Shanghai' }) }),
			),
		).toMatchObject({ code: 'invalidParameter.end' });
		expect(
			await sdkRefusal(
				create({ attendees: [new CreateEventRequestAttendees({ id: 'unionNobody' })] }),
			),
		).toMatchObject({ code: 'invalidParameter.userId' });
		expect(
			await sdkRefusal(
				create({ reminders: [new CreateEventRequestReminders({ method: 'sms', minutes: 5 })] }),
			),
		).toMatchObject({ code: 'invalidParameter.reminders' });
	});

	it('lists events in a window 100 at a time with nextToken; 101 is refused', async () => {
		for (let n = 0; n < 130; n++) await create({ summary: `E${n}` });
		await create({
			summary: 'Next year',
			start: new CreateEventRequestStart({ dateTime: '2027-06-01T10:00:00+08:00' }),
			end: new CreateEventRequestEnd({ dateTime: '2027-06-01T11:00:00+08:00' }),
		});
		const window = { timeMin: '2026-12-01T00:00:00Z', timeMax: '2026-12-31T00:00:00Z' };
		const first = await list({ ...window, maxResults: 100 });
		expect(first.body?.events).toHaveLength(100);
		const second = await list({ ...window, maxResults: 100, nextToken: first.body?.nextToken });
		expect(second.body?.events).toHaveLength(30);
		expect(second.body?.nextToken).toBeUndefined();
		expect(await sdkRefusal(list({ maxResults: 101 }))).toMatchObject({
			code: 'invalidParameter.maxResults',
		});
	});

	it('answers free/busy for up to 20 users; 21 are refused', async () => {
		await create({ attendees: [new CreateEventRequestAttendees({ id: GUEST })] });
		const schedule = (userIds: string[]) =>
			client.getScheduleWithOptions(
				ORG,
				new GetScheduleRequest({
					userIds,
					startTime: '2026-12-21T00:00:00Z',
					endTime: '2026-12-22T00:00:00Z',
				}),
				new GetScheduleHeaders({ xAcsDingtalkAccessToken: token }),
				sdkRuntime(),
			);
		const answer = await schedule([ORG, GUEST, 'unionmanager4220xxxx']);
		expect(answer.body?.scheduleInformation).toEqual([
			{
				userId: ORG,
				scheduleItems: [
					{
						status: 'BUSY',
						start: { dateTime: at(10), timeZone: 'Asia/Shanghai' },
						end: { dateTime: at(11), timeZone: 'Asia/Shanghai' },
					},
				],
			},
			{ userId: GUEST, scheduleItems: [expect.objectContaining({ status: 'BUSY' })] },
			{ userId: 'unionmanager4220xxxx', scheduleItems: [] },
		]);
		expect(await sdkRefusal(schedule(Array.from({ length: 21 }, () => ORG)))).toMatchObject({
			code: 'invalidParameter.userIds',
		});
	});
});
