import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parameterError } from '../../helpers/execution/items';

/** The card instance's ID, as Create and Deliver output it. */
export const outTrackIdField: INodeProperties = {
	displayName: 'Card Instance ID',
	name: 'outTrackId',
	type: 'string',
	default: '={{ $json.outTrackId }}',
	required: true,
	placeholder: 'e.g. n8n-ai-3f2a…',
	description:
		"The AI card's outTrackId that Create and Deliver output. After an AI Agent node, map it from the card node's output (drag its outTrackId here).",
};

/** The template variable the text goes into. */
export const contentKeyField: INodeProperties = {
	displayName: 'Content Variable',
	name: 'contentKey',
	type: 'string',
	default: 'msgContent',
	description:
		"The card template's streaming variable the text goes into (msgContent in DingTalk's public AI-card template)",
};

/** The outTrackId of item `i`, or a parameter error naming it. */
export function readOutTrackId(context: IExecuteFunctions, i: number): string {
	const outTrackId = String(context.getNodeParameter('outTrackId', i, '') ?? '').trim();
	if (!outTrackId)
		throw parameterError(
			context,
			i,
			'Card Instance ID',
			'No card instance ID given',
			"Map the outTrackId that Create and Deliver output, e.g. {{ $('Create AI Card').item.json.outTrackId }}.",
		);
	return outTrackId;
}

/** The content variable of item `i` (default msgContent). */
export function readContentKey(context: IExecuteFunctions, i: number): string {
	const key = String(context.getNodeParameter('contentKey', i, 'msgContent') ?? '').trim();
	if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(key))
		throw parameterError(
			context,
			i,
			'Content Variable',
			`"${key.slice(0, 70)}" is not a card variable name`,
			'Use the variable name from the card template (letters, digits and _), e.g. msgContent.',
		);
	return key;
}

/** The text parameter `name` of item `i` as a string (a mapped number or object becomes text). */
export function readText(context: IExecuteFunctions, i: number, name: string): string {
	const value = context.getNodeParameter(name, i, '');
	if (value === undefined || value === null) return '';
	return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Card Data: a JSON object whose values become strings (cardParamMap takes only strings). */
export function readCardParams(
	context: IExecuteFunctions,
	i: number,
	value: unknown,
	parameter: string,
): Record<string, string> {
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = value.trim() ? JSON.parse(value) : {};
		} catch {
			parsed = undefined;
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
		throw parameterError(
			context,
			i,
			parameter,
			'The card data is not a JSON object',
			'Give an object such as {"msgTitle": "Answer"}.',
		);
	return Object.fromEntries(
		Object.entries(parsed as IDataObject).map(([key, v]) => [
			key,
			typeof v === 'string' ? v : JSON.stringify(v),
		]),
	);
}
