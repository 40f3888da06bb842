/**
 * Media upload (https://open.dingtalk.com/document/orgapp/upload-media-files): an n8n binary property → DingTalk media_id, for image,
 * audio, video and file messages. Checks type and size before uploading, and uploads identical
 * bytes only once per execution.
 */
import { createHash } from 'crypto';
import { dingTalkApiRequest } from '../../transport';
import { parameterError } from '../execution/items';
import type { RunContext } from '../execution/runContext';

export type MediaType = 'image' | 'voice' | 'video' | 'file';

const MB = 1024 * 1024;

export const MEDIA_LIMITS: Record<
	MediaType,
	{ maxBytes: number; extensions: string[]; label: string }
> = {
	image: { maxBytes: 20 * MB, extensions: ['jpg', 'jpeg', 'gif', 'png', 'bmp'], label: 'Images' },
	voice: { maxBytes: 2 * MB, extensions: ['amr', 'mp3', 'wav'], label: 'Audio messages' },
	video: { maxBytes: 20 * MB, extensions: ['mp4'], label: 'Videos' },
	file: {
		maxBytes: 20 * MB,
		extensions: ['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'zip', 'pdf', 'rar'],
		label: 'Files sent by the robot',
	},
};

export interface UploadedMedia {
	mediaId: string;
	fileName: string;
	/** Extension without the dot, lower case (what sampleFile's fileType wants). */
	extension: string;
	size: number;
}

function extensionOf(fileName: string): string {
	const match = /\.([A-Za-z0-9]+)$/.exec(fileName);
	return match ? match[1].toLowerCase() : '';
}

/**
 * Uploads the binary in `propertyName` of item `itemIndex` as `type`. `parameter` is the node
 * parameter's display name, for error messages.
 */
export async function uploadMedia(
	run: RunContext,
	itemIndex: number,
	options: { propertyName: string; type: MediaType; parameter: string; fileName?: string },
): Promise<UploadedMedia> {
	const { context } = run;
	const { propertyName, type, parameter } = options;
	const item = context.getInputData()[itemIndex];
	const binary = item?.binary?.[propertyName];
	if (!binary) {
		const available = Object.keys(item?.binary ?? {});
		throw parameterError(
			context,
			itemIndex,
			parameter,
			`The item has no binary field "${propertyName}"`,
			available.length
				? `Binary fields on this item: ${available.join(', ')}. Enter one of them.`
				: 'The item carries no file at all: read or download one first (e.g. Read/Write Files from Disk, HTTP Request with Response Format: File).',
		);
	}
	const fileName =
		(options.fileName ?? '').trim() ||
		binary.fileName ||
		`${propertyName}.${binary.fileExtension ?? 'bin'}`;
	const extension = extensionOf(fileName) || (binary.fileExtension ?? '').toLowerCase();
	const limits = MEDIA_LIMITS[type];
	if (!limits.extensions.includes(extension)) {
		throw parameterError(
			context,
			itemIndex,
			parameter,
			`"${fileName}" is a .${extension || '?'} file, which DingTalk does not accept here`,
			`${limits.label} must be one of: ${limits.extensions.join(', ')}.${type === 'file' ? ' For other types or larger files use File → Upload to Drive or File → Send to Group.' : ''}`,
		);
	}
	// Items upload side by side: the bytes held for this one come out of the run's budget.
	const release = await run.fileMemory.take(
		binary.id
			? Number((await context.helpers.getBinaryMetadata(binary.id)).fileSize)
			: Buffer.byteLength(binary.data, 'base64'),
	);
	try {
		const bytes = await context.helpers.getBinaryDataBuffer(itemIndex, propertyName);
		if (bytes.length > limits.maxBytes) {
			throw parameterError(
				context,
				itemIndex,
				parameter,
				`"${fileName}" is ${(bytes.length / MB).toFixed(1)} MB, over DingTalk's ${limits.maxBytes / MB} MB limit`,
				type === 'file'
					? 'Send larger files with File → Upload to Drive or File → Send to Group (no 20 MB limit).'
					: `Compress the file below ${limits.maxBytes / MB} MB.`,
			);
		}

		const key = `${type}|${fileName}|${createHash('sha256').update(bytes).digest('hex')}`;
		const uploads = run.media;
		let upload = uploads.get(key);
		if (!upload) {
			const mimeType = binary.mimeType || 'application/octet-stream';
			upload = dingTalkApiRequest<{ media_id?: string }>(run.api, {
				api: 'old',
				method: 'POST',
				path: '/media/upload',
				qs: { type },
				formData: () => {
					const form = new FormData();
					form.append('type', type);
					form.append('media', new Blob([bytes], { type: mimeType }), fileName);
					return form;
				},
				itemIndex,
				// A lost upload answer only costs an unused media_id: safe to repeat.
				idempotent: true,
			}).then((response) => ({
				mediaId: String(response.media_id ?? ''),
				fileName,
				extension,
				size: bytes.length,
			}));
			uploads.set(key, upload);
			upload.catch(() => uploads.delete(key));
		}
		return await upload;
	} finally {
		release();
	}
}

/**
 * A file name safe to hand to n8n: the base name only (no directories, no "..", no / or \\, no
 * control characters). Undefined when nothing usable is left.
 */
export function safeFileName(name: unknown): string | undefined {
	if (typeof name !== 'string') return undefined;
	const base = name
		.split(/[/\\]/)
		.pop()!
		.split('')
		.filter((char) => char.charCodeAt(0) >= 0x20 && char.charCodeAt(0) !== 0x7f)
		.join('')
		.trim();
	if (!base || /^\.+$/.test(base)) return undefined;
	return base;
}

/**
 * The file name of a Content-Disposition header (RFC 6266): filename*=charset''percent-encoded,
 * else filename="…". A filename* that does not decode falls back to its raw text; either way only
 * the base name is kept.
 */
export function fileNameFromDisposition(value: unknown): string | undefined {
	const header = String(value ?? '');
	const star = /filename\*\s*=\s*([\w-]*)'[^']*'([^;]+)/i.exec(header);
	if (star) {
		let decoded: string;
		try {
			decoded = decodeURIComponent(star[2].trim());
		} catch {
			decoded = star[2].trim();
		}
		const name = safeFileName(decoded);
		if (name) return name;
	}
	return safeFileName(/filename\s*=\s*"?([^";]+)"?/i.exec(header)?.[1]);
}
