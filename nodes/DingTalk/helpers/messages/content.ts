/**
 * Message content for DingTalk's two message families, as pure functions: the types and the checks
 * both share. The builders are robotContent.ts (robot messages: msgKey + msgParam) and
 * workNotificationContent.ts (work notifications: a snake_case `msg`). Every problem names the
 * node parameter at fault and says how to fix it.
 */
import type { IDataObject } from 'n8n-workflow';

export type RobotMessageType =
	| 'text'
	| 'markdown'
	| 'image'
	| 'link'
	| 'actionCard'
	| 'audio'
	| 'file'
	| 'video';

export type WorkNotificationType =
	| 'text'
	| 'markdown'
	| 'image'
	| 'file'
	| 'link'
	| 'oa'
	| 'actionCard';

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

export const problem = (parameter: string, text: string, fix: string) => ({
	problem: { parameter, problem: text, fix },
});

/** A message type the builder does not know (an expression gave something else). */
export const unsupportedType = (type: unknown) =>
	problem(
		'Message Type',
		`Message type "${String(type)}" is not supported`,
		'Choose one of the listed message types.',
	);

/** URL schemes DingTalk clients open from messages: web pages and DingTalk's own links. */
const URL_PATTERN = /^(https?:\/\/[^\s]+|dingtalk:\/\/[^\s]+|dtmd:\/\/[^\s]+)$/i;

export function checkUrl(
	value: string | undefined,
	parameter: string,
): { problem: ContentProblem } | undefined {
	const url = (value ?? '').trim();
	if (!url)
		return problem(parameter, `${parameter} is empty`, 'Enter a full link starting with https://.');
	if (!URL_PATTERN.test(url)) {
		return problem(
			parameter,
			`${parameter} "${url.slice(0, 80)}" is not a link DingTalk can open`,
			'Use a full URL starting with https:// (or http://, dingtalk://, dtmd://).',
		);
	}
	return undefined;
}

export function required(value: string | undefined, parameter: string, fix: string) {
	return (value ?? '').trim() ? undefined : problem(parameter, `${parameter} is empty`, fix);
}

function buttonsProblem(buttons: MessageButton[] | undefined, max: number) {
	const list = buttons ?? [];
	if (list.length === 0)
		return problem(
			'Buttons',
			'No buttons given',
			'Add at least one button with a title and a link.',
		);
	if (list.length > max) {
		return problem(
			'Buttons',
			`${list.length} buttons given`,
			`DingTalk shows at most ${max} buttons on this card; remove some.`,
		);
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

/** Checks shared by robot and work-notification link messages. */
export function linkProblem(title: string, content: string, fields: MessageFields) {
	return (
		required(title, 'Title', 'Links need a title.') ??
		required(content, 'Content', 'Enter the text shown under the link title.') ??
		checkUrl(fields.messageUrl, 'Message URL') ??
		checkUrl(fields.picUrl, 'Picture URL')
	);
}

/** Checks shared by robot and work-notification action cards; returns the trimmed buttons. */
export function actionCardCheck(
	title: string,
	content: string,
	fields: MessageFields,
):
	| { problem: ContentProblem; buttons?: undefined }
	| { problem?: undefined; buttons: MessageButton[] } {
	const bad =
		required(title, 'Title', 'Action cards need a title.') ??
		required(content, 'Content', 'Enter the card text (Markdown).') ??
		buttonsProblem(fields.buttons, 5);
	if (bad) return bad;
	return { buttons: fields.buttons!.map((b) => ({ title: b.title.trim(), url: b.url.trim() })) };
}
