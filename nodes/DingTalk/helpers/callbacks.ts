/** What the trigger shares with the Stream trigger and replies: replay memory, robot message shape. */
import type { IDataObject } from 'n8n-workflow';

/**
 * What one process remembers of callbacks it accepted, each entry until a given time: a second
 * claim of a remembered id is refused (a replay or a redelivery). n8n gives trigger webhooks no
 * shared store, so this lives in the process and is lost on restart; callers bound the exposure by
 * remembering each entry as long as the callback itself would be accepted.
 */
export class ReplayMemory {
	private readonly entries = new Map<string, number>();

	constructor(private readonly max: number) {}

	/** Whether `id` is remembered at `now`. */
	has(id: string, now = Date.now()): boolean {
		const until = this.entries.get(id);
		return until !== undefined && until > now;
	}

	/** Remembers `id` until `untilMs`; false (and nothing changes) if it is remembered already. */
	claim(id: string, untilMs: number, now = Date.now()): boolean {
		if (this.has(id, now)) return false;
		this.remember(id, untilMs, now);
		return true;
	}

	remember(id: string, untilMs: number, now = Date.now()): void {
		this.entries.delete(id);
		this.entries.set(id, untilMs);
		if (this.entries.size <= this.max) return;
		// Over the bound: drop what has expired, then the oldest entries.
		for (const [key, until] of this.entries) if (until <= now) this.entries.delete(key);
		for (const key of this.entries.keys()) {
			if (this.entries.size <= this.max * 0.9) break;
			this.entries.delete(key);
		}
	}

	get size(): number {
		return this.entries.size;
	}
}

/** Signed HTTP callbacks (event signatures, robot signs): kept until they would be stale anyway. */
export const signatureMemory = new ReplayMemory(100000);
/** DingTalk event identities, so DingTalk's re-signed retries of one event run it once. */
export const eventMemory = new ReplayMemory(20000);
/** Stream message ids that were emitted and acknowledged. */
export const streamMemory = new ReplayMemory(20000);

export const DEFAULT_MAX_SKEW_SECONDS = 300;
export const MIN_MAX_SKEW_SECONDS = 10;
export const MAX_MAX_SKEW_SECONDS = 3600;

/**
 * The trigger's Max Clock Skew option, checked: a number of seconds from 10 to 3600. Anything else
 * (text, NaN, Infinity, 0, negative, out of range) is a problem to refuse on, never a disabled check.
 */
export function readMaxSkewSeconds(value: unknown): { seconds: number; problem?: undefined } | { seconds?: undefined; problem: string } {
	if (value === undefined || value === null || value === '') return { seconds: DEFAULT_MAX_SKEW_SECONDS };
	const shown = typeof value === 'string' ? `the text "${value.slice(0, 40)}"` : typeof value === 'number' ? String(value) : `a ${Array.isArray(value) ? 'list' : typeof value}`;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < MIN_MAX_SKEW_SECONDS || value > MAX_MAX_SKEW_SECONDS) {
		return {
			problem: `Options → Max Clock Skew (Seconds) must be a number from ${MIN_MAX_SKEW_SECONDS} to ${MAX_MAX_SKEW_SECONDS}, but it is ${shown}`,
		};
	}
	return { seconds: value };
}

/** The trigger's Owner Key option, checked: `appKey` (default) or `corpId`. */
export function readOwnerKey(value: unknown): { ownerKey: 'appKey' | 'corpId'; problem?: undefined } | { ownerKey?: undefined; problem: string } {
	if (value === undefined || value === null || value === '' || value === 'appKey') return { ownerKey: 'appKey' };
	if (value === 'corpId') return { ownerKey: 'corpId' };
	return { problem: `Options → Owner Key must be "appKey" or "corpId", but it is ${JSON.stringify(value).slice(0, 40)}` };
}

/** A DingTalk time (ms since the epoch, as a number or digits) as ISO text; null if it is not one. */
export function isoTime(value: unknown): string | null {
	const ms = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,16}$/.test(value.trim()) ? Number(value) : NaN;
	if (!Number.isFinite(ms) || ms <= 0) return null;
	const date = new Date(ms);
	return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function asObject(value: unknown): IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
}

function asText(value: unknown): string | null {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return null;
}

/**
 * A robot message (https://open.dingtalk.com/document/orgapp/receive-message) in the shape
 * workflows want. Never throws: fields of an unexpected type come out as null (or empty lists).
 */
export function normalizeRobotMessage(input: unknown): IDataObject {
	const payload = asObject(input);
	const content = asObject(payload.content);
	const text = asObject(payload.text);
	const atUsers = Array.isArray(payload.atUsers) ? payload.atUsers : [];
	return {
		messageType: asText(payload.msgtype),
		text: typeof text.content === 'string' ? text.content.trim() : asText(content.recognition),
		senderUserId: asText(payload.senderStaffId) || null,
		senderNick: asText(payload.senderNick),
		senderId: asText(payload.senderId),
		senderCorpId: asText(payload.senderCorpId),
		isAdmin: typeof payload.isAdmin === 'boolean' ? payload.isAdmin : null,
		conversationId: asText(payload.conversationId),
		conversationType: asText(payload.conversationType) === '2' ? 'group' : 'oneToOne',
		conversationTitle: asText(payload.conversationTitle),
		isInAtList: typeof payload.isInAtList === 'boolean' ? payload.isInAtList : null,
		atUserIds: atUsers.map((u) => asText(asObject(u).staffId)).filter((id): id is string => Boolean(id)),
		downloadCode: asText(content.downloadCode),
		fileName: asText(content.fileName),
		robotCode: asText(payload.robotCode),
		msgId: asText(payload.msgId),
		createdAt: isoTime(payload.createAt),
		sessionWebhook: asText(payload.sessionWebhook),
		sessionWebhookExpiresAt: isoTime(payload.sessionWebhookExpiredTime),
	};
}

function parseJson(value: unknown): IDataObject {
	if (value && typeof value === 'object') return value as IDataObject;
	try {
		const parsed = JSON.parse(String(value ?? '')) as unknown;
		return parsed && typeof parsed === 'object' ? (parsed as IDataObject) : {};
	} catch {
		return {};
	}
}

/**
 * A card callback (Stream topic /v1.0/card/instances/callback, dingtalk-api.md §11) in the shape
 * workflows want: which card (cardBizId = outTrackId), which button (its action ID), who clicked.
 * DingTalk's fields are kept; `value`/`content` arrive as JSON strings and are parsed.
 */
export function normalizeCardCallback(input: unknown): IDataObject {
	const payload = asObject(input);
	const value = parseJson(payload.value ?? payload.content);
	const privateData = asObject(value.cardPrivateData);
	const actionIds = Array.isArray(privateData.actionIds) ? (privateData.actionIds as string[]) : [];
	const isGroup = payload.spaceType === 'IM_GROUP';
	return {
		cardBizId: payload.outTrackId ?? null,
		actionId: actionIds[0] ?? null,
		actionIds,
		params: asObject(privateData.params),
		userId: payload.userId ?? null,
		conversationType: isGroup ? 'group' : payload.spaceType === 'IM_ROBOT' ? 'oneToOne' : null,
		conversationId: isGroup ? (payload.spaceId ?? null) : null,
		corpId: payload.corpId ?? null,
		raw: payload,
	};
}
