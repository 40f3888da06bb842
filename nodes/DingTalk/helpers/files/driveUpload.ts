/**
 * Uploading an n8n binary into DingTalk enterprise storage (https://open.dingtalk.com/document/orgapp/submittal-file): upload info →
 * PUT to the signed URL with exactly its headers → commit. Files above the multipart threshold are
 * streamed from n8n's binary store in parts (never the whole file in memory); a failed part is
 * retried alone; URLs about to expire are replaced before use, and expired ones re-requested.
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

export const MIN_PART_BYTES = 100 * 1024;
const MAX_PART_NUMBERS_PER_QUERY = 30;
/** Replace a signed URL this long before it expires. */
const EXPIRY_MARGIN_MS = 30_000;

interface SignatureInfo {
	resourceUrls?: string[];
	headers?: IDataObject;
	expirationSeconds?: number;
}

interface SignedTarget {
	url: string;
	headers: IDataObject;
	expiresAt: number;
}

function target(info: SignatureInfo | undefined, issuedAt: number): SignedTarget {
	return {
		url: info?.resourceUrls?.[0] ?? '',
		headers: info?.headers ?? {},
		expiresAt: issuedAt + Number(info?.expirationSeconds ?? 900) * 1000,
	};
}

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

/**
 * Reads a byte stream part by part into buffers the caller owns and reuses, so a file of any
 * size passes through a fixed amount of memory.
 */
class PartReader {
	private readonly iterator: AsyncIterator<Buffer | Uint8Array>;

	private leftover: Buffer | undefined;

	private queue: Promise<unknown> = Promise.resolve();

	private count = 0;

	constructor(source: AsyncIterable<Buffer | Uint8Array>) {
		this.iterator = source[Symbol.asyncIterator]();
	}

	/** Fills `target` with the next part; resolves to its number and length, or undefined at the end. */
	next(target: Buffer): Promise<{ partNumber: number; length: number } | undefined> {
		const read = this.queue.then(async () => {
			const length = await this.fill(target);
			return length > 0 ? { partNumber: ++this.count, length } : undefined;
		});
		this.queue = read.catch(() => undefined);
		return read;
	}

	private async fill(target: Buffer): Promise<number> {
		let filled = 0;
		while (filled < target.length) {
			let chunk = this.leftover;
			this.leftover = undefined;
			if (!chunk) {
				const next = await this.iterator.next();
				if (next.done) break;
				chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
			}
			const take = Math.min(chunk.length, target.length - filled);
			chunk.copy(target, filled, 0, take);
			filled += take;
			if (take < chunk.length) this.leftover = chunk.subarray(take);
		}
		return filled;
	}
}

/** Parts uploaded at the same time: each holds one part buffer. */
const PARALLEL_PARTS = 2;
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
			return { uploadKey: info.uploadKey, target: target(info.headerSignatureInfo, issuedAt) };
		};
		let info = await requestInfo();
		let response = await putSigned(run.api, info.target.url, info.target.headers, bytes, itemIndex);
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
	} else {
		const partSize = Math.max(MIN_PART_BYTES, upload.partSize);
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
		const totalParts = Math.max(1, Math.ceil(size / partSize));
		const targets = new Map<number, SignedTarget>();
		const batches = new Map<number, Promise<void>>();
		const requestTargets = async (partNumbers: number[]) => {
			const issuedAt = Date.now();
			const answer = await api<{
				multipartHeaderSignatureInfos?: Array<{
					partNumber: number;
					headerSignatureInfo: SignatureInfo;
				}>;
			}>(run, {
				api: 'new',
				method: 'POST',
				path: '/v1.0/storage/spaces/files/multiPartUploadInfos/query',
				qs,
				body: { uploadKey, partNumbers },
				itemIndex,
				idempotent: true,
			});
			for (const entry of answer.multipartHeaderSignatureInfos ?? [])
				targets.set(entry.partNumber, target(entry.headerSignatureInfo, issuedAt));
		};
		/** Signed URL for a part: fetched 30 at a time, replaced when about to expire. */
		const targetFor = async (partNumber: number): Promise<SignedTarget> => {
			const batch = Math.floor((partNumber - 1) / MAX_PART_NUMBERS_PER_QUERY);
			if (!batches.has(batch)) {
				const first = batch * MAX_PART_NUMBERS_PER_QUERY + 1;
				const numbers = Array.from(
					{ length: Math.min(MAX_PART_NUMBERS_PER_QUERY, totalParts - first + 1) },
					(_, i) => first + i,
				);
				batches.set(batch, requestTargets(numbers));
			}
			await batches.get(batch);
			let signed = targets.get(partNumber);
			if (!signed || signed.expiresAt - Date.now() < EXPIRY_MARGIN_MS) {
				await requestTargets([partNumber]);
				signed = targets.get(partNumber);
			}
			return signed!;
		};
		const source: AsyncIterable<Buffer | Uint8Array> = binary.id
			? ((await context.helpers.getBinaryStream(
					binary.id,
					STREAM_CHUNK_BYTES,
				)) as unknown as AsyncIterable<Buffer>)
			: (async function* () {
					yield Buffer.from(binary.data, 'base64');
				})();
		const reader = new PartReader(source);
		const worker = async (buffer: Buffer) => {
			for (;;) {
				const slice = await reader.next(buffer);
				if (!slice) return;
				const part = buffer.subarray(0, slice.length);
				let signed = await targetFor(slice.partNumber);
				let response = await putSigned(run.api, signed.url, signed.headers, part, itemIndex);
				if (isExpiredAnswer(response)) {
					await requestTargets([slice.partNumber]);
					signed = targets.get(slice.partNumber)!;
					response = await putSigned(run.api, signed.url, signed.headers, part, itemIndex);
				}
				if (response.statusCode >= 300) {
					throw parameterError(
						context,
						itemIndex,
						'Input Binary Field',
						`Part ${slice.partNumber} of the upload was refused (HTTP ${response.statusCode})`,
						'Try again later.',
					);
				}
				targets.delete(slice.partNumber);
			}
		};
		const buffers = Array.from({ length: Math.min(PARALLEL_PARTS, totalParts) }, () =>
			Buffer.allocUnsafe(partSize),
		);
		await Promise.all(buffers.map(worker));
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
