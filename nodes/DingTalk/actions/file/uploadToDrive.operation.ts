import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import {
	dentryOutput,
	operatorUnionId,
	parseFolder,
	partSizeOf,
	runFileItems,
	type ConflictStrategy,
} from '../../helpers/files/drive';
import { uploadToDrive } from '../../helpers/files/driveUpload';
import { parameterError } from '../../helpers/execution/items';
import { optionsCollection } from '../common.description';
import { binaryField, operatorFields, uploadOptions } from './common.description';

const properties: INodeProperties[] = [
	{
		displayName: 'Space ID or Folder Link',
		name: 'spaceId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 1234567890, or a Drive folder link',
		description:
			'The space (空间ID), or paste the folder link from DingTalk Drive: both IDs are read from it',
		hint: 'DingTalk Drive (云盘) → the organisation → the folder → Copy link',
	},
	{
		displayName: 'Parent Folder ID',
		name: 'parentId',
		type: 'string',
		default: '0',
		description:
			"The folder (父目录ID) to upload into; 0 is the space's root. Ignored when a folder link gives one.",
	},
	...operatorFields,
	binaryField,
	optionsCollection(...uploadOptions),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['file'], operation: ['uploadToDrive'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runFileItems(run, items, async (i) => {
		const folder = parseFolder(
			String(this.getNodeParameter('spaceId', i, '')),
			String(this.getNodeParameter('parentId', i, '0')),
		);
		if ('problem' in folder)
			throw parameterError(
				this,
				i,
				folder.parameter ?? 'Space ID or Folder Link',
				folder.problem,
				folder.fix,
			);
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const partSize = partSizeOf(this, i, options);
		const unionId = await operatorUnionId(
			run,
			i,
			String(this.getNodeParameter('operatorId', i, '')),
			this.getNodeParameter('operatorIdType', i, 'userId') as string,
		);
		const dentry = await uploadToDrive(run, {
			itemIndex: i,
			propertyName: this.getNodeParameter('binaryPropertyName', i, 'data') as string,
			spaceId: folder.spaceId,
			parentId: folder.parentId,
			unionId,
			fileName: options.fileName as string | undefined,
			conflictStrategy: (options.conflictStrategy as ConflictStrategy) ?? 'AUTO_RENAME',
			multipartThreshold: partSize,
			partSize,
		});
		return dentryOutput(dentry);
	});
}
