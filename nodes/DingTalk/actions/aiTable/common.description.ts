import type { INodeProperties } from 'n8n-workflow';

import { documentLocator, documentOperatorFields } from '../documents.description';

/** The AI Table (base): by its link or its ID. */
export const baseLocator = documentLocator(
	'base',
	'Base',
	'The AI Table (AI 表格 / 多维表): its link from the address bar, or its ID',
	{ link: 'an AI Table link', id: 'a base ID' },
);

/** The sheet (数据表): from the base's list, or its ID or name. */
export const sheetLocator: INodeProperties = {
	displayName: 'Sheet',
	name: 'sheet',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description:
		"The sheet (数据表) in the base. Left empty, the sheet the base's link points at is used.",
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchAiTableSheets', searchable: true },
		},
		{
			displayName: 'ID or Name',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. Tasks',
		},
	],
};

export const operatorFields = documentOperatorFields('AI Table');

/** Base, sheet and operator, in the order every record, sheet and field operation shows them. */
export const sheetTarget: INodeProperties[] = [baseLocator, sheetLocator, ...operatorFields];

/** The Columns resource mapper: fields come from the sheet, typed; or mapped from the item's JSON. */
export function columnsField(mode: 'add' | 'update' | 'upsert'): INodeProperties {
	return {
		displayName: 'Columns',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['base.value', 'sheet.value', 'operatorId', 'operatorIdType'],
			resourceMapper: {
				resourceMapperMethod:
					mode === 'update' ? 'getAiTableColumnsWithRecordId' : 'getAiTableColumns',
				mode,
				fieldWords: { singular: 'column', plural: 'columns' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
	};
}

/** Binaries of the item uploaded into attachment fields. */
export const attachmentsField: INodeProperties = {
	displayName: 'Attachments',
	name: 'attachments',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add attachment field',
	default: {},
	description: "Upload the item's binary files into attachment fields (附件)",
	options: [
		{
			displayName: 'Attachment',
			name: 'attachment',
			values: [
				{
					displayName: 'Field Name or ID',
					name: 'field',
					type: 'options',
					typeOptions: {
						loadOptionsMethod: 'getAiTableFields',
						loadOptionsDependsOn: ['sheet.value'],
					},
					default: '',
					description:
						'An attachment field of the sheet. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				},
				{
					displayName: 'Input Binary Fields',
					name: 'binaryPropertyNames',
					type: 'string',
					default: 'data',
					description: 'The binary fields of the item to upload, separated by commas',
				},
			],
		},
	],
};

export const writeOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Ignore Unknown Columns',
			name: 'ignoreUnknownColumns',
			type: 'boolean',
			default: false,
			description:
				'Whether to leave out item fields the sheet has no field for (when mapping automatically) instead of stopping with an error',
		},
	],
};

export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		'Whether to return the record ID with plain field values (numbers as numbers, options as their names) instead of the raw data',
};

/** A field of the sheet: picked from the list, or its ID or name by expression. */
export const fieldField: INodeProperties = {
	displayName: 'Field Name or ID',
	name: 'field',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getAiTableFields', loadOptionsDependsOn: ['sheet.value'] },
	default: '',
	required: true,
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};
