/**
 * The object store's byte side, driven directly: how a multipart upload's whole-file sha256 is
 * hashed in part order while parts arrive out of order, and what happens past the hold-back limit.
 */
import { assembleUpload, beginObject, createUploadSession } from '../../emulator/oss';

const MIB = 1024 * 1024;
const CHUNK = new Uint8Array(MIB).fill(7);

function receiveWhole(
	session: ReturnType<typeof createUploadSession>,
	partNumber: number,
	mib: number,
) {
	const object = beginObject(session, partNumber);
	for (let i = 0; i < mib; i++) object.update(CHUNK);
	return object.finish();
}

describe('object store: out-of-order multipart parts', () => {
	it('keeps receiving a part that overflowed the hold-back after the chain caught up', () => {
		const session = createUploadSession({ uploadKey: 'k-overflow', multipart: true });
		// Parts 2–9 (64 MiB, the hold-back limit) wait for part 1.
		for (let part = 2; part <= 9; part++) receiveWhole(session, part, 8);
		// Part 10 starts: its first MiB overflows the limit, so it will not be held back.
		const tenth = beginObject(session, 10);
		tenth.update(CHUNK);
		// Part 1 arrives whole: the chain hashes 1–9 and frees the hold-back while part 10 streams.
		receiveWhole(session, 1, 8);
		// The rest of part 10 arrives (this threw "pending.push is not a function" before the fix).
		for (let i = 1; i < 8; i++) expect(() => tenth.update(CHUNK)).not.toThrow();
		expect(tenth.finish()).toMatchObject({ partNumber: 10, size: 8 * MIB });

		const upload = assembleUpload(session);
		// The whole file is there; its sha256 cannot be known (part 10 was not held back).
		expect(upload).toMatchObject({ size: 80 * MIB, sha256: null });
		expect('partSizes' in upload && upload.partSizes).toEqual(Array(10).fill(8 * MIB));
	});

	it('hashes the whole file when the held-back parts fit', () => {
		const session = createUploadSession({ uploadKey: 'k-fits', multipart: true });
		for (const part of [3, 2, 1]) receiveWhole(session, part, 1);
		const upload = assembleUpload(session);
		expect(upload).toMatchObject({ size: 3 * MIB });
		expect('sha256' in upload && typeof upload.sha256).toBe('string');
	});
});
