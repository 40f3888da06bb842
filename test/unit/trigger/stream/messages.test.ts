import type { StreamFrame } from '../../../../nodes/DingTalk/trigger/stream/client';
import { streamItem, TOPICS } from '../../../../nodes/DingTalk/trigger/stream/messages';

const frame = (
	type: StreamFrame['type'],
	headers: Record<string, string>,
	data: string,
): StreamFrame => ({ type, headers, data });

describe('Stream items', () => {
	it('an event carries its type, id and corp from the headers, then its data', () => {
		const item = streamItem(
			frame(
				'EVENT',
				{ topic: '*', eventType: 'user_add_org', eventId: 'e1', eventCorpId: 'ding1' },
				'{"userId":["u1"]}',
			),
			[],
		);
		expect(item).toEqual({
			eventType: 'user_add_org',
			eventId: 'e1',
			corpId: 'ding1',
			userId: ['u1'],
		});
	});

	it('an event of a type not asked for starts nothing', () => {
		expect(
			streamItem(frame('EVENT', { topic: '*', eventType: 'chat_disband' }, '{}'), ['user_add_org']),
		).toBeUndefined();
	});

	it('data that is not a JSON object is kept under data', () => {
		expect(streamItem(frame('EVENT', { topic: '*' }, '[1,2]'), [])).toMatchObject({
			eventType: '',
			data: [1, 2],
		});
		expect(streamItem(frame('EVENT', { topic: '*' }, 'not json'), [])).toMatchObject({
			data: 'not json',
		});
	});

	it('a robot message and a card click are normalised and say where they came from', () => {
		const robot = streamItem(
			frame(
				'CALLBACK',
				{ topic: TOPICS.robotMessages.topic },
				JSON.stringify({ msgtype: 'text', text: { content: ' hi ' }, conversationType: '2' }),
			),
			[],
		);
		expect(robot).toMatchObject({
			source: 'robotMessage',
			messageType: 'text',
			text: 'hi',
			conversationType: 'group',
		});
		const card = streamItem(
			frame(
				'CALLBACK',
				{ topic: TOPICS.cardCallbacks.topic },
				JSON.stringify({
					outTrackId: 'c1',
					spaceType: 'IM_ROBOT',
					value: '{"cardPrivateData":{"actionIds":["ok"]}}',
				}),
			),
			[],
		);
		expect(card).toMatchObject({
			source: 'cardCallback',
			cardBizId: 'c1',
			actionId: 'ok',
			conversationType: 'oneToOne',
		});
	});
});
