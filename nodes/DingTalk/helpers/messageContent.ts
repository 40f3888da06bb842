/**
 * Message content for DingTalk's two message families, as pure functions:
 * - robot messages (1:1 and group): a msgKey plus msgParam, a JSON *string* (dingtalk-api.md §3.4);
 * - work notifications (工作通知): a snake_case `msg` object (§6.1).
 * Every problem names the node parameter at fault and says how to fix it.
 */
import type { IDataObject } from 'n8n-workflow';

export type RobotMessageType = 'text' | 'markdown' | 'image' | 'link' | 'actionCard' | 'audio' | 'file' | 'video';

export type WorkNotificationType = 'text' | 'markdown' | 'image' | 'file' | 'link' | 'oa' | 'actionCard';

export interface MessageButton {
	title: string;
	url: string;
}

/** Fields a message may carry; which are needed depends on the type. */
export interface MessageFields {
	content?: string;
	title?: string;
	/** Image: a public URL or a media_id ('@…'). */
	photoURL?: string;
	messageUrl?: string;
	picUrl?: string;
	buttons?: MessageButton[];
	buttonOrientation?: 'vertical' | 'horizontal';
	/** Media already uploaded (audio, file, image for work notifications). */
	mediaId?: string;
	/** Audio: milliseconds; video: seconds. */
	duration?: number | string;
	fileName?: string;
	fileType?: string;
	videoMediaId?: string;
	picMediaId?: string;
	videoType?: string;
	/** OA work notification. */
	headText?: string;
	headBgColor?: string;
	form?: Array<{ key: string; value: string }>;
}

export interface RobotMessage {
	msgKey: string;
	msgParam: string;
}

/** Why content cannot be sent: the parameter at fault, what is wrong, how to fix it. */
export interface ContentProblem {
	parameter: string;
	problem: string;
	fix: string;
}

export type RobotMessageResult =
	| { message: RobotMessage; problem?: undefined }
	| { message?: undefined; problem: ContentProblem };

export type WorkNotificationResult =
	| { msg: IDataObject; problem?: undefined }
	| { msg?: undefined; problem: ContentProblem };

const problem = (parameter: string, text: string, fix: string) => ({ problem: { parameter, problem: text, fix } });

/** URL schemes DingTalk clients open from messages: web pages and DingTalk's own links. */
const URL_PATTERN = /^(https?:\/\/[^\s]+|dingtalk:\/\/[^\s]+|dtmd:\/\/[^\s]+)$/i;

export function checkUrl(value: string | undefined, parameter: string): { problem: ContentProblem } | undefined {
	const url = (value ?? '').trim();
	if (!url) return problem(parameter, `${parameter} is empty`, 'Enter a full link starting with https://.');
	if (!URL_PATTERN.test(url)) {
		return problem(
			parameter,
			`${parameter} "${url.slice(0, 80)}" is not a link DingTalk can open`,
			'Use a full URL starting with https:// (or http://, dingtalk://, dtmd://).',
		);
	}
	return undefined;
}

function required(value: string | undefined, parameter: string, fix: string) {
	return (value ?? '').trim() ? undefined : problem(parameter, `${parameter} is empty`, fix);
}

function buttonsProblem(buttons: MessageButton[] | undefined, max: number) {
	const list = buttons ?? [];
	if (list.length === 0) return problem('Buttons', 'No buttons given', 'Add at least one button with a title and a link.');
	if (list.length > max) {
		return problem('Buttons', `${list.length} buttons given`, `DingTalk shows at most ${max} buttons on this card; remove some.`);
	}
	for (const [index, button] of list.entries()) {
		if (!(button.title ?? '').trim()) {
			return problem('Buttons', `Button ${index + 1} has no title`, 'Give every button a title.');
		}
		const bad = checkUrl(button.url, 'Buttons');
		if (bad) return problem('Buttons', `Button ${index + 1} has no valid link`, bad.problem.fix);
	}
	return undefined;
}

const stringify = (param: IDataObject): string => JSON.stringify(param);

/** Checks shared by robot and work-notification link messages. */
function linkProblem(title: string, content: string, fields: MessageFields) {
	return (
		required(title, 'Title', 'Links need a title.') ??
		required(content, 'Content', 'Enter the text shown under the link title.') ??
		checkUrl(fields.messageUrl, 'Message URL') ??
		checkUrl(fields.picUrl, 'Picture URL')
	);
}

/** Checks shared by robot and work-notification action cards; returns the trimmed buttons. */
function actionCardCheck(
	title: string,
	content: string,
	fields: MessageFields,
): { problem: ContentProblem; buttons?: undefined } | { problem?: undefined; buttons: MessageButton[] } {
	const bad =
		required(title, 'Title', 'Action cards need a title.') ??
		required(content, 'Content', 'Enter the card text (Markdown).') ??
		buttonsProblem(fields.buttons, 5);
	if (bad) return bad;
	return { buttons: fields.buttons!.map((b) => ({ title: b.title.trim(), url: b.url.trim() })) };
}

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

export function buildRobotMessage(type: RobotMessageType, fields: MessageFields): RobotMessageResult {
	const content = fields.content ?? '';
	const title = (fields.title ?? '').trim();
	switch (type) {
		case 'text':
			return (
				required(content, 'Content', 'Enter the message text, or map a field that contains it.') ?? {
					message: { msgKey: TEMPLATES.text, msgParam: stringify({ content }) },
				}
			);
		case 'markdown':
			return (
				required(title, 'Title', 'Markdown messages need a title: DingTalk shows it in the chat list and in notifications (消息标题).') ??
				required(content, 'Content', 'Enter the Markdown text, or map a field that contains it.') ?? {
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
						msgParam: stringify({ text: content, title, picUrl: fields.picUrl!.trim(), messageUrl: fields.messageUrl!.trim() }),
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
						msgParam: stringify({ title, text: content, singleTitle: buttons[0].title, singleURL: buttons[0].url }),
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
			return { message: { msgKey: `sampleActionCard${buttons.length}`, msgParam: stringify(param) } };
		}
		case 'audio': {
			const duration = Math.round(Number(fields.duration));
			if (!Number.isFinite(duration) || duration <= 0) {
				return problem('Duration (Ms)', 'Duration is missing or not a positive number', 'Enter the length of the recording in milliseconds, e.g. 5000.');
			}
			return { message: { msgKey: TEMPLATES.audio, msgParam: stringify({ mediaId: fields.mediaId, duration: String(duration) }) } };
		}
		case 'file':
			return {
				message: {
					msgKey: TEMPLATES.file,
					msgParam: stringify({ mediaId: fields.mediaId, fileName: fields.fileName, fileType: fields.fileType }),
				},
			};
		case 'video': {
			const duration = Math.round(Number(fields.duration));
			if (!Number.isFinite(duration) || duration <= 0) {
				return problem('Duration (Seconds)', 'Duration is missing or not a positive number', 'Enter the length of the video in seconds, e.g. 30.');
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
			return problem('Message Type', `Message type "${String(type)}" is not supported`, 'Choose one of the listed message types.');
	}
}

/** Work notification `msg` (snake_case, dingtalk-api.md §6.1). */
export function buildWorkNotification(type: WorkNotificationType, fields: MessageFields): WorkNotificationResult {
	const content = fields.content ?? '';
	const title = (fields.title ?? '').trim();
	switch (type) {
		case 'text':
			return required(content, 'Content', 'Enter the notification text.') ?? { msg: { msgtype: 'text', text: { content } } };
		case 'markdown':
			if (content.length > 5000) {
				return problem('Content', `Markdown text is ${content.length} characters long`, 'DingTalk accepts at most 5,000 characters; shorten it.');
			}
			return (
				required(title, 'Title', 'Markdown notifications need a title.') ??
				required(content, 'Content', 'Enter the Markdown text.') ?? { msg: { msgtype: 'markdown', markdown: { title, text: content } } }
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
						link: { messageUrl: fields.messageUrl!.trim(), picUrl: fields.picUrl!.trim(), title, text: content },
					},
				}
			);
		case 'oa': {
			const bad =
				required(fields.headText, 'Header Text', 'OA messages need a header text (shown in the colored bar).') ??
				checkUrl(fields.messageUrl, 'Message URL');
			if (bad) return bad;
			// DingTalk wants ARGB hex (alpha first); n8n's color picker gives #RRGGBB.
			const hex = (fields.headBgColor ?? '#BBBBBB').replace(/^#/, '').toUpperCase();
			const color = /^[0-9A-F]{6}$/.test(hex) ? `FF${hex}` : hex;
			if (!/^[0-9A-F]{8}$/.test(color)) {
				return problem('Header Color', `Header color "${fields.headBgColor}" is not a hex color`, 'Use #RRGGBB, e.g. #1677FF, or ARGB like FF1677FF.');
			}
			const body: IDataObject = {};
			if (title) body.title = title;
			if (content) body.content = content;
			if (fields.form?.length) body.form = fields.form.map(({ key, value }) => ({ key, value }));
			return {
				msg: { msgtype: 'oa', oa: { message_url: fields.messageUrl!.trim(), head: { bgcolor: color, text: fields.headText!.trim() }, body } },
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
			return problem('Message Type', `Message type "${String(type)}" is not supported`, 'Choose one of the listed message types.');
	}
}
