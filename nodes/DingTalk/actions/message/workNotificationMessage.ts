/**
 * What a work notification says: its message fields and their reader, which builds DingTalk's
 * `msg` (https://open.dingtalk.com/document/orgapp/asynchronous-sending-of-enterprise-session-messages).
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { parameterError, problemError } from '../../helpers/execution/items';
import { uploadMedia } from '../../helpers/messages/media';
import type { MessageButton, WorkNotificationType } from '../../helpers/messages/content';
import { buildWorkNotification } from '../../helpers/messages/workNotificationContent';
import { robotMessageFields } from '../robotMessage.description';

/** asyncsend_v2's limit on the whole `msg`, in bytes. */
export const WORK_NOTIFICATION_MAX_BYTES = 2048;

/** Robot message fields that work notifications share, shown for their own message types. */
function shared(name: string, types: WorkNotificationType[]): INodeProperties {
	const property = robotMessageFields.find((p) => p.name === name)!;
	return { ...property, required: false, displayOptions: { show: { messageType: types } } };
}

/** The message type and its fields. */
export const notificationFields: INodeProperties[] = [
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		default: 'text',
		options: [
			{
				name: 'Action Card',
				value: 'actionCard',
				description: 'Markdown card with 1–5 link buttons',
			},
			{ name: 'File', value: 'file', description: 'File from a binary property, up to 20 MB' },
			{ name: 'Image', value: 'image', description: 'Image from a binary property, up to 20 MB' },
			{ name: 'Link', value: 'link', description: 'Link card with title, text and picture' },
			{
				name: 'Markdown',
				value: 'markdown',
				description: 'Markdown text (up to 5,000 characters) with a title',
			},
			{
				name: 'OA',
				value: 'oa',
				description: 'Office message with a colored header, fields and a link',
			},
			{ name: 'Text', value: 'text' },
		],
	},
	shared('title', ['markdown', 'link', 'actionCard', 'oa']),
	shared('content', ['text', 'markdown', 'link', 'actionCard', 'oa']),
	shared('binaryPropertyName', ['image', 'file']),
	shared('messageUrl', ['link', 'oa']),
	shared('picUrl', ['link']),
	shared('buttons', ['actionCard']),
	shared('buttonOrientation', ['actionCard']),
	{
		displayName: 'Header Text',
		name: 'headText',
		type: 'string',
		default: '',
		placeholder: 'e.g. HR',
		displayOptions: { show: { messageType: ['oa'] } },
	},
	{
		displayName: 'Header Color',
		name: 'headBgColor',
		type: 'color',
		default: '#1677FF',
		description: 'Color of the header bar',
		displayOptions: { show: { messageType: ['oa'] } },
	},
	{
		displayName: 'Form Fields',
		name: 'form',
		type: 'fixedCollection',
		placeholder: 'Add Field',
		default: {},
		typeOptions: { multipleValues: true },
		displayOptions: { show: { messageType: ['oa'] } },
		options: [
			{
				name: 'field',
				displayName: 'Field',
				values: [
					{
						displayName: 'Key',
						name: 'key',
						type: 'string',
						default: '',
						placeholder: 'e.g. Days',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. 2',
					},
				],
			},
		],
	},
];

/** The `msg` of item `i`, uploading an image or file first. */
export async function readNotification(run: RunContext, i: number): Promise<IDataObject> {
	const { context, read } = run;
	const param = <T>(name: string, fallback: T): T => read(name, i, fallback);
	const type = param<WorkNotificationType>('messageType', 'text');
	let mediaId: string | undefined;
	if (type === 'image' || type === 'file') {
		mediaId = (
			await uploadMedia(run, i, {
				propertyName: param('binaryPropertyName', 'data'),
				type,
				parameter: 'Input Binary Field',
			})
		).mediaId;
	}
	const built = buildWorkNotification(type, {
		content: param('content', ''),
		title: param('title', ''),
		messageUrl: param('messageUrl', ''),
		picUrl: param('picUrl', ''),
		buttons: (param<IDataObject>('buttons', {}).button as MessageButton[] | undefined) ?? [],
		buttonOrientation: param('buttonOrientation', 'vertical'),
		headText: param('headText', ''),
		headBgColor: param('headBgColor', '#1677FF'),
		form:
			(param<IDataObject>('form', {}).field as Array<{ key: string; value: string }> | undefined) ??
			[],
		mediaId,
	});
	if (built.problem !== undefined) {
		throw problemError(context, i, built.problem);
	}
	const bytes = Buffer.byteLength(JSON.stringify(built.msg), 'utf8');
	if (bytes > WORK_NOTIFICATION_MAX_BYTES) {
		throw parameterError(
			context,
			i,
			'Content',
			`The notification is ${bytes} bytes, over DingTalk's ${WORK_NOTIFICATION_MAX_BYTES}-byte limit`,
			'Shorten the text (Chinese characters count 3 bytes each), or send a link to the full text.',
		);
	}
	return built.msg;
}
