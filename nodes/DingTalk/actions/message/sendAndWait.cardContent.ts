/**
 * What a Send and Wait card shows (a StandardCard robot card,
 * https://open.dingtalk.com/document/orgapp/robots-send-interactive-cards): the question with its
 * callback buttons, the same while some approvers have approved and others are awaited, and the
 * outcome once someone decided.
 */
import { buttonIdFor } from '../../helpers/approvals/cardResume';
import type { ContentProblem } from '../../helpers/messages/content';
import { buildStandardCard, type CardButton } from '../../helpers/messages/standardCard';

export interface CardQuestion {
	title: string;
	message: string;
	approveLabel: string;
	/** Undefined: approve only. */
	declineLabel?: string;
	/** n8n's signature of the card resume URL (hex). */
	signature: string;
	/** All approvers must approve: who already did (a bit each), and a line saying so. */
	progress?: number;
	note?: string;
}

/** The card's data while it waits for answers: the question and its buttons. */
export function questionCard(
	q: CardQuestion,
): { cardData: string; problem?: undefined } | { problem: ContentProblem; cardData?: undefined } {
	const buttons: CardButton[] = [
		{
			label: q.approveLabel,
			action: 'callback',
			actionId: buttonIdFor('approve', q.signature, q.progress),
			style: 'primary',
		},
	];
	if (q.declineLabel !== undefined)
		buttons.push({
			label: q.declineLabel,
			action: 'callback',
			actionId: buttonIdFor('decline', q.signature, q.progress),
			style: 'warning',
		});
	const markdown = [q.message, q.note].filter(Boolean).join('\n\n');
	const built = buildStandardCard({ title: q.title, markdown, buttons });
	if (built.problem) return { problem: built.problem };
	return { cardData: JSON.stringify(built.cardData) };
}

/** The card after the decision: the question without buttons, and (showOutcome) who decided what. */
export function decidedCard(title: string, message: string, outcome?: string): string {
	const markdown = [message, outcome].filter(Boolean).join('\n\n');
	const built = buildStandardCard({ title: title || 'Approval', markdown, buttons: [] });
	return JSON.stringify(
		built.cardData ?? { header: { title: { type: 'text', text: title || 'Approval' } } },
	);
}
