import type { INodeProperties } from 'n8n-workflow';

import { documentLocator, documentOperatorFields } from '../documents.description';

/** The workbook (钉钉表格 document): by its link or its ID. */
export const workbookLocator = documentLocator(
	'workbook',
	'Workbook',
	'The sheet document (钉钉表格): its link from the address bar, or its ID',
	{ link: 'a document link', id: 'a workbook ID' },
);

/** The sheet (工作表): from the workbook's list, or its ID or name. */
export const worksheetLocator: INodeProperties = {
	displayName: 'Sheet',
	name: 'worksheet',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchWorkbookSheets', searchable: true },
		},
		{ displayName: 'ID or Name', name: 'id', type: 'string', placeholder: 'e.g. Sheet1' },
	],
};

export const workbookTarget: INodeProperties[] = [
	workbookLocator,
	worksheetLocator,
	...documentOperatorFields('sheet'),
];

export const rangeField: INodeProperties = {
	displayName: 'Range',
	name: 'range',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. A2:C10',
	description: 'Cells in A1 notation',
};
