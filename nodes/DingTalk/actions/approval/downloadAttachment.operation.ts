import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { runPerItem, requiredParameter } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { fileNameFromDisposition, safeFileName } from '../../helpers/messages/media';
import { dingTalkApiRequest, getSigned } from '../../transport';
import { instanceIdField } from './instance';

const properties: INodeProperties[] = [
	{
		displayName: 'File ID',
		name: 'fileId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.attachments[0].fileId }}',
		description: 'The attachment (fileId), as Get lists it under attachments',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				description: "Name for the binary; otherwise DingTalk's",
			},
			{
				displayName: 'Include Comment Attachments',
				name: 'withComments',
				type: 'boolean',
				default: false,
				description: 'Whether the file may also be one attached to a comment',
			},
		],
	},
];

export const description: INodeProperties[] = [
	instanceIdField(['downloadAttachment']),
	...updateDisplayOptions(
		{ show: { resource: ['approval'], operation: ['downloadAttachment'] } },
		properties,
	),
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const binaries = new Map<number, INodeExecutionData['binary']>();
	const output = await runPerItem(this, items, async (i) => {
		const instanceId = requiredParameter(
			this,
			i,
			'instanceId',
			'Instance ID',
			'Map the instanceId from Start, Get or an approval event.',
		);
		const fileId = requiredParameter(
			this,
			i,
			'fileId',
			'File ID',
			'Map a fileId from the attachments Get lists.',
		);
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		// https://open.dingtalk.com/document/orgapp/download-an-approval-attachment
		const answer = await dingTalkApiRequest<{ result?: { downloadUri?: string } }>(run.api, {
			api: 'new',
			method: 'POST',
			path: '/v1.0/workflow/processInstances/spaces/files/urls/download',
			body: {
				processInstanceId: instanceId,
				fileId,
				withCommentAttatchment: Boolean(options.withComments),
			},
			itemIndex: i,
			idempotent: true,
		});
		const uri = String(answer.result?.downloadUri ?? '');
		if (!/^https?:\/\//.test(uri))
			throw new NodeOperationError(
				this.getNode(),
				`DingTalk returned no usable download link for file ${fileId} [item ${i}]`,
				{
					itemIndex: i,
					description: 'The link is temporary and issued per request: run the node again.',
				},
			);
		const file = await getSigned(run.api, uri, i);
		const mimeType = String(file.headers['content-type'] ?? 'application/octet-stream').split(
			';',
		)[0];
		const fileName =
			safeFileName(options.fileName) ||
			fileNameFromDisposition(file.headers['content-disposition']) ||
			fileId;
		const property = String(this.getNodeParameter('binaryPropertyName', i, 'data'));
		binaries.set(i, {
			[property]: await this.helpers.prepareBinaryData(file.body, fileName, mimeType),
		});
		return { instanceId, fileId, fileName, mimeType, size: file.body.length };
	});
	// runPerItem builds json items; each successful one gets its file (error items have none).
	return output.map((item) => {
		const index = (item.pairedItem as { item: number }).item;
		const binary = item.json.error === undefined ? binaries.get(index) : undefined;
		return binary ? { ...item, binary } : item;
	});
}
