import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { parameterError } from '../../helpers/execution/items';
import { fileNameFromDisposition, safeFileName } from '../../helpers/messages/media';
import { dingTalkApiRequest, getSigned, robotCodeOf } from '../../transport';
import { optionsCollection, options as messageOptions } from '../common.description';

const properties: INodeProperties[] = [
	{
		displayName: 'Download Code',
		name: 'downloadCode',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.downloadCode }}',
		description:
			'The downloadCode of a file, picture, audio or video someone sent to the robot (from the DingTalk Trigger)',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
	},
	optionsCollection(
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.fileName }}',
			description:
				"Name for the binary (the trigger's fileName); otherwise taken from DingTalk's answer",
		},
		messageOptions.robotCode,
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['file'], operation: ['downloadMessageFile'] } },
	properties,
);

/**
 * The temporary link messageFiles/download answered with, if it is one we can fetch
 * (https://open.dingtalk.com/document/orgapp/download-the-file-content-of-the-robot-receiving-message).
 * Otherwise says what came back without repeating it: a signed link carries its signature.
 */
function usableDownloadUrl(context: IExecuteFunctions, itemIndex: number, value: unknown): string {
	const text = typeof value === 'string' ? value.trim() : '';
	let problem: string | undefined;
	if (!text)
		problem =
			value === undefined || value === null ? 'no downloadUrl at all' : 'an empty downloadUrl';
	else {
		try {
			const url = new URL(text);
			if (url.protocol !== 'https:' && url.protocol !== 'http:')
				problem = `a downloadUrl with the unsupported scheme "${url.protocol}"`;
		} catch {
			problem = `a downloadUrl that is not a valid URL (${text.length} characters)`;
		}
	}
	if (problem === undefined) return text;
	return fail(context, itemIndex, problem);
}

function fail(context: IExecuteFunctions, itemIndex: number, problem: string): never {
	throw new NodeOperationError(
		context.getNode(),
		`DingTalk returned an unusable download link for this file: ${problem} [item ${itemIndex}]`,
		{
			itemIndex,
			description:
				'POST /v1.0/robot/messageFiles/download accepted the download code but its answer cannot be downloaded. The link is temporary and issued per request: run the node again. If it keeps happening, check that the download code comes from a message sent to this robot (Options → Robot Code) and that it is recent.',
		},
	);
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const credentials = await run.api.credentials();
	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const downloadCode = String(this.getNodeParameter('downloadCode', i, '')).trim();
			if (!downloadCode)
				throw parameterError(
					this,
					i,
					'Download Code',
					'No download code given',
					'Map downloadCode from a DingTalk Trigger robot message.',
				);
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			const { downloadUrl } = await dingTalkApiRequest<{ downloadUrl?: string }>(run.api, {
				api: 'new',
				method: 'POST',
				path: '/v1.0/robot/messageFiles/download',
				body: { downloadCode, robotCode: robotCodeOf(credentials, options.robotCode as string) },
				itemIndex: i,
				idempotent: true,
			});
			const file = await getSigned(run.api, usableDownloadUrl(this, i, downloadUrl), i);
			const mimeType = String(file.headers['content-type'] ?? 'application/octet-stream').split(
				';',
			)[0];
			const fileName =
				safeFileName(options.fileName) ||
				fileNameFromDisposition(file.headers['content-disposition']) ||
				'file';
			const property = this.getNodeParameter('binaryPropertyName', i, 'data') as string;
			output.push({
				json: { downloadCode, fileName, mimeType, size: file.body.length },
				binary: { [property]: await this.helpers.prepareBinaryData(file.body, fileName, mimeType) },
				pairedItem: { item: i },
			});
		} catch (error) {
			if (this.continueOnFail()) {
				const description = (error as NodeOperationError).description;
				output.push({
					json: { error: (error as Error).message, ...(description ? { description } : {}) },
					pairedItem: { item: i },
				});
				continue;
			}
			if (error instanceof NodeApiError)
				throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
		}
	}
	return output;
}
