import type { INodeProperties } from 'n8n-workflow';

/** The workbook (钉钉表格 document): by its link or its ID. */
export const workbookLocator: INodeProperties = {
	displayName: 'Workbook',
	name: 'workbook',
	type: 'resourceLocator',
	default: { mode: 'url', value: '' },
	required: true,
	description: 'The sheet document (钉钉表格): its link from the address bar, or its ID',
	modes: [
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://alidocs.dingtalk.com/i/nodes/Gl6Pm2Db8D332mAgCnxo5w9lJxLq0Ee4',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: 'https?://[^/]+/.*nodes/[A-Za-z0-9_-]{6,}.*',
						errorMessage: 'Not a document link: it should contain /i/nodes/<ID>',
					},
				},
			],
		},
		{
			displayName: 'ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. Gl6Pm2Db8D332mAgCnxo5w9lJxLq0Ee4',
		},
	],
};

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
	{
		displayName: 'Operator ID',
		name: 'operatorId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. manager4220',
		description: 'The person the sheet is read or edited as (操作人): they need access to it',
	},
	{
		displayName: 'Operator ID Type',
		name: 'operatorIdType',
		type: 'options',
		default: 'userId',
		options: [
			{
				name: 'User ID',
				value: 'userId',
				description: 'A userId (用户ID); converted to a unionId once per execution',
			},
			{ name: 'Union ID', value: 'unionId' },
		],
	},
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
