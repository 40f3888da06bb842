import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	NodeOperationError,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { itemError, parameterError } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import {
	cellText,
	headerRow,
	readWorkbookTarget,
	workbookRequest,
	type WorkbookTarget,
} from '../../helpers/workbook/sheet';
import { workbookTarget } from './common.description';

/** [INF] Rows per append call: DingTalk states no maximum. */
export const ROWS_PER_APPEND = 500;

const properties: INodeProperties[] = [
	...workbookTarget,
	{
		displayName: 'Columns',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		// Workflows saved before Columns existed keep their behaviour: fields matched by name.
		default: { mappingMode: 'autoMapInputData', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['workbook.value', 'worksheet.value', 'operatorId', 'operatorIdType'],
			resourceMapper: {
				resourceMapperMethod: 'getWorkbookColumns',
				mode: 'add',
				fieldWords: { singular: 'column', plural: 'columns' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Ignore Unknown Fields',
				name: 'ignoreUnknownFields',
				type: 'boolean',
				default: false,
				description:
					'Whether to leave out item fields (or mapped columns) the header row has no column for, instead of stopping with an error',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['workbook'], operation: ['appendRows'] } },
	properties,
);

/**
 * Appends one row per item after the sheet's last non-empty row
 * (https://open.dingtalk.com/document/orgapp/append-rows), its cells taken from the item's fields
 * by the header row's names. Every item is checked first: an item none of whose fields is a
 * column, or with a field the header lacks, is an error — never a row written empty.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const headers = new Map<string, Promise<string[]>>();
	const results: Array<INodeExecutionData | undefined> = new Array(items.length);
	const groups = new Map<
		string,
		{
			target: WorkbookTarget;
			rows: Array<{ itemIndex: number; cells: string[]; json: IDataObject }>;
		}
	>();
	for (let i = 0; i < items.length; i++) {
		try {
			const target = await readWorkbookTarget(run, i);
			const key = `${target.workbookId}\u0000${target.sheet}\u0000${target.operatorId}`;
			if (!headers.has(key)) headers.set(key, headerRow(run.api, target, i));
			const names = await headers.get(key)!;
			if (!names.some(Boolean))
				throw parameterError(
					this,
					i,
					'Sheet',
					'The sheet has no header row',
					"Put the column names in row 1; the items' fields are matched to them.",
				);
			const mapped =
				run.read<string>('columns.mappingMode', i, 'autoMapInputData') === 'defineBelow';
			const json = mapped ? run.mapperValues('columns', i) : items[i].json;
			const from = mapped ? 'Columns' : 'Input Fields';
			const ignore = Boolean(
				(this.getNodeParameter('options', i, {}) as IDataObject).ignoreUnknownFields,
			);
			const unknown = Object.keys(json).filter((field) => !names.includes(field));
			if (unknown.length && !ignore)
				throw parameterError(
					this,
					i,
					from,
					`Field${unknown.length > 1 ? 's' : ''} ${unknown.map((f) => `"${f}"`).join(', ')} ha${unknown.length > 1 ? 've' : 's'} no column in the header row`,
					`The header row has: ${names.filter(Boolean).join(', ')}. Rename the fields, or turn on Options → Ignore Unknown Fields.`,
				);
			if (!names.some((name) => name && json[name] !== undefined))
				throw parameterError(
					this,
					i,
					from,
					"None of the item's fields is a column of the sheet",
					`The header row has: ${names.filter(Boolean).join(', ')}.`,
				);
			const cells = names.map((name) => (name ? cellText(json[name]) : ''));
			const group = groups.get(key) ?? { target, rows: [] };
			group.rows.push({ itemIndex: i, cells, json });
			groups.set(key, group);
		} catch (error) {
			if (!continueOnFail) throw itemError(this, error, i);
			results[i] = {
				json: {
					error: (error as Error).message,
					description: (error as NodeOperationError).description ?? null,
				},
				pairedItem: { item: i },
			};
		}
	}
	// In input order, one call after another: appended rows keep the items' order. A part an
	// earlier try of this node run appended (n8n's Retry On Fail) is not appended again.
	const appended = run.retryLedger<true>();
	for (const [key, { target, rows }] of groups) {
		for (let start = 0; start < rows.length; start += ROWS_PER_APPEND) {
			const part = rows.slice(start, start + ROWS_PER_APPEND);
			const partKey = `workbook:append:${key}:${part.map((row) => row.itemIndex).join(',')}`;
			try {
				if (!appended.get(partKey)) {
					await workbookRequest(run.api, target, 'POST', '/appendRows', part[0].itemIndex, {
						values: part.map((row) => row.cells),
					});
					appended.set(partKey, true);
				}
				for (const row of part)
					results[row.itemIndex] = {
						json: { ...row.json, appended: true },
						pairedItem: { item: row.itemIndex },
					};
			} catch (error) {
				if (!continueOnFail) throw itemError(this, error, part[0].itemIndex);
				for (const row of part)
					results[row.itemIndex] = {
						json: { error: (error as Error).message },
						pairedItem: { item: row.itemIndex },
					};
			}
		}
	}
	return results.filter((result): result is INodeExecutionData => result !== undefined);
}
