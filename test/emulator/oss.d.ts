/** The part of the object store's byte side the unit tests drive directly. */
export interface UploadSession {
	multipart: boolean;
	[key: string]: unknown;
}

export interface ReceivingObject {
	update(chunk: Uint8Array): number;
	finish(): { partNumber: number; size: number; sha256: string };
	abort(): void;
}

export function createUploadSession(fields: {
	uploadKey: string;
	multipart: boolean;
	[key: string]: unknown;
}): UploadSession;

export function beginObject(session: UploadSession, partNumber: number): ReceivingObject;

export function assembleUpload(
	session: UploadSession,
): { size: number; sha256: string | null; partSizes: number[] } | { error: string };
