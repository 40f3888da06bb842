import type { INodeProperties } from 'n8n-workflow';

export const operatorFields: INodeProperties[] = [
	{
		displayName: 'Operator ID',
		name: 'operatorId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. manager4220',
		description:
			'The person the file operation is done as (操作者): they need rights on the folder or must be in the group',
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

export const binaryField: INodeProperties = {
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	hint: 'The name of the input binary field containing the file',
};

export const uploadOptions: INodeProperties[] = [
	{
		displayName: 'Conflict Strategy',
		name: 'conflictStrategy',
		type: 'options',
		default: 'AUTO_RENAME',
		description: 'What to do when the folder already has a file with this name',
		options: [
			{
				name: 'Auto Rename',
				value: 'AUTO_RENAME',
				description: 'Keep both: the new file becomes "name(1).ext"',
			},
			{ name: 'Fail', value: 'RETURN_ERROR_IF_EXISTS', description: 'Stop with an error' },
			{
				name: 'Overwrite',
				value: 'OVERWRITE',
				description: 'Replace the content (a new version of the same file)',
			},
			{
				name: 'Return Existing',
				value: 'RETURN_DENTRY_IF_EXISTS',
				description: 'Keep the existing file and return it',
			},
		],
	},
	{
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		default: '',
		placeholder: 'e.g. report.pdf',
		description: "Name in DingTalk, instead of the binary's own file name",
	},
	{
		displayName: 'Part Size (MB)',
		name: 'partSizeMb',
		type: 'number',
		default: 8,
		typeOptions: { minValue: 1, maxValue: 512 },
		description: 'Files larger than one part are uploaded in parts of this size, streamed',
	},
];
