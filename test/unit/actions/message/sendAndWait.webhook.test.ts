import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import {
	clientOf,
	confirmationValue,
	isLinkPreview,
	MAX_WAIT_DAYS,
	sendAndWaitWebhook,
	waitUntil,
} from '../../../../nodes/DingTalk/actions/message/sendAndWait.webhook';

const DINGTALK_IOS =
	'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/7.6.0) com.laiwang.DingTalk/36';
const DINGTALK_MAC =
	'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) DingTalk(7.6.0) Mac/7.6.0 Channel/201200';

/** A webhook context as n8n's waiting-webhook handler gives it, for one request. */
function webhookContext(
	request: { method?: string; query?: IDataObject; body?: IDataObject; userAgent?: string },
	parameters: IDataObject = {},
) {
	const params: IDataObject = {
		responseType: 'approval',
		title: 'Refund?',
		message: 'Order 4711',
		...parameters,
	};
	return {
		getRequestObject: () => ({ method: request.method ?? 'GET' }),
		getQueryData: () => request.query ?? {},
		getBodyData: () => request.body ?? {},
		getHeaderData: () =>
			request.userAgent === undefined ? {} : { 'user-agent': request.userAgent },
		getNodeParameter: (name: string, fallback: unknown) => params[name] ?? fallback,
	} as unknown as IWebhookFunctions;
}

describe('Send and Wait webhook', () => {
	it("the confirmation page's POST records an approval with who (from the signed URL), when and the client", async () => {
		const query = { approved: 'true', userId: 'user0001', signature: 'x' };
		const result = await sendAndWaitWebhook.call(
			webhookContext({
				method: 'POST',
				query,
				body: { confirmation: confirmationValue(query) },
				userAgent: DINGTALK_IOS,
			}),
		);
		const data = result.workflowData![0][0].json.data as IDataObject;
		expect(data).toMatchObject({
			approved: true,
			decision: 'approved',
			timedOut: false,
			respondedBy: { userId: 'user0001' },
			client: 'DingTalk mobile',
		});
		expect(Date.parse(data.respondedAt as string)).toBeGreaterThan(Date.now() - 5000);
		expect(result.webhookResponse).toContain('Approved');
		expect(result.webhookResponse).toContain('已同意');
	});

	it('records a decline from the desktop client; a group link has no author', async () => {
		const query = { approved: 'false', signature: 'y' };
		const result = await sendAndWaitWebhook.call(
			webhookContext({
				method: 'POST',
				query,
				body: { confirmation: confirmationValue(query) },
				userAgent: DINGTALK_MAC,
			}),
		);
		expect(result.workflowData![0][0].json.data).toMatchObject({
			approved: false,
			decision: 'declined',
			respondedBy: null,
			client: 'DingTalk desktop',
		});
		expect(result.webhookResponse).toContain('已拒绝');
	});

	it('a title or message that cannot be resolved when the link is opened still lets the person answer', async () => {
		const query = { approved: 'true', signature: 'z' };
		const context = (request: { method?: string; body?: IDataObject }) => {
			const base = webhookContext({ ...request, query, userAgent: DINGTALK_IOS });
			return {
				...base,
				getNodeParameter: (name: string, fallback: unknown) => {
					if (name === 'title' || name === 'message')
						throw new Error("Cannot read properties of undefined (reading 'amount')");
					return base.getNodeParameter(name, fallback);
				},
			} as unknown as IWebhookFunctions;
		};
		const page = await sendAndWaitWebhook.call(context({}));
		expect(page.workflowData).toBeUndefined();
		expect(page.webhookResponse).toContain('Your answer: <b>Approve</b>');
		const posted = await sendAndWaitWebhook.call(
			context({ method: 'POST', body: { confirmation: confirmationValue(query) } }),
		);
		expect(posted.workflowData![0][0].json.data).toMatchObject({ approved: true });
	});

	it('an unsigned link has no confirmation value: its POST records nothing', async () => {
		expect(confirmationValue({ approved: 'true' })).toBeUndefined();
		const result = await sendAndWaitWebhook.call(
			webhookContext({
				method: 'POST',
				query: { approved: 'true' },
				body: { confirmation: '' },
				userAgent: DINGTALK_MAC,
			}),
		);
		expect(result.workflowData).toBeUndefined();
	});

	it.each([
		undefined,
		'Slackbot-LinkExpanding 1.0',
		'facebookexternalhit/1.1',
		'TelegramBot (like TwitterBot)',
		'curl/8.5.0',
	])('a link preview (%s) resumes nothing', async (userAgent) => {
		const result = await sendAndWaitWebhook.call(
			webhookContext({ query: { approved: 'true' }, userAgent }),
		);
		expect(result.workflowData).toBeUndefined();
		expect(result.webhookResponse).toContain('Open this link in DingTalk');
	});

	it('free text: GET shows the form (escaped), POST records the reply, an empty POST shows the form again', async () => {
		const params = {
			responseType: 'freeText',
			title: '<b>Why?</b>',
			message: 'Explain',
			options: { responseFormButtonLabel: '提交' },
		};
		const form = await sendAndWaitWebhook.call(
			webhookContext({ userAgent: DINGTALK_IOS, query: { userId: 'user0002' } }, params),
		);
		expect(form.workflowData).toBeUndefined();
		expect(form.webhookResponse).toContain('<form method="post">');
		expect(form.webhookResponse).toContain('&lt;b&gt;Why?&lt;/b&gt;');
		expect(form.webhookResponse).toContain('提交');
		const empty = await sendAndWaitWebhook.call(
			webhookContext({ method: 'POST', body: { response: '  ' }, userAgent: DINGTALK_IOS }, params),
		);
		expect(empty.workflowData).toBeUndefined();
		expect(empty.webhookResponse).toContain('Please write a reply first');
		const posted = await sendAndWaitWebhook.call(
			webhookContext(
				{
					method: 'POST',
					body: { response: 'Budget is over' },
					query: { userId: 'user0002' },
					userAgent: DINGTALK_IOS,
				},
				params,
			),
		);
		expect(posted.workflowData![0][0].json.data).toMatchObject({
			decision: 'replied',
			text: 'Budget is over',
			respondedBy: { userId: 'user0002' },
		});
	});

	it('tells DingTalk clients and browsers apart', () => {
		expect(clientOf(DINGTALK_IOS)).toBe('DingTalk mobile');
		expect(clientOf(DINGTALK_MAC)).toBe('DingTalk desktop');
		expect(clientOf('Mozilla/5.0 (Windows NT 10.0) Chrome/120')).toBe('browser');
		expect(isLinkPreview(DINGTALK_IOS)).toBe(false);
	});
});

describe('Limit Wait Time', () => {
	const context = {
		getNode: () => ({
			name: 'DingTalk',
			type: 'dingTalk',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		}),
	} as never;

	it.each([[1e9], [1e12], [Number.MAX_VALUE], [36_501]])(
		'%s days is refused with the allowed maximum, not "Invalid time value"',
		(amount) => {
			expect(() => waitUntil(context, { resumeAmount: amount, resumeUnit: 'days' })).toThrow(
				`is longer than the allowed ${MAX_WAIT_DAYS} days [item 0]`,
			);
		},
	);

	it('the maximum itself and ordinary limits give a valid date', () => {
		expect(
			waitUntil(context, { resumeAmount: MAX_WAIT_DAYS, resumeUnit: 'days' }).toISOString(),
		).toMatch(/^\d{4}-/);
		const inTwoHours =
			waitUntil(context, { resumeAmount: 2, resumeUnit: 'hours' }).getTime() - Date.now();
		expect(inTwoHours).toBeGreaterThan(7_190_000);
		expect(inTwoHours).toBeLessThanOrEqual(7_200_000);
	});

	it('waits until a date (limitType atSpecifiedTime), and names a date it cannot read', () => {
		const at = new Date(Date.now() + 3_600_000).toISOString();
		expect(
			waitUntil(context, { limitType: 'atSpecifiedTime', maxDateAndTime: at }).toISOString(),
		).toBe(at);
		expect(() =>
			waitUntil(context, { limitType: 'atSpecifiedTime', maxDateAndTime: 'next tuesday' }),
		).toThrow('Limit Wait Time "next tuesday" is not a date [item 0]');
	});

	it('without the option (or an empty one) it waits until someone answers', () => {
		expect(waitUntil(context, undefined).getFullYear()).toBe(3000);
		expect(waitUntil(context, {}).getFullYear()).toBe(3000);
	});
});
