import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';

const SEND = '/v1.0/im/v1.0/robot/interactiveCards/send';
const UPDATE = '/v1.0/im/robots/interactiveCards';
const GROUP_ONE = 'cidEmuGroup+One/AAA==';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());

const buttons = {
	button: [
		{ label: 'Acknowledge', behavior: 'callback', actionId: 'ack', style: 'primary' },
		{ label: 'Open dashboard', behavior: 'openLink', url: 'https://grafana.example.com/d/abc' },
	],
};
const card = (extra: IDataObject = {}): IDataObject => ({
	resource: 'card',
	operation: 'send',
	sendTo: 'user',
	userId: 'manager4220',
	title: 'CPU above 90% on web-01',
	content: '**Service:** checkout',
	buttons,
	...extra,
});

interface SentCard {
	cardBizId: string;
	userId?: string;
	openConversationId?: string;
	cardData: IDataObject;
	updates: unknown[];
}

describe('Card → Send Interactive Card / Update', () => {
	it('sends a StandardCard to one user: cardData as a JSON string, receiver as a JSON string', async () => {
		const { output, error } = await runNode({
			credentials: credentials(),
			parameters: card({ options: { cardBizId: 'alert-4711' } }),
		});
		expect(error).toBeUndefined();
		const [call] = await env.client.requestsTo(SEND);
		expect(call.body).toMatchObject({
			cardTemplateId: 'StandardCard',
			cardBizId: 'alert-4711',
			robotCode: env.emulator.app.robotCode,
		});
		expect(typeof call.body!.cardData).toBe('string');
		expect(JSON.parse(call.body!.singleChatReceiver as string)).toEqual({ userId: 'manager4220' });
		const [sent] = await env.client.admin<SentCard[]>('GET', 'cards');
		expect(sent).toMatchObject({ cardBizId: 'alert-4711', userId: 'manager4220' });
		const contents = sent.cardData.contents as IDataObject[];
		expect(contents.map((c) => c.type)).toEqual(['markdown', 'divider', 'action']);
		expect(
			(contents[2].actions as IDataObject[]).map((a) => [a.id, a.actionType, a.status]),
		).toEqual([
			['ack', 'request', 'primary'],
			['button_2', 'openLink', 'normal'],
		]);
		expect(output[0].json).toMatchObject({
			cardBizId: 'alert-4711',
			userId: 'manager4220',
			processQueryKey: expect.any(String),
		});
	});

	it('to a group by chatId; without a Card Biz ID each item gets its own', async () => {
		const items = [{ json: {} }, { json: {} }];
		const { output, error } = await runNode({
			credentials: credentials(),
			items,
			parameters: card({ sendTo: 'group', conversationId: 'chatemu0001' }),
		});
		expect(error).toBeUndefined();
		const calls = await env.client.requestsTo(SEND);
		expect(calls.map((c) => c.body!.openConversationId)).toEqual([GROUP_ONE, GROUP_ONE]);
		expect(output[0].json.cardBizId).not.toBe(output[1].json.cardBizId);
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('update replaces the card; the emulator shows the new content', async () => {
		await runNode({
			credentials: credentials(),
			parameters: card({ options: { cardBizId: 'alert-1' } }),
		});
		const { output, error } = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'card',
				operation: 'update',
				cardBizId: 'alert-1',
				title: 'Resolved',
				content: '✅ handled by **manager4220**',
				buttons: {},
			},
		});
		expect(error).toBeUndefined();
		const [call] = await env.client.requestsTo(UPDATE);
		expect(call.method).toBe('PUT');
		expect(call.body).toMatchObject({
			cardBizId: 'alert-1',
			updateOptions: { updateCardDataByKey: false },
		});
		const [sent] = await env.client.admin<SentCard[]>('GET', 'cards');
		expect(sent.updates).toHaveLength(1);
		expect(sent.cardData).toMatchObject({
			header: { title: { text: 'Resolved' } },
			contents: [{ type: 'markdown', text: '✅ handled by **manager4220**' }],
		});
		expect(output[0].json).toMatchObject({ cardBizId: 'alert-1', updated: true });
		// The emulator's preview page (README screenshot, demo) shows the card as it is now.
		const preview = await env.client.admin<string>('GET', 'preview?cardBizId=alert-1');
		expect(preview).toContain('<div class="title">Resolved</div>');
		expect(preview).toContain('handled by <b>manager4220</b>');
		expect(preview).toContain('updated 1×');
		expect(preview).not.toContain('CPU above 90%');
	});

	it("a click on a callback button reaches the app's Stream connection as a card callback (emulator)", async () => {
		await runNode({
			credentials: credentials(),
			parameters: card({
				sendTo: 'group',
				conversationId: GROUP_ONE,
				options: { cardBizId: 'alert-2' },
			}),
		});
		const click = await env.client.admin<IDataObject>('POST', 'cards/click', {
			cardBizId: 'alert-2',
			userId: 'user0003',
			actionId: 'ack',
		});
		expect(click.messageId).toEqual(expect.any(String));
		const refused = await env.client.admin<IDataObject>('POST', 'cards/click', {
			cardBizId: 'alert-2',
			userId: 'user0003',
			actionId: 'button_2',
		});
		expect(refused.message).toContain('sends no callback');
	});

	it('continue on fail: a bad button fails only its item, named and paired', async () => {
		const items = [{ json: { label: 'Ack' } }, { json: { label: '' } }, { json: { label: 'Ack' } }];
		const { output, error } = await runNode({
			credentials: credentials(),
			items,
			continueOnFail: true,
			parameters: card({
				buttons: { button: [{ label: '={{ $json.label }}', behavior: 'callback' }] },
			}),
		});
		expect(error).toBeUndefined();
		expect(output).toHaveLength(3);
		expect(output[1]).toEqual({
			json: {
				error: 'Button 1 has no label in parameter "Buttons" [item 1]',
				description: 'Give every button a label.',
			},
			pairedItem: { item: 1 },
		});
		expect(await env.client.requestsTo(SEND)).toHaveLength(2);
	});

	it.each([
		[
			{ buttons: { button: [{ label: 'Go', behavior: 'openLink', url: 'javascript:alert(1)' }] } },
			'Button 1 ("Go") has no valid link in parameter "Buttons" [item 0]',
		],
		[
			{
				buttons: {
					button: [
						{ label: 'A', actionId: 'x' },
						{ label: 'B', actionId: 'x' },
					],
				},
			},
			'Two buttons share the action ID "x" in parameter "Buttons" [item 0]',
		],
		[
			{ buttons: { button: [{ label: 'A', actionId: 'has space' }] } },
			'Button 1 has the action ID "has space" in parameter "Buttons" [item 0]',
		],
		[
			{ title: '', content: '', buttons: {} },
			'The card has neither a title nor content in parameter "Title" [item 0]',
		],
		[{ userId: '={{ "" }}' }, 'No user ID given in parameter "User ID" [item 0]'],
		[
			{ options: { cardBizId: 'has space' } },
			'"has space" is not a usable card ID in parameter "Card Biz ID" [item 0]',
		],
	])('bad input %j → named error, nothing sent', async (extra, message) => {
		const { error } = await runNode({ credentials: credentials(), parameters: card(extra) });
		expect(error?.message).toBe(message);
		expect(await env.client.requestsTo(SEND)).toHaveLength(0);
	});

	it("the same Card Biz ID twice → DingTalk's error names it", async () => {
		await runNode({
			credentials: credentials(),
			parameters: card({ options: { cardBizId: 'dup-1' } }),
		});
		const { error } = await runNode({
			credentials: credentials(),
			parameters: card({ options: { cardBizId: 'dup-1' } }),
		});
		expect(error?.message).toContain('invalidParameter.cardBizId.duplicate');
	});

	it("update of an unknown card → DingTalk's error", async () => {
		const { error } = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'card',
				operation: 'update',
				cardBizId: 'never-sent',
				title: 'x',
				content: 'y',
			},
		});
		expect(error?.message).toContain('DingTalk rejected PUT /v1.0/im/robots/interactiveCards');
		expect(error?.message).toContain('never-sent');
	});
});
