/**
 * Form values of Start as DingTalk takes them (formComponentValues: name + text value), from the
 * Form resource mapper and the Form Values pairs.
 * https://open.dingtalk.com/document/orgapp/create-an-approval-instance
 */
import type { IDataObject } from 'n8n-workflow';

/** A form value as DingTalk takes it: text; arrays and objects from expressions as JSON. */
export function valueText(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A date-time from the Form's date picker → DingTalk's date text (yyyy-MM-dd, or with HH:mm). */
function dateText(value: unknown): string {
	const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?/.exec(String(value));
	if (!match) return valueText(value);
	return match[2] && match[2] !== '00:00' ? `${match[1]} ${match[2]}` : match[1];
}

/** The Form (resource mapper) values as name/value pairs, empty fields left out. */
export function mappedForm(
	mapper: IDataObject | undefined,
): Array<{ name: string; value: string }> {
	const values = (mapper?.value ?? {}) as IDataObject;
	const schema = (Array.isArray(mapper?.schema) ? mapper?.schema : []) as IDataObject[];
	const typeOf = new Map(schema.map((field) => [String(field.id), String(field.type ?? '')]));
	return Object.entries(values)
		.filter(([, value]) => value !== undefined && value !== null && value !== '')
		.map(([name, value]) => ({
			name,
			value: typeOf.get(name) === 'dateTime' ? dateText(value) : valueText(value),
		}));
}
