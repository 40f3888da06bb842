'use strict';
// DingTalk calendar (日程, calendar_1_0, header token): events of a user's primary calendar —
// create (attendees, reminders, online meeting, an idempotency x-client-token), get, list in a
// window (paged), patch, delete, meeting rooms — and free/busy of users. Every user is a unionId.
// https://open.dingtalk.com/document/orgapp/create-event and its sibling pages. Limits the docs
// do not state are the emulator's [INF] values (docs/dingtalk-api-notes.md → Calendar).
const crypto = require('node:crypto');

const { HttpReply, newApiError } = require('../core');
const { userByUnionId } = require('./contact');

const LIMITS = { listMax: 100, attendees: 500, scheduleUsers: 20, summary: 2048, reminders: 5 };
const WRITE = 'Calendar.Event.Write';
const READ = 'Calendar.Event.Read';
const SCHEDULE = 'Calendar.EventSchedule.Read';

const state = {
	reset(core) {
		core.calendar = { events: new Map(), clientTokens: new Map() };
	},
	snapshot: (core) => ({ calendar: { events: [...core.calendar.events.values()] } }),
};

const bad = (code, message) => newApiError(400, code, message);

function knownUser(core, unionId) {
	return userByUnionId(core, unionId)
		? undefined
		: bad('invalidParameter.userId', `用户 ${unionId} 不存在`);
}

/** A start or end: {dateTime, timeZone} or, for all-day events, {date}. Returns [ms, error]. */
function timeOf(value, field, allDay) {
	if (!value || typeof value !== 'object')
		return [undefined, bad(`invalidParameter.${field}`, `${field} 不能为空`)];
	const text = allDay ? value.date : value.dateTime;
	const ms = typeof text === 'string' ? Date.parse(text) : NaN;
	if (Number.isNaN(ms))
		return [
			undefined,
			bad(`invalidParameter.${field}`, `${field}.${allDay ? 'date' : 'dateTime'} 格式错误`),
		];
	return [ms, undefined];
}

/** Checks a create or patch body; returns an error reply or undefined. */
function checkEvent(core, body, creating) {
	if (creating || body.summary !== undefined) {
		if (typeof body.summary !== 'string' || !body.summary.trim())
			return bad('invalidParameter.summary', 'summary 不能为空');
		if ([...body.summary].length > LIMITS.summary)
			return bad('invalidParameter.summary', 'summary 过长');
	}
	const allDay = Boolean(body.isAllDay);
	if (creating || body.start !== undefined || body.end !== undefined) {
		const [start, startError] = timeOf(body.start, 'start', allDay);
		if (startError) return startError;
		const [end, endError] = timeOf(body.end, 'end', allDay);
		if (endError) return endError;
		if (end < start) return bad('invalidParameter.end', 'end 不能早于 start');
	}
	if (body.attendees !== undefined) {
		if (!Array.isArray(body.attendees))
			return bad('invalidParameter.attendees', 'attendees 格式错误');
		if (body.attendees.length > LIMITS.attendees)
			return bad('invalidParameter.attendees', `参与者不能超过${LIMITS.attendees}人`);
		for (const a of body.attendees) {
			const unknown = knownUser(core, a && a.id);
			if (unknown) return unknown;
		}
	}
	if (body.reminders !== undefined) {
		if (!Array.isArray(body.reminders) || body.reminders.length > LIMITS.reminders)
			return bad('invalidParameter.reminders', 'reminders 格式错误');
		if (
			body.reminders.some(
				(r) => r.method !== 'dingtalk' || !Number.isInteger(r.minutes) || r.minutes < 0,
			)
		)
			return bad('invalidParameter.reminders', 'reminders 格式错误');
	}
	if (body.onlineMeetingInfo !== undefined && (body.onlineMeetingInfo || {}).type !== 'dingtalk')
		return bad('invalidParameter.onlineMeetingInfo', 'onlineMeetingInfo.type 只支持 dingtalk');
	return undefined;
}

function eventView(core, event, viewer) {
	const organizer = event.organizer;
	return {
		id: event.id,
		summary: event.summary,
		description: event.description,
		start: event.start,
		end: event.end,
		isAllDay: event.isAllDay,
		location: event.location,
		status: event.status,
		organizer: {
			id: organizer,
			displayName: 'Organizer',
			responseStatus: 'accepted',
			self: organizer === viewer,
		},
		attendees: event.attendees.map((a) => ({
			id: a.id,
			displayName: (userByUnionId(core, a.id) || {}).name,
			isOptional: Boolean(a.isOptional),
			responseStatus: 'needsAction',
			self: a.id === viewer,
		})),
		// The SDK's response model has minutes as a string (the request's is a number).
		reminders: event.reminders.map((r) => ({ method: r.method, minutes: String(r.minutes) })),
		onlineMeetingInfo: event.onlineMeetingInfo,
		meetingRooms: event.meetingRooms.map((roomId) => ({ roomId, responseStatus: 'accepted' })),
		createTime: event.createTime,
		updateTime: event.updateTime,
	};
}

function findEvent(core, params) {
	const event = core.calendar.events.get(params.eventId);
	const involved =
		event &&
		(event.organizer === params.userId || event.attendees.some((a) => a.id === params.userId));
	if (!event || event.status === 'cancelled' || !involved)
		return { error: newApiError(404, 'eventNotFound', '日程不存在') };
	return { event };
}

const startMs = (event) => Date.parse(event.isAllDay ? event.start.date : event.start.dateTime);
const endMs = (event) => Date.parse(event.isAllDay ? event.end.date : event.end.dateTime);

function checkCalendar(core, params) {
	return (
		knownUser(core, params.userId) ||
		(params.calendarId === 'primary'
			? undefined
			: bad('invalidParameter.calendarId', 'calendarId 只支持 primary'))
	);
}

const EVENTS = '/v1.0/calendar/users/:userId/calendars/:calendarId/events';

module.exports = {
	LIMITS,
	state,
	routes: [
		{
			host: 'api',
			method: 'POST',
			path: EVENTS,
			scope: WRITE,
			handle({ core, params, body, req }) {
				const invalid = checkCalendar(core, params) || checkEvent(core, body || {}, true);
				if (invalid) return invalid;
				// x-client-token: a repeated create with the same token returns the first event.
				const clientToken = req.headers['x-client-token'];
				const earlier =
					clientToken && core.calendar.clientTokens.get(`${params.userId}|${clientToken}`);
				if (earlier)
					return new HttpReply(
						200,
						eventView(core, core.calendar.events.get(earlier), params.userId),
					);
				const now = new Date().toISOString();
				const event = {
					id: crypto.randomBytes(16).toString('base64url'),
					organizer: params.userId,
					summary: body.summary,
					description: body.description || '',
					start: body.start,
					end: body.end,
					isAllDay: Boolean(body.isAllDay),
					location: body.location || null,
					attendees: body.attendees || [],
					reminders: body.reminders || [],
					onlineMeetingInfo: body.onlineMeetingInfo
						? {
								type: 'dingtalk',
								conferenceId: String(crypto.randomInt(1e8, 1e9)),
								url: 'dingtalk://meeting',
							}
						: null,
					meetingRooms: [],
					status: 'confirmed',
					createTime: now,
					updateTime: now,
				};
				core.calendar.events.set(event.id, event);
				if (clientToken)
					core.calendar.clientTokens.set(`${params.userId}|${clientToken}`, event.id);
				return new HttpReply(200, eventView(core, event, params.userId));
			},
		},
		{
			host: 'api',
			method: 'GET',
			path: EVENTS,
			scope: READ,
			handle({ core, params, query }) {
				const invalid = checkCalendar(core, params);
				if (invalid) return invalid;
				const max = query.has('maxResults') ? Number(query.get('maxResults')) : LIMITS.listMax;
				if (!Number.isInteger(max) || max < 1 || max > LIMITS.listMax)
					return bad('invalidParameter.maxResults', `maxResults 取值范围 1~${LIMITS.listMax}`);
				const min = query.has('timeMin') ? Date.parse(query.get('timeMin')) : -Infinity;
				const maxTime = query.has('timeMax') ? Date.parse(query.get('timeMax')) : Infinity;
				if (Number.isNaN(min) || Number.isNaN(maxTime))
					return bad('invalidParameter.timeMin', 'timeMin/timeMax 格式错误');
				const start = Number(query.get('nextToken') || 0);
				const all = [...core.calendar.events.values()]
					.filter(
						(e) =>
							e.status !== 'cancelled' &&
							(e.organizer === params.userId || e.attendees.some((a) => a.id === params.userId)) &&
							endMs(e) >= min &&
							startMs(e) <= maxTime,
					)
					.sort((a, b) => startMs(a) - startMs(b));
				const page = all.slice(start, start + max);
				return new HttpReply(200, {
					events: page.map((e) => eventView(core, e, params.userId)),
					...(start + max < all.length ? { nextToken: String(start + max) } : {}),
				});
			},
		},
		{
			host: 'api',
			method: 'GET',
			path: `${EVENTS}/:eventId`,
			scope: READ,
			handle({ core, params }) {
				const invalid = checkCalendar(core, params);
				if (invalid) return invalid;
				const found = findEvent(core, params);
				if (found.error) return found.error;
				return new HttpReply(200, eventView(core, found.event, params.userId));
			},
		},
		{
			host: 'api',
			method: 'PUT',
			path: `${EVENTS}/:eventId`,
			scope: WRITE,
			handle({ core, params, body }) {
				body = body || {};
				const invalid = checkCalendar(core, params) || checkEvent(core, body, false);
				if (invalid) return invalid;
				const found = findEvent(core, params);
				if (found.error) return found.error;
				if (body.id !== undefined && body.id !== params.eventId)
					return bad('invalidParameter.id', 'id 与路径中的 eventId 不一致');
				const event = found.event;
				if (event.organizer !== params.userId)
					return newApiError(403, 'forbidden.notOrganizer', '只有组织者可以修改日程');
				for (const field of [
					'summary',
					'description',
					'start',
					'end',
					'isAllDay',
					'location',
					'attendees',
					'reminders',
				])
					if (body[field] !== undefined) event[field] = body[field];
				event.updateTime = new Date().toISOString();
				return new HttpReply(200, eventView(core, event, params.userId));
			},
		},
		{
			host: 'api',
			method: 'DELETE',
			path: `${EVENTS}/:eventId`,
			scope: WRITE,
			handle({ core, params }) {
				const invalid = checkCalendar(core, params);
				if (invalid) return invalid;
				const found = findEvent(core, params);
				if (found.error) return found.error;
				if (found.event.organizer === params.userId) found.event.status = 'cancelled';
				else found.event.attendees = found.event.attendees.filter((a) => a.id !== params.userId);
				return new HttpReply(200, {});
			},
		},
		{
			host: 'api',
			method: 'POST',
			path: `${EVENTS}/:eventId/meetingRooms`,
			scope: WRITE,
			handle({ core, params, body }) {
				const invalid = checkCalendar(core, params);
				if (invalid) return invalid;
				const found = findEvent(core, params);
				if (found.error) return found.error;
				const rooms = body && body.meetingRoomsToAdd;
				if (
					!Array.isArray(rooms) ||
					!rooms.length ||
					rooms.some((r) => !r || typeof r.roomId !== 'string')
				)
					return bad('invalidParameter.meetingRoomsToAdd', 'meetingRoomsToAdd 不能为空');
				for (const { roomId } of rooms)
					if (!found.event.meetingRooms.includes(roomId)) found.event.meetingRooms.push(roomId);
				return new HttpReply(200, { result: true });
			},
		},
		{
			host: 'api',
			method: 'POST',
			path: '/v1.0/calendar/users/:userId/querySchedule',
			scope: SCHEDULE,
			handle({ core, params, body }) {
				const unknown = knownUser(core, params.userId);
				if (unknown) return unknown;
				body = body || {};
				if (!Array.isArray(body.userIds) || !body.userIds.length)
					return bad('invalidParameter.userIds', 'userIds 不能为空');
				if (body.userIds.length > LIMITS.scheduleUsers)
					return bad('invalidParameter.userIds', `userIds 最多${LIMITS.scheduleUsers}个`);
				const from = Date.parse(body.startTime);
				const to = Date.parse(body.endTime);
				if (Number.isNaN(from) || Number.isNaN(to) || to < from)
					return bad('invalidParameter.time', 'startTime/endTime 格式错误');
				return new HttpReply(200, {
					scheduleInformation: body.userIds.map((userId) => {
						if (!userByUnionId(core, userId))
							return { userId, error: 'user not found', scheduleItems: [] };
						const items = [...core.calendar.events.values()]
							.filter(
								(e) =>
									e.status !== 'cancelled' &&
									(e.organizer === userId || e.attendees.some((a) => a.id === userId)) &&
									endMs(e) > from &&
									startMs(e) < to,
							)
							.sort((a, b) => startMs(a) - startMs(b))
							.map((e) => ({ status: 'BUSY', start: e.start, end: e.end }));
						return { userId, scheduleItems: items };
					}),
				});
			},
		},
	],
};
