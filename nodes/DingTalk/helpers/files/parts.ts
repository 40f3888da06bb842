/**
 * The part loop of a multipart upload into DingTalk enterprise storage
 * (https://open.dingtalk.com/document/orgapp/multipart-upload-file): the file is streamed from
 * n8n's binary store into a few reusable part buffers (never the whole file in memory), each part
 * PUT to its signed URL (fetched 30 at a time, https://open.dingtalk.com/document/orgapp/obtain-the-upload-information-of-the-file-in-parts),
 * a failed part retried alone, URLs about to expire replaced before use and expired ones re-requested.
 */
import type { IDataObject } from 'n8n-workflow';

import { dingTalkApiRequest, isExpiredAnswer, putSigned } from '../../transport';
import { parameterError } from '../execution/items';
import type { RunContext } from '../execution/runContext';

export const MIN_PART_BYTES = 100 * 1024;
const MAX_PART_NUMBERS_PER_QUERY = 30;
/** Replace a signed URL this long before it expires. */
const EXPIRY_MARGIN_MS = 30_000;
/** Parts uploaded at the same time: each holds one part buffer. */
const PARALLEL_PARTS = 2;

export interface SignatureInfo {
	resourceUrls?: string[];
	headers?: IDataObject;
	expirationSeconds?: number;
}

export interface SignedTarget {
	url: string;
	headers: IDataObject;
	expiresAt: number;
}

export function signedTarget(info: SignatureInfo | undefined, issuedAt: number): SignedTarget {
	return {
		url: info?.resourceUrls?.[0] ?? '',
		headers: info?.headers ?? {},
		expiresAt: issuedAt + Number(info?.expirationSeconds ?? 900) * 1000,
	};
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

export interface PartUpload {
	itemIndex: number;
	/** The operator: `{ unionId }`. */
	qs: IDataObject;
	uploadKey: string;
	size: number;
	partSize: number;
	source: AsyncIterable<Buffer | Uint8Array>;
}

/** The memory the part loop holds for a file of `size` in parts of `partSize`. */
export function partBufferBytes(size: number, partSize: number): number {
	const parts = Math.max(1, Math.ceil(size / Math.max(MIN_PART_BYTES, partSize)));
	return Math.min(PARALLEL_PARTS, parts) * Math.max(MIN_PART_BYTES, partSize);
}

/** Uploads every part of `source` under `uploadKey`, PARALLEL_PARTS at a time. */
export async function uploadParts(run: RunContext, upload: PartUpload): Promise<void> {
	const { context } = run;
	const { itemIndex, qs, uploadKey } = upload;
	const partSize = Math.max(MIN_PART_BYTES, upload.partSize);
	const totalParts = Math.max(1, Math.ceil(upload.size / partSize));
	const targets = new Map<number, SignedTarget>();
	const batches = new Map<number, Promise<void>>();
	const requestTargets = async (partNumbers: number[]) => {
		const issuedAt = Date.now();
		const answer = await dingTalkApiRequest<{
			multipartHeaderSignatureInfos?: Array<{
				partNumber: number;
				headerSignatureInfo: SignatureInfo;
			}>;
		}>(run.api, {
			api: 'new',
			method: 'POST',
			path: '/v1.0/storage/spaces/files/multiPartUploadInfos/query',
			qs,
			body: { uploadKey, partNumbers },
			itemIndex,
			idempotent: true,
		});
		for (const entry of answer.multipartHeaderSignatureInfos ?? [])
			targets.set(entry.partNumber, signedTarget(entry.headerSignatureInfo, issuedAt));
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
	const reader = new PartReader(upload.source);
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
