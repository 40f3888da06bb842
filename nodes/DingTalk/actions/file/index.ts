import type { INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../node.type';
import * as downloadMessageFile from './downloadMessageFile.operation';
import * as sendToGroup from './sendToGroup.operation';
import * as uploadMedia from './uploadMedia.operation';
import * as uploadToDrive from './uploadToDrive.operation';

export { downloadMessageFile, sendToGroup, uploadMedia, uploadToDrive };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['file'] } },
		options: [
			{
				name: 'Upload to Drive',
				value: 'uploadToDrive',
				description: 'Upload a binary into a DingTalk Drive folder (any size, streamed)',
				action: 'Upload a file to drive',
			},
			{
				name: 'Send to Group',
				value: 'sendToGroup',
				description: 'Put a file into a group chat (发送群文件), as a user or as the robot',
				action: 'Send a file to a group',
			},
			{
				name: 'Upload Media',
				value: 'uploadMedia',
				description: 'Upload a binary as DingTalk media and get its media_id',
				action: 'Upload media',
			},
			{
				name: 'Download Message File',
				value: 'downloadMessageFile',
				description: 'Get a file someone sent to the robot, as binary',
				action: 'Download a file sent to the robot',
			},
		] satisfies Array<OperationOption<'file'>>,
		default: 'uploadToDrive',
	},
	...uploadToDrive.description,
	...sendToGroup.description,
	...uploadMedia.description,
	...downloadMessageFile.description,
];
