import {
	normalizeCardCallback,
	normalizeRobotMessage,
} from '../../../nodes/DingTalk/trigger/normalize';
import { isoOrNull } from '../../../nodes/DingTalk/helpers/execution/time';

describe('robot message normalisation never throws', () => {
	it.each<[string, unknown]>([
		['null', null],
		['a string', 'text'],
		['a list', [1, 2]],
		[
			'odd field types',
			{
				msgtype: 7,
				createAt: 'not a time',
				atUsers: [null, 'x', 3, { staffId: 5 }],
				text: 'plain',
				content: 'x',
				sessionWebhookExpiredTime: 1e20,
				conversationType: { a: 1 },
			},
		],
		['a createAt beyond the Date range', { msgtype: 'text', createAt: 9e15 }],
	])('%s', (_case, input) => {
		const message = normalizeRobotMessage(input);
		expect(message.createdAt).toBeNull();
		expect(Array.isArray(message.atUserIds)).toBe(true);
	});

	it('keeps good values', () => {
		const message = normalizeRobotMessage({
			msgtype: 'text',
			text: { content: ' hi ' },
			createAt: 1700000000000,
			atUsers: [{ staffId: 'u1' }],
			conversationType: '2',
			sessionWebhookExpiredTime: '1700000000000',
		});
		expect(message).toMatchObject({
			messageType: 'text',
			text: 'hi',
			createdAt: '2023-11-14T22:13:20.000Z',
			atUserIds: ['u1'],
			conversationType: 'group',
			sessionWebhookExpiresAt: '2023-11-14T22:13:20.000Z',
		});
	});

	it('isoOrNull accepts ms as a number or digits only', () => {
		expect(isoOrNull(0)).toBeNull();
		expect(isoOrNull('12abc')).toBeNull();
		expect(isoOrNull(Number.NaN)).toBeNull();
		expect(isoOrNull('1700000000000')).toBe('2023-11-14T22:13:20.000Z');
	});
});

describe('card callbacks', () => {
	it("names the card, the button and who clicked, parsing DingTalk's JSON strings", () => {
		const value = JSON.stringify({
			cardPrivateData: { actionIds: ['ack'], params: { note: 'on it' } },
		});
		const json = normalizeCardCallback({
			extension: '{}',
			corpId: 'dingcorp',
			spaceType: 'IM_GROUP',
			spaceId: 'cidGroup==',
			userIdType: 1,
			type: 'actionCallback',
			userId: 'user0003',
			content: value,
			outTrackId: 'alert-4711',
			value,
		});
		expect(json).toMatchObject({
			cardBizId: 'alert-4711',
			actionId: 'ack',
			actionIds: ['ack'],
			params: { note: 'on it' },
			userId: 'user0003',
			conversationType: 'group',
			conversationId: 'cidGroup==',
		});
	});

	it('survives a callback without value', () => {
		expect(normalizeCardCallback({ outTrackId: 'x', spaceType: 'IM_ROBOT' })).toMatchObject({
			cardBizId: 'x',
			actionId: null,
			params: {},
			conversationType: 'oneToOne',
		});
	});
});
