import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameterError, runPerItem } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import {
	a1,
	cellText,
	readRange,
	readWorkbookTarget,
	workbookRequest,
} from '../../helpers/workbook/sheet';
import { rangeField, workbookTarget } from './common.description';

const properties: INodeProperties[] = [
	...workbookTarget,
	rangeField,
	{
		displayName: 'Values (JSON)',
		name: 'values',
		type: 'json',
		default: '[[""]]',
		required: true,
		description:
			'Rows of cells, e.g. [["Alice", 120], ["Bob", 80]]: exactly as many rows and columns as the range',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['workbook'], operation: ['updateRange'] } },
	properties,
);

/**
 * Writes a range (https://open.dingtalk.com/document/orgapp/update-range). The values must have
 * the range's shape: a mismatch is an error naming both shapes, not a call that writes nothing.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const range = readRange(this, i);
		const raw = this.getNodeParameter('values', i, '') as unknown;
		const fix = 'Enter rows of cells, e.g. [["Alice", 120], ["Bob", 80]].';
		let values: unknown = raw;
		if (typeof raw === 'string') {
			try {
				values = JSON.parse(raw);
			} catch {
				throw parameterError(this, i, 'Values (JSON)', 'Not JSON', fix);
			}
		}
		if (!Array.isArray(values) || !values.length || !values.every((row) => Array.isArray(row)))
			throw parameterError(this, i, 'Values (JSON)', 'Not a list of rows', fix);
		const rows = range.r1 - range.r0 + 1;
		const columns = range.c1 - range.c0 + 1;
		const grid = values as unknown[][];
		const wrongRow = grid.findIndex((row) => row.length !== columns);
		if (grid.length !== rows || wrongRow >= 0)
			throw parameterError(
				this,
				i,
				'Values (JSON)',
				`The range ${a1(range)} is ${rows} × ${columns} cells but the values are ${grid.length} row${grid.length === 1 ? '' : 's'}${wrongRow >= 0 ? ` (row ${wrongRow + 1} has ${grid[wrongRow].length} cells)` : ''}`,
				'Give exactly one value per cell of the range, or change the range to the shape of the values.',
			);
		const target = await readWorkbookTarget(run, i);
		await workbookRequest(run.api, target, 'PUT', `/ranges/${a1(range)}`, i, {
			values: grid.map((row) => row.map(cellText)),
		});
		return { range: a1(range), rows, columns, updated: true };
	});
}
