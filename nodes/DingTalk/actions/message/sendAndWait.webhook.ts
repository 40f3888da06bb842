/**
 * Send and Wait for Response (https://open.dingtalk.com/document/orgapp/chatbots-send-one-on-one-chat-messages-in-batches, n8n's waiting executions): the message carries
 * n8n's signed resume URLs as card buttons; tapping one opens the URL in DingTalk, n8n checks the
 * signature and calls the node's webhook. Opening a link (GET) only shows a confirmation page; its
 * button posts back to the same URL, and only that POST records the answer and resumes the
 * execution: link scanners and previews fetch URLs, they do not submit forms.
 *
 * Who answered: 1:1 messages are sent one per recipient, each with its own signed URLs that carry
 * the recipient's userId, so the answer names its author (the signature makes the userId
 * unforgeable). In a group everyone sees the same buttons, so the author is unknown.
 *
 * The same webhook serves the Free Text and Custom Form pages (their POST records the answer) and
 * the card answers the DingTalk Stream Trigger posts (`?hitl=card`, sendAndWait.card.ts).
 */
import type {
	IDataObject,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { createHmac } from 'crypto';

import { CARD_RESUME_QUERY } from '../../helpers/approvals/cardResume';
import {
	CONFIRMATION_FIELD,
	confirmationPage,
	customFormPage,
	previewPage,
	recordedPage,
	refusedPage,
	replyFormPage,
} from './responsePages';
import { cardAnswerWebhook, mayAnswer } from './sendAndWait.card';
import { readFormAnswer, readFormFields } from './sendAndWait.form';

export const SEND_AND_WAIT = 'sendAndWait';

/**
 * n8n's waiting webhooks for the resume URLs (/webhook-waiting/<execution>/<node id>?…&signature=…):
 * GET opens a button's link, POST answers from the confirmation page or the reply form. restartWebhook: they exist only while an execution
 * waits, inside n8n, so there is nothing to register with DingTalk (no webhookMethods).
 */
export const SEND_AND_WAIT_WEBHOOKS: IWebhookDescription[] = (['GET', 'POST'] as const).map(
	(httpMethod) => ({
		name: 'default',
		httpMethod,
		responseMode: 'onReceived',
		responseData: '',
		path: '={{ $nodeId }}',
		restartWebhook: true,
		isFullPath: true,
	}),
);

/** Robots that fetch links to build previews: their GET must not count as a click. */
const LINK_PREVIEW_AGENTS =
	/bot\b|crawler|spider|preview|facebookexternalhit|slack|whatsapp|telegram|skype|discord|curl\/|wget\/|python-requests|go-http-client|headlesschrome|okhttp|java\//i;

export function isLinkPreview(userAgent: string | undefined): boolean {
	return !userAgent || LINK_PREVIEW_AGENTS.test(userAgent);
}

/** DingTalk's in-app browser names itself in the user agent ("DingTalk/7.x", "AliApp(DingTalk/…)"). */
export function clientOf(userAgent: string | undefined): string {
	const agent = userAgent ?? '';
	const mobile = /iPhone|iPad|Android|Mobile/i.test(agent);
	if (/DingTalk/i.test(agent)) return mobile ? 'DingTalk mobile' : 'DingTalk desktop';
	return mobile ? 'mobile browser' : 'browser';
}

export { MAX_WAIT_DAYS, setTimeoutOutput, waitUntil } from './sendAndWait.wait';

/**
 * What the confirmation page posts back: derived from n8n's signature of this very link (which
 * names the execution, the node, the answer and the recipient), so a POST that did not come from
 * the page served for this link is refused. Undefined for an unsigned link.
 */
export function confirmationValue(query: IDataObject): string | undefined {
	const signature = typeof query.signature === 'string' ? query.signature : '';
	if (!signature) return undefined;
	return createHmac('sha256', signature)
		.update('dingtalk send-and-wait confirmation')
		.digest('hex');
}

/**
 * The title or message, for the page only: an expression that cannot be resolved when the link is
 * opened (its input is no longer there) must not keep the person from answering.
 */
function shownText(context: IWebhookFunctions, name: 'title' | 'message'): string {
	try {
		return String(context.getNodeParameter(name, '') ?? '');
	} catch {
		return '';
	}
}

/** The custom form's fields as the node defines them (they were checked when the question was sent). */
function formFieldsOf(context: IWebhookFunctions) {
	const read = readFormFields(
		String(context.getNodeParameter('defineForm', 'fields')),
		context.getNodeParameter('formFields', {}),
		context.getNodeParameter('jsonOutput', '[]'),
	);
	return read.fields ?? [];
}

/** A form option of the node (n8n's options.responseForm…), '' when unset. */
function formOption(context: IWebhookFunctions, name: string): string {
	const options = (context.getNodeParameter('options', {}) ?? {}) as IDataObject;
	return String(options[name] ?? '').trim();
}

/** Custom Form: GET shows the form, POST (from that page, with its confirmation) records the answer. */
function customFormAnswer(
	context: IWebhookFunctions,
	method: string,
	expected: string | undefined,
	common: IDataObject,
): IWebhookResponseData {
	const fields = formFieldsOf(context);
	// n8n parses the form (multipart, which it requires here) into `data`.
	const posted = (context.getBodyData() ?? {}) as IDataObject;
	const body = (
		posted.data && typeof posted.data === 'object' ? posted.data : posted
	) as IDataObject;
	const show = (problem?: string): IWebhookResponseData => ({
		webhookResponse: customFormPage({
			title: formOption(context, 'responseFormTitle') || shownText(context, 'title'),
			description: formOption(context, 'responseFormDescription') || shownText(context, 'message'),
			buttonLabel: formOption(context, 'responseFormButtonLabel') || 'Submit',
			fields,
			confirmation: expected ?? '',
			problem,
		}),
	});
	if (method !== 'POST') return show();
	if (expected === undefined || body[CONFIRMATION_FIELD] !== expected)
		return show(
			'Your answer was not recorded: it did not come from this form. Please submit it again.',
		);
	const read = readFormAnswer(fields, body);
	if (read.problem !== undefined) return show(read.problem);
	return {
		webhookResponse: recordedPage('Response recorded', '已提交'),
		// Server-set fields last, so a form field of the same name cannot override them (as n8n does).
		workflowData: [[{ json: { data: { ...read.answer, ...common } } }]],
	};
}

/** The webhook behind every button: records the answer and resumes the execution. */
export async function sendAndWaitWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const method = String(this.getRequestObject().method ?? 'GET').toUpperCase();
	const query = this.getQueryData() as IDataObject;
	if (query.hitl === CARD_RESUME_QUERY.hitl)
		return await cardAnswerWebhook.call(this, method, String(query.signature ?? ''));
	const userAgent = this.getHeaderData()['user-agent'];
	const responseType = this.getNodeParameter('responseType', 'approval') as string;
	if (isLinkPreview(userAgent)) return { webhookResponse: previewPage() };
	const userId = typeof query.userId === 'string' && query.userId ? query.userId : null;
	const common = {
		responder: userId ? { id: userId, source: 'dingtalk' } : null,
		respondedBy: userId ? { userId } : null,
		respondedAt: new Date().toISOString(),
		client: clientOf(userAgent),
	};
	if (responseType === 'customForm')
		return customFormAnswer(this, method, confirmationValue(query), common);
	if (responseType === 'freeText') {
		const title = formOption(this, 'responseFormTitle') || shownText(this, 'title');
		const message = formOption(this, 'responseFormDescription') || shownText(this, 'message');
		const label = formOption(this, 'responseFormButtonLabel') || 'Submit';
		if (method !== 'POST') return { webhookResponse: replyFormPage(title, message, label) };
		const text = String((this.getBodyData() ?? {}).response ?? '').trim();
		if (!text)
			return {
				webhookResponse: replyFormPage(
					title,
					message,
					label,
					'Please write a reply first. 请先填写回复。',
				),
			};
		return {
			webhookResponse: recordedPage('Reply sent', '回复已发送'),
			workflowData: [
				[
					{
						json: {
							data: { approved: true, decision: 'replied', timedOut: false, text, ...common },
						},
					},
				],
			],
		};
	}
	// Someone not on the approver list (or an anonymous group link when there is a list): refused, the wait goes on.
	if (!mayAnswer(this.getNodeParameter('approvers', ''), userId)) {
		const reply = String(this.getNodeParameter('unauthorizedReplyText', '') ?? '').trim();
		return { webhookResponse: refusedPage(reply) };
	}
	const approved = query.approved === 'true';
	const labels = ((this.getNodeParameter('approvalOptions', {}) as IDataObject)?.values ??
		{}) as IDataObject;
	const expected = confirmationValue(query);
	const given = (this.getBodyData() ?? {})[CONFIRMATION_FIELD];
	const confirmed = method === 'POST' && expected !== undefined && given === expected;
	if (!confirmed) {
		const label = approved ? labels.approveLabel : labels.disapproveLabel;
		return {
			webhookResponse: confirmationPage({
				title: shownText(this, 'title'),
				message: shownText(this, 'message'),
				answer: String(label ?? '').trim() || (approved ? 'Approve' : 'Decline'),
				approved,
				confirmation: expected ?? '',
				problem:
					method === 'POST'
						? 'Your answer was not recorded: it did not come from this page. Press the button to confirm it.'
						: undefined,
			}),
		};
	}
	return {
		webhookResponse: approved
			? recordedPage('Approved', '已同意')
			: recordedPage('Declined', '已拒绝'),
		workflowData: [
			[
				{
					json: {
						data: {
							approved,
							decision: approved ? 'approved' : 'declined',
							timedOut: false,
							text: null,
							...common,
						},
					},
				},
			],
		],
	};
}
