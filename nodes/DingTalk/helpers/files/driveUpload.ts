/**
 * Uploading an n8n binary into DingTalk enterprise storage (https://open.dingtalk.com/document/orgapp/submittal-file): upload info →
 * PUT to the signed URL with exactly its headers → commit. Files above the multipart threshold are
 * streamed from n8n's binary store in parts (parts.ts). The bytes an upload holds are taken from
 * the run's file memory budget first, so items uploading side by side stay within it.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	dingTalkApiRequest,
	isExpiredAnswer,
	putSigned,
	type DingTalkRequest,
} from '../../transport';
import { parameterError } from '../execution/items';
import type { RunContext } from '../execution/runContext';
import type { ConflictStrategy } from './drive';
import { partBufferBytes, signedTarget, uploadParts, type SignatureInfo } from './parts';

export interface DriveUpload {
	itemIndex: number;
	propertyName: string;
	spaceId: string;
	parentId: string;
	unionId: string;
	fileName?: string;
	conflictStrategy: ConflictStrategy;
	/** Files larger than this go multipart. */
	multipartThreshold: number;
	partSize: number;
}

async function api<T>(run: RunContext, request: DingTalkRequest): Promise<T> {
	return await dingTalkApiRequest<T>(run.api, request);
}

/** Read size from n8n's binary store. */
const STREAM_CHUNK_BYTES = 1024 * 1024;

export async function uploadToDrive(run: RunContext, upload: DriveUpload): Promise<IDataObject> {
	const { context } = run;
	const { itemIndex, propertyName } = upload;
	const binary = context.getInputData()[itemIndex]?.binary?.[propertyName];
	if (!binary) {
		const available = Object.keys(context.getInputData()[itemIndex]?.binary ?? {});
		throw parameterError(
			context,
			itemIndex,
			'Input Binary Field',
			`The item has no binary field "${propertyName}"`,
			available.length
				? `Binary fields on this item: ${available.join(', ')}.`
				: 'Read or download a file in an earlier node first.',
		);
	}
	const name = (
		(upload.fileName ?? '').trim() ||
		binary.fileName ||
		`${propertyName}.${binary.fileExtension ?? 'bin'}`
	).trim();
	if (/[\t*"<>|]/.test(name) || name.endsWith('.')) {
		throw parameterError(
			context,
			itemIndex,
			'File Name',
			`"${name}" is not a valid DingTalk file name`,
			'Remove tabs and * " < > |, and do not end the name with a dot.',
		);
	}
	const size = binary.id
		? Number((await context.helpers.getBinaryMetadata(binary.id)).fileSize)
		: Buffer.byteLength(binary.data, 'base64');
	const qs = { unionId: upload.unionId };
	const spacePath = `/v1.0/storage/spaces/${encodeURIComponent(upload.spaceId)}`;
	const preCheckParam = { name, size, parentId: upload.parentId };
	let uploadKey: string;

	if (size <= upload.multipartThreshold) {
		// The whole file is held in memory for its one PUT: its bytes come out of the budget.
		const release = await run.fileMemory.take(size);
		try {
			const bytes = await context.helpers.getBinaryDataBuffer(itemIndex, propertyName);
			const requestInfo = async () => {
				const issuedAt = Date.now();
				const info = await api<{ uploadKey: string; headerSignatureInfo?: SignatureInfo }>(run, {
					api: 'new',
					method: 'POST',
					path: `${spacePath}/files/uploadInfos/query`,
					qs,
					body: {
						protocol: 'HEADER_SIGNATURE',
						multipart: false,
						option: { storageDriver: 'DINGTALK', preCheckParam },
					},
					itemIndex,
					idempotent: true,
				});
				return {
					uploadKey: info.uploadKey,
					target: signedTarget(info.headerSignatureInfo, issuedAt),
				};
			};
			let info = await requestInfo();
			let response = await putSigned(
				run.api,
				info.target.url,
				info.target.headers,
				bytes,
				itemIndex,
			);
			if (isExpiredAnswer(response)) {
				info = await requestInfo();
				response = await putSigned(run.api, info.target.url, info.target.headers, bytes, itemIndex);
			}
			if (response.statusCode >= 300) {
				throw parameterError(
					context,
					itemIndex,
					'Input Binary Field',
					`The upload was refused (HTTP ${response.statusCode})`,
					'Try again; if it keeps failing, check the file size and the space quota.',
				);
			}
			uploadKey = info.uploadKey;
		} finally {
			release();
		}
	} else {
		const init = await api<{ uploadKey: string }>(run, {
			api: 'new',
			method: 'POST',
			path: `${spacePath}/files/multiPartUploadInfos/init`,
			qs,
			body: { option: { storageDriver: 'DINGTALK', preCheckParam } },
			itemIndex,
			idempotent: true,
		});
		uploadKey = init.uploadKey;
		const release = await run.fileMemory.take(partBufferBytes(size, upload.partSize));
		try {
			const source: AsyncIterable<Buffer | Uint8Array> = binary.id
				? ((await context.helpers.getBinaryStream(
						binary.id,
						STREAM_CHUNK_BYTES,
					)) as unknown as AsyncIterable<Buffer>)
				: (async function* () {
						yield Buffer.from(binary.data, 'base64');
					})();
			await uploadParts(run, { itemIndex, qs, uploadKey, size, partSize: upload.partSize, source });
		} finally {
			release();
		}
	}

	const committed = await api<{ dentry?: IDataObject }>(run, {
		api: 'new',
		method: 'POST',
		path: `${spacePath}/files/commit`,
		qs,
		body: {
			uploadKey,
			name,
			parentId: upload.parentId,
			option: { conflictStrategy: upload.conflictStrategy, size },
		},
		itemIndex,
	});
	return committed.dentry ?? {};
}
