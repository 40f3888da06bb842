/**
 * n8n binaries as AI Table attachments, the three steps of
 * https://open.dingtalk.com/document/development/notable-upload-attachment: upload information for
 * the base (`POST /v1.0/doc/docs/resources/{baseId}/uploadInfos/query`), a PUT of the bytes to the
 * signed `uploadUrl` with the file's type, then the cell value
 * `[{filename, size, type, url: resourceUrl, resourceId}]` in an insert or update.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { dingTalkApiRequest, putSigned } from '../../transport';
import type { RunContext } from '../execution/runContext';

interface UploadInfo {
	success?: boolean;
	result?: { uploadUrl?: string; resourceUrl?: string; resourceId?: string };
}

/** Uploads the item's binary `propertyName` into the base; returns the attachment cell entry. */
export async function uploadAttachment(
	run: RunContext,
	itemIndex: number,
	baseId: string,
	operatorId: string,
	propertyName: string,
): Promise<IDataObject> {
	const { context } = run;
	const binary = context.helpers.assertBinaryData(itemIndex, propertyName);
	const filename =
		binary.fileName ?? `${propertyName}${binary.fileExtension ? `.${binary.fileExtension}` : ''}`;
	const mediaType = binary.mimeType || 'application/octet-stream';
	const size = binary.id
		? Number((await context.helpers.getBinaryMetadata(binary.id)).fileSize)
		: Buffer.byteLength(binary.data, 'base64');
	// The whole file is held for its one PUT: its bytes come out of the run's file budget.
	const release = await run.fileMemory.take(size);
	try {
		const bytes = await context.helpers.getBinaryDataBuffer(itemIndex, propertyName);
		const info = await dingTalkApiRequest<UploadInfo>(run.api, {
			api: 'new',
			method: 'POST',
			path: `/v1.0/doc/docs/resources/${encodeURIComponent(baseId)}/uploadInfos/query`,
			qs: { operatorId },
			body: { resourceName: filename, size, mediaType },
			itemIndex,
			idempotent: true,
		});
		const result = info.result ?? {};
		if (!result.uploadUrl || !result.resourceUrl || !result.resourceId) {
			throw new NodeOperationError(
				context.getNode(),
				'DingTalk gave no upload URL for the attachment',
				{
					itemIndex,
					description: `Answer of uploadInfos/query: ${JSON.stringify(info).slice(0, 300)}`,
				},
			);
		}
		const put = await putSigned(run.api, result.uploadUrl, {}, bytes, itemIndex, mediaType);
		if (put.statusCode >= 300) {
			throw new NodeOperationError(
				context.getNode(),
				`The attachment upload URL expired before "${filename}" was stored`,
				{
					itemIndex,
					description:
						'Run the node again; if it keeps happening, the clock of this server may be off.',
				},
			);
		}
		return {
			filename,
			size,
			type: mediaType,
			url: result.resourceUrl,
			resourceId: result.resourceId,
		};
	} finally {
		release();
	}
}
