/**
 * Send and Wait answers need a deliberate act: opening an Approve / Decline link (GET, HEAD, any
 * user agent) shows a confirmation page and records nothing; only the page's form (a POST with the
 * value derived from the link's signature) resumes the execution.
 */
import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';
import { confirmationOf, openResumeUrl } from './waitingWebhook';

const BATCH = '/v1.0/robot/oToMessages/batchSend';
const CHROME_WINDOWS =
	'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const DINGTALK_IOS =
	'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/7.6.0) com.laiwang.DingTalk/36';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());
const parameters = (extra: IDataObject = {}): IDataObject => ({
	resource: 'message',
	operation: 'sendAndWait',
	sendTo: 'user',
	userIds: 'user0001',
	title: 'Refund <b>¥1,200</b> to ACME?',
	message: '# Refund\n**Order:** 4711\n<script>alert(1)</script>\n**<img src=x onerror=alert(1)>**',
	approvalOptions: { values: { approvalType: 'double' } },
	...extra,
});

/** Sends the question through the emulator; returns the Approve and Decline links it delivered. */
async function ask(extra: IDataObject = {}) {
	const { error } = await runNode({ credentials: credentials(), parameters: parameters(extra) });
	expect(error).toBeUndefined();
	const [call] = await env.client.requestsTo(BATCH);
	const param = JSON.parse(call.body!.msgParam as string) as Record<string, string>;
	return { approve: param.buttonUrl1, decline: param.buttonUrl2 };
}

const open = async (url: string, request: Parameters<typeof openResumeUrl>[3] = {}) =>
	await openResumeUrl(credentials(), parameters(), url, request);

describe('Send and Wait: opening a link only shows a confirmation page', () => {
	it.each([
		['a desktop Chrome (a corporate URL scanner looks the same)', CHROME_WINDOWS],
		['python-requests', 'python-requests/2.31.0'],
		['Go-http-client', 'Go-http-client/1.1'],
		[
			'HeadlessChrome',
			'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36',
		],
		['the DingTalk client itself', DINGTALK_IOS],
	])('GET from %s records nothing', async (_who, userAgent) => {
		const { approve } = await ask();
		const opened = await open(approve, { userAgent });
		expect(opened.resumedWith).toBeUndefined();
	});

	it.each(['HEAD', 'OPTIONS'])('%s records nothing', async (method) => {
		const { approve } = await ask();
		expect(
			(await open(approve, { method, userAgent: CHROME_WINDOWS })).resumedWith,
		).toBeUndefined();
	});

	it('the page shows the question (escaped) and the chosen answer, with one button that POSTs', async () => {
		const { approve, decline } = await ask();
		const { page } = await open(approve, { userAgent: DINGTALK_IOS });
		expect(page).toContain('<h1>Refund &lt;b&gt;¥1,200&lt;/b&gt; to ACME?</h1>');
		expect(page).toContain(
			'<div class="message">Refund<br><b>Order:</b> 4711<br>&lt;script&gt;alert(1)&lt;/script&gt;<br><b>&lt;img src=x onerror=alert(1)&gt;</b></div>',
		);
		expect(page).not.toMatch(/<script|<img/);
		expect(page).toContain('Your answer: <b>Approve</b>');
		expect(page.match(/<form /g)).toHaveLength(1);
		expect(page).toContain('<form method="post">');
		expect(page.match(/<button /g)).toHaveLength(1);
		expect(page).toContain('Confirm: Approve</button>');
		expect(confirmationOf(page)).toMatch(/^[0-9a-f]{64}$/);
		const declinePage = (await open(decline, { userAgent: DINGTALK_IOS })).page;
		expect(declinePage).toContain('Your answer: <b>Decline</b>');
		expect(confirmationOf(declinePage)).not.toBe(confirmationOf(page));
	});

	it('custom labels name the answer on the page', async () => {
		const labels = {
			approvalOptions: {
				values: { approvalType: 'double', approveLabel: '同意', disapproveLabel: '驳回' },
			},
		};
		const { decline } = await ask(labels);
		const { page } = await openResumeUrl(credentials(), parameters(labels), decline, {
			userAgent: DINGTALK_IOS,
		});
		expect(page).toContain('Your answer: <b>驳回</b>');
		expect(page).toContain('Confirm: 驳回</button>');
	});
});

describe("Send and Wait: the confirmation page's POST records the answer", () => {
	it.each([
		['approve', true, 'approved'],
		['decline', false, 'declined'],
	] as const)(
		'POST on the %s link resumes with data.approved = %s',
		async (link, approved, decision) => {
			const links = await ask();
			const { page } = await open(links[link], { userAgent: DINGTALK_IOS });
			const posted = await open(links[link], {
				method: 'POST',
				userAgent: DINGTALK_IOS,
				form: { confirmation: confirmationOf(page) },
			});
			expect(posted.resumedWith).toHaveLength(1);
			expect(posted.resumedWith![0].json.data).toMatchObject({
				approved,
				decision,
				timedOut: false,
				respondedBy: { userId: 'user0001' },
				client: 'DingTalk mobile',
			});
			expect(posted.page).toContain(approved ? 'Approved' : 'Declined');
		},
	);

	it.each([
		['without the value', {}],
		['with an empty value', { confirmation: '' }],
		['with a made-up value', { confirmation: 'f'.repeat(64) }],
	])('a POST %s is refused: nothing recorded, the page asks again', async (_how, form) => {
		const { approve } = await ask();
		const posted = await open(approve, { method: 'POST', userAgent: CHROME_WINDOWS, form });
		expect(posted.resumedWith).toBeUndefined();
		expect(posted.page).toContain('Your answer was not recorded');
		expect(posted.page).toContain('<form method="post">');
	});

	it("the Decline page's value does not confirm the Approve link", async () => {
		const { approve, decline } = await ask();
		const declinePage = (await open(decline, { userAgent: DINGTALK_IOS })).page;
		const posted = await open(approve, {
			method: 'POST',
			userAgent: DINGTALK_IOS,
			form: { confirmation: confirmationOf(declinePage) },
		});
		expect(posted.resumedWith).toBeUndefined();
	});

	it("a link-preview robot's POST records nothing, even with the value", async () => {
		const { approve } = await ask();
		const { page } = await open(approve, { userAgent: DINGTALK_IOS });
		const posted = await open(approve, {
			method: 'POST',
			userAgent: 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
			form: { confirmation: confirmationOf(page) },
		});
		expect(posted.resumedWith).toBeUndefined();
	});
});
