import type { INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../node.type';
import * as createField from './createField.operation';
import * as createRecord from './createRecord.operation';
import * as createSheet from './createSheet.operation';
import * as deleteField from './deleteField.operation';
import * as deleteRecord from './deleteRecord.operation';
import * as deleteSheet from './deleteSheet.operation';
import * as getBase from './getBase.operation';
import * as getManyFields from './getManyFields.operation';
import * as getManyRecords from './getManyRecords.operation';
import * as getManySheets from './getManySheets.operation';
import * as getRecord from './getRecord.operation';
import * as getSheet from './getSheet.operation';
import * as updateField from './updateField.operation';
import * as updateRecord from './updateRecord.operation';
import * as updateSheet from './updateSheet.operation';
import * as upsertRecord from './upsertRecord.operation';

export {
	createField,
	createRecord,
	createSheet,
	deleteField,
	deleteRecord,
	deleteSheet,
	getBase,
	getManyFields,
	getManyRecords,
	getManySheets,
	getRecord,
	getSheet,
	updateField,
	updateRecord,
	updateSheet,
	upsertRecord,
};

/** Records first (what workflows do most), then sheets, fields and the base. */
const OPTIONS: Array<OperationOption<'aiTable'>> = [
	{
		name: 'Create Record',
		value: 'createRecord',
		description: 'Add records, 100 per call, never twice on a retry',
		action: 'Create a record',
	},
	{
		name: 'Create or Update Record',
		value: 'upsertRecord',
		description: 'Update the record whose key field matches, or create it',
		action: 'Create or update a record',
	},
	{
		name: 'Get Many Records',
		value: 'getManyRecords',
		description: 'Read records, with filters (AND/OR) and sorting',
		action: 'Get many records',
	},
	{
		name: 'Get Record',
		value: 'getRecord',
		description: 'Read a record by ID',
		action: 'Get a record',
	},
	{
		name: 'Update Record',
		value: 'updateRecord',
		description: 'Change fields of records by ID',
		action: 'Update a record',
	},
	{
		name: 'Delete Record',
		value: 'deleteRecord',
		description: 'Delete records by ID',
		action: 'Delete a record',
	},
	{
		name: 'Get Many Sheets',
		value: 'getManySheets',
		description: "List the base's sheets (数据表)",
		action: 'Get many sheets',
	},
	{
		name: 'Get Sheet',
		value: 'getSheet',
		description: 'A sheet by ID or name',
		action: 'Get a sheet',
	},
	{
		name: 'Create Sheet',
		value: 'createSheet',
		description: 'Add a sheet with fields',
		action: 'Create a sheet',
	},
	{
		name: 'Update Sheet',
		value: 'updateSheet',
		description: 'Rename a sheet',
		action: 'Update a sheet',
	},
	{
		name: 'Delete Sheet',
		value: 'deleteSheet',
		description: 'Delete a sheet and its records',
		action: 'Delete a sheet',
	},
	{
		name: 'Get Many Fields',
		value: 'getManyFields',
		description: "List a sheet's fields with their types",
		action: 'Get many fields',
	},
	{
		name: 'Create Field',
		value: 'createField',
		description: 'Add a field to a sheet',
		action: 'Create a field',
	},
	{
		name: 'Update Field',
		value: 'updateField',
		description: 'Rename a field or change its options',
		action: 'Update a field',
	},
	{
		name: 'Delete Field',
		value: 'deleteField',
		description: 'Delete a field and its values',
		action: 'Delete a field',
	},
	{
		name: 'Get Base',
		value: 'getBase',
		description: 'An AI Table by link or ID, with its sheets',
		action: 'Get a base',
	},
];

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['aiTable'] } },
		options: OPTIONS,
		default: 'createRecord',
	},
	...createRecord.description,
	...upsertRecord.description,
	...getManyRecords.description,
	...getRecord.description,
	...updateRecord.description,
	...deleteRecord.description,
	...getManySheets.description,
	...getSheet.description,
	...createSheet.description,
	...updateSheet.description,
	...deleteSheet.description,
	...getManyFields.description,
	...createField.description,
	...updateField.description,
	...deleteField.description,
	...getBase.description,
];
