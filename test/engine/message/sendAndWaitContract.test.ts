/**
 * Send and Wait on n8n's contract: the Custom Form response type (fields defined on the node,
 * answered on the page our webhook serves, behind the same confirmation as the approval links),
 * the approver allow-list on links, and Continue On Fail.
 */
import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';
import { confirmationOf, openResumeUrl } from './waitingWebhook';

const BATCH = '/v1.0/robot/oToMessages/batchSend';
const DINGTALK_IOS =
	'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/7.6.0) com.laiwang.DingTalk/36';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());

const FIELDS = {
	values: [
		{ fieldLabel: 'Reason <i>why</i>', fieldType: 'textarea', requiredField: true },
		{
			fieldLabel: 'Decision',
			fieldType: 'radio',
			fieldOptions: { values: [{ option: 'Approve' }, { option: 'Reject "hard"' }] },
			requiredField: true,
		},
		{ fieldLabel: 'Amount', fieldType: 'number' },
		{
			fieldLabel: 'Teams',
			fieldType: 'checkbox',
			fieldOptions: { values: [{ option: 'Finance' }, { option: 'Legal' }] },
		},
		{ fieldType: 'hiddenField', fieldName: 'source', fieldValue: 'refund-bot' },
	],
};

const formParameters = (extra: IDataObject = {}): IDataObject => ({
	resource: 'message',
	operation: 'sendAndWait',
	sendTo: 'user',
	userIds: 'user0001',
	title: 'Refund ¥1,200 to ACME?',
	message: '**Order:** 4711',
	responseType: 'customForm',
	defineForm: 'fields',
	formFields: FIELDS,
	options: {
		appendAttribution: false,
		messageButtonLabel: 'Fill in',
		responseFormTitle: 'Refund <review>',
	},
	...extra,
});

/** Sends the question; returns the parameters and the link each recipient got (by userId). */
async function send(parameters: IDataObject): Promise<Record<string, string>> {
	const { error, run } = await runNode({ credentials: credentials(), parameters });
	expect(error).toBeUndefined();
	expect(run.waitTill).toBeInstanceOf(Date);
	const links: Record<string, string> = {};
	for (const call of await env.client.requestsTo(BATCH)) {
		const param = JSON.parse(call.body!.msgParam as string) as Record<string, string>;
		links[(call.body!.userIds as string[])[0]] = param.singleURL ?? param.buttonUrl1;
	}
	return links;
}

describe('Send and Wait · Custom Form', () => {
	it('sends one button; the page shows the fields escaped; a confirmed POST resumes with the fields', async () => {
		const parameters = formParameters();
		const { user0001: link } = await send(parameters);
		const [call] = await env.client.requestsTo(BATCH);
		expect(JSON.parse(call.body!.msgParam as string)).toMatchObject({
			singleTitle: 'Fill in',
			text: '**Order:** 4711',
		});
		const { page, resumedWith } = await openResumeUrl(credentials(), parameters, link, {
			userAgent: DINGTALK_IOS,
		});
		expect(resumedWith).toBeUndefined();
		expect(page).toContain('<h1>Refund &lt;review&gt;</h1>');
		expect(page).toContain('Reason &lt;i&gt;why&lt;/i&gt; *</label>');
		expect(page).toContain('value="Reject &quot;hard&quot;"');
		expect(page).not.toMatch(/<i>|<review>|refund-bot/);
		const confirmation = confirmationOf(page);
		expect(confirmation).toMatch(/^[0-9a-f]{64}$/);

		const posted = await openResumeUrl(credentials(), parameters, link, {
			method: 'POST',
			userAgent: DINGTALK_IOS,
			// n8n takes this form only as multipart/form-data and hands it over parsed into `data`.
			form: {
				data: {
					confirmation,
					'field-0': ' Damaged ',
					'field-1': 'Reject "hard"',
					'field-2': '12.5',
					'field-3': ['Finance', 'Legal'],
					// A hidden field keeps the value the node defines, whatever is posted.
					'field-4': 'forged',
					respondedAt: 'forged',
				},
			},
		});
		expect(posted.page).toContain('Response recorded');
		expect(posted.resumedWith).toHaveLength(1);
		const data = posted.resumedWith![0].json.data as IDataObject;
		expect(data).toMatchObject({
			'Reason <i>why</i>': 'Damaged',
			Decision: 'Reject "hard"',
			Amount: 12.5,
			Teams: ['Finance', 'Legal'],
			source: 'refund-bot',
			responder: { id: 'user0001', source: 'dingtalk' },
		});
		expect(Date.parse(data.respondedAt as string)).toBeGreaterThan(Date.now() - 10_000);
	});

	it.each([
		[
			'without the confirmation',
			{ 'field-0': 'x', 'field-1': 'Approve' },
			'did not come from this form',
		],
		['missing a required field', { 'field-1': 'Approve' }, 'Please fill in'],
		[
			'with an option that was not offered',
			{ 'field-0': 'x', 'field-1': 'Maybe' },
			'is not an option of',
		],
		[
			'with a bad number',
			{ 'field-0': 'x', 'field-1': 'Approve', 'field-2': 'lots' },
			'must be a number',
		],
	])('a POST %s records nothing and shows the form again', async (_how, fields, problem) => {
		const parameters = formParameters();
		const { user0001: link } = await send(parameters);
		const { page } = await openResumeUrl(credentials(), parameters, link, {
			userAgent: DINGTALK_IOS,
		});
		const data: IDataObject = { ...fields };
		if (_how !== 'without the confirmation') data.confirmation = confirmationOf(page);
		const posted = await openResumeUrl(credentials(), parameters, link, {
			method: 'POST',
			userAgent: DINGTALK_IOS,
			form: { data },
		});
		expect(posted.resumedWith).toBeUndefined();
		expect(posted.page).toContain(problem);
		expect(posted.page).toContain(
			'<form method="post" enctype="multipart/form-data" class="fields">',
		);
	});

	it('fields defined as JSON (n8n Form syntax) work the same', async () => {
		const parameters = formParameters({
			defineForm: 'json',
			jsonOutput: JSON.stringify([
				{ fieldLabel: 'Comment', fieldType: 'text', requiredField: true },
			]),
		});
		const { user0001: link } = await send(parameters);
		const { page } = await openResumeUrl(credentials(), parameters, link, {
			userAgent: DINGTALK_IOS,
		});
		const posted = await openResumeUrl(credentials(), parameters, link, {
			method: 'POST',
			userAgent: DINGTALK_IOS,
			form: { data: { confirmation: confirmationOf(page), 'field-0': 'fine' } },
		});
		expect(posted.resumedWith![0].json.data).toMatchObject({ Comment: 'fine' });
	});

	it.each([
		[
			{ defineForm: 'json', jsonOutput: '[{ not json' },
			'The form fields are not valid JSON in parameter "Form Fields" [item 0]',
		],
		[
			{ formFields: { values: [{ fieldLabel: 'Pick', fieldType: 'dropdown' }] } },
			'Field 1 ("Pick") has no options in parameter "Form Elements" [item 0]',
		],
		[
			{ defineForm: 'json', jsonOutput: '[{"fieldLabel":"Photo","fieldType":"file"}]' },
			'Field 1 has the type "file", which the form page does not offer in parameter "Form Fields" [item 0]',
		],
	])(
		'a form that cannot be built (%j) fails the node before anything is sent',
		async (extra, message) => {
			const { error, run } = await runNode({
				credentials: credentials(),
				parameters: formParameters(extra),
			});
			expect(error?.message).toBe(message);
			expect(run.waitTill).toBeUndefined();
			expect(await env.client.requestsTo(BATCH)).toHaveLength(0);
		},
	);
});

describe('Send and Wait · who may approve (links)', () => {
	const approval = (extra: IDataObject = {}): IDataObject => ({
		resource: 'message',
		operation: 'sendAndWait',
		sendTo: 'user',
		userIds: 'user0001, manager4220',
		title: 'Refund?',
		message: 'Order 4711',
		approvers: 'manager4220',
		unauthorizedReplyText: 'Only the finance manager decides <this>.',
		...extra,
	});

	it("someone not on the list sees the configured refusal and nothing is recorded; the approver's answer resumes", async () => {
		const parameters = approval();
		const links = await send(parameters);
		for (const method of ['GET', 'POST']) {
			const refused = await openResumeUrl(credentials(), parameters, links.user0001, {
				method,
				userAgent: DINGTALK_IOS,
				form: { confirmation: 'whatever' },
			});
			expect(refused.resumedWith).toBeUndefined();
			expect(refused.page).toContain('Only the finance manager decides &lt;this&gt;.');
			expect(refused.page).not.toContain('<form');
		}
		const { page } = await openResumeUrl(credentials(), parameters, links.manager4220, {
			userAgent: DINGTALK_IOS,
		});
		const posted = await openResumeUrl(credentials(), parameters, links.manager4220, {
			method: 'POST',
			userAgent: DINGTALK_IOS,
			form: { confirmation: confirmationOf(page) },
		});
		expect(posted.resumedWith![0].json.data).toMatchObject({
			approved: true,
			responder: { id: 'manager4220', source: 'dingtalk' },
			respondedBy: { userId: 'manager4220' },
		});
	});

	it('an approver list with anonymous group links is refused before anything is sent', async () => {
		const { error } = await runNode({
			credentials: credentials(),
			parameters: approval({ sendTo: 'group', conversationId: 'chatemu0001' }),
		});
		expect(error?.message).toBe(
			'A group link does not say who opened it, so the approver list cannot be checked in parameter "Restrict Who Can Approve" [item 0]',
		);
		expect(await env.client.requestsTo('/v1.0/robot/groupMessages/send')).toHaveLength(0);
	});

	it("n8n's defaults: Approve Only, one button", async () => {
		await send(approval({ approvers: '' }));
		const [call] = await env.client.requestsTo(BATCH);
		expect(call.body!.msgKey).toBe('sampleActionCard');
		expect(JSON.parse(call.body!.msgParam as string)).toMatchObject({ singleTitle: 'Approve' });
	});
});

describe('Send and Wait · Continue On Fail', () => {
	it('a question that cannot be sent becomes the error item and the workflow goes on without waiting', async () => {
		const { error, run, output } = await runNode({
			credentials: credentials(),
			continueOnFail: true,
			items: [{ json: { order: 1 } }, { json: { order: 2 } }],
			parameters: formParameters({ responseType: 'approval', userIds: '={{ "" }}' }),
		});
		expect(error).toBeUndefined();
		expect(run.waitTill).toBeUndefined();
		expect(output).toEqual([
			{
				json: {
					error: 'No user IDs given in parameter "User IDs" [item 0]',
					description: 'Enter the userId (用户ID) of at least one person to ask.',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(await env.client.requestsTo(BATCH)).toHaveLength(0);
	});
});
