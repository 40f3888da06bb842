/**
 * Send and Wait with Approve In: DingTalk Card. The question goes out as a StandardCard robot card
 * (https://open.dingtalk.com/document/orgapp/robots-send-interactive-cards) whose buttons call
 * back over Stream mode; the DingTalk Stream Trigger turns a click into a POST on this node's
 * resume URL (helpers/approvals/cardResume.ts says what the card carries and how the POST is
 * proven). Here: the card, the answer's checks, the refusal for someone not on the approver list,
 * and the card's update once someone decided.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import {
	cardAnswerProblem,
	cardBizIdFor,
	parseCardBizId,
	type CardDecision,
} from '../../helpers/approvals/cardResume';
import { parseIdList } from '../../helpers/messages/recipients';
import { ApiSession, dingTalkApiRequest, robotCodeOf } from '../../transport';
import { decidedCard, questionCard } from './sendAndWait.cardContent';

/** A text parameter for the card update only: an expression that no longer resolves gives ''. */
function text(context: IWebhookFunctions, name: string): string {
	try {
		return String(context.getNodeParameter(name, '') ?? '').trim();
	} catch {
		return '';
	}
}

/** The cardBizIds this node sent for this execution: one per user, or one for the group. */
function sentCards(context: IWebhookFunctions, clicked: string): string[] {
	const card = parseCardBizId(clicked);
	if (!card || text(context, 'sendTo') === 'group') return [clicked];
	let count = 0;
	try {
		count = parseIdList(context.getNodeParameter('userIds', ''), 'user ID').ids?.length ?? 0;
	} catch {
		count = 0;
	}
	const ids = Array.from({ length: count }, (_, n) =>
		cardBizIdFor(card.executionId, card.nodeId, n),
	).filter((id): id is string => Boolean(id));
	return ids.includes(clicked) ? ids : [clicked];
}

/**
 * Whether this user may answer: anyone when Restrict Who Can Approve is empty, else only those
 * listed; an unknown user (an anonymous group link) or an unreadable list: no one (fail closed).
 */
export function mayAnswer(approvers: unknown, userId: string | null): boolean {
	const parsed = parseIdList(approvers, 'user ID');
	if (parsed.problem !== undefined) return false;
	if (parsed.ids.length === 0) return true;
	return userId !== null && parsed.ids.includes(userId);
}

/**
 * Approvals Needed: All Approvers Must Approve — who they are: the approver list, else everyone
 * asked (1:1). The send checked there are at most MAX_PROGRESS_APPROVERS.
 */
export function everyoneWhoMustApprove(approvers: unknown, userIds: unknown): string[] {
	const listed = parseIdList(approvers, 'user ID').ids ?? [];
	return listed.length > 0 ? listed : (parseIdList(userIds, 'user ID').ids ?? []);
}

/**
 * An approval while all must approve: the cards now carry who approved (in their button ids) and
 * say who is still awaited. Returns those awaited; none: everyone has approved.
 */
async function recordProgress(
	context: IWebhookFunctions,
	api: ApiSession,
	body: IDataObject,
	signature: string,
): Promise<{ approvedBy: string[]; awaited: string[] }> {
	const everyone = everyoneWhoMustApprove(
		context.getNodeParameter('approvers', ''),
		context.getNodeParameter('userIds', ''),
	);
	const index = everyone.indexOf(String(body.userId));
	const progress = Number(body.progress ?? 0) | (index >= 0 ? 1 << index : 0);
	const approvedBy = everyone.filter((_, k) => progress & (1 << k));
	const awaited = everyone.filter((_, k) => !(progress & (1 << k)));
	if (awaited.length === 0) return { approvedBy, awaited };
	const labels = ((context.getNodeParameter('approvalOptions', {}) as IDataObject)?.values ??
		{}) as IDataObject;
	const built = questionCard({
		title: text(context, 'title'),
		message: text(context, 'message'),
		approveLabel: String(labels.approveLabel ?? '').trim() || 'Approve',
		declineLabel:
			labels.approvalType === 'double'
				? String(labels.disapproveLabel ?? '').trim() || 'Decline'
				: undefined,
		signature,
		progress,
		note: `✅ Approved by ${approvedBy.join(', ')} · waiting for ${awaited.join(', ')}`,
	});
	if (built.cardData) await updateCards(context, api, String(body.cardBizId), built.cardData);
	return { approvedBy, awaited };
}

/** Tells someone not on the approver list, in a 1:1 message from the robot, that nothing was recorded. */
async function refuse(context: IWebhookFunctions, api: ApiSession, userId: string): Promise<void> {
	const reply =
		text(context, 'unauthorizedReplyText') || 'You are not authorized to respond to this request.';
	const credentials = await api.credentials();
	await dingTalkApiRequest(api, {
		api: 'new',
		method: 'POST',
		path: '/v1.0/robot/oToMessages/batchSend',
		body: {
			robotCode: robotCodeOf(credentials, text(context, 'options.robotCode')),
			userIds: [userId],
			msgKey: 'sampleText',
			msgParam: JSON.stringify({ content: reply }),
		},
		itemIndex: 0,
	});
}

/** Rewrites every card of this question: buttons gone, and (showOutcome) the decision and who made it. */
async function lockCards(
	context: IWebhookFunctions,
	api: ApiSession,
	clicked: string,
	decision: CardDecision,
	userId: string,
	at: string,
): Promise<void> {
	const behavior = text(context, 'postDecisionBehavior') || 'showOutcome';
	if (behavior === 'keepMessage') return;
	const outcome =
		behavior === 'showOutcome'
			? `${decision === 'approve' ? '✅ **Approved**' : '❌ **Declined**'} by ${userId} · ${at.slice(0, 16).replace('T', ' ')} UTC`
			: undefined;
	await updateCards(
		context,
		api,
		clicked,
		decidedCard(text(context, 'title'), text(context, 'message'), outcome),
	);
}

/** Replaces every card of this question (one per user, or the group's) with `cardData`. */
async function updateCards(
	context: IWebhookFunctions,
	api: ApiSession,
	clicked: string,
	cardData: string,
): Promise<void> {
	for (const cardBizId of sentCards(context, clicked)) {
		await dingTalkApiRequest(api, {
			api: 'new',
			method: 'PUT',
			path: '/v1.0/im/robots/interactiveCards',
			body: { cardBizId, cardData, updateOptions: { updateCardDataByKey: false } },
			idempotent: true,
			itemIndex: 0,
		});
	}
}

/**
 * A card answer posted by the Stream Trigger: checked (proof, freshness, this node), then refused
 * (not an approver: the wait goes on) or recorded (the cards are updated, the execution resumes).
 * The answer to the trigger is JSON saying which.
 */
export async function cardAnswerWebhook(
	this: IWebhookFunctions,
	method: string,
	signature: string,
): Promise<IWebhookResponseData> {
	if (method !== 'POST')
		return { webhookResponse: { resumed: false, reason: 'answer this question in DingTalk' } };
	const body = (this.getBodyData() ?? {}) as IDataObject;
	const api = new ApiSession(this);
	const credentials = await api.credentials();
	const problem = cardAnswerProblem(
		String(credentials.clientSecret ?? '').trim(),
		signature,
		this.getNode().id,
		body,
		Date.now(),
	);
	if (problem) return { webhookResponse: { resumed: false, reason: problem } };
	const userId = String(body.userId);
	const decision = body.decision as CardDecision;
	if (!mayAnswer(this.getNodeParameter('approvers', ''), userId)) {
		try {
			await refuse(this, api, userId);
		} catch (error) {
			this.logger.warn(
				`DingTalk Send and Wait: could not tell ${userId} they may not answer (${(error as Error).message})`,
			);
		}
		return { webhookResponse: { resumed: false, reason: 'not an approver', userId } };
	}
	let approvedBy: string[] | undefined;
	if (text(this, 'approvalsNeeded') === 'all' && decision === 'approve') {
		const progress = await recordProgress(this, api, body, signature);
		if (progress.awaited.length > 0)
			return {
				webhookResponse: {
					resumed: false,
					reason: 'waiting for other approvers',
					approvedBy: progress.approvedBy,
					awaited: progress.awaited,
				},
			};
		approvedBy = progress.approvedBy;
	}
	const respondedAt = new Date(Number(body.at)).toISOString();
	try {
		await lockCards(this, api, String(body.cardBizId), decision, userId, respondedAt);
	} catch (error) {
		// The decision stands; the card keeping its buttons is cosmetic (a later click finds nothing waiting).
		this.logger.warn(
			`DingTalk Send and Wait: the card could not be updated (${(error as Error).message})`,
		);
	}
	const approved = decision === 'approve';
	return {
		webhookResponse: { resumed: true },
		workflowData: [
			[
				{
					json: {
						data: {
							approved,
							decision: approved ? 'approved' : 'declined',
							timedOut: false,
							text: null,
							responder: { id: userId, source: 'dingtalk' },
							respondedBy: { userId },
							respondedAt,
							client: 'DingTalk card',
							cardBizId: String(body.cardBizId),
							...(approvedBy ? { approvedBy } : {}),
						},
					},
				},
			],
		],
	};
}
