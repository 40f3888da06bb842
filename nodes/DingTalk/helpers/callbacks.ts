/** What the trigger shares with the Stream trigger and replies: replay memory, robot message shape. */
import type { IDataObject } from 'n8n-workflow';

const seen = new Map<string, number>();
const MAX_REMEMBERED = 10000;

/**
 * Remembers a callback id for `ttlMs`; false if it was seen already (a replay or a redelivery).
 * Bounded: the oldest entries go first.
 */
export function rememberNonce(id: string, ttlMs: number): boolean {
	const now = Date.now();
	const expiry = seen.get(id);
	if (expiry !== undefined && expiry > now) return false;
	seen.set(id, now + ttlMs);
	if (seen.size > MAX_REMEMBERED) {
		for (const [key, until] of seen) {
			if (until <= now || seen.size > MAX_REMEMBERED) seen.delete(key);
			if (seen.size <= MAX_REMEMBERED * 0.9) break;
		}
	}
	return true;
}

/** A robot message (dingtalk-api.md §10.3) in the shape workflows want, DingTalk's payload kept. */
export function normalizeRobotMessage(payload: IDataObject): IDataObject {
	const content = (payload.content ?? {}) as IDataObject;
	const text = (payload.text ?? {}) as IDataObject;
	const atUsers = Array.isArray(payload.atUsers) ? (payload.atUsers as IDataObject[]) : [];
	const expires = Number(payload.sessionWebhookExpiredTime);
	return {
		messageType: payload.msgtype ?? null,
		text: typeof text.content === 'string' ? text.content.trim() : (content.recognition ?? null),
		senderUserId: payload.senderStaffId || null,
		senderNick: payload.senderNick ?? null,
		senderId: payload.senderId ?? null,
		senderCorpId: payload.senderCorpId ?? null,
		isAdmin: payload.isAdmin ?? null,
		conversationId: payload.conversationId ?? null,
		conversationType: String(payload.conversationType) === '2' ? 'group' : 'oneToOne',
		conversationTitle: payload.conversationTitle ?? null,
		isInAtList: payload.isInAtList ?? null,
		atUserIds: atUsers.map((u) => u.staffId).filter(Boolean),
		downloadCode: content.downloadCode ?? null,
		fileName: content.fileName ?? null,
		robotCode: payload.robotCode ?? null,
		msgId: payload.msgId ?? null,
		createdAt: payload.createAt ? new Date(Number(payload.createAt)).toISOString() : null,
		sessionWebhook: payload.sessionWebhook ?? null,
		sessionWebhookExpiresAt: Number.isFinite(expires) && expires > 0 ? new Date(expires).toISOString() : null,
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
export function normalizeCardCallback(payload: IDataObject): IDataObject {
	const value = parseJson(payload.value ?? payload.content);
	const privateData = (value.cardPrivateData ?? {}) as IDataObject;
	const actionIds = Array.isArray(privateData.actionIds) ? (privateData.actionIds as string[]) : [];
	const isGroup = payload.spaceType === 'IM_GROUP';
	return {
		cardBizId: payload.outTrackId ?? null,
		actionId: actionIds[0] ?? null,
		actionIds,
		params: (privateData.params ?? {}) as IDataObject,
		userId: payload.userId ?? null,
		conversationType: isGroup ? 'group' : payload.spaceType === 'IM_ROBOT' ? 'oneToOne' : null,
		conversationId: isGroup ? (payload.spaceId ?? null) : null,
		corpId: payload.corpId ?? null,
		raw: payload,
	};
}
