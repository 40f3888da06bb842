/**
 * StandardCard: DingTalk's template-free interactive card for robots (https://open.dingtalk.com/document/orgapp/robots-send-interactive-cards). The
 * node builds its cardData from a title, Markdown text and buttons; buttons either open a link or
 * call back (the click reaches the DingTalk Stream Trigger as a card callback with the button's id).
 */
import type { IDataObject } from 'n8n-workflow';

import { checkUrl, type ContentProblem } from './content';

export interface CardButton {
	label: string;
	/** 'openLink' opens `url`; 'callback' sends a card callback carrying `actionId`. */
	action: 'openLink' | 'callback';
	url?: string;
	actionId?: string;
	style?: 'primary' | 'normal' | 'warning';
}

export interface CardContent {
	title: string;
	markdown: string;
	buttons: CardButton[];
	enableForward?: boolean;
}

/** DingTalk shows a handful of buttons in one row of actions; more are refused here. */
export const MAX_CARD_BUTTONS = 6;
const ACTION_ID = /^[A-Za-z0-9_-]{1,64}$/;

const problem = (parameter: string, text: string, fix: string): { problem: ContentProblem } => ({
	problem: { parameter, problem: text, fix },
});

/** Builds StandardCard cardData, or says which parameter is wrong. */
export function buildStandardCard(
	content: CardContent,
):
	| { cardData: IDataObject; problem?: undefined }
	| { problem: ContentProblem; cardData?: undefined } {
	const title = content.title.trim();
	const markdown = content.markdown.trim();
	if (!title && !markdown)
		return problem(
			'Title',
			'The card has neither a title nor content',
			'Enter a title, content, or both.',
		);
	if (content.buttons.length > MAX_CARD_BUTTONS) {
		return problem(
			'Buttons',
			`${content.buttons.length} buttons given`,
			`A card shows at most ${MAX_CARD_BUTTONS} buttons; remove some.`,
		);
	}
	const actions: IDataObject[] = [];
	const seen = new Set<string>();
	for (const [index, button] of content.buttons.entries()) {
		const n = index + 1;
		const label = (button.label ?? '').trim();
		if (!label) return problem('Buttons', `Button ${n} has no label`, 'Give every button a label.');
		const id = (button.actionId ?? '').trim() || `button_${n}`;
		if (!ACTION_ID.test(id)) {
			return problem(
				'Buttons',
				`Button ${n} has the action ID "${id.slice(0, 70)}"`,
				'Use 1–64 letters, digits, "_" or "-" for action IDs.',
			);
		}
		if (seen.has(id))
			return problem(
				'Buttons',
				`Two buttons share the action ID "${id}"`,
				'Give every button its own action ID.',
			);
		seen.add(id);
		const entry: IDataObject = {
			type: 'button',
			label: { type: 'text', text: label, id: `${id}_label` },
			status: button.style ?? 'normal',
			id,
		};
		if (button.action === 'openLink') {
			const bad = checkUrl(button.url, 'Buttons');
			if (bad)
				return problem('Buttons', `Button ${n} ("${label}") has no valid link`, bad.problem.fix);
			entry.actionType = 'openLink';
			entry.url = { all: (button.url ?? '').trim() };
		} else {
			entry.actionType = 'request';
		}
		actions.push(entry);
	}
	const contents: IDataObject[] = [];
	if (markdown) contents.push({ type: 'markdown', text: markdown, id: 'content_markdown' });
	if (actions.length) {
		if (markdown) contents.push({ type: 'divider', id: 'content_divider' });
		contents.push({ type: 'action', actions, id: 'content_actions' });
	}
	const cardData: IDataObject = {
		config: { autoLayout: true, enableForward: content.enableForward !== false },
		...(title ? { header: { title: { type: 'text', text: title } } } : {}),
		contents,
	};
	return { cardData };
}
