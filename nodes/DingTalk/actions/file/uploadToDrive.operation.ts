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
	driveFolderOf,
	operatorFromLocator,
	partSizeOf,
	runFileItems,
	type ConflictStrategy,
} from '../../helpers/files/drive';
import { uploadToDrive } from '../../helpers/files/driveUpload';
import { parameterError } from '../../helpers/execution/items';
import { optionsCollection } from '../common.description';
import {
	binaryField,
	driveFolderLocator,
	driveSpaceLocator,
	operatorFields,
	uploadOptions,
} from './common.description';

const properties: INodeProperties[] = [
	// The operator first: the space and folder lists show what that person sees.
	...operatorFields,
	driveSpaceLocator(),
	driveFolderLocator(),
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
		const folder = driveFolderOf(
			this,
			i,
			this.getNodeParameter('spaceId', i, ''),
			this.getNodeParameter('parentId', i, '0'),
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
		const unionId = await operatorFromLocator(
			run,
			i,
			this.getNodeParameter('operatorId', i, ''),
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
