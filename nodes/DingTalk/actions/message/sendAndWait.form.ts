/**
 * Custom Form (n8n's customForm response type): the fields a user defines — in the same shape as
 * n8n's Form node (defineForm, formFields.values, jsonOutput) — answered on a page our own
 * webhook serves. Every value is read back against the definition: an option that was not
 * offered, a missing required field or a bad number re-shows the form and records nothing.
 */
import type { IDataObject } from 'n8n-workflow';

/** The field types DingTalk's in-app browser gets as plain HTML inputs. */
export const FIELD_TYPES = [
	'checkbox',
	'date',
	'dropdown',
	'email',
	'hiddenField',
	'number',
	'password',
	'radio',
	'text',
	'textarea',
] as const;
export type FormFieldType = (typeof FIELD_TYPES)[number];

export interface FormField {
	fieldLabel: string;
	fieldType: FormFieldType;
	placeholder?: string;
	requiredField?: boolean;
	/** dropdown, radio, checkbox */
	options?: string[];
	/** hiddenField: the output key and the value it always has */
	fieldName?: string;
	fieldValue?: string;
}

/** The fields as defined, or what is wrong with the definition (for a parameter error). */
export function readFormFields(
	defineForm: string,
	formFields: unknown,
	jsonOutput: unknown,
): { fields: FormField[]; problem?: undefined } | { problem: string; fields?: undefined } {
	let raw: unknown = defineForm === 'json' ? jsonOutput : (formFields as IDataObject)?.values;
	if (defineForm === 'json' && typeof raw === 'string') {
		try {
			raw = JSON.parse(raw);
		} catch {
			return { problem: 'The form fields are not valid JSON' };
		}
	}
	if (!Array.isArray(raw) || raw.length === 0) return { problem: 'The form has no fields' };
	const fields: FormField[] = [];
	for (const [index, entry] of raw.entries()) {
		const field = (entry ?? {}) as IDataObject;
		const fieldType = String(field.fieldType ?? 'text') as FormFieldType;
		if (!FIELD_TYPES.includes(fieldType))
			return {
				problem: `Field ${index + 1} has the type "${fieldType}", which the form page does not offer`,
			};
		const label = String(field.fieldLabel ?? '').trim();
		const fieldName = String(field.fieldName ?? '').trim();
		if (!label && !(fieldType === 'hiddenField' && fieldName))
			return { problem: `Field ${index + 1} has no label` };
		const optionValues = ((field.fieldOptions as IDataObject)?.values ?? []) as IDataObject[];
		const options = Array.isArray(optionValues)
			? optionValues.map((o) => String(o?.option ?? '').trim()).filter(Boolean)
			: [];
		if (['dropdown', 'radio', 'checkbox'].includes(fieldType) && options.length === 0)
			return { problem: `Field ${index + 1} ("${label}") has no options` };
		fields.push({
			fieldLabel: label || fieldName,
			fieldType,
			placeholder: field.placeholder === undefined ? undefined : String(field.placeholder),
			requiredField: field.requiredField === true,
			options,
			fieldName: fieldName || undefined,
			fieldValue: field.fieldValue === undefined ? undefined : String(field.fieldValue),
		});
	}
	return { fields };
}

const asList = (value: unknown): string[] =>
	(Array.isArray(value) ? value : value === undefined || value === null ? [] : [value])
		.map((v) => String(v))
		.filter((v) => v !== '');

/**
 * The answer to the form as n8n's Form node outputs it (the label as key; a hidden field's name),
 * or the first problem with it. Values come from `field-<index>` as the page names them.
 */
export function readFormAnswer(
	fields: FormField[],
	body: IDataObject,
): { answer: IDataObject; problem?: undefined } | { problem: string; answer?: undefined } {
	const answer: IDataObject = {};
	for (const [index, field] of fields.entries()) {
		const key =
			field.fieldType === 'hiddenField' ? (field.fieldName ?? field.fieldLabel) : field.fieldLabel;
		if (field.fieldType === 'hiddenField') {
			answer[key] = field.fieldValue ?? '';
			continue;
		}
		const given = asList(body[`field-${index}`]).map((v) => v.trim());
		if (given.length === 0) {
			if (field.requiredField) return { problem: `Please fill in "${field.fieldLabel}".` };
			answer[key] = field.fieldType === 'checkbox' ? [] : null;
			continue;
		}
		if (field.fieldType === 'checkbox') {
			const unknown = given.find((v) => !(field.options ?? []).includes(v));
			if (unknown !== undefined)
				return { problem: `"${unknown}" is not an option of "${field.fieldLabel}".` };
			answer[key] = given;
			continue;
		}
		const value = given[0];
		if (['dropdown', 'radio'].includes(field.fieldType) && !(field.options ?? []).includes(value))
			return { problem: `"${value}" is not an option of "${field.fieldLabel}".` };
		if (field.fieldType === 'number') {
			const number = Number(value);
			if (!Number.isFinite(number)) return { problem: `"${field.fieldLabel}" must be a number.` };
			answer[key] = number;
			continue;
		}
		if (field.fieldType === 'email' && !/^[^\s@]+@[^\s@]+$/.test(value))
			return { problem: `"${field.fieldLabel}" must be an email address.` };
		if (field.fieldType === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value))
			return { problem: `"${field.fieldLabel}" must be a date.` };
		answer[key] = value;
	}
	return { answer };
}
