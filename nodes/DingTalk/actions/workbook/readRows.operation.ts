import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameterError, runPerItem } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import {
	a1,
	cellText,
	columnLetters,
	readOptionalRange,
	readWorkbookTarget,
	workbookRequest,
} from '../../helpers/workbook/sheet';
import { workbookTarget } from './common.description';

/** [INF] Rows read per call: DingTalk states no range size limit; large sheets are read in slices. */
export const ROWS_PER_READ = 1000;

const properties: INodeProperties[] = [
	...workbookTarget,
	{
		displayName: 'Range',
		name: 'readRange',
		type: 'string',
		default: '',
		placeholder: 'e.g. A1:D100',
		description: 'Cells in A1 notation; empty reads every used row and column',
	},
	{
		displayName: 'First Row Is Header',
		name: 'header',
		type: 'boolean',
		default: true,
		description:
			"Whether the range's first row names the fields of the items; otherwise fields are the column letters",
	},
	{
		displayName: 'Find Rows Where Column',
		name: 'lookupColumn',
		type: 'string',
		default: '',
		placeholder: 'e.g. Name',
		description:
			'Only rows whose value in this column (a header name, or a letter without a header) equals the value below; empty returns every row',
	},
	{
		displayName: 'Equals',
		name: 'lookupValue',
		type: 'string',
		default: '',
		description: 'The value the column must hold, compared as text',
		displayOptions: { hide: { lookupColumn: [''] } },
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['workbook'], operation: ['readRows'] } },
	properties,
);

/**
 * Rows as items (https://open.dingtalk.com/document/orgapp/obtain-the-values-of-a-range): the
 * header row names the fields; rows whose cells are all empty are left out; each item says which
 * sheet row it came from.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const target = await readWorkbookTarget(run, i);
		let range = readOptionalRange(this, i, 'readRange', 'Range');
		if (!range) {
			const sheet = await workbookRequest<{
				lastNonEmptyRow?: number;
				lastNonEmptyColumn?: number;
			}>(run.api, target, 'GET', '', i);
			const lastRow = Number(sheet.lastNonEmptyRow ?? -1);
			const lastColumn = Number(sheet.lastNonEmptyColumn ?? -1);
			if (lastRow < 0 || lastColumn < 0) return [];
			range = { r0: 0, c0: 0, r1: lastRow, c1: lastColumn };
		}
		const header = this.getNodeParameter('header', i, true) as boolean;
		const lookupColumn = String(this.getNodeParameter('lookupColumn', i, '')).trim();
		const lookupValue = String(this.getNodeParameter('lookupValue', i, ''));
		const checkLookup = (fields: string[]) => {
			if (lookupColumn && !fields.includes(lookupColumn))
				throw parameterError(
					this,
					i,
					'Find Rows Where Column',
					`The range has no column "${lookupColumn}"`,
					`Its columns are: ${fields.join(', ')}.`,
				);
		};
		let names: string[] | undefined;
		if (!header) {
			const letters: string[] = [];
			for (let c = range.c0; c <= range.c1; c++) letters.push(columnLetters(c));
			checkLookup(letters);
		}
		const out: IDataObject[] = [];
		for (let start = range.r0; start <= range.r1; start += ROWS_PER_READ) {
			const slice = { ...range, r0: start, r1: Math.min(range.r1, start + ROWS_PER_READ - 1) };
			const answer = await workbookRequest<{ values?: unknown[][] }>(
				run.api,
				target,
				'GET',
				`/ranges/${a1(slice)}`,
				i,
			);
			(answer.values ?? []).forEach((cells, n) => {
				const row = slice.r0 + n;
				if (header && !names) {
					names = cells.map((cell, c) => String(cell ?? '').trim() || columnLetters(range!.c0 + c));
					checkLookup(names);
					return;
				}
				if (cells.every((cell) => cell === '' || cell === null || cell === undefined)) return;
				const item: IDataObject = { row: row + 1 };
				cells.forEach((cell, c) => {
					item[names?.[c] ?? columnLetters(range!.c0 + c)] = cell as IDataObject[string];
				});
				if (lookupColumn && cellText(item[lookupColumn]) !== lookupValue) return;
				out.push(item);
			});
		}
		return out;
	});
}
