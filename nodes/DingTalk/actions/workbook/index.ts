import type { INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../node.type';
import * as appendRows from './appendRows.operation';
import * as clearRange from './clearRange.operation';
import * as readRows from './readRows.operation';
import * as updateRange from './updateRange.operation';

export { appendRows, clearRange, readRows, updateRange };

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
];
