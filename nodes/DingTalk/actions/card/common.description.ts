import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { problemError } from '../../helpers/execution/items';
import {
	buildStandardCard,
	MAX_CARD_BUTTONS,
	type CardButton,
} from '../../helpers/messages/standardCard';

/** Title, Markdown content and buttons of a StandardCard; shared by Send and Update. */
export const cardContentFields: INodeProperties[] = [
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		placeholder: 'e.g. CPU above 90% on web-01',
		description: 'Card title (消息标题), shown in bold at the top',
	},
	{
		displayName: 'Content',
		name: 'content',
		type: 'string',
		default: '',
		typeOptions: { rows: 4 },
		placeholder: 'e.g. **Service:** checkout\\n**Since:** 10:42',
		description: "Card text (消息内容) in DingTalk's Markdown subset",
	},
	{
		displayName: 'Buttons',
		name: 'buttons',
		type: 'fixedCollection',
		placeholder: 'Add Button',
		default: {},
		typeOptions: { multipleValues: true, maxAllowedFields: MAX_CARD_BUTTONS },
		description:
			"Buttons that open a link, or call back: a callback click reaches the DingTalk Stream Trigger (Card Callbacks) with the button's action ID and who clicked",
		options: [
			{
				name: 'button',
				displayName: 'Button',
				values: [
					{
						displayName: 'Action ID',
						name: 'actionId',
						type: 'string',
						default: '',
						placeholder: 'e.g. ack',
						description:
							'For Call Back buttons: the ID the callback carries (letters, digits, _ and -). Defaults to button_1, button_2, ….',
					},
					{
						displayName: 'Label',
						name: 'label',
						type: 'string',
						default: '',
						placeholder: 'e.g. Acknowledge',
					},
					{
						displayName: 'On Click',
						name: 'behavior',
						type: 'options',
						default: 'callback',
						options: [
							{
								name: 'Call Back',
								value: 'callback',
								description: 'Send a card callback to the app (Stream Trigger)',
							},
							{ name: 'Open Link', value: 'openLink', description: 'Open the URL in DingTalk' },
						],
					},
					{
						displayName: 'Style',
						name: 'style',
						type: 'options',
						default: 'normal',
						options: [
							{ name: 'Normal', value: 'normal' },
							{ name: 'Primary (Blue)', value: 'primary' },
							{ name: 'Warning (Red)', value: 'warning' },
						],
					},
					{
						displayName: 'URL',
						name: 'url',
						type: 'string',
						default: '',
						placeholder: 'e.g. https://grafana.example.com/d/abc',
						description: 'For Open Link buttons: the page to open',
					},
				],
			},
		],
	},
];

export const cardBizIdField: INodeProperties = {
	displayName: 'Card Biz ID',
	name: 'cardBizId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. alert-4711',
	description: "The card's ID (cardBizId) that Send Interactive Card returned or was given",
};

/** Reads the card fields of one item and builds the cardData JSON string DingTalk wants. */
export function readCardData(context: IExecuteFunctions, i: number, enableForward = true): string {
	const given =
		((context.getNodeParameter('buttons', i, {}) as IDataObject).button as
			| IDataObject[]
			| undefined) ?? [];
	const buttons: CardButton[] = given.map((b) => ({
		label: String(b.label ?? ''),
		action: b.behavior === 'openLink' ? 'openLink' : 'callback',
		url: b.url as string | undefined,
		actionId: b.actionId as string | undefined,
		style: b.style as CardButton['style'],
	}));
	const built = buildStandardCard({
		title: context.getNodeParameter('title', i, '') as string,
		markdown: context.getNodeParameter('content', i, '') as string,
		buttons,
		enableForward,
	});
	if (built.problem) throw problemError(context, i, built.problem);
	return JSON.stringify(built.cardData);
}
