import type { INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../node.type';
import * as appendRows from './appendRows.operation';
import * as clearRange from './clearRange.operation';
import * as createSheet from './createSheet.operation';
import * as deleteSheet from './deleteSheet.operation';
import * as getManySheets from './getManySheets.operation';
import * as readRows from './readRows.operation';
import * as updateRange from './updateRange.operation';

export { appendRows, clearRange, createSheet, deleteSheet, getManySheets, readRows, updateRange };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['workbook'] } },
		options: [
			{
				name: 'Append Rows',
				value: 'appendRows',
				description: 'Add one row per item, cells matched to the header row',
				action: 'Append rows',
			},
			{
				name: 'Read Rows',
				value: 'readRows',
				description: 'Rows as items, the header row naming the fields',
				action: 'Read rows',
			},
			{
				name: 'Update Range',
				value: 'updateRange',
				description: 'Write values into a range of the same shape',
				action: 'Update a range',
			},
			{
				name: 'Get Many Sheets',
				value: 'getManySheets',
				description: "List the workbook's sheets",
				action: 'Get many sheets',
			},
			{
				name: 'Create Sheet',
				value: 'createSheet',
				description: 'Add a sheet',
				action: 'Create a sheet',
			},
			{
				name: 'Delete Sheet',
				value: 'deleteSheet',
				description: 'Delete a sheet',
				action: 'Delete a sheet',
			},
			{
				name: 'Clear Range',
				value: 'clearRange',
				description: 'Empty the cells of a range',
				action: 'Clear a range',
			},
		] satisfies Array<OperationOption<'workbook'>>,
		default: 'appendRows',
	},
	...appendRows.description,
	...readRows.description,
	...updateRange.description,
	...clearRange.description,
	...getManySheets.description,
	...createSheet.description,
	...deleteSheet.description,
];
