/** What the record operations output, and the filter and sort of Get Many Records. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { parameterError } from '../../helpers/execution/items';
import { fieldNamed, plainFields, type NotableField } from '../../helpers/notable/fields';

/**
 * A record as the node outputs it: with the sheet's fields (Simplify), `{ id, ...plain values }`;
 * without, DingTalk's record unchanged.
 */
export function recordOutput(record: IDataObject, fields?: NotableField[]): IDataObject {
	if (!fields) return record;
	return { id: record.id, ...plainFields(fields, record.fields as IDataObject) };
}

/** DingTalk's filter operators (api-notable-listrecords). */
export const FILTER_OPERATORS = [
	{ name: 'Equal', value: 'equal' },
	{ name: 'Not Equal', value: 'notEqual' },
	{ name: 'Greater', value: 'greater' },
	{ name: 'Greater or Equal', value: 'greaterEqual' },
	{ name: 'Less', value: 'less' },
	{ name: 'Less or Equal', value: 'lessEqual' },
	{ name: 'Contains', value: 'contain' },
	{ name: 'Does Not Contain', value: 'notContain' },
	{ name: 'Is Empty', value: 'empty' },
	{ name: 'Is Not Empty', value: 'notEmpty' },
];
const OPERATOR_VALUES = new Set(FILTER_OPERATORS.map((o) => o.value));
const LIST_TYPES = new Set(['singleSelect', 'multipleSelect', 'user', 'department']);

function fieldProblem(fields: NotableField[], name: string): string {
	return `Field "${name}" is not in the sheet (it has: ${fields.map((f) => f.name).join(', ')})`;
}

/** The Filters parameter as DingTalk's `filter`, or undefined when there are no conditions. */
export function readFilter(
	context: IExecuteFunctions,
	itemIndex: number,
	fields: NotableField[],
): IDataObject | undefined {
	const raw = context.getNodeParameter('filters.conditions', itemIndex, []) as IDataObject[];
	if (!raw.length) return undefined;
	const conditions = raw.map((condition) => {
		const name = String(condition.field ?? '').trim();
		const field = fieldNamed(fields, name);
		if (!field)
			throw parameterError(
				context,
				itemIndex,
				'Filters',
				fieldProblem(fields, name),
				'Pick a field of the sheet.',
			);
		const operator = String(condition.operator ?? 'equal');
		if (!OPERATOR_VALUES.has(operator))
			throw parameterError(
				context,
				itemIndex,
				'Filters',
				`Operator "${operator}" is not one DingTalk knows`,
				`Use one of: ${[...OPERATOR_VALUES].join(', ')}.`,
			);
		if (operator === 'empty' || operator === 'notEmpty') return { field: field.name, operator };
		const text =
			condition.value === undefined || condition.value === null ? '' : String(condition.value);
		let value: unknown[] = LIST_TYPES.has(field.type)
			? text
					.split(',')
					.map((part) => part.trim())
					.filter(Boolean)
			: [text];
		if (field.type === 'user') value = value.map((unionId) => ({ unionId }));
		if (field.type === 'department') value = value.map((deptId) => ({ deptId }));
		return { field: field.name, operator, value };
	});
	const combination = context.getNodeParameter('combination', itemIndex, 'and') as string;
	return { combination, conditions };
}

/** The Sort parameter: field names and directions, checked against the sheet. */
export function readSort(
	context: IExecuteFunctions,
	itemIndex: number,
	fields: NotableField[],
): Array<{ field: string; descending: boolean }> {
	const raw = context.getNodeParameter('sort.property', itemIndex, []) as IDataObject[];
	return raw.map((entry) => {
		const name = String(entry.field ?? '').trim();
		if (!fieldNamed(fields, name))
			throw parameterError(
				context,
				itemIndex,
				'Sort',
				fieldProblem(fields, name),
				'Pick a field of the sheet.',
			);
		return { field: fieldNamed(fields, name)!.name, descending: entry.direction === 'desc' };
	});
}

function sortKey(value: unknown): number | string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'number') return value;
	if (typeof value === 'string') {
		const n = Number(value);
		return value.trim() !== '' && Number.isFinite(n) ? n : value;
	}
	if (Array.isArray(value)) return value.length ? sortKey(value[0]) : undefined;
	if (typeof value === 'object')
		return sortKey((value as IDataObject).name ?? (value as IDataObject).text);
	return String(value);
}

/**
 * Sorts records (DingTalk's list API has no sort [DOC]: done here, on the records read): empty
 * values last whatever the direction, numbers by value, text by the runtime's collation.
 */
export function sortRecords(
	records: IDataObject[],
	by: Array<{ field: string; descending: boolean }>,
): IDataObject[] {
	if (!by.length) return records;
	const valueOf = (record: IDataObject, field: string) =>
		sortKey(((record.fields as IDataObject | undefined) ?? record)[field]);
	return [...records].sort((a, b) => {
		for (const { field, descending } of by) {
			const x = valueOf(a, field);
			const y = valueOf(b, field);
			if (x === y) continue;
			if (x === undefined) return 1;
			if (y === undefined) return -1;
			const order =
				typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
			if (order !== 0) return descending ? -order : order;
		}
		return 0;
	});
}
