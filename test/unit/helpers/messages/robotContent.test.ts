import type { MessageFields } from '../../../../nodes/DingTalk/helpers/messages/content';
import { buildRobotMessage } from '../../../../nodes/DingTalk/helpers/messages/robotContent';

const parse = (msgParam: string) => JSON.parse(msgParam) as Record<string, unknown>;

describe('buildRobotMessage: msgKey and msgParam (a JSON string) per type, dingtalk-api.md §3.4', () => {
	it.each<
		[
			string,
			Parameters<typeof buildRobotMessage>[0],
			MessageFields,
			string,
			Record<string, unknown>,
		]
	>([
		['text', 'text', { content: 'hi 钉钉' }, 'sampleText', { content: 'hi 钉钉' }],
		[
			'markdown',
			'markdown',
			{ title: ' T ', content: '## x' },
			'sampleMarkdown',
			{ title: 'T', text: '## x' },
		],
		[
			'image by URL',
			'image',
			{ photoURL: 'https://e.com/a.png' },
			'sampleImageMsg',
			{ photoURL: 'https://e.com/a.png' },
		],
		[
			'image by media id',
			'image',
			{ photoURL: '@lAabc' },
			'sampleImageMsg',
			{ photoURL: '@lAabc' },
		],
		[
			'link',
			'link',
			{ title: 'T', content: 'body', messageUrl: 'https://e.com/x', picUrl: 'https://e.com/p.png' },
			'sampleLink',
			{ text: 'body', title: 'T', picUrl: 'https://e.com/p.png', messageUrl: 'https://e.com/x' },
		],
		[
			'action card, one button',
			'actionCard',
			{ title: 'T', content: 'md', buttons: [{ title: 'Open', url: 'https://e.com' }] },
			'sampleActionCard',
			{ title: 'T', text: 'md', singleTitle: 'Open', singleURL: 'https://e.com' },
		],
		[
			'action card, three vertical buttons',
			'actionCard',
			{
				title: 'T',
				content: 'md',
				buttons: [
					{ title: 'A', url: 'https://e.com/a' },
					{ title: 'B', url: 'https://e.com/b' },
					{ title: 'C', url: 'dtmd://dingtalkclient/sendMessage?content=C' },
				],
			},
			'sampleActionCard3',
			{
				title: 'T',
				text: 'md',
				actionTitle1: 'A',
				actionURL1: 'https://e.com/a',
				actionTitle2: 'B',
				actionURL2: 'https://e.com/b',
				actionTitle3: 'C',
				actionURL3: 'dtmd://dingtalkclient/sendMessage?content=C',
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
					{ title: 'Yes', url: 'https://e.com/y' },
					{ title: 'No', url: 'https://e.com/n' },
				],
			},
			'sampleActionCard6',
			{
				title: 'T',
				text: 'md',
				buttonTitle1: 'Yes',
				buttonUrl1: 'https://e.com/y',
				buttonTitle2: 'No',
				buttonUrl2: 'https://e.com/n',
			},
		],
		[
			'audio',
			'audio',
			{ mediaId: '@v', duration: 5000.4 },
			'sampleAudio',
			{ mediaId: '@v', duration: '5000' },
		],
		[
			'file',
			'file',
			{ mediaId: '@f', fileName: 'a.pdf', fileType: 'pdf' },
			'sampleFile',
			{ mediaId: '@f', fileName: 'a.pdf', fileType: 'pdf' },
		],
		[
			'video',
			'video',
			{ videoMediaId: '@v', picMediaId: '@p', duration: 30, videoType: 'mp4' },
			'sampleVideo',
			{ duration: '30', videoMediaId: '@v', videoType: 'mp4', picMediaId: '@p' },
		],
	])('%s', (_name, type, fields, msgKey, param) => {
		const result = buildRobotMessage(type, fields);
		expect(result.problem).toBeUndefined();
		expect(result.message?.msgKey).toBe(msgKey);
		expect(typeof result.message?.msgParam).toBe('string');
		expect(parse(result.message!.msgParam)).toEqual(param);
	});

	it('keeps every vertical button count from 2 to 5 on its own template', () => {
		for (let n = 2; n <= 5; n++) {
			const buttons = Array.from({ length: n }, (_, i) => ({
				title: `B${i}`,
				url: `https://e.com/${i}`,
			}));
			expect(
				buildRobotMessage('actionCard', { title: 'T', content: 'x', buttons }).message?.msgKey,
			).toBe(`sampleActionCard${n}`);
		}
	});

	it.each<[string, Parameters<typeof buildRobotMessage>[0], MessageFields, string, string]>([
		['empty text', 'text', { content: '  ' }, 'Content', 'Content is empty'],
		['markdown without title', 'markdown', { content: 'x' }, 'Title', 'Title is empty'],
		[
			'image URL that is not a link',
			'image',
			{ photoURL: 'ftp://x/y.png' },
			'Image URL',
			'not a link DingTalk can open',
		],
		['image without URL', 'image', { photoURL: '' }, 'Image URL', 'Image URL is empty'],
		[
			'link with a javascript: URL',
			'link',
			{ title: 'T', content: 'b', messageUrl: 'javascript:alert(1)', picUrl: 'https://e/p' },
			'Message URL',
			'not a link',
		],
		[
			'card without buttons',
			'actionCard',
			{ title: 'T', content: 'b', buttons: [] },
			'Buttons',
			'No buttons given',
		],
		[
			'card with six buttons',
			'actionCard',
			{ title: 'T', content: 'b', buttons: Array(6).fill({ title: 'x', url: 'https://e' }) },
			'Buttons',
			'6 buttons given',
		],
		[
			'button without title',
			'actionCard',
			{ title: 'T', content: 'b', buttons: [{ title: ' ', url: 'https://e' }] },
			'Buttons',
			'Button 1 has no title',
		],
		[
			'button without link',
			'actionCard',
			{ title: 'T', content: 'b', buttons: [{ title: 'x', url: 'e.com' }] },
			'Buttons',
			'Button 1 has no valid link',
		],
		[
			'three side-by-side buttons',
			'actionCard',
			{
				title: 'T',
				content: 'b',
				buttonOrientation: 'horizontal',
				buttons: Array(3).fill({ title: 'x', url: 'https://e' }),
			},
			'Button Orientation',
			'exactly 2 buttons',
		],
		[
			'audio without duration',
			'audio',
			{ mediaId: '@v', duration: 0 },
			'Duration (Ms)',
			'not a positive number',
		],
		[
			'video without duration',
			'video',
			{ videoMediaId: '@v', picMediaId: '@p' },
			'Duration (Seconds)',
			'not a positive number',
		],
		['unknown type', 'sticker' as never, {}, 'Message Type', 'not supported'],
	])('%s → a problem naming the parameter', (_name, type, fields, parameter, text) => {
		const result = buildRobotMessage(type, fields);
		expect(result.message).toBeUndefined();
		expect(result.problem?.parameter).toBe(parameter);
		expect(result.problem?.problem).toContain(text);
		expect(result.problem?.fix.length).toBeGreaterThan(10);
	});
});
