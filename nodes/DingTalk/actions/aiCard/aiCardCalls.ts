import { randomBytes } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { dingTalkApiRequest } from '../../transport';

/**
 * DingTalk's public AI-card template (no card needs designing first): `flowStatus` shows the
 * state and `msgContent` holds the streamed Markdown. The official Stream SDK's AI Markdown card
 * uses it (https://open.dingtalk.com/document/orgapp/api-streamingupdate).
 */
export const PUBLIC_AI_CARD_TEMPLATE = '382e4302-551d-4880-bf29-a30acfab2e71.schema';

/** The public template's flowStatus values (the card platform wants every value as a string). */
export const FLOW_STATUS = {
	thinking: '1',
	streaming: '2',
	finished: '3',
	failed: '5',
} as const;

/** One streaming update (PUT /v1.0/card/streaming). */
export interface StreamingUpdate {
	outTrackId: string;
	key: string;
	/** The whole text so far: every update replaces the variable (isFull), so a retry never doubles it. */
	content: string;
	isFinalize?: boolean;
	isError?: boolean;
}

/**
 * Streams text into a card variable
 * (https://open.dingtalk.com/document/orgapp/api-streamingupdate). Always `isFull: true` with
 * the whole text so far, and one guid per update that a retry repeats: DingTalk can receive an
 * update twice or late without the text growing twice or going backwards.
 */
export async function streamingUpdate(
	run: RunContext,
	itemIndex: number,
	update: StreamingUpdate,
): Promise<void> {
	await dingTalkApiRequest<IDataObject>(run.api, {
		api: 'new',
		method: 'PUT',
		path: '/v1.0/card/streaming',
		body: {
			outTrackId: update.outTrackId,
			guid: randomBytes(16).toString('hex'),
			key: update.key,
			content: update.content,
			isFull: true,
			isFinalize: update.isFinalize === true,
			isError: update.isError === true,
		},
		// The same full text under the same guid: repeating it leaves the card as it is.
		idempotent: true,
		itemIndex,
	});
}

/**
 * Sets card variables by key (PUT /v1.0/card/instances with updateCardDataByKey,
 * https://open.dingtalk.com/document/orgapp/interactive-card-update-interface): the variables not
 * named keep their values. Setting the same values twice leaves the same card.
 */
export async function updateCardData(
	run: RunContext,
	itemIndex: number,
	outTrackId: string,
	cardParamMap: Record<string, string>,
): Promise<void> {
	await dingTalkApiRequest<IDataObject>(run.api, {
		api: 'new',
		method: 'PUT',
		path: '/v1.0/card/instances',
		body: {
			outTrackId,
			cardData: { cardParamMap },
			cardUpdateOptions: { updateCardDataByKey: true },
		},
		idempotent: true,
		itemIndex,
	});
}

/**
 * Ends a card: the final text as the last, finalizing streaming update (an error update when
 * `failed`), then the state and that same text in the card data, which a later update keeps.
 * Without a text (Finish keeping what was streamed) only the state changes.
 */
export async function endCard(
	run: RunContext,
	itemIndex: number,
	card: { outTrackId: string; key: string },
	text: string | undefined,
	failed = false,
): Promise<void> {
	const { outTrackId, key } = card;
	if (text !== undefined)
		await streamingUpdate(run, itemIndex, {
			outTrackId,
			key,
			content: text,
			isFinalize: true,
			isError: failed,
		});
	await updateCardData(run, itemIndex, outTrackId, {
		flowStatus: failed ? FLOW_STATUS.failed : FLOW_STATUS.finished,
		...(text !== undefined ? { [key]: text } : {}),
	});
}

/**
 * Where the text is cut for paced updates: at most `perUpdate` characters apart (code points,
 * never half a character), and at least `minUpdates` cuts when the text is that long, so the
 * card visibly fills in. The last cut is the whole text.
 */
export function paceCuts(length: number, perUpdate: number, minUpdates: number): number[] {
	if (length === 0) return [0];
	const step = Math.max(1, Math.min(perUpdate, Math.ceil(length / minUpdates)));
	const cuts: number[] = [];
	for (let at = step; at < length; at += step) cuts.push(at);
	cuts.push(length);
	return cuts;
}
