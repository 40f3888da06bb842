/**
 * An item's column values (the Columns resource mapper: defined below, or mapped automatically
 * from the item's JSON) checked against the sheet's fields and turned into DingTalk's record value
 * format. A column the sheet lacks, or a value its field cannot take, is an item error naming it.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { parameterError } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { uploadAttachment } from '../../helpers/notable/attachments';
import { fieldNamed, toCell, type NotableField } from '../../helpers/notable/fields';
import type { NotableTarget } from '../../helpers/notable/target';

/** The Record ID pseudo-column of Update (the column the record is matched on). */
export const RECORD_ID_COLUMN = 'id';

/** The item's raw column values: what Columns maps for it. */
export function columnValues(
	run: RunContext,
	items: INodeExecutionData[],
	itemIndex: number,
): IDataObject {
	const mode = run.read<string>('columns.mappingMode', itemIndex, 'defineBelow');
	if (mode === 'autoMapInputData') return { ...items[itemIndex].json };
	return run.mapperValues('columns', itemIndex);
}

/** The column values as record fields, checked against the sheet's fields. */
export function recordFields(
	run: RunContext,
	itemIndex: number,
	fields: NotableField[],
	values: IDataObject,
	sheet: string,
	skip: string[] = [],
): IDataObject {
	const { context } = run;
	const ignoreUnknown = Boolean(
		run.read<IDataObject>('options', itemIndex, {}).ignoreUnknownColumns,
	);
	const out: IDataObject = {};
	for (const [column, value] of Object.entries(values)) {
		if (skip.includes(column)) continue;
		const field = fieldNamed(fields, column);
		if (!field) {
			if (ignoreUnknown) continue;
			throw parameterError(
				context,
				itemIndex,
				'Columns',
				`Column "${column}" is not a field of sheet "${sheet}"`,
				`The sheet has: ${fields.map((f) => f.name).join(', ')}. Rename the item field, add the field to the sheet, or turn on Options → Ignore Unknown Columns.`,
			);
		}
		const cell = toCell(field, value);
		if (cell === undefined) continue;
		if ('problem' in cell) {
			throw parameterError(
				context,
				itemIndex,
				'Columns',
				`Column "${column}" (${field.type}): ${cell.problem}`,
				'Map a value of the type the field holds.',
			);
		}
		out[field.name] = cell.value as IDataObject[keyof IDataObject];
	}
	return out;
}

/**
 * The Attachments parameter: each listed binary of the item uploaded into the base, as the cells of
 * its attachment fields. A field that is not an attachment field, or a missing binary, is an item
 * error before anything is uploaded.
 */
export async function attachmentCells(
	run: RunContext,
	itemIndex: number,
	target: NotableTarget,
	fields: NotableField[],
): Promise<IDataObject> {
	const { context } = run;
	const entries = run.read<IDataObject[]>('attachments.attachment', itemIndex, []);
	const wanted: Array<{ field: NotableField; names: string[] }> = [];
	for (const entry of entries) {
		const name = String(entry.field ?? '').trim();
		const field = fieldNamed(fields, name);
		if (!field || field.type !== 'attachment')
			throw parameterError(
				context,
				itemIndex,
				'Attachments',
				field
					? `Field "${name}" is a ${field.type} field, not an attachment field`
					: `Field "${name}" is not in the sheet`,
				`Attachment fields of the sheet: ${
					fields
						.filter((f) => f.type === 'attachment')
						.map((f) => f.name)
						.join(', ') || 'none'
				}.`,
			);
		const names = String(entry.binaryPropertyNames ?? 'data')
			.split(',')
			.map((n) => n.trim())
			.filter(Boolean);
		for (const binaryName of names) {
			if (!context.getInputData()[itemIndex]?.binary?.[binaryName])
				throw parameterError(
					context,
					itemIndex,
					'Attachments',
					`The item has no binary field "${binaryName}"`,
					'Name a binary field the item has (the input panel lists them under Binary).',
				);
		}
		wanted.push({ field, names });
	}
	const cells: IDataObject = {};
	for (const { field, names } of wanted) {
		const uploaded: IDataObject[] = [];
		for (const binaryName of names)
			uploaded.push(
				await uploadAttachment(run, itemIndex, target.baseId, target.operatorId, binaryName),
			);
		cells[field.name] = [...((cells[field.name] as IDataObject[] | undefined) ?? []), ...uploaded];
	}
	return cells;
}
