import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/** An input item carrying a file in n8n's in-memory binary mode. */
export function binaryItem(
	files: Record<string, { fileName: string; mimeType: string; bytes: Buffer | string }>,
	json: IDataObject = {},
): INodeExecutionData {
	const binary: INodeExecutionData['binary'] = {};
	for (const [property, file] of Object.entries(files)) {
		const bytes = typeof file.bytes === 'string' ? Buffer.from(file.bytes) : file.bytes;
		binary[property] = {
			data: bytes.toString('base64'),
			mimeType: file.mimeType,
			fileName: file.fileName,
			fileExtension: file.fileName.split('.').pop(),
			fileSize: `${bytes.length} B`,
		};
	}
	return { json, binary };
}

export function userIds(from: number, count: number): string[] {
	return Array.from({ length: count }, (_, n) => `user${String(from + n).padStart(4, '0')}`);
}
