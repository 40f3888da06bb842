/** Robot messages and card callbacks in the shape workflows want, for both triggers. */
import type { IDataObject } from 'n8n-workflow';

import { isoOrNull } from '../helpers/execution/time';

function asObject(value: unknown): IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as IDataObject)
		: {};
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
		atUserIds: atUsers
			.map((u) => asText(asObject(u).staffId))
			.filter((id): id is string => Boolean(id)),
		downloadCode: asText(content.downloadCode),
		fileName: asText(content.fileName),
		robotCode: asText(payload.robotCode),
		msgId: asText(payload.msgId),
		createdAt: isoOrNull(payload.createAt),
		sessionWebhook: asText(payload.sessionWebhook),
		sessionWebhookExpiresAt: isoOrNull(payload.sessionWebhookExpiredTime),
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
 * A card callback (Stream topic /v1.0/card/instances/callback, https://open.dingtalk.com/document/orgapp/robots-send-interactive-cards) in the shape
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

/** DingTalk's approval (OA 审批) events. */
export const APPROVAL_EVENT_TYPES = ['bpms_instance_change', 'bpms_task_change'];

const INSTANCE_STATUS: Record<string, string> = {
	start: 'RUNNING',
	finish: 'COMPLETED',
	terminate: 'TERMINATED',
};

/**
 * An approval event (https://open.dingtalk.com/document/orgapp/approval-events) in one shape for
 * both triggers and both event types: which instance and template, what happened (`type`: start,
 * finish, terminate for instances; start, finish, cancel, comment for tasks), the result (agree,
 * refuse, redirect; `terminated` for a revoked instance), who, and when. HTTP events name the type
 * `EventType`, Stream events carry it in the frame's headers; the payload fields are the same.
 */
export function normalizeApprovalEvent(eventType: string, input: unknown): IDataObject {
	const payload = asObject(input);
	const type = asText(payload.type);
	const isInstance = eventType === 'bpms_instance_change';
	const result =
		asText(payload.result) || (isInstance && type === 'terminate' ? 'terminated' : null);
	return {
		eventType,
		approvalEvent: isInstance ? 'instance' : 'task',
		instanceId: asText(payload.processInstanceId),
		processCode: asText(payload.processCode),
		title: asText(payload.title),
		type,
		result,
		status: isInstance ? (INSTANCE_STATUS[type ?? ''] ?? null) : null,
		userId: asText(payload.staffId),
		taskId: asText(payload.taskId),
		activityId: asText(payload.activityId),
		remark: asText(payload.remark) ?? asText(payload.content),
		businessId: asText(payload.businessId),
		url: asText(payload.url),
		createdAt: isoOrNull(payload.createTime),
		finishedAt: isoOrNull(payload.finishTime),
		corpId: asText(payload.corpId) ?? asText(payload.CorpId),
		eventId: asText(payload.eventId) ?? asText(payload.EventId),
	};
}
