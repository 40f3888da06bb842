import type { INodeProperties } from 'n8n-workflow';

import { userLocator } from '../locators.description';

export const operatorFields: INodeProperties[] = [
	userLocator({
		displayName: 'Operator ID',
		name: 'operatorId',
		description:
			'The person the file operation is done as (操作者): they need rights on the folder or must be in the group. Pick them from the list, or give their mobile number or ID.',
	}),
	{
		displayName: 'Operator ID Type',
		name: 'operatorIdType',
		type: 'options',
		default: 'userId',
		options: [
			{
				name: 'User ID',
				value: 'userId',
				description:
					'A userId (用户ID); converted to a unionId once per execution. Applies to the By User ID mode of Operator ID.',
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

/** Links of DingTalk Drive folders and spaces (copy link); both IDs are read from them. */
const DRIVE_LINK = {
	type: 'regex',
	properties: {
		regex: '^https?://\\S+\\d{5,}',
		errorMessage: 'Paste the link DingTalk Drive copies for a folder (云盘 → folder → copy link)',
	},
};

/** The Drive space: from the list (spaces the operator sees), a folder link, or the space ID. */
export function driveSpaceLocator(): INodeProperties {
	return {
		displayName: 'Space ID or Folder Link',
		name: 'spaceId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description:
			'The space (空间ID): pick it from the spaces the operator sees, paste a folder link from DingTalk Drive (both IDs are read from it), or enter its ID',
		hint: 'The lists show what the operator above sees',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a space…',
				typeOptions: { searchListMethod: 'searchDriveSpaces', searchable: true },
			},
			{
				displayName: 'By Link',
				name: 'url',
				type: 'string',
				placeholder: 'e.g. https://alidocs.dingtalk.com/…',
				validation: [DRIVE_LINK],
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 1234567890',
			},
		],
	};
}

/** The folder in that space: from the list (browse), a folder link, or the folder ID (0 = root). */
export function driveFolderLocator(): INodeProperties {
	return {
		displayName: 'Parent Folder ID',
		name: 'parentId',
		type: 'resourceLocator',
		default: { mode: 'id', value: '0' },
		description:
			"The folder (父目录ID) to upload into; 0 is the space's root. Ignored when the space is given as a folder link.",
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a folder…',
				typeOptions: { searchListMethod: 'searchDriveFolders', searchable: true },
			},
			{
				displayName: 'By Link',
				name: 'url',
				type: 'string',
				placeholder: 'e.g. https://alidocs.dingtalk.com/…',
				validation: [DRIVE_LINK],
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 0, or 2000001',
			},
		],
	};
}
