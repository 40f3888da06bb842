/** What describes a new field: name, type, options of a select, other properties (JSON). */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parameterError } from '../../helpers/execution/items';

/** Field types of the record value format (https://open.dingtalk.com/document/development/notable-record-value-format). */
export const FIELD_TYPES = [
	{ name: 'Attachment (附件)', value: 'attachment' },
	{ name: 'Date (日期)', value: 'date' },
	{ name: 'Department (部门)', value: 'department' },
	{ name: 'Link to Record, One-Way (单向关联)', value: 'unidirectionalLink' },
	{ name: 'Link to Record, Two-Way (双向关联)', value: 'bidirectionalLink' },
	{ name: 'Multiple Select (多选)', value: 'multipleSelect' },
	{ name: 'Number (数字)', value: 'number' },
	{ name: 'Person (人员)', value: 'user' },
	{ name: 'Single Select (单选)', value: 'singleSelect' },
	{ name: 'Text (文本)', value: 'text' },
	{ name: 'URL (链接)', value: 'url' },
];

export const choicesField: INodeProperties = {
	displayName: 'Options',
	name: 'fieldChoices',
	type: 'string',
	default: '',
	placeholder: 'e.g. Todo, Doing, Done',
	description: 'The choices of a select field, separated by commas',
};

export const propertyField: INodeProperties = {
	displayName: 'Property (JSON)',
	name: 'fieldProperty',
	type: 'json',
	default: '{}',
	description:
		'Other field properties as DingTalk describes them, e.g. {"formatter": "INT"} for a whole number',
};

/** A field's `property`: the JSON parameter, with the comma-separated options of a select. */
export function fieldProperty(
	context: IExecuteFunctions,
	itemIndex: number,
	type: string | undefined,
): IDataObject | undefined {
	const raw = context.getNodeParameter('fieldProperty', itemIndex, '{}') as unknown;
	let property: unknown = raw;
	if (typeof raw === 'string') {
		try {
			property = raw.trim() ? JSON.parse(raw) : {};
		} catch {
			property = undefined;
		}
	}
	if (!property || typeof property !== 'object' || Array.isArray(property))
		throw parameterError(
			context,
			itemIndex,
			'Property (JSON)',
			'Not a JSON object',
			'Enter the field properties as a JSON object, e.g. {"formatter": "INT"}, or {} for none.',
		);
	const result = { ...(property as IDataObject) };
	if (type === 'singleSelect' || type === 'multipleSelect') {
		const choices = String(context.getNodeParameter('fieldChoices', itemIndex, ''))
			.split(',')
			.map((name) => name.trim())
			.filter(Boolean);
		if (choices.length) result.choices = choices.map((name) => ({ name }));
	}
	return Object.keys(result).length ? result : undefined;
}

/** A required name parameter, trimmed. */
export function requiredName(
	context: IExecuteFunctions,
	itemIndex: number,
	name: string,
	displayName: string,
): string {
	const value = String(context.getNodeParameter(name, itemIndex, '')).trim();
	if (!value)
		throw parameterError(
			context,
			itemIndex,
			displayName,
			'No name given',
			`Enter the ${displayName.toLowerCase()}.`,
		);
	return value;
}
