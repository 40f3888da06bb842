/**
 * A sheet's fields (name, type), fetched once per run and target, and what the node does with
 * them: check that the columns an item writes exist, turn n8n values into DingTalk's record value
 * format (https://open.dingtalk.com/document/development/notable-record-value-format), and turn
 * DingTalk's answers back into plain values (numbers arrive as text, options as {id, name}).
 */
import type { IDataObject } from 'n8n-workflow';

import type { RunContext } from '../execution/runContext';
import { notableRequest, sheetPath } from './api';
import type { NotableTarget } from './target';

export interface NotableField {
	id: string;
	name: string;
	type: string;
	property?: IDataObject;
}

/** The sheet's fields, one GET per run and target (`fields` lists every field with its type). */
export async function sheetFields(
	run: RunContext,
	target: NotableTarget,
	itemIndex: number,
): Promise<NotableField[]> {
	const key = `${target.baseId}\u0000${target.sheet}`;
	let fields = run.sheetFields.get(key) as Promise<NotableField[]> | undefined;
	if (!fields) {
		fields = notableRequest<{ value?: NotableField[] }>(run.api, {
			method: 'GET',
			baseId: target.baseId,
			tail: sheetPath(target.sheet, 'fields'),
			operatorId: target.operatorId,
			itemIndex,
		}).then((answer) => answer.value ?? []);
		run.sheetFields.set(key, fields);
		fields.catch(() => run.sheetFields.delete(key));
	}
	return await fields;
}

/** Field by name or ID. */
export function fieldNamed(fields: NotableField[], key: string): NotableField | undefined {
	return fields.find((f) => f.name === key) ?? fields.find((f) => f.id === key);
}

const isBlankText = (value: unknown) => typeof value === 'string' && value.trim() === '';

/** Splits "a, b" into ["a", "b"]; an array stays an array. */
function listOf(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	if (typeof value === 'string')
		return value
			.split(',')
			.map((part) => part.trim())
			.filter(Boolean);
	return [value];
}

/** A date as DingTalk takes it: epoch milliseconds (luxon DateTime, Date, digits) or its text. */
function dateValue(value: unknown): unknown {
	if (value && typeof value === 'object') {
		const dateTime = value as { toMillis?: () => number; getTime?: () => number };
		if (typeof dateTime.toMillis === 'function') return dateTime.toMillis();
		if (typeof dateTime.getTime === 'function') return dateTime.getTime();
	}
	if (typeof value === 'string' && /^\d{10,13}$/.test(value.trim()))
		return Number(value.trim().padEnd(13, '0'));
	return value;
}

export type CellResult = { value: unknown } | { problem: string } | undefined;

/**
 * One n8n value → the value DingTalk takes for a field of this type, `undefined` to leave the
 * cell alone (no value given), or a problem that names what is wrong.
 */
export function toCell(field: NotableField, value: unknown): CellResult {
	if (value === undefined) return undefined;
	if (value === null) return { value: null };
	if (field.type !== 'text' && isBlankText(value)) return undefined;
	switch (field.type) {
		case 'text':
			return typeof value === 'object'
				? { value: JSON.stringify(value) }
				: { value: String(value) };
		case 'number': {
			const n = typeof value === 'string' ? Number(value.trim()) : value;
			return typeof n === 'number' && Number.isFinite(n)
				? { value: n }
				: { problem: `"${String(value)}" is not a number` };
		}
		case 'date':
			return { value: dateValue(value) };
		case 'singleSelect':
			return typeof value === 'object'
				? { value: (value as IDataObject).name ?? (value as IDataObject).id }
				: { value: String(value) };
		case 'multipleSelect':
			return {
				value: listOf(value).map((v) =>
					v && typeof v === 'object'
						? ((v as IDataObject).name ?? (v as IDataObject).id)
						: String(v),
				),
			};
		case 'user':
			return {
				value: listOf(value).map((v) => (v && typeof v === 'object' ? v : { unionId: String(v) })),
			};
		case 'department':
			return {
				value: listOf(value).map((v) => (v && typeof v === 'object' ? v : { deptId: String(v) })),
			};
		case 'url':
			return typeof value === 'string' ? { value: { text: value, link: value } } : { value };
		case 'unidirectionalLink':
		case 'bidirectionalLink':
			return value && typeof value === 'object' && !Array.isArray(value)
				? { value }
				: { value: { linkedRecordIds: listOf(value).map(String) } };
		default:
			return { value };
	}
}

/** A record's cells as a flat object: numbers as numbers, options as their names. */
export function plainFields(fields: NotableField[], cells: IDataObject = {}): IDataObject {
	const out: IDataObject = {};
	for (const [name, value] of Object.entries(cells)) {
		const type = fieldNamed(fields, name)?.type;
		if (type === 'number' && typeof value === 'string' && value.trim() !== '') {
			const n = Number(value);
			out[name] = Number.isFinite(n) ? n : value;
		} else if (type === 'singleSelect' && value && typeof value === 'object') {
			out[name] = (value as IDataObject).name;
		} else if (type === 'multipleSelect' && Array.isArray(value)) {
			out[name] = value.map((v) => (v && typeof v === 'object' ? (v as IDataObject).name : v));
		} else {
			out[name] = value;
		}
	}
	return out;
}
