import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { runFileItems } from '../../helpers/files/drive';
import { uploadMedia, type MediaType } from '../../helpers/messages/media';
import { binaryField } from './common.description';

const properties: INodeProperties[] = [
	{
		displayName: 'Media Type',
		name: 'mediaType',
		type: 'options',
		default: 'file',
		options: [
			{
				name: 'File',
				value: 'file',
				description: 'Doc(x), xls(x), ppt(x), pdf, zip, rar, up to 20 MB',
			},
			{ name: 'Image', value: 'image', description: 'JPG, PNG, GIF, BMP, up to 20 MB' },
			{ name: 'Video', value: 'video', description: 'MP4, up to 20 MB' },
			{ name: 'Voice', value: 'voice', description: 'AMR, MP3, WAV, up to 2 MB' },
		],
	},
	binaryField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['file'], operation: ['uploadMedia'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runFileItems(run, items, async (i) => {
		const type = this.getNodeParameter('mediaType', i) as MediaType;
		const media = await uploadMedia(run, i, {
			propertyName: this.getNodeParameter('binaryPropertyName', i, 'data') as string,
			type,
			parameter: 'Input Binary Field',
		});
		return { mediaId: media.mediaId, type, fileName: media.fileName, size: media.size };
	});
}
