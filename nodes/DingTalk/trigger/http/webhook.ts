/**
 * The HTTP trigger's webhook: reads the request, has it verified, and answers DingTalk itself
 * (refusal, the encrypted "success" for events, an empty object for robot messages), starting a
 * run with what the filters accept.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { createHash } from 'crypto';

import { ApiSession } from '../../transport';
import { readApprovalFilter } from '../approvalFilter';
import { approvalItem } from '../approvalInstance';
import { APPROVAL_EVENT_TYPES, normalizeApprovalEvent, normalizeRobotMessage } from '../normalize';
import { eventMemory } from '../replayMemory';
import { encryptedSuccess } from './callbackCrypto';
import { OPTIONS_FIX, optionsProblem, readMaxSkewSeconds, readOwnerKey } from './options';
import {
	verifyEvent,
	verifyRobotMessage,
	type CallbackRequest,
	type VerifiedEvent,
} from './verify';

type Answer = (
	body: IDataObject,
	workflowData?: IWebhookResponseData['workflowData'],
) => IWebhookResponseData;

/** A DingTalk event's identity is remembered this long, so its re-signed retries run nothing again. */
const EVENT_IDENTITY_MS = 24 * 3600 * 1000;

export async function receiveCallback(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const response = context.getResponseObject();
	const refuse = (
		status: number,
		reason: string,
		level: 'warn' | 'error' = 'warn',
	): IWebhookResponseData => {
		context.logger[level](`DingTalk Trigger refused a callback: ${reason}`);
		response.status(status).json({ errcode: status, errmsg: reason });
		return { noWebhookResponse: true };
	};
	// Invalid security options fail closed: every callback is refused until they are fixed.
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const problem = optionsProblem(options);
	if (problem)
		return refuse(400, `the trigger is misconfigured: ${problem}. ${OPTIONS_FIX}`, 'error');
	const maxSkewMs = (readMaxSkewSeconds(options.maxSkewSeconds).seconds as number) * 1000;
	const credentials = await context.getCredentials<ICredentialDataDecryptedObject>('dingTalkApi');
	const source = context.getNodeParameter('source', 'events') as string;
	// n8n answers with its own body when a webhook starts a run, so the trigger writes DingTalk's
	// required answer itself and tells n8n it did.
	const answer: Answer = (body, workflowData) => {
		response.status(200).json(body);
		return workflowData ? { workflowData, noWebhookResponse: true } : { noWebhookResponse: true };
	};
	const request: CallbackRequest = {
		query: (context.getQueryData() ?? {}) as IDataObject,
		headers: (context.getHeaderData() ?? {}) as IDataObject,
		body: context.getBodyData(),
	};
	if (source === 'robot') {
		const verified = verifyRobotMessage(credentials, maxSkewMs, request);
		if (verified.refusal) return refuse(verified.refusal.status, verified.refusal.reason);
		return answerRobotMessage(context, options, verified.payload, answer);
	}
	const ownerKey = readOwnerKey(options.ownerKey).ownerKey ?? 'appKey';
	const verified = verifyEvent(credentials, ownerKey, maxSkewMs, request);
	if (verified.refusal) return refuse(verified.refusal.status, verified.refusal.reason);
	return await answerEvent(context, options, verified.event, answer);
}

/**
 * What identifies one DingTalk event across DingTalk's retries, which are re-encrypted and
 * re-signed with a new timestamp and nonce: its event id where the payload has one, else the
 * decrypted event text itself (DingTalk's event payloads carry their own time, e.g. TimeStamp).
 */
function eventIdentity(ownerKey: string, payload: IDataObject, message: string): string {
	for (const name of ['EventId', 'eventId', 'event_id']) {
		const id = payload[name];
		if ((typeof id === 'string' && id !== '') || typeof id === 'number')
			return `${ownerKey}:id:${String(id)}`;
	}
	return `${ownerKey}:sha256:${createHash('sha256').update(message).digest('hex')}`;
}

async function answerEvent(
	context: IWebhookFunctions,
	options: IDataObject,
	event: VerifiedEvent,
	answer: Answer,
): Promise<IWebhookResponseData> {
	const { payload, message, token, key, owner } = event;
	const now = Date.now();
	const reply = encryptedSuccess(token, key, owner);
	const eventType =
		typeof payload.EventType === 'string'
			? payload.EventType
			: typeof payload.eventType === 'string'
				? payload.eventType
				: '';
	if (eventType === 'check_url') return answer(reply);
	// DingTalk retries an event it got no timely answer for (https://open.dingtalk.com/document/orgapp/configure-event-subcription):
	// the retry is a new request, so it is recognised by the event, and answered, and not run again.
	const identity = eventIdentity(owner, payload, message);
	if (!eventMemory.claim(identity, now + EVENT_IDENTITY_MS, now)) {
		context.logger.info(
			`DingTalk Trigger: event ${eventType || '(no type)'} was delivered again (a DingTalk retry); answered, not run again`,
		);
		return answer(reply);
	}
	const wanted = [
		...((context.getNodeParameter('eventTypes', []) as string[]) ?? []),
		...String(context.getNodeParameter('otherEventTypes', '') ?? '')
			.split(',')
			.map((t) => t.trim())
			.filter(Boolean),
	];
	if (wanted.length > 0 && !wanted.includes(eventType)) return answer(reply);
	if (APPROVAL_EVENT_TYPES.includes(eventType)) {
		const filter = readApprovalFilter(context.getNodeParameter('approvalFilters', {}));
		const api =
			context.getNodeParameter('includeInstance', true) === true
				? new ApiSession(context)
				: undefined;
		// DingTalk wants its answer within 1.5 s and retries otherwise: it is sent before the
		// instance is read, and the run starts when the read is done (or failed).
		const answered = answer(reply);
		const approval = await approvalItem(normalizeApprovalEvent(eventType, payload), filter, api);
		if (!approval) return answered;
		if (options.includeRaw) approval.raw = payload;
		return { ...answered, workflowData: [[{ json: approval }]] };
	}
	const json: IDataObject = { eventType, ...payload };
	if (options.includeRaw) json.raw = payload;
	return answer(reply, [[{ json }]]);
}

function answerRobotMessage(
	context: IWebhookFunctions,
	options: IDataObject,
	payload: IDataObject,
	answer: Answer,
): IWebhookResponseData {
	const message = normalizeRobotMessage(payload);
	const types = (context.getNodeParameter('messageTypes', []) as string[]) ?? [];
	const conversation = context.getNodeParameter('conversationType', 'any') as string;
	const accepted =
		(types.length === 0 || types.includes(String(message.messageType))) &&
		(conversation === 'any' ||
			(conversation === 'group') === (message.conversationType === 'group'));
	if (!accepted) return answer({});
	if (options.includeRaw) message.raw = payload;
	return answer({}, [[{ json: message }]]);
}
