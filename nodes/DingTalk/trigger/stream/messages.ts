/** What the Stream trigger subscribes to, and the item each pushed message starts the workflow with. */
import type { IDataObject } from 'n8n-workflow';

import type { ApiSession } from '../../transport';
import { approvalAccepted, type ApprovalFilter } from '../approvalFilter';
import { approvalItem } from '../approvalInstance';
import {
	APPROVAL_EVENT_TYPES,
	normalizeApprovalEvent,
	normalizeCardCallback,
	normalizeRobotMessage,
} from '../normalize';
import type { StreamFrame } from './client';

export const TOPICS = {
	events: { type: 'EVENT', topic: '*' },
	robotMessages: { type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' },
	cardCallbacks: { type: 'CALLBACK', topic: '/v1.0/card/instances/callback' },
} as const;

export type Subscription = keyof typeof TOPICS;

/** A frame's `data` (a JSON string) as an object; anything else is kept under `data`. */
function frameData(frame: StreamFrame): IDataObject {
	try {
		const parsed = JSON.parse(frame.data || '{}') as unknown;
		return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
			? (parsed as IDataObject)
			: ({ data: parsed } as IDataObject);
	} catch {
		return { data: frame.data };
	}
}

/**
 * The item an EVENT or CALLBACK frame starts the workflow with: an event with its type, id and
 * corp, a normalised robot message, or a normalised card callback. Undefined for an event whose
 * type is not in `eventTypes` (empty: every type) or an approval event the filter drops.
 * Approval events come normalised (normalize.ts → normalizeApprovalEvent).
 */
export function streamItem(
	frame: StreamFrame,
	eventTypes: string[],
	approvalFilter: ApprovalFilter = { processCodes: [], results: [] },
): IDataObject | undefined {
	const data = frameData(frame);
	const headers: IDataObject = frame.headers ?? {};
	if (frame.type === 'EVENT') {
		const eventType = String(headers.eventType ?? data.eventType ?? '');
		if (eventTypes.length && !eventTypes.includes(eventType)) return undefined;
		if (APPROVAL_EVENT_TYPES.includes(eventType)) {
			const approval = normalizeApprovalEvent(eventType, {
				...data,
				eventId: headers.eventId ?? data.eventId,
				corpId: data.corpId ?? headers.eventCorpId,
			});
			return approvalAccepted(approval, approvalFilter) ? approval : undefined;
		}
		return {
			eventType,
			eventId: headers.eventId ?? null,
			corpId: headers.eventCorpId ?? null,
			...data,
		};
	}
	if (headers.topic === TOPICS.robotMessages.topic)
		return { ...normalizeRobotMessage(data), source: 'robotMessage' };
	return { ...normalizeCardCallback(data), source: 'cardCallback' };
}

/**
 * streamItem, with the instance an approval event names added (approvalInstance.ts) when `api` is
 * given (Include Instance Details): only approval events that pass what the filter can decide
 * beforehand are read, so other events and messages make no call and need no access token.
 */
export async function streamItemWithInstance(
	frame: StreamFrame,
	eventTypes: string[],
	approvalFilter: ApprovalFilter,
	api?: ApiSession,
): Promise<IDataObject | undefined> {
	if (!api || frame.type !== 'EVENT') return streamItem(frame, eventTypes, approvalFilter);
	const item = streamItem(frame, eventTypes, { processCodes: [], results: [] });
	if (!item || !APPROVAL_EVENT_TYPES.includes(String(item.eventType))) return item;
	return await approvalItem(item, approvalFilter, api);
}
