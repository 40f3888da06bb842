import type { MessageFields } from '../../../../nodes/DingTalk/helpers/messages/content';
import { buildWorkNotification } from '../../../../nodes/DingTalk/helpers/messages/workNotificationContent';

describe('buildWorkNotification: snake_case msg, dingtalk-api.md §6.1', () => {
	it.each<
		[string, Parameters<typeof buildWorkNotification>[0], MessageFields, Record<string, unknown>]
	>([
		['text', 'text', { content: 'hi' }, { msgtype: 'text', text: { content: 'hi' } }],
		[
			'markdown',
			'markdown',
			{ title: 'T', content: '# x' },
			{ msgtype: 'markdown', markdown: { title: 'T', text: '# x' } },
		],
		['image', 'image', { mediaId: '@i' }, { msgtype: 'image', image: { media_id: '@i' } }],
		['file', 'file', { mediaId: '@f' }, { msgtype: 'file', file: { media_id: '@f' } }],
		[
			'link',
			'link',
			{ title: 'T', content: 'b', messageUrl: 'https://e/x', picUrl: 'https://e/p' },
			{
				msgtype: 'link',
				link: { messageUrl: 'https://e/x', picUrl: 'https://e/p', title: 'T', text: 'b' },
			},
		],
		[
			'oa',
			'oa',
			{
				headText: 'HR',
				headBgColor: '#ff1677ff',
				messageUrl: 'https://e/x',
				title: 'Leave',
				content: 'approved',
				form: [{ key: 'Days', value: '2' }],
			},
			{
				msgtype: 'oa',
				oa: {
					message_url: 'https://e/x',
					head: { bgcolor: 'FF1677FF', text: 'HR' },
					body: { title: 'Leave', content: 'approved', form: [{ key: 'Days', value: '2' }] },
				},
			},
		],
		[
			'action card, one button',
			'actionCard',
			{ title: 'T', content: 'md', buttons: [{ title: 'Go', url: 'https://e' }] },
			{
				msgtype: 'action_card',
				action_card: { title: 'T', markdown: 'md', single_title: 'Go', single_url: 'https://e' },
			},
		],
		[
			'action card, two side by side',
			'actionCard',
			{
				title: 'T',
				content: 'md',
				buttonOrientation: 'horizontal',
				buttons: [
					{ title: 'A', url: 'https://e/a' },
					{ title: 'B', url: 'https://e/b' },
				],
			},
			{
				msgtype: 'action_card',
				action_card: {
					title: 'T',
					markdown: 'md',
					btn_orientation: '1',
					btn_json_list: [
						{ title: 'A', action_url: 'https://e/a' },
						{ title: 'B', action_url: 'https://e/b' },
					],
				},
			},
		],
	])('%s', (_name, type, fields, msg) => {
		const result = buildWorkNotification(type, fields);
		expect(result.problem).toBeUndefined();
		expect(result.msg).toEqual(msg);
	});

	it.each<[string, Parameters<typeof buildWorkNotification>[0], MessageFields, string]>([
		['empty text', 'text', { content: '' }, 'Content'],
		[
			'markdown over 5000 characters',
			'markdown',
			{ title: 'T', content: 'x'.repeat(5001) },
			'Content',
		],
		['oa without header', 'oa', { messageUrl: 'https://e' }, 'Header Text'],
		[
			'oa with a bad color',
			'oa',
			{ headText: 'H', messageUrl: 'https://e', headBgColor: 'blue' },
			'Header Color',
		],
		[
			'link without URL',
			'link',
			{ title: 'T', content: 'b', picUrl: 'https://e/p' },
			'Message URL',
		],
	])('%s → problem names %s', (_name, type, fields, parameter) => {
		expect(buildWorkNotification(type, fields).problem?.parameter).toBe(parameter);
	});
});
