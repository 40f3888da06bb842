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
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError, WAIT_INDEFINITELY } from 'n8n-workflow';
import { createHmac } from 'crypto';

import { setWaitTimeoutOutput } from '../../helpers/execution/engine';
import {
	CONFIRMATION_FIELD,
	confirmationPage,
	previewPage,
	recordedPage,
	replyFormPage,
} from './responsePages';

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

const UNITS: Record<string, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };
/** The longest Limit Wait Time: 100 years, far inside what a date can hold (longer ones gave "Invalid time value"). */
export const MAX_WAIT_DAYS = 36_500;
const MAX_WAIT_MS = MAX_WAIT_DAYS * UNITS.days;

/** When the wait ends without an answer: the Limit Wait Time option, or never. */
export function waitUntil(context: IExecuteFunctions, limit: IDataObject | undefined): Date {
	if (!limit || limit.amount === undefined) return WAIT_INDEFINITELY;
	const amount = Number(limit.amount);
	const unit = UNITS[String(limit.unit ?? 'hours')];
	if (!Number.isFinite(amount) || amount <= 0 || !unit) {
		throw new NodeOperationError(
			context.getNode(),
			`Limit Wait Time "${limit.amount} ${limit.unit}" is not a positive duration [item 0]`,
			{
				itemIndex: 0,
				description:
					'Enter a number above 0 and a unit (minutes, hours or days), or remove the option to wait until someone answers.',
			},
		);
	}
	if (amount * unit > MAX_WAIT_MS) {
		throw new NodeOperationError(
			context.getNode(),
			`Limit Wait Time "${limit.amount} ${limit.unit}" is longer than the allowed ${MAX_WAIT_DAYS} days [item 0]`,
			{
				itemIndex: 0,
				description: `Enter at most ${MAX_WAIT_DAYS} days (${MAX_WAIT_DAYS * 24} hours), or remove the option to wait until someone answers.`,
			},
		);
	}
	return new Date(Date.now() + amount * unit);
}

/**
 * What the node outputs when the time limit passes without an answer (see engine.ts for how it
 * gets there).
 */
export function setTimeoutOutput(context: IExecuteFunctions, waitTill: Date): void {
	if (waitTill.getTime() === WAIT_INDEFINITELY.getTime()) return;
	setWaitTimeoutOutput(context, {
		json: {
			data: {
				approved: false,
				decision: 'timeout',
				timedOut: true,
				text: null,
				respondedBy: null,
				respondedAt: null,
				waitedUntil: waitTill.toISOString(),
			},
		},
		pairedItem: { item: 0 },
	});
}

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

/** The webhook behind every button: records the answer and resumes the execution. */
export async function sendAndWaitWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const method = String(this.getRequestObject().method ?? 'GET').toUpperCase();
	const query = this.getQueryData() as IDataObject;
	const userAgent = this.getHeaderData()['user-agent'];
	const responseType = this.getNodeParameter('responseType', 'approval') as string;
	if (isLinkPreview(userAgent)) return { webhookResponse: previewPage() };
	const userId = typeof query.userId === 'string' && query.userId ? query.userId : null;
	const common = {
		respondedBy: userId ? { userId } : null,
		respondedAt: new Date().toISOString(),
		client: clientOf(userAgent),
	};
	if (responseType === 'freeText') {
		const title = shownText(this, 'title');
		const message = shownText(this, 'message');
		const label = this.getNodeParameter('options.responseButtonLabel', 'Send') as string;
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
	const approved = query.approved === 'true';
	const labels = this.getNodeParameter('approvalOptions', {}) as IDataObject;
	const expected = confirmationValue(query);
	const given = (this.getBodyData() ?? {})[CONFIRMATION_FIELD];
	const confirmed = method === 'POST' && expected !== undefined && given === expected;
	if (!confirmed) {
		const label = approved ? labels.approveLabel : labels.declineLabel;
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
