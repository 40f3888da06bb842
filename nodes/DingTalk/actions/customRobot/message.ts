/**
 * Custom group robot message bodies (the webhook format sessionWebhook replies share):
 * text, markdown, link, actionCard, feedCard; @mentions; the robot's keyword policy; and splitting
 * an over-long text or Markdown body into several messages, each under DingTalk's 20,000 bytes
 * (where to cut the text is splitText.ts's concern).
 */
import type { IDataObject } from 'n8n-workflow';

import {
	problem,
	unsupportedType,
	type ContentProblem,
	type MessageButton,
} from '../../helpers/messages/content';
import { splitText } from './splitText';

export type CustomRobotType = 'text' | 'markdown' | 'link' | 'actionCard' | 'feedCard';

/** DingTalk rejects webhook bodies over 20,000 bytes (460101). */
export const CUSTOM_ROBOT_MAX_BYTES = 20000;

export interface FeedLink {
	title: string;
	url: string;
	picUrl: string;
}

export interface CustomRobotInput {
	type: CustomRobotType;
	content?: string;
	title?: string;
	messageUrl?: string;
	picUrl?: string;
	buttons?: MessageButton[];
	buttonOrientation?: 'vertical' | 'horizontal';
	feedLinks?: FeedLink[];
	atMobiles?: string[];
	atUserIds?: string[];
	atAll?: boolean;
	keyword?: string;
	appendKeyword?: boolean;
	split?: boolean;
}

export type CustomRobotResult =
	| { bodies: IDataObject[]; keywordAppended: boolean; problem?: undefined }
	| { bodies?: undefined; keywordAppended?: undefined; problem: ContentProblem };

const isLink = (url: string | undefined) =>
	/^(https?:\/\/|dingtalk:\/\/|dtmd:\/\/)\S+$/i.test((url ?? '').trim());
const bytes = (body: IDataObject) => Buffer.byteLength(JSON.stringify(body), 'utf8');

/** The text DingTalk searches for the keyword. */
function visibleText(type: CustomRobotType, input: CustomRobotInput): string {
	if (type === 'feedCard') return (input.feedLinks ?? []).map((l) => l.title).join('\n');
	if (type === 'text') return input.content ?? '';
	return `${input.title ?? ''}\n${input.content ?? ''}`;
}

export function buildCustomRobotBodies(input: CustomRobotInput): CustomRobotResult {
	const type = input.type;
	const title = (input.title ?? '').trim();
	let content = input.content ?? '';
	const mentions = {
		atMobiles: input.atMobiles ?? [],
		atUserIds: input.atUserIds ?? [],
		isAtAll: Boolean(input.atAll),
	};
	const hasMentions = mentions.atMobiles.length + mentions.atUserIds.length > 0 || mentions.isAtAll;

	if (
		(type === 'text' || type === 'markdown' || type === 'link' || type === 'actionCard') &&
		!content.trim()
	) {
		return problem('Content', 'Content is empty', 'Enter the message text.');
	}
	if ((type === 'markdown' || type === 'link' || type === 'actionCard') && !title) {
		return problem('Title', 'Title is empty', 'This message type needs a title.');
	}
	if (type === 'link' && !isLink(input.messageUrl)) {
		return problem(
			'Message URL',
			'Message URL is not a link DingTalk can open',
			'Use a full URL starting with https://.',
		);
	}
	if (type === 'actionCard') {
		const buttons = input.buttons ?? [];
		if (buttons.length === 0)
			return problem(
				'Buttons',
				'No buttons given',
				'Add at least one button with a title and a link.',
			);
		const bad = buttons.findIndex((b) => !(b.title ?? '').trim() || !isLink(b.url));
		if (bad >= 0)
			return problem(
				'Buttons',
				`Button ${bad + 1} has no title or no valid link`,
				'Give every button a title and a full https:// link.',
			);
	}
	if (type === 'feedCard') {
		const links = input.feedLinks ?? [];
		if (links.length === 0)
			return problem(
				'Feed Links',
				'No links given',
				'Add at least one link with a title, a URL and a picture URL.',
			);
		const bad = links.findIndex(
			(l) => !(l.title ?? '').trim() || !isLink(l.url) || !isLink(l.picUrl),
		);
		if (bad >= 0)
			return problem(
				'Feed Links',
				`Link ${bad + 1} is missing its title, URL or picture URL`,
				'Fill in all three for every link.',
			);
	}

	// Markdown shows an @mention only when the text contains it (DingTalk's rule).
	if (type === 'markdown' && hasMentions) {
		const missing = [...mentions.atMobiles, ...mentions.atUserIds].filter(
			(id) => !content.includes(`@${id}`),
		);
		if (missing.length) content = `${content}\n\n${missing.map((id) => `@${id}`).join(' ')}`;
	}

	const keyword = (input.keyword ?? '').trim();
	const needsKeyword = (text: string) => keyword !== '' && !text.includes(keyword);
	let keywordAppended = false;
	if (needsKeyword(visibleText(type, { ...input, content })) && input.appendKeyword === false) {
		return problem(
			'Content',
			`The message lacks the robot's keyword "${keyword}"`,
			'DingTalk drops messages without the keyword (310000): include it, or turn on Append Keyword.',
		);
	}
	/** Appends the keyword to `text` unless the visible text (title included) has it. */
	const withKeyword = (text: string, separator: string, titleText = '') => {
		if (!needsKeyword(`${titleText}\n${text}`)) return text;
		keywordAppended = true;
		return `${text}${separator}${keyword}`;
	};

	const at = hasMentions ? { at: mentions } : {};
	switch (type) {
		case 'text':
		case 'markdown': {
			const build = (part: string, index: number, count: number): IDataObject =>
				type === 'text'
					? { msgtype: 'text', text: { content: withKeyword(part, '\n') }, ...at }
					: {
							msgtype: 'markdown',
							markdown: {
								title: count > 1 ? `${title} (${index + 1}/${count})` : title,
								text: withKeyword(part, '\n\n', title),
							},
							...at,
						};
			const whole = build(content, 0, 1);
			if (bytes(whole) <= CUSTOM_ROBOT_MAX_BYTES) return { bodies: [whole], keywordAppended };
			if (input.split === false) {
				return problem(
					'Content',
					`The message is ${bytes(whole)} bytes, over DingTalk's ${CUSTOM_ROBOT_MAX_BYTES}-byte limit`,
					'Turn on Split Long Messages, or shorten the text.',
				);
			}
			keywordAppended = false;
			// Room for the envelope, the part number in the title, the keyword and JSON escaping.
			const overhead = bytes(build('', 98, 99)) + Buffer.byteLength(keyword, 'utf8') + 16;
			// JSON escaping (\n, quotes) can grow a piece: check every body and split finer if needed.
			let budget = CUSTOM_ROBOT_MAX_BYTES - overhead;
			for (;;) {
				const pieces = splitText(content, budget);
				const bodies = pieces.map((piece, index) => build(piece, index, pieces.length));
				if (bodies.every((body) => bytes(body) <= CUSTOM_ROBOT_MAX_BYTES) || budget < 1000)
					return { bodies, keywordAppended };
				budget = Math.floor(budget * 0.8);
			}
		}
		case 'link':
			return {
				bodies: [
					{
						msgtype: 'link',
						link: {
							title,
							text: withKeyword(content, ' ', title),
							messageUrl: input.messageUrl!.trim(),
							picUrl: (input.picUrl ?? '').trim(),
						},
					},
				],
				keywordAppended,
			};
		case 'actionCard': {
			const buttons = input.buttons!.map((b) => ({ title: b.title.trim(), url: b.url.trim() }));
			const card: IDataObject = { title, text: withKeyword(content, '\n\n', title) };
			if (buttons.length === 1) {
				card.singleTitle = buttons[0].title;
				card.singleURL = buttons[0].url;
			} else {
				card.btnOrientation = input.buttonOrientation === 'horizontal' ? '1' : '0';
				card.btns = buttons.map((b) => ({ title: b.title, actionURL: b.url }));
			}
			return { bodies: [{ msgtype: 'actionCard', actionCard: card }], keywordAppended };
		}
		case 'feedCard': {
			const links = input.feedLinks!.map((l) => ({
				title: l.title.trim(),
				messageURL: l.url.trim(),
				picURL: l.picUrl.trim(),
			}));
			if (needsKeyword(links.map((l) => l.title).join('\n'))) {
				links[0].title = `${keyword} ${links[0].title}`;
				keywordAppended = true;
			}
			return { bodies: [{ msgtype: 'feedCard', feedCard: { links } }], keywordAppended };
		}
		default:
			return unsupportedType(type);
	}
}
