/** Robot messages (1:1 and group): a msgKey plus msgParam, a JSON *string* (https://open.dingtalk.com/document/orgapp/types-of-messages-sent-by-robots). */
import type { IDataObject } from 'n8n-workflow';

import {
	actionCardCheck,
	checkUrl,
	linkProblem,
	problem,
	required,
	unsupportedType,
	type MessageFields,
	type RobotMessageResult,
	type RobotMessageType,
} from './content';

const stringify = (param: IDataObject): string => JSON.stringify(param);

/** DingTalk's template names (msgKey values) for the types that are not built from a number. */
const TEMPLATES = {
	text: 'sampleText',
	markdown: 'sampleMarkdown',
	image: 'sampleImageMsg',
	link: 'sampleLink',
	singleButtonCard: 'sampleActionCard',
	sideBySideCard: 'sampleActionCard6',
	audio: 'sampleAudio',
	file: 'sampleFile',
	video: 'sampleVideo',
} as const;

export function buildRobotMessage(
	type: RobotMessageType,
	fields: MessageFields,
): RobotMessageResult {
	const content = fields.content ?? '';
	const title = (fields.title ?? '').trim();
	switch (type) {
		case 'text':
			return (
				required(
					content,
					'Content',
					'Enter the message text, or map a field that contains it.',
				) ?? {
					message: { msgKey: TEMPLATES.text, msgParam: stringify({ content }) },
				}
			);
		case 'markdown':
			return (
				required(
					title,
					'Title',
					'Markdown messages need a title: DingTalk shows it in the chat list and in notifications (消息标题).',
				) ??
				required(
					content,
					'Content',
					'Enter the Markdown text, or map a field that contains it.',
				) ?? {
					message: { msgKey: TEMPLATES.markdown, msgParam: stringify({ title, text: content }) },
				}
			);
		case 'image': {
			const photoURL = (fields.photoURL ?? '').trim();
			if (!photoURL.startsWith('@')) {
				const bad = checkUrl(photoURL, 'Image URL');
				if (bad) return bad;
			}
			return { message: { msgKey: TEMPLATES.image, msgParam: stringify({ photoURL }) } };
		}
		case 'link':
			return (
				linkProblem(title, content, fields) ?? {
					message: {
						msgKey: TEMPLATES.link,
						msgParam: stringify({
							text: content,
							title,
							picUrl: fields.picUrl!.trim(),
							messageUrl: fields.messageUrl!.trim(),
						}),
					},
				}
			);
		case 'actionCard': {
			const checked = actionCardCheck(title, content, fields);
			if (checked.problem) return { problem: checked.problem };
			const { buttons } = checked;
			if (buttons.length === 1) {
				return {
					message: {
						msgKey: TEMPLATES.singleButtonCard,
						msgParam: stringify({
							title,
							text: content,
							singleTitle: buttons[0].title,
							singleURL: buttons[0].url,
						}),
					},
				};
			}
			if (fields.buttonOrientation === 'horizontal') {
				if (buttons.length !== 2) {
					return problem(
						'Button Orientation',
						`Side-by-side buttons need exactly 2 buttons, got ${buttons.length}`,
						'Use 2 buttons, or choose Vertical for 2–5 buttons.',
					);
				}
				return {
					message: {
						msgKey: TEMPLATES.sideBySideCard,
						msgParam: stringify({
							title,
							text: content,
							buttonTitle1: buttons[0].title,
							buttonUrl1: buttons[0].url,
							buttonTitle2: buttons[1].title,
							buttonUrl2: buttons[1].url,
						}),
					},
				};
			}
			const param: IDataObject = { title, text: content };
			buttons.forEach((button, index) => {
				param[`actionTitle${index + 1}`] = button.title;
				param[`actionURL${index + 1}`] = button.url;
			});
			return {
				message: { msgKey: `sampleActionCard${buttons.length}`, msgParam: stringify(param) },
			};
		}
		case 'audio': {
			const duration = Math.round(Number(fields.duration));
			if (!Number.isFinite(duration) || duration <= 0) {
				return problem(
					'Duration (Ms)',
					'Duration is missing or not a positive number',
					'Enter the length of the recording in milliseconds, e.g. 5000.',
				);
			}
			return {
				message: {
					msgKey: TEMPLATES.audio,
					msgParam: stringify({ mediaId: fields.mediaId, duration: String(duration) }),
				},
			};
		}
		case 'file':
			return {
				message: {
					msgKey: TEMPLATES.file,
					msgParam: stringify({
						mediaId: fields.mediaId,
						fileName: fields.fileName,
						fileType: fields.fileType,
					}),
				},
			};
		case 'video': {
			const duration = Math.round(Number(fields.duration));
			if (!Number.isFinite(duration) || duration <= 0) {
				return problem(
					'Duration (Seconds)',
					'Duration is missing or not a positive number',
					'Enter the length of the video in seconds, e.g. 30.',
				);
			}
			return {
				message: {
					msgKey: TEMPLATES.video,
					msgParam: stringify({
						duration: String(duration),
						videoMediaId: fields.videoMediaId,
						videoType: fields.videoType ?? 'mp4',
						picMediaId: fields.picMediaId,
					}),
				},
			};
		}
		default:
			return unsupportedType(type);
	}
}
