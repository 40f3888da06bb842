/**
 * Uploading an n8n binary into DingTalk enterprise storage (dingtalk-api.md §8): upload info →
 * PUT to the signed URL with exactly its headers → commit. Files above the multipart threshold are
 * streamed from n8n's binary store in parts (never the whole file in memory); a failed part is
 * retried alone; URLs about to expire are replaced before use, and expired ones re-requested.
 */
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { dingTalkApiRequest, isExpiredAnswer, putSigned, type DingTalkRequest } from '../transport';
import { parameterError } from './items';
import { unionIdOf } from './users';

export const MIN_PART_BYTES = 100 * 1024;
const MAX_PART_NUMBERS_PER_QUERY = 30;
/** Replace a signed URL this long before it expires. */
const EXPIRY_MARGIN_MS = 30_000;

export type ConflictStrategy = 'AUTO_RENAME' | 'OVERWRITE' | 'RETURN_DENTRY_IF_EXISTS' | 'RETURN_ERROR_IF_EXISTS';

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

/**
 * A Drive folder the user pointed at: a space ID plus a parent folder ID, or the folder link the
 * Drive shows under "copy link" (both IDs are read from it).
 */
export function parseFolder(
	spaceIdOrLink: string,
	parentId: string,
): { spaceId: string; parentId: string } | { problem: string; fix: string; parameter?: 'Parent Folder ID' } {
	const text = spaceIdOrLink.trim();
	const parent = (parentId ?? '').trim() || '0';
	if (/^\d+$/.test(text)) {
		if (!/^\d+$/.test(parent)) {
			return { problem: `Parent folder ID "${parent}" is not a number`, fix: 'Use 0 for the space\'s root, or the folder\'s numeric ID.', parameter: 'Parent Folder ID' };
		}
		return { spaceId: text, parentId: parent };
	}
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return {
			problem: text ? `"${text.slice(0, 80)}" is neither a space ID nor a folder link` : 'No space ID given',
			fix: 'Enter the numeric space ID (空间ID), or paste the folder link from DingTalk Drive (云盘 → folder → copy link).',
		};
	}
	const param = (...names: string[]) => names.map((n) => url.searchParams.get(n)).find((v) => v && /^\d+$/.test(v));
	const numbers = `${url.pathname}${url.hash}`.match(/\d{5,}/g) ?? [];
	const spaceId = param('spaceId', 'space_id', 'spaceid') ?? numbers[0];
	const folderId = param('dentryId', 'dentry_id', 'parentId', 'folderId', 'fileId', 'dirId') ?? numbers[1] ?? '0';
	if (!spaceId) {
		return { problem: 'The folder link contains no space ID', fix: 'Copy the link of a folder (not of a file or a space list), or enter the IDs directly.' };
	}
	return { spaceId, parentId: folderId };
}

/** The operator's unionId: converted from a userId (cached per execution), or given directly. */
export async function operatorUnionId(context: IExecuteFunctions, itemIndex: number, id: string, type: string): Promise<string> {
	const value = id.trim();
	if (!value) {
		throw parameterError(context, itemIndex, 'Operator ID', 'No operator given', 'Enter the userId (用户ID) of the person the upload is done as; they need rights on the folder.');
	}
	if (type === 'unionId') return value;
	let unionId: string;
	try {
		unionId = await unionIdOf(context, itemIndex, value);
	} catch (error) {
		// 60121: no such user (dingtalk-api.md §7) — the Operator ID is wrong, not the request.
		if (((error as NodeApiError).context?.dingTalk as IDataObject | undefined)?.code === '60121') {
			throw parameterError(context, itemIndex, 'Operator ID', `DingTalk has no user "${value}"`, 'Check the userId (用户ID) in the admin console → Contacts, or give the unionId directly (Operator ID Type: Union ID).');
		}
		// Same instance back: NodeApiError does not re-wrap itself.
		throw new NodeApiError(context.getNode(), error as JsonObject);
	}
	if (!unionId) throw parameterError(context, itemIndex, 'Operator ID', `DingTalk has no unionId for user "${value}"`, 'Check the userId, or give the unionId directly.');
	return unionId;
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

async function api<T>(context: IExecuteFunctions, request: DingTalkRequest): Promise<T> {
	return await dingTalkApiRequest.call<IExecuteFunctions, [DingTalkRequest], Promise<T>>(context, request);
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

export async function uploadToDrive(context: IExecuteFunctions, upload: DriveUpload): Promise<IDataObject> {
	const { itemIndex, propertyName } = upload;
	const binary = context.getInputData()[itemIndex]?.binary?.[propertyName];
	if (!binary) {
		const available = Object.keys(context.getInputData()[itemIndex]?.binary ?? {});
		throw parameterError(
			context,
			itemIndex,
			'Input Binary Field',
			`The item has no binary field "${propertyName}"`,
			available.length ? `Binary fields on this item: ${available.join(', ')}.` : 'Read or download a file in an earlier node first.',
		);
	}
	const name = ((upload.fileName ?? '').trim() || binary.fileName || `${propertyName}.${binary.fileExtension ?? 'bin'}`).trim();
	if (/[\t*"<>|]/.test(name) || name.endsWith('.')) {
		throw parameterError(context, itemIndex, 'File Name', `"${name}" is not a valid DingTalk file name`, 'Remove tabs and * " < > |, and do not end the name with a dot.');
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
			const info = await api<{ uploadKey: string; headerSignatureInfo?: SignatureInfo }>(context, {
				api: 'new',
				method: 'POST',
				path: `${spacePath}/files/uploadInfos/query`,
				qs,
				body: { protocol: 'HEADER_SIGNATURE', multipart: false, option: { storageDriver: 'DINGTALK', preCheckParam } },
				itemIndex,
				idempotent: true,
			});
			return { uploadKey: info.uploadKey, target: target(info.headerSignatureInfo, issuedAt) };
		};
		let info = await requestInfo();
		let response = await putSigned(context, info.target.url, info.target.headers, bytes, itemIndex);
		if (isExpiredAnswer(response)) {
			info = await requestInfo();
			response = await putSigned(context, info.target.url, info.target.headers, bytes, itemIndex);
		}
		if (response.statusCode >= 300) {
			throw parameterError(context, itemIndex, 'Input Binary Field', `The upload was refused (HTTP ${response.statusCode})`, 'Try again; if it keeps failing, check the file size and the space quota.');
		}
		uploadKey = info.uploadKey;
	} else {
		const partSize = Math.max(MIN_PART_BYTES, upload.partSize);
		const init = await api<{ uploadKey: string }>(context, {
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
			const answer = await api<{ multipartHeaderSignatureInfos?: Array<{ partNumber: number; headerSignatureInfo: SignatureInfo }> }>(context, {
				api: 'new',
				method: 'POST',
				path: '/v1.0/storage/spaces/files/multiPartUploadInfos/query',
				qs,
				body: { uploadKey, partNumbers },
				itemIndex,
				idempotent: true,
			});
			for (const entry of answer.multipartHeaderSignatureInfos ?? []) targets.set(entry.partNumber, target(entry.headerSignatureInfo, issuedAt));
		};
		/** Signed URL for a part: fetched 30 at a time, replaced when about to expire. */
		const targetFor = async (partNumber: number): Promise<SignedTarget> => {
			const batch = Math.floor((partNumber - 1) / MAX_PART_NUMBERS_PER_QUERY);
			if (!batches.has(batch)) {
				const first = batch * MAX_PART_NUMBERS_PER_QUERY + 1;
				const numbers = Array.from({ length: Math.min(MAX_PART_NUMBERS_PER_QUERY, totalParts - first + 1) }, (_, i) => first + i);
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
			? ((await context.helpers.getBinaryStream(binary.id, STREAM_CHUNK_BYTES)) as unknown as AsyncIterable<Buffer>)
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
				let response = await putSigned(context, signed.url, signed.headers, part, itemIndex);
				if (isExpiredAnswer(response)) {
					await requestTargets([slice.partNumber]);
					signed = targets.get(slice.partNumber)!;
					response = await putSigned(context, signed.url, signed.headers, part, itemIndex);
				}
				if (response.statusCode >= 300) {
					throw parameterError(context, itemIndex, 'Input Binary Field', `Part ${slice.partNumber} of the upload was refused (HTTP ${response.statusCode})`, 'Try again later.');
				}
				targets.delete(slice.partNumber);
			}
		};
		const buffers = Array.from({ length: Math.min(PARALLEL_PARTS, totalParts) }, () => Buffer.allocUnsafe(partSize));
		await Promise.all(buffers.map(worker));
	}

	const committed = await api<{ dentry?: IDataObject }>(context, {
		api: 'new',
		method: 'POST',
		path: `${spacePath}/files/commit`,
		qs,
		body: { uploadKey, name, parentId: upload.parentId, option: { conflictStrategy: upload.conflictStrategy, size } },
		itemIndex,
	});
	return committed.dentry ?? {};
}

/** The largest part the Part Size (MB) option allows (its editor maximum). */
export const MAX_PART_SIZE_MB = 512;

/**
 * Part Size (MB) in bytes, checked before anything is sent: a value that is not a number, zero,
 * negative or above the maximum would otherwise upload nothing and fail only at the commit.
 */
export function partSizeOf(context: IExecuteFunctions, itemIndex: number, options: IDataObject): number {
	const raw = options.partSizeMb ?? 8;
	const megabytes = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof megabytes !== 'number' || !Number.isFinite(megabytes) || megabytes < 1 || megabytes > MAX_PART_SIZE_MB) {
		throw parameterError(
			context,
			itemIndex,
			'Part Size (MB)',
			`Part size "${String(raw)}" is not a number from 1 to ${MAX_PART_SIZE_MB}`,
			`Enter the size of each uploaded part in MB, from 1 to ${MAX_PART_SIZE_MB} (default 8), or remove the option.`,
		);
	}
	return Math.round(megabytes * 1024 * 1024);
}
