/** Work notifications (工作通知): a snake_case `msg` object (https://open.dingtalk.com/document/orgapp/asynchronous-sending-of-enterprise-session-messages). */
import type { IDataObject } from 'n8n-workflow';

import {
	actionCardCheck,
	checkUrl,
	linkProblem,
	problem,
	required,
	unsupportedType,
	type MessageFields,
	type WorkNotificationResult,
	type WorkNotificationType,
} from './content';

/** Work notification `msg` (snake_case, https://open.dingtalk.com/document/orgapp/asynchronous-sending-of-enterprise-session-messages). */
export function buildWorkNotification(
	type: WorkNotificationType,
	fields: MessageFields,
): WorkNotificationResult {
	const content = fields.content ?? '';
	const title = (fields.title ?? '').trim();
	switch (type) {
		case 'text':
			return (
				required(content, 'Content', 'Enter the notification text.') ?? {
					msg: { msgtype: 'text', text: { content } },
				}
			);
		case 'markdown':
			if (content.length > 5000) {
				return problem(
					'Content',
					`Markdown text is ${content.length} characters long`,
					'DingTalk accepts at most 5,000 characters; shorten it.',
				);
			}
			return (
				required(title, 'Title', 'Markdown notifications need a title.') ??
				required(content, 'Content', 'Enter the Markdown text.') ?? {
					msg: { msgtype: 'markdown', markdown: { title, text: content } },
				}
			);
		case 'image':
			return { msg: { msgtype: 'image', image: { media_id: fields.mediaId } } };
		case 'file':
			return { msg: { msgtype: 'file', file: { media_id: fields.mediaId } } };
		case 'link':
			return (
				linkProblem(title, content, fields) ?? {
					msg: {
						msgtype: 'link',
						link: {
							messageUrl: fields.messageUrl!.trim(),
							picUrl: fields.picUrl!.trim(),
							title,
							text: content,
						},
					},
				}
			);
		case 'oa': {
			const bad =
				required(
					fields.headText,
					'Header Text',
					'OA messages need a header text (shown in the colored bar).',
				) ?? checkUrl(fields.messageUrl, 'Message URL');
			if (bad) return bad;
			// DingTalk wants ARGB hex (alpha first); n8n's color picker gives #RRGGBB.
			const hex = (fields.headBgColor ?? '#BBBBBB').replace(/^#/, '').toUpperCase();
			const color = /^[0-9A-F]{6}$/.test(hex) ? `FF${hex}` : hex;
			if (!/^[0-9A-F]{8}$/.test(color)) {
				return problem(
					'Header Color',
					`Header color "${fields.headBgColor}" is not a hex color`,
					'Use #RRGGBB, e.g. #1677FF, or ARGB like FF1677FF.',
				);
			}
			const body: IDataObject = {};
			if (title) body.title = title;
			if (content) body.content = content;
			if (fields.form?.length) body.form = fields.form.map(({ key, value }) => ({ key, value }));
			return {
				msg: {
					msgtype: 'oa',
					oa: {
						message_url: fields.messageUrl!.trim(),
						head: { bgcolor: color, text: fields.headText!.trim() },
						body,
					},
				},
			};
		}
		case 'actionCard': {
			const checked = actionCardCheck(title, content, fields);
			if (checked.problem) return { problem: checked.problem };
			const { buttons } = checked;
			const card: IDataObject = { title, markdown: content };
			if (buttons.length === 1) {
				card.single_title = buttons[0].title;
				card.single_url = buttons[0].url;
			} else {
				card.btn_orientation = fields.buttonOrientation === 'horizontal' ? '1' : '0';
				card.btn_json_list = buttons.map((b) => ({ title: b.title, action_url: b.url }));
			}
			return { msg: { msgtype: 'action_card', action_card: card } };
		}
		default:
			return unsupportedType(type);
	}
}
