/**
 * Card clicks on a Send and Wait card (helpers/approvals/cardResume.ts): instead of starting this
 * trigger's workflow, the click is handed to the execution that waits for it — a POST on its
 * resume URL in this n8n, proven with the app's Client Secret. DingTalk pushed the click over
 * this trigger's authenticated Stream connection, which is what makes the clicker's userId true.
 */
import type { IDataObject, Logger } from 'n8n-workflow';

import { parseCardClick, signCardAnswer } from '../../helpers/approvals/cardResume';
import { postResumeAnswer, type PlainHttpRequest, type ResumeAnswer } from '../../transport';

export interface ApprovalRelay {
	/** The Client Secret of the trigger's credential (the app the card was sent by). */
	secret: () => Promise<string>;
	/** Where n8n's waiting webhooks are, as seen from this process (…/webhook-waiting). */
	waitingBaseUrl: string;
	httpRequest: PlainHttpRequest;
	logger: Pick<Logger, 'info' | 'warn'>;
	/** The current time; a test seam. */
	now?: () => number;
}

/** The waiting-webhook base: the option, else this instance's base URL + /webhook-waiting. */
export function waitingBaseUrl(option: unknown, instanceBaseUrl: string): string {
	const given = String(option ?? '').trim();
	if (given) return given.replace(/\/+$/, '');
	return `${instanceBaseUrl.replace(/\/+$/, '')}/webhook-waiting`;
}

/**
 * If this card callback item is a click on a Send and Wait card, hands it to the waiting
 * execution and returns the pending hand-over; undefined for any other card (it starts this
 * trigger's workflow as before).
 */
export function relayCardClick(
	item: IDataObject,
	messageId: string,
	relay: ApprovalRelay,
): Promise<ResumeAnswer> | undefined {
	if (item.source !== 'cardCallback') return undefined;
	const click = parseCardClick(item.cardBizId, item.actionId);
	const userId = typeof item.userId === 'string' ? item.userId : '';
	if (!click || !userId) return undefined;
	const url = `${relay.waitingBaseUrl}/${encodeURIComponent(click.executionId)}/${encodeURIComponent(click.nodeId)}?hitl=card&signature=${click.signature}`;
	const at = (relay.now ?? Date.now)();
	return (async () => {
		const body = signCardAnswer(await relay.secret(), click, userId, messageId, at);
		const answer = await postResumeAnswer(relay.httpRequest, url, body);
		const what = `${click.decision} by ${userId} on card ${click.cardBizId}`;
		if (answer.resumed)
			relay.logger.info(`DingTalk Stream: ${what} resumed execution ${click.executionId}`);
		else
			relay.logger.warn(
				`DingTalk Stream: ${what} did not resume execution ${click.executionId} (${answer.reason ?? 'no reason given'})`,
			);
		return answer;
	})().catch((error: Error) => {
		relay.logger.warn(
			`DingTalk Stream: could not hand ${click.decision} by ${userId} to execution ${click.executionId} (${error.message}); the card can be clicked again`,
		);
		return { resumed: false, reason: error.message };
	});
}
