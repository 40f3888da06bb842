import type { INodeProperties } from 'n8n-workflow';

/**
 * Robot message fields of Send to Users, Send to Group, Reply, Send Work Notification and the
 * custom robot's Send Message (msgKey catalogue of
 * https://open.dingtalk.com/document/orgapp/types-of-messages-sent-by-robots). displayOptions here
 * depend only on the message type; each operation adds its resource/operation with
 * updateDisplayOptions.
 */
export const robotMessageFields: INodeProperties[] = [
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		default: 'text',
		description: 'Message template (消息模板)',
		options: [
			{
				name: 'Action Card',
				value: 'actionCard',
				description: 'Card with Markdown text and 1–5 link buttons (sampleActionCard…)',
			},
			{
				name: 'Audio',
				value: 'audio',
				description: 'Voice message from a binary file: amr, mp3 or wav, up to 2 MB (sampleAudio)',
			},
			{
				name: 'File',
				value: 'file',
				description:
					'File from a binary property, up to 20 MB: doc(x), xls(x), ppt(x), pdf, zip, rar (sampleFile)',
			},
			{
				name: 'Image',
				value: 'image',
				description: 'Image from a public URL or a binary file (sampleImageMsg)',
			},
			{
				name: 'Link',
				value: 'link',
				description: 'Link card with title, text and picture (sampleLink)',
			},
			{
				name: 'Markdown',
				value: 'markdown',
				description: 'Markdown text with a title (sampleMarkdown)',
			},
			{ name: 'Text', value: 'text', description: 'Plain text (sampleText)' },
			{
				name: 'Video',
				value: 'video',
				description: 'Video (mp4, up to 20 MB) with a cover image (sampleVideo)',
			},
		],
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Daily report',
		description: 'Message title (消息标题), shown in the chat list and in notifications',
		displayOptions: { show: { messageType: ['markdown', 'link', 'actionCard'] } },
	},
	{
		displayName: 'Content',
		name: 'content',
		type: 'string',
		default: '',
		required: true,
		typeOptions: { rows: 4 },
		placeholder: 'e.g. Hello from n8n',
		description:
			"Message content (消息内容). Markdown and action cards accept DingTalk's Markdown subset.",
		displayOptions: { show: { messageType: ['text', 'markdown', 'link', 'actionCard'] } },
	},
	{
		displayName: 'Image Source',
		name: 'imageSource',
		type: 'options',
		default: 'url',
		options: [
			{ name: 'Public URL', value: 'url', description: 'An online image address (在线图片地址)' },
			{
				name: 'Binary File',
				value: 'binary',
				description: 'A file from an earlier node, uploaded to DingTalk first',
			},
		],
		displayOptions: { show: { messageType: ['image'] } },
	},
	{
		displayName: 'Image URL',
		name: 'imageUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/chart.png',
		displayOptions: { show: { messageType: ['image'], imageSource: ['url'] } },
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the file',
		displayOptions: {
			show: { messageType: ['audio', 'file', 'video', 'image'] },
			hide: { imageSource: ['url'] },
		},
	},
	{
		displayName: 'Duration (Ms)',
		name: 'audioDuration',
		type: 'number',
		default: 0,
		required: true,
		typeOptions: { minValue: 1 },
		description: 'Length of the recording in milliseconds',
		displayOptions: { show: { messageType: ['audio'] } },
	},
	{
		displayName: 'Cover Image Binary Field',
		name: 'coverBinaryPropertyName',
		type: 'string',
		default: 'cover',
		required: true,
		description: 'Binary field with the cover picture (jpg or png) DingTalk shows before playback',
		displayOptions: { show: { messageType: ['video'] } },
	},
	{
		displayName: 'Duration (Seconds)',
		name: 'videoDuration',
		type: 'number',
		default: 0,
		required: true,
		typeOptions: { minValue: 1 },
		description: 'Length of the video in seconds',
		displayOptions: { show: { messageType: ['video'] } },
	},
	{
		displayName: 'Message URL',
		name: 'messageUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/report',
		description: 'Page opened when the link is tapped',
		displayOptions: { show: { messageType: ['link'] } },
	},
	{
		displayName: 'Picture URL',
		name: 'picUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/thumb.png',
		displayOptions: { show: { messageType: ['link'] } },
	},
	{
		displayName: 'Buttons',
		name: 'buttons',
		type: 'fixedCollection',
		placeholder: 'Add Button',
		default: {},
		typeOptions: { multipleValues: true, maxAllowedFields: 5 },
		description: 'One button spans the card; 2–5 are stacked, or 2 side by side',
		displayOptions: { show: { messageType: ['actionCard'] } },
		options: [
			{
				name: 'button',
				displayName: 'Button',
				values: [
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						placeholder: 'e.g. Approve',
					},
					{
						displayName: 'URL',
						name: 'url',
						type: 'string',
						default: '',
						placeholder: 'e.g. https://example.com/approve',
					},
				],
			},
		],
	},
	{
		displayName: 'Button Orientation',
		name: 'buttonOrientation',
		type: 'options',
		default: 'vertical',
		options: [
			{ name: 'Vertical', value: 'vertical' },
			{ name: 'Side by Side (2 Buttons)', value: 'horizontal' },
		],
		displayOptions: { show: { messageType: ['actionCard'] } },
	},
];
