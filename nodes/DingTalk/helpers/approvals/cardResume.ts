/**
 * Approve inside DingTalk: how a Send and Wait card names the waiting execution, and how the
 * DingTalk Stream Trigger proves to the waiting node that a click really came from DingTalk.
 *
 * A card callback (Stream topic /v1.0/card/instances/callback,
 * https://open.dingtalk.com/document/orgapp/robots-send-interactive-cards) carries the card's
 * cardBizId (outTrackId), the clicked button's id and the clicker's userId — nothing else is
 * documented to come back. So the card's ids carry the resume target:
 *
 * - cardBizId `hitl.<executionId>.<nodeId>.<n>`: the execution, the waiting node, the nth card;
 * - button id `a<signature>` / `d<signature>`: the decision, and n8n's signature of the resume
 *   URL `…/<executionId>/<nodeId>?hitl=card` (64 hex digits, here in base64url: 43 characters);
 *   when all approvers must approve, followed by who already did (5 hex digits, a bit each).
 *
 * The signature alone is not enough to answer: whoever sees the card could read it. The waiting
 * node accepts a card answer only as a POST whose `proof` is an HMAC, keyed with the app's
 * Client Secret (which only n8n and DingTalk hold), over the signature, the card, the decision,
 * the clicker and the time; and only within {@link PROOF_WINDOW_MS} of that time. The Stream
 * Trigger computes it when DingTalk pushes the click over its authenticated connection.
 */
import { createHmac, timingSafeEqual } from 'crypto';

const CARD_PREFIX = 'hitl';
/** The query n8n signs for card answers (no decision in it: the decision comes from DingTalk). */
export const CARD_RESUME_QUERY = { hitl: 'card' } as const;
/** A proof older (or newer) than this is refused: a captured request cannot be replayed later. */
export const PROOF_WINDOW_MS = 5 * 60_000;
/** DingTalk's limit for cardBizId and button ids (the node checks the same). */
const MAX_ID = 64;
const NODE_ID = /^[A-Za-z0-9_:-]{1,40}$/;

export type CardDecision = 'approve' | 'decline';

export interface CardTarget {
	executionId: string;
	nodeId: string;
	/** n8n's signature of the card resume URL, as n8n writes it (hex). */
	signature: string;
	cardBizId: string;
}

/** The cardBizId of the nth card of a waiting node, or undefined when the ids do not fit. */
export function cardBizIdFor(executionId: string, nodeId: string, n: number): string | undefined {
	if (!/^[A-Za-z0-9_-]+$/.test(executionId) || !NODE_ID.test(nodeId)) return undefined;
	const id = `${CARD_PREFIX}.${executionId}.${nodeId}.${n}`;
	return id.length <= MAX_ID ? id : undefined;
}

/** The execution, node and card number a Send and Wait cardBizId names; undefined for any other id. */
export function parseCardBizId(
	cardBizId: unknown,
): { executionId: string; nodeId: string; n: number } | undefined {
	if (typeof cardBizId !== 'string') return undefined;
	const match = /^hitl\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_:-]{1,40})\.(\d{1,2})$/.exec(cardBizId);
	return match ? { executionId: match[1], nodeId: match[2], n: Number(match[3]) } : undefined;
}

/** "All approvers must approve": at most this many, one bit each in the button ids. */
export const MAX_PROGRESS_APPROVERS = 20;

/**
 * The button id for a decision: its letter and n8n's signature in base64url, and (when some
 * approvers already approved and all must) who did: a 20-bit mask in 5 hex digits.
 */
export function buttonIdFor(decision: CardDecision, signatureHex: string, progress = 0): string {
	const mask = progress > 0 ? progress.toString(16).padStart(5, '0') : '';
	return `${decision === 'approve' ? 'a' : 'd'}${Buffer.from(signatureHex, 'hex').toString('base64url')}${mask}`;
}

/** n8n's signature (hex) from the signed resume URL the node got from n8n. */
export function signatureOf(signedUrl: string): string {
	return new URL(signedUrl).searchParams.get('signature') ?? '';
}

/** What a card callback names, if it is a Send and Wait card's button; undefined for any other card. */
export function parseCardClick(
	cardBizId: unknown,
	actionId: unknown,
): (CardTarget & { decision: CardDecision; progress: number }) | undefined {
	if (typeof actionId !== 'string') return undefined;
	const card = parseCardBizId(cardBizId);
	const button = /^([ad])([A-Za-z0-9_-]{43})([0-9a-f]{5})?$/.exec(actionId);
	if (!card || !button) return undefined;
	const signature = Buffer.from(button[2], 'base64url').toString('hex');
	if (signature.length !== 64) return undefined;
	return {
		executionId: card.executionId,
		nodeId: card.nodeId,
		signature,
		cardBizId: cardBizId as string,
		decision: button[1] === 'a' ? 'approve' : 'decline',
		progress: button[3] ? parseInt(button[3], 16) : 0,
	};
}

/** What the Stream Trigger posts to the waiting node's resume URL for one click. */
export interface CardAnswer {
	[key: string]: string | number;
	hitl: 'dingtalk-card';
	cardBizId: string;
	decision: CardDecision;
	/** Who had approved when the clicked card was drawn (all must approve); 0 otherwise. */
	progress: number;
	userId: string;
	/** When the trigger received the click (ms since the epoch). */
	at: number;
	messageId: string;
	proof: string;
}

function proofOf(
	secret: string,
	signature: string,
	answer: Pick<CardAnswer, 'cardBizId' | 'decision' | 'progress' | 'userId' | 'at'>,
): string {
	return createHmac('sha256', secret)
		.update(
			[
				'dingtalk-hitl-card:v1',
				signature,
				answer.cardBizId,
				answer.decision,
				String(answer.progress),
				answer.userId,
				String(answer.at),
			].join('\n'),
		)
		.digest('hex');
}

/** The answer for one click, with its proof. */
export function signCardAnswer(
	secret: string,
	click: CardTarget & { decision: CardDecision; progress?: number },
	userId: string,
	messageId: string,
	at: number,
): CardAnswer {
	const fields = {
		cardBizId: click.cardBizId,
		decision: click.decision,
		progress: click.progress ?? 0,
		userId,
		at,
	};
	return {
		hitl: 'dingtalk-card',
		...fields,
		messageId,
		proof: proofOf(secret, click.signature, fields),
	};
}

/**
 * Why a posted card answer is not to be trusted, or undefined when it is: it must name this
 * node's card, carry a proof made with this app's secret over this URL's signature, and be fresh.
 */
export function cardAnswerProblem(
	secret: string,
	signature: string,
	nodeId: string,
	body: Record<string, unknown>,
	now: number,
): string | undefined {
	const cardBizId = String(body.cardBizId ?? '');
	const decision = body.decision;
	const userId = String(body.userId ?? '');
	const at = Number(body.at);
	const progress = Number(body.progress ?? 0);
	if (body.hitl !== 'dingtalk-card' || parseCardBizId(cardBizId)?.nodeId !== nodeId)
		return 'not a card answer for this node';
	if (
		(decision !== 'approve' && decision !== 'decline') ||
		!userId ||
		!Number.isFinite(at) ||
		!Number.isInteger(progress)
	)
		return 'incomplete card answer';
	if (!secret) return 'the credential has no Client Secret';
	const expected = Buffer.from(
		proofOf(secret, signature, { cardBizId, decision, progress, userId, at }),
	);
	const given = Buffer.from(String(body.proof ?? ''));
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad proof';
	if (Math.abs(now - at) > PROOF_WINDOW_MS) return 'stale answer';
	return undefined;
}
