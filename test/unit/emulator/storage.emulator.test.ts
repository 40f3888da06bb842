import { createHash, randomBytes } from 'crypto';
import { sleep } from 'n8n-workflow';

import { startEmulator, type Emulator, type EmulatorStorageState } from '../../emulator';

/**
 * Enterprise storage, group files and robot message files over real HTTP (dingtalk-api.md §3.5,
 * §8, §9): upload info → PUT to the object store (a third listener, a third-party host) with
 * exactly the signed headers → commit; multipart; downloads through signed GET URLs; and that a
 * DingTalk token never reaches the object store.
 */

interface Reply<T = Record<string, unknown>> {
	status: number;
	data: T & { code?: string; message?: string };
}

interface SignatureInfo {
	resourceUrls: string[];
	internalResourceUrls?: string[];
	headers: Record<string, string>;
	expirationSeconds: number;
	region?: string;
}

interface UploadInfo {
	protocol: string;
	storageDriver: string;
	uploadKey: string;
	headerSignatureInfo: SignatureInfo;
}

interface Dentry {
	id: string;
	uuid: string;
	spaceId: string;
	parentId: string;
	name: string;
	extension: string;
	size: number;
	type: string;
	path: string;
	version: number;
	status: string;
	storageDriver: string;
	createTime: string;
	modifiedTime: string;
	creatorId: string;
	modifierId: string;
}

interface OssReply {
	status: number;
	text: string;
	headers: Headers;
}

interface SeenRequest {
	host: string;
	method: string;
	path: string;
	query: Record<string, string>;
	outcome?: string;
	status?: number;
}

interface GroupFileRecord {
	channel: string;
	openConversationId: string;
	unionId: string;
	spaceId: string;
	dentryId: string;
	name: string;
	size: number;
	sha256: string;
}

interface State {
	storage: EmulatorStorageState;
	requests: SeenRequest[];
	messages: GroupFileRecord[];
}

const TEAM_SPACE = '1000001';
const REPORTS_FOLDER = '2000001';
const OTHER_SPACE = '1000002';
const GROUP_ONE = 'cidEmuGroup+One/AAA==';
const KIB = 1024;

let emulator: Emulator;
let accessToken: string;
/** Operators: user0001 (member of Team files and group one), user0020 (only of space 1000002). */
let member: string;
let outsider: string;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bytesOf = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

async function json<T>(response: Response): Promise<Reply<T>> {
	return { status: response.status, data: (await response.json()) as Reply<T>['data'] };
}

async function api<T = Record<string, unknown>>(
	path: string,
	query: Record<string, string>,
	body: unknown,
): Promise<Reply<T>> {
	const qs = new URLSearchParams(query).toString();
	const response = await fetch(`${emulator.apiBaseUrl}${path}${qs ? `?${qs}` : ''}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': accessToken },
		body: JSON.stringify(body),
	});
	return await json<T>(response);
}

async function admin<T = Record<string, unknown>>(
	path: string,
	body: unknown = {},
): Promise<Reply<T>> {
	const response = await fetch(`${emulator.apiBaseUrl}/__emulator/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return await json<T>(response);
}

async function state(): Promise<State> {
	return (await (await fetch(`${emulator.apiBaseUrl}/__emulator/state`)).json()) as State;
}

async function storedBytes(dentryId: string): Promise<Uint8Array> {
	const response = await fetch(`${emulator.apiBaseUrl}/__emulator/storage/files/${dentryId}`);
	expect(response.status).toBe(200);
	return new Uint8Array(await response.arrayBuffer());
}

async function ossRequest(
	method: string,
	url: string,
	headers: Record<string, string>,
	body?: Uint8Array,
): Promise<OssReply> {
	const response = await fetch(url, { method, headers, body });
	return { status: response.status, text: await response.text(), headers: response.headers };
}

const put = (info: SignatureInfo, bytes: Uint8Array, extraHeaders: Record<string, string> = {}) =>
	ossRequest('PUT', info.resourceUrls[0], { ...info.headers, ...extraHeaders }, bytes);

const codeOf = (xml: string) => /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];

async function unionIdOf(userId: string): Promise<string> {
	const response = await fetch(
		`${emulator.oapiBaseUrl}/topapi/v2/user/get?access_token=${encodeURIComponent(accessToken)}`,
		{
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ userid: userId }),
		},
	);
	const data = (await response.json()) as { result: { unionid: string } };
	return data.result.unionid;
}

function uploadInfo(spaceId = TEAM_SPACE, unionId = member, body: Record<string, unknown> = {}) {
	return api<UploadInfo>(
		`/v1.0/storage/spaces/${spaceId}/files/uploadInfos/query`,
		{ unionId },
		{
			protocol: 'HEADER_SIGNATURE',
			multipart: false,
			...body,
		},
	);
}

function commit(
	uploadKey: string,
	name: string,
	parentId = '0',
	option?: Record<string, unknown>,
	spaceId = TEAM_SPACE,
	unionId = member,
) {
	return api<{ dentry: Dentry }>(
		`/v1.0/storage/spaces/${spaceId}/files/commit`,
		{ unionId },
		{ uploadKey, name, parentId, option },
	);
}

/** The whole single-part flow: upload info, PUT, commit. */
async function upload(
	name: string,
	bytes: Uint8Array,
	parentId = '0',
	option?: Record<string, unknown>,
	spaceId = TEAM_SPACE,
) {
	const info = await uploadInfo(spaceId);
	expect(info.status).toBe(200);
	expect((await put(info.data.headerSignatureInfo, bytes)).status).toBe(200);
	return await commit(info.data.uploadKey, name, parentId, option, spaceId);
}

async function downloadUrl(
	dentryId: string,
	spaceId = TEAM_SPACE,
	unionId = member,
): Promise<string> {
	const reply = await api<{ protocol: string; headerSignatureInfo: SignatureInfo }>(
		`/v1.0/storage/spaces/${spaceId}/dentries/${dentryId}/downloadInfos/query`,
		{ unionId },
		{},
	);
	expect(reply.status).toBe(200);
	expect(reply.data.protocol).toBe('HEADER_SIGNATURE');
	expect(reply.data.headerSignatureInfo.headers).toEqual({});
	return reply.data.headerSignatureInfo.resourceUrls[0];
}

async function multipartInit(spaceId = TEAM_SPACE): Promise<string> {
	const init = await api<{ uploadKey: string; storageDriver: string }>(
		`/v1.0/storage/spaces/${spaceId}/files/multiPartUploadInfos/init`,
		{ unionId: member },
		{ option: { storageDriver: 'DINGTALK' } },
	);
	expect(init.status).toBe(200);
	expect(init.data.storageDriver).toBe('DINGTALK');
	return init.data.uploadKey;
}

function partInfos(uploadKey: string, partNumbers: unknown[]) {
	return api<{
		multipartHeaderSignatureInfos: Array<{
			partNumber: number;
			headerSignatureInfo: SignatureInfo;
		}>;
	}>(
		'/v1.0/storage/spaces/files/multiPartUploadInfos/query',
		{ unionId: member },
		{ uploadKey, partNumbers },
	);
}

/** Uploads parts (in the given order) of a multipart upload; returns the uploadKey. */
async function uploadParts(parts: Uint8Array[], order: number[]): Promise<string> {
	const uploadKey = await multipartInit();
	const infos = await partInfos(
		uploadKey,
		parts.map((_, i) => i + 1),
	);
	expect(infos.status).toBe(200);
	const byNumber = new Map(
		infos.data.multipartHeaderSignatureInfos.map((entry) => [
			entry.partNumber,
			entry.headerSignatureInfo,
		]),
	);
	for (const partNumber of order)
		expect((await put(byNumber.get(partNumber)!, parts[partNumber - 1])).status).toBe(200);
	return uploadKey;
}

beforeAll(async () => {
	emulator = await startEmulator();
	const response = await fetch(`${emulator.apiBaseUrl}/v1.0/oauth2/accessToken`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ appKey: emulator.app.appKey, appSecret: emulator.app.appSecret }),
	});
	accessToken = ((await response.json()) as { accessToken: string }).accessToken;
	member = await unionIdOf('user0001');
	outsider = await unionIdOf('user0020');
});

afterAll(async () => {
	await emulator.stop();
});

beforeEach(async () => {
	// storage: true also rebuilds the storage directory, so every test starts with the default spaces.
	await admin('reset', { storage: true });
});

afterEach(async () => {
	// Whatever a test did, no DingTalk credential may have reached the object store — except in
	// the tests that send one on purpose (they reset before returning).
	expect((await state()).storage.tokenLeaks).toEqual([]);
});

describe('object store: a third listener', () => {
	it('runs on its own port and answers OSS-style XML', async () => {
		expect(emulator.ossBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(new URL(emulator.ossBaseUrl).port).not.toBe(new URL(emulator.apiBaseUrl).port);
		expect(new URL(emulator.ossBaseUrl).port).not.toBe(new URL(emulator.oapiBaseUrl).port);
		const reply = await ossRequest('GET', `${emulator.ossBaseUrl}/oss/nothing`, {});
		expect(reply.status).toBe(403);
		expect(reply.headers.get('content-type')).toBe('application/xml');
		expect(reply.text).toMatch(/^<\?xml[^>]*>\s*<Error>/);
	});
});

describe('storage: single-part upload', () => {
	it('uploads, commits and stores exactly the bytes (happy path)', async () => {
		const info = await uploadInfo(TEAM_SPACE, member, {
			option: {
				storageDriver: 'DINGTALK',
				preCheckParam: { name: 'a.pdf', size: 11, parentId: REPORTS_FOLDER },
			},
		});
		expect(info.status).toBe(200);
		expect(info.data).toMatchObject({ protocol: 'HEADER_SIGNATURE', storageDriver: 'DINGTALK' });
		expect(typeof info.data.uploadKey).toBe('string');
		const signed = info.data.headerSignatureInfo;
		expect(signed.resourceUrls).toHaveLength(1);
		expect(signed.resourceUrls[0].startsWith(`${emulator.ossBaseUrl}/oss/`)).toBe(true);
		expect(new URL(signed.resourceUrls[0]).searchParams.get('OSSAccessKeyId')).toBe('emu');
		expect(Number(new URL(signed.resourceUrls[0]).searchParams.get('Expires'))).toBeGreaterThan(
			Date.now() / 1000,
		);
		expect(signed.internalResourceUrls).toEqual([]);
		expect(Object.keys(signed.headers).sort()).toEqual(['Authorization', 'x-oss-date']);
		expect(signed.headers.Authorization).toMatch(/^OSS emu:\S+$/);
		expect(signed).toMatchObject({ expirationSeconds: 900, region: 'ZHANGJIAKOU' });

		const bytes = bytesOf('hello world');
		const stored = await put(signed, bytes);
		expect(stored.status).toBe(200);
		expect(stored.headers.get('etag')).toMatch(/^"[0-9A-F]{32}"$/);

		const committed = await commit(info.data.uploadKey, 'a.pdf', REPORTS_FOLDER, {
			conflictStrategy: 'AUTO_RENAME',
			size: 11,
		});
		expect(committed.status).toBe(200);
		const dentry = committed.data.dentry;
		expect(dentry).toEqual({
			id: expect.stringMatching(/^\d+$/),
			uuid: expect.any(String),
			spaceId: TEAM_SPACE,
			parentId: REPORTS_FOLDER,
			name: 'a.pdf',
			extension: 'pdf',
			size: 11,
			type: 'FILE',
			path: '/Reports/a.pdf',
			version: 1,
			status: 'NORMAL',
			storageDriver: 'DINGTALK',
			createTime: expect.any(String),
			modifiedTime: expect.any(String),
			creatorId: member,
			modifierId: member,
		});
		expect(new Date(dentry.createTime).toISOString()).toBe(dentry.createTime);
		expect(sha256(await storedBytes(dentry.id))).toBe(sha256(bytes));

		const after = await state();
		expect(after.storage.dentries.find((d) => d.id === dentry.id)).toMatchObject({
			spaceId: TEAM_SPACE,
			size: 11,
			sha256: sha256(bytes),
			version: 1,
		});
		expect(after.storage.uploads).toBe(1);
		const ossSeen = after.requests.filter((r) => r.host === 'oss');
		expect(ossSeen).toEqual([
			expect.objectContaining({ method: 'PUT', outcome: 'ok', status: 200 }),
		]);
	});

	it('accepts an empty Content-Type header (it signs as empty)', async () => {
		const info = await uploadInfo();
		expect(
			(await put(info.data.headerSignatureInfo, bytesOf('x'), { 'content-type': '' })).status,
		).toBe(200);
	});

	it('refuses a PUT that adds a Content-Type: 403 SignatureDoesNotMatch', async () => {
		const info = await uploadInfo();
		const reply = await put(info.data.headerSignatureInfo, bytesOf('x'), {
			'content-type': 'application/octet-stream',
		});
		expect(reply.status).toBe(403);
		expect(codeOf(reply.text)).toBe('SignatureDoesNotMatch');
		expect(reply.text).toContain('application/octet-stream');
		// Nothing was stored: the commit finds no upload.
		expect((await commit(info.data.uploadKey, 'x.txt')).data.code).toBe(
			'invalidParameter.uploadKey.notUploaded',
		);
	});

	it('refuses a PUT without the signed headers, or with a changed Expires or x-oss-date', async () => {
		const info = await uploadInfo();
		const signed = info.data.headerSignatureInfo;
		expect(codeOf((await ossRequest('PUT', signed.resourceUrls[0], {}, bytesOf('x'))).text)).toBe(
			'AccessDenied',
		);
		expect(
			codeOf(
				(
					await ossRequest(
						'PUT',
						signed.resourceUrls[0],
						{ Authorization: signed.headers.Authorization },
						bytesOf('x'),
					)
				).text,
			),
		).toBe('SignatureDoesNotMatch');
		const later = new URL(signed.resourceUrls[0]);
		later.searchParams.set('Expires', String(Number(later.searchParams.get('Expires')) + 3600));
		const moved = await ossRequest('PUT', later.toString(), signed.headers, bytesOf('x'));
		expect(moved.status).toBe(403);
		expect(codeOf(moved.text)).toBe('SignatureDoesNotMatch');
		const redated = await put(signed, bytesOf('x'), { 'x-oss-date': '20200101T000000Z' });
		expect(codeOf(redated.text)).toBe('SignatureDoesNotMatch');
		const extra = await put(signed, bytesOf('x'), { 'x-oss-meta-owner': 'me' });
		expect(codeOf(extra.text)).toBe('SignatureDoesNotMatch');
	});

	it('refuses a PUT carrying the DingTalk token and records the leak', async () => {
		const info = await uploadInfo();
		const signed = info.data.headerSignatureInfo;
		const inHeader = await put(signed, bytesOf('x'), {
			'x-acs-dingtalk-access-token': accessToken,
		});
		expect(inHeader.status).toBe(403);
		expect(codeOf(inHeader.text)).toBe('AccessDenied');
		const inQuery = await ossRequest(
			'PUT',
			`${signed.resourceUrls[0]}&access_token=${encodeURIComponent(accessToken)}`,
			signed.headers,
			bytesOf('x'),
		);
		expect(inQuery.status).toBe(403);
		const asBearer = await ossRequest(
			'PUT',
			signed.resourceUrls[0],
			{ ...signed.headers, Authorization: `Bearer ${accessToken}` },
			bytesOf('x'),
		);
		expect(asBearer.status).toBe(403);

		const seen = await state();
		const path = new URL(signed.resourceUrls[0]).pathname;
		expect(seen.storage.tokenLeaks).toEqual([
			{ path, where: 'header:x-acs-dingtalk-access-token' },
			{ path, where: 'query:access_token' },
			{ path, where: 'header:authorization' },
		]);
		// The request log never shows the token.
		expect(JSON.stringify(seen.requests)).not.toContain(accessToken);
		expect((await commit(info.data.uploadKey, 'x.txt')).data.code).toBe(
			'invalidParameter.uploadKey.notUploaded',
		);
		await admin('reset');
	});

	it('refuses an expired URL with 403 "Request has expired."', async () => {
		expect((await admin('storage/settings', { expirationSeconds: 1 })).data).toEqual({
			expirationSeconds: 1,
		});
		const info = await uploadInfo();
		expect(info.data.headerSignatureInfo.expirationSeconds).toBe(1);
		await sleep(1500);
		const reply = await put(info.data.headerSignatureInfo, bytesOf('late'));
		expect(reply.status).toBe(403);
		expect(codeOf(reply.text)).toBe('AccessDenied');
		expect(reply.text).toContain('<Message>Request has expired.</Message>');
		// The uploadKey ran out with its URL.
		expect((await commit(info.data.uploadKey, 'late.txt')).data.code).toBe(
			'invalidParameter.uploadKey',
		);
		// reset() restores the default lifetime.
		await admin('reset');
		expect((await uploadInfo()).data.headerSignatureInfo.expirationSeconds).toBe(900);
	});

	it('validates upload info: protocol, multipart, options and preCheckParam', async () => {
		const ftp = await uploadInfo(TEAM_SPACE, member, { protocol: 'STS' });
		expect(ftp).toMatchObject({ status: 400, data: { code: 'DENTRY_UPLOAD_PROTOCOL_NOTSUPPORT' } });
		const noProtocol = await api(
			`/v1.0/storage/spaces/${TEAM_SPACE}/files/uploadInfos/query`,
			{ unionId: member },
			{ multipart: false },
		);
		expect(noProtocol).toMatchObject({ status: 400, data: { code: 'Missingprotocol' } });
		// multipart is a boolean; the official SDK's example value is true, and either gets one PUT URL.
		expect((await uploadInfo(TEAM_SPACE, member, { multipart: 'yes' })).data.code).toBe(
			'invalidParameter.multipart',
		);
		expect(
			(await uploadInfo(TEAM_SPACE, member, { multipart: true })).data.headerSignatureInfo
				.resourceUrls,
		).toHaveLength(1);
		expect(
			(await uploadInfo(TEAM_SPACE, member, { option: { storageDriver: 'ALIDOC' } })).data.code,
		).toBe('invalidParameter.storageDriver');
		expect(
			(await uploadInfo(TEAM_SPACE, member, { option: { preCheckParam: { name: 'a|b.txt' } } }))
				.data.code,
		).toBe('invalidParameter.name');
		expect(
			(await uploadInfo(TEAM_SPACE, member, { option: { preCheckParam: { parentId: '424242' } } }))
				.data.code,
		).toBe('invalidParameter.parentId');
		expect((await uploadInfo('9999999')).data.code).toBe('invalidParameter.spaceId');
	});
});

describe('storage: commit', () => {
	it('applies each conflict strategy', async () => {
		const first = await upload('c.txt', bytesOf('one'));
		expect(first.data.dentry).toMatchObject({ name: 'c.txt', path: '/c.txt', version: 1 });

		// AUTO_RENAME is the default.
		expect((await upload('c.txt', bytesOf('two'))).data.dentry.name).toBe('c(1).txt');
		expect(
			(await upload('c.txt', bytesOf('three'), '0', { conflictStrategy: 'AUTO_RENAME' })).data
				.dentry.name,
		).toBe('c(2).txt');
		expect((await upload('README', bytesOf('r'))).data.dentry.name).toBe('README');
		expect((await upload('README', bytesOf('r'))).data.dentry).toMatchObject({
			name: 'README(1)',
			extension: '',
		});

		const overwritten = await upload('c.txt', bytesOf('four'), '0', {
			conflictStrategy: 'OVERWRITE',
		});
		expect(overwritten.data.dentry).toMatchObject({
			id: first.data.dentry.id,
			uuid: first.data.dentry.uuid,
			name: 'c.txt',
			version: 2,
			size: 4,
		});
		expect(Buffer.from(await storedBytes(first.data.dentry.id)).toString()).toBe('four');

		const returned = await upload('c.txt', bytesOf('five!'), '0', {
			conflictStrategy: 'RETURN_DENTRY_IF_EXISTS',
		});
		expect(returned.data.dentry).toMatchObject({ id: first.data.dentry.id, version: 2, size: 4 });
		expect(Buffer.from(await storedBytes(first.data.dentry.id)).toString()).toBe('four');

		const info = await uploadInfo();
		expect((await put(info.data.headerSignatureInfo, bytesOf('six'))).status).toBe(200);
		const refused = await commit(info.data.uploadKey, 'c.txt', '0', {
			conflictStrategy: 'RETURN_ERROR_IF_EXISTS',
		});
		expect(refused).toMatchObject({ status: 400, data: { code: 'dentry.name.conflict' } });
		// The refused commit did not use up the uploadKey.
		expect(
			(
				await commit(info.data.uploadKey, 'c-new.txt', '0', {
					conflictStrategy: 'RETURN_ERROR_IF_EXISTS',
				})
			).data.dentry.name,
		).toBe('c-new.txt');

		expect(
			(await upload('c.txt', bytesOf('x'), '0', { conflictStrategy: 'KEEP_BOTH' })).data.code,
		).toBe('invalidParameter.conflictStrategy');
		const files = (await state()).storage.dentries.filter(
			(d) => d.type === 'FILE' && d.parentId === '0',
		);
		expect(files.map((d) => d.name).sort()).toEqual([
			'README',
			'README(1)',
			'c(1).txt',
			'c(2).txt',
			'c-new.txt',
			'c.txt',
		]);
	});

	it('refuses a size that differs from the upload', async () => {
		const reply = await upload('s.txt', bytesOf('12345'), '0', { size: 6 });
		expect(reply).toMatchObject({ status: 400, data: { code: 'invalidParameter.size' } });
		expect((await upload('s.txt', bytesOf('12345'), '0', { size: 5 })).status).toBe(200);
	});

	it('applies the name rules (trims spaces; no tab * " < > |; no trailing dot)', async () => {
		for (const name of [
			'bad*name.txt',
			'a"b.txt',
			'x<y.txt',
			'x>y.txt',
			'p|q.txt',
			'tab\there.txt',
			'ends.',
			'   ',
			'dir/file.txt',
		]) {
			const reply = await upload(name, bytesOf('n'));
			expect([name, reply.status, reply.data.code]).toEqual([name, 400, 'invalidParameter.name']);
		}
		expect((await upload('  spaced.txt  ', bytesOf('n'))).data.dentry.name).toBe('spaced.txt');
	});

	it('refuses unknown, reused and empty uploads, and bad parents', async () => {
		expect((await commit('no-such-key', 'a.txt')).data.code).toBe('invalidParameter.uploadKey');
		const empty = await uploadInfo();
		expect((await commit(empty.data.uploadKey, 'a.txt')).data.code).toBe(
			'invalidParameter.uploadKey.notUploaded',
		);

		const info = await uploadInfo();
		expect((await put(info.data.headerSignatureInfo, bytesOf('p'))).status).toBe(200);
		expect((await commit(info.data.uploadKey, 'a.txt', '424242')).data.code).toBe(
			'invalidParameter.parentId',
		);
		// An uploadKey belongs to its space.
		expect(
			(await commit(info.data.uploadKey, 'a.txt', '0', undefined, OTHER_SPACE, outsider)).data.code,
		).toBe('invalidParameter.uploadKey');
		expect((await commit(info.data.uploadKey, 'a.txt', '0')).status).toBe(200);
		expect((await commit(info.data.uploadKey, 'b.txt', '0')).data.code).toBe(
			'invalidParameter.uploadKey',
		);
		const missingName = await api(
			`/v1.0/storage/spaces/${TEAM_SPACE}/files/commit`,
			{ unionId: member },
			{ uploadKey: info.data.uploadKey, parentId: '0' },
		);
		expect(missingName).toMatchObject({ status: 400, data: { code: 'Missingname' } });
	});

	it('needs Storage.File.Write to commit', async () => {
		await admin('permissions', { revoke: ['Storage.File.Write'] });
		const info = await uploadInfo();
		expect((await put(info.data.headerSignatureInfo, bytesOf('p'))).status).toBe(200);
		const reply = await commit(info.data.uploadKey, 'p.txt');
		expect(reply).toMatchObject({
			status: 403,
			data: { code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied' },
		});
		expect(reply.data.message).toContain('Storage.File.Write');
	});
});

describe('storage: multipart', () => {
	it('assembles three parts in partNumber order, whatever order they arrived in', async () => {
		const parts = [
			new Uint8Array(randomBytes(100 * KIB)),
			new Uint8Array(randomBytes(100 * KIB)),
			bytesOf('the small last part'),
		];
		const uploadKey = await uploadParts(parts, [3, 1, 2]);
		const committed = await commit(uploadKey, 'big.bin', REPORTS_FOLDER);
		expect(committed.status).toBe(200);
		const whole = Buffer.concat(parts);
		expect(committed.data.dentry).toMatchObject({
			name: 'big.bin',
			size: whole.length,
			path: '/Reports/big.bin',
		});
		const stored = await storedBytes(committed.data.dentry.id);
		expect(sha256(stored)).toBe(sha256(whole));
		expect(
			(await state()).storage.dentries.find((d) => d.id === committed.data.dentry.id)?.sha256,
		).toBe(sha256(whole));
	});

	it('survives a part dropped mid-upload (fault rule on the oss host) and retried', async () => {
		const parts = [new Uint8Array(randomBytes(100 * KIB)), bytesOf('tail')];
		const uploadKey = await multipartInit();
		const infos = await partInfos(uploadKey, [1, 2]);
		const [first, second] = infos.data.multipartHeaderSignatureInfos.map(
			(entry) => entry.headerSignatureInfo,
		);
		await admin('faults', {
			rules: [
				{ type: 'drop-before', host: 'oss', path: '/part-1', afterBytes: 50 * KIB, count: 1 },
			],
		});
		await expect(put(first, parts[0])).rejects.toThrow();
		expect((await put(first, parts[0])).status).toBe(200);
		expect((await put(second, parts[1])).status).toBe(200);
		const committed = await commit(uploadKey, 'retried.bin');
		expect(sha256(await storedBytes(committed.data.dentry.id))).toBe(sha256(Buffer.concat(parts)));
		expect((await state()).requests.filter((r) => r.host === 'oss').map((r) => r.outcome)).toEqual([
			'dropped-before',
			'ok',
			'ok',
		]);
	});

	it('takes at most 30 part numbers per query, each an integer 1..10000', async () => {
		const uploadKey = await multipartInit();
		const many = Array.from({ length: 31 }, (_, i) => i + 1);
		expect(await partInfos(uploadKey, many)).toMatchObject({
			status: 400,
			data: { code: 'invalidParameter.partNumbers' },
		});
		expect(
			(await partInfos(uploadKey, many.slice(0, 30))).data.multipartHeaderSignatureInfos,
		).toHaveLength(30);
		for (const wrong of [[0], [10001], [1.5], ['2'], []]) {
			expect([wrong, (await partInfos(uploadKey, wrong)).data.code]).toEqual([
				wrong,
				'invalidParameter.partNumbers',
			]);
		}
		expect((await partInfos(uploadKey, [10000])).status).toBe(200);
		// A single-part uploadKey is not a multipart one.
		expect((await partInfos((await uploadInfo()).data.uploadKey, [1])).data.code).toBe(
			'invalidParameter.uploadKey',
		);
	});

	it('refuses a non-last part under 100 KiB, and gaps, at commit', async () => {
		const small = await uploadParts(
			[new Uint8Array(randomBytes(100 * KIB - 1)), bytesOf('last')],
			[1, 2],
		);
		expect(await commit(small, 'small.bin')).toMatchObject({
			status: 400,
			data: { code: 'invalidParameter.part.size' },
		});

		const uploadKey = await multipartInit();
		const infos = await partInfos(uploadKey, [1, 3]);
		for (const entry of infos.data.multipartHeaderSignatureInfos) {
			expect(
				(await put(entry.headerSignatureInfo, new Uint8Array(randomBytes(100 * KIB)))).status,
			).toBe(200);
		}
		expect(await commit(uploadKey, 'gap.bin')).toMatchObject({
			status: 400,
			data: { code: 'invalidParameter.part.missing' },
		});
	});
});

describe('storage: operator (unionId) and permissions', () => {
	it('answers 400 MissingunionId on every route without unionId', async () => {
		const uploadKey = await multipartInit();
		const routes: Array<[string, unknown]> = [
			[
				`/v1.0/storage/spaces/${TEAM_SPACE}/files/uploadInfos/query`,
				{ protocol: 'HEADER_SIGNATURE', multipart: false },
			],
			[`/v1.0/storage/spaces/${TEAM_SPACE}/files/multiPartUploadInfos/init`, {}],
			['/v1.0/storage/spaces/files/multiPartUploadInfos/query', { uploadKey, partNumbers: [1] }],
			[
				`/v1.0/storage/spaces/${TEAM_SPACE}/files/commit`,
				{ uploadKey, name: 'a.txt', parentId: '0' },
			],
			[`/v1.0/storage/spaces/${TEAM_SPACE}/dentries/${REPORTS_FOLDER}/downloadInfos/query`, {}],
			['/v1.0/convFile/conversations/spaces/query', { openConversationId: GROUP_ONE }],
			[
				'/v1.0/convFile/conversations/files/send',
				{ spaceId: TEAM_SPACE, dentryId: REPORTS_FOLDER, openConversationId: GROUP_ONE },
			],
		];
		for (const [path, body] of routes) {
			const reply = await api(path, {}, body);
			expect([path, reply.status, reply.data.code]).toEqual([path, 400, 'MissingunionId']);
			expect(reply.data.message).toContain('unionId');
		}
	});

	it('refuses an unknown unionId (400) and an operator without rights on the space (403)', async () => {
		expect(await uploadInfo(TEAM_SPACE, 'unionNoSuchUser')).toMatchObject({
			status: 400,
			data: { code: 'invalidParameter.unionId' },
		});
		const denied = await uploadInfo(TEAM_SPACE, outsider);
		expect(denied).toMatchObject({
			status: 403,
			data: { code: 'Forbidden.AccessDenied.NoPermission' },
		});
		expect(denied.data.message).toMatch(/no permission/);
		// user0020 may use its own space.
		expect((await uploadInfo(OTHER_SPACE, outsider)).status).toBe(200);
		// And may not commit or download in Team files with someone else's uploadKey.
		const file = await upload('mine.txt', bytesOf('m'));
		const download = await api(
			`/v1.0/storage/spaces/${TEAM_SPACE}/dentries/${file.data.dentry.id}/downloadInfos/query`,
			{ unionId: outsider },
			{},
		);
		expect(download).toMatchObject({
			status: 403,
			data: { code: 'Forbidden.AccessDenied.NoPermission' },
		});
	});
});

describe('storage: downloads through the object store', () => {
	it('serves the stored bytes with the content type and an RFC 5987 file name', async () => {
		const bytes = new Uint8Array(randomBytes(3000));
		const file = await upload('报告 (1).pdf', bytes, REPORTS_FOLDER);
		const url = await downloadUrl(file.data.dentry.id);
		expect(url.startsWith(`${emulator.ossBaseUrl}/oss/`)).toBe(true);
		const response = await fetch(url);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/pdf');
		const disposition = response.headers.get('content-disposition') ?? '';
		expect(disposition).toMatch(/^attachment; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
		expect(decodeURIComponent(disposition.split("''")[1])).toBe('报告 (1).pdf');
		expect(sha256(new Uint8Array(await response.arrayBuffer()))).toBe(sha256(bytes));
	});

	it('refuses a changed signature, an expired URL and a token on the GET', async () => {
		const file = await upload('d.txt', bytesOf('download me'));
		const url = new URL(await downloadUrl(file.data.dentry.id));
		const tampered = new URL(url.toString());
		tampered.searchParams.set('Signature', `x${url.searchParams.get('Signature')}`);
		expect(codeOf((await ossRequest('GET', tampered.toString(), {})).text)).toBe(
			'SignatureDoesNotMatch',
		);
		// The signature is base64 (+ / =): decoding it before use breaks it where it holds a '+'
		// (which a query string reads as a space). About a third of signatures do: ask for URLs
		// with other lifetimes until one has a '+', so the check always runs.
		let withPlus: URL | undefined;
		for (let seconds = 60; seconds < 260 && !withPlus; seconds++) {
			await admin('storage/settings', { expirationSeconds: seconds });
			const candidate = new URL(await downloadUrl(file.data.dentry.id));
			if ((candidate.searchParams.get('Signature') ?? '').includes('+')) withPlus = candidate;
		}
		expect(withPlus).toBeDefined();
		const decoded = `${withPlus!.origin}${withPlus!.pathname}?Expires=${withPlus!.searchParams.get('Expires')}&OSSAccessKeyId=emu&Signature=${withPlus!.searchParams.get('Signature')}`;
		expect((await ossRequest('GET', decoded, {})).status).toBe(403);
		expect((await ossRequest('GET', withPlus!.toString(), {})).status).toBe(200);
		expect(
			codeOf(
				(await ossRequest('GET', url.toString(), { 'content-type': 'application/json' })).text,
			),
		).toBe('SignatureDoesNotMatch');

		await admin('storage/settings', { expirationSeconds: 1 });
		const shortLived = await downloadUrl(file.data.dentry.id);
		await sleep(1500);
		const late = await ossRequest('GET', shortLived, {});
		expect(late.status).toBe(403);
		expect(late.text).toContain('Request has expired.');

		const withToken = await ossRequest('GET', url.toString(), {
			'x-acs-dingtalk-access-token': accessToken,
		});
		expect(withToken.status).toBe(403);
		expect((await state()).storage.tokenLeaks).toEqual([
			{ path: url.pathname, where: 'header:x-acs-dingtalk-access-token' },
		]);
		await admin('reset');
	});

	it('refuses to download a folder or an unknown dentry', async () => {
		const folder = await api(
			`/v1.0/storage/spaces/${TEAM_SPACE}/dentries/${REPORTS_FOLDER}/downloadInfos/query`,
			{ unionId: member },
			{},
		);
		expect(folder).toMatchObject({ status: 400, data: { code: 'invalidParameter.dentryId' } });
		const unknown = await api(
			`/v1.0/storage/spaces/${TEAM_SPACE}/dentries/424242/downloadInfos/query`,
			{ unionId: member },
			{},
		);
		expect(unknown).toMatchObject({ status: 400, data: { code: 'invalidParameter.dentryId' } });
	});
});

describe('group files (convFile)', () => {
	const spaceQuery = (unionId: string, openConversationId: string) =>
		api<{ space: { spaceId: string; corpId: string; createTime: string; modifiedTime: string } }>(
			'/v1.0/convFile/conversations/spaces/query',
			{ unionId },
			{ openConversationId },
		);

	it("finds the group's space, uploads into it and sends the file into the chat", async () => {
		const found = await spaceQuery(member, GROUP_ONE);
		expect(found.status).toBe(200);
		expect(found.data.space).toEqual({
			spaceId: expect.stringMatching(/^\d+$/),
			corpId: emulator.app.corpId,
			createTime: expect.any(String),
			modifiedTime: expect.any(String),
		});
		const spaceId = found.data.space.spaceId;
		expect((await spaceQuery(member, GROUP_ONE)).data.space.spaceId).toBe(spaceId);

		const bytes = bytesOf('quarterly numbers');
		const file = await upload('q.csv', bytes, '0', undefined, spaceId);
		expect(file.status).toBe(200);
		const sent = await api<{ file: Dentry & { conversationId: string } }>(
			'/v1.0/convFile/conversations/files/send',
			{ unionId: member },
			{ spaceId, dentryId: file.data.dentry.id, openConversationId: GROUP_ONE },
		);
		expect(sent.status).toBe(200);
		expect(sent.data.file).toMatchObject({
			id: file.data.dentry.id,
			conversationId: GROUP_ONE,
			spaceId,
			parentId: '0',
			name: 'q.csv',
			extension: 'csv',
			size: bytes.length,
			type: 'FILE',
			path: '/q.csv',
			version: 1,
			status: 'NORMAL',
			uuid: file.data.dentry.uuid,
			creatorId: member,
		});
		const records = (await state()).messages.filter((m) => m.channel === 'groupFile');
		expect(records).toEqual([
			expect.objectContaining({
				openConversationId: GROUP_ONE,
				unionId: member,
				spaceId,
				dentryId: file.data.dentry.id,
				name: 'q.csv',
				size: bytes.length,
				sha256: sha256(bytes),
			}),
		]);
	});

	it('refuses non-members (403), unknown conversations (400) and missing fields', async () => {
		expect(await spaceQuery(outsider, GROUP_ONE)).toMatchObject({
			status: 403,
			data: { code: 'Forbidden.AccessDenied.NoPermission' },
		});
		expect(await spaceQuery(member, 'cidNoSuchGroup==')).toMatchObject({
			status: 400,
			data: { code: 'invalid.openConversationId' },
		});

		const file = await upload('t.txt', bytesOf('team'));
		const send = (unionId: string, body: Record<string, string>) =>
			api('/v1.0/convFile/conversations/files/send', { unionId }, body);
		const body = {
			spaceId: TEAM_SPACE,
			dentryId: file.data.dentry.id,
			openConversationId: GROUP_ONE,
		};
		// Not in the group.
		expect(await send(outsider, body)).toMatchObject({
			status: 403,
			data: { code: 'Forbidden.AccessDenied.NoPermission' },
		});
		// A group member without rights on the file's space (user0020's file in space 1000002).
		const info = await uploadInfo(OTHER_SPACE, outsider);
		expect((await put(info.data.headerSignatureInfo, bytesOf('own'))).status).toBe(200);
		const foreign = await commit(
			info.data.uploadKey,
			'o.txt',
			'0',
			undefined,
			OTHER_SPACE,
			outsider,
		);
		const foreignBody = {
			spaceId: OTHER_SPACE,
			dentryId: foreign.data.dentry.id,
			openConversationId: GROUP_ONE,
		};
		const notInSpace = await send(member, foreignBody);
		expect(notInSpace).toMatchObject({
			status: 403,
			data: { code: 'Forbidden.AccessDenied.NoPermission' },
		});
		expect(notInSpace.data.message).toContain(OTHER_SPACE);
		for (const field of ['spaceId', 'dentryId', 'openConversationId']) {
			const partial: Record<string, string> = { ...body };
			delete partial[field];
			expect((await send(member, partial)).data.code).toBe(`Missing${field}`);
		}
		// A file from Team files sent by a member of both lands in the group's space.
		const sent = await send(member, body);
		expect(sent.status).toBe(200);
		expect(sent.data.file).toMatchObject({ name: 't.txt', conversationId: GROUP_ONE });
		expect((sent.data.file as { spaceId: string }).spaceId).not.toBe(TEAM_SPACE);
	});
});

describe('robot message files', () => {
	it('registers a file, hands out a signed URL and serves the bytes with its content type', async () => {
		const bytes = new Uint8Array(randomBytes(2048));
		const registered = await admin<{ downloadCode: string }>('messageFiles', {
			fileName: 'photo.png',
			contentType: 'image/png',
			base64: Buffer.from(bytes).toString('base64'),
		});
		expect(registered.status).toBe(200);
		const downloadCode = registered.data.downloadCode;
		const robotCode = emulator.app.robotCode;

		const reply = await api<{ downloadUrl: string }>(
			'/v1.0/robot/messageFiles/download',
			{},
			{ downloadCode, robotCode },
		);
		expect(reply.status).toBe(200);
		expect(reply.data.downloadUrl.startsWith(`${emulator.ossBaseUrl}/oss/`)).toBe(true);
		const response = await fetch(reply.data.downloadUrl);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('image/png');
		expect(response.headers.get('content-disposition')).toBe(
			"attachment; filename*=UTF-8''photo.png",
		);
		expect(sha256(new Uint8Array(await response.arrayBuffer()))).toBe(sha256(bytes));

		expect(
			await api('/v1.0/robot/messageFiles/download', {}, { downloadCode: 'unknown', robotCode }),
		).toMatchObject({
			status: 400,
			data: { code: 'invalidParameter.downloadCode' },
		});
		expect((await api('/v1.0/robot/messageFiles/download', {}, { downloadCode })).data.code).toBe(
			'invalidParameter.robotCode.empty',
		);
		expect(
			(
				await api(
					'/v1.0/robot/messageFiles/download',
					{},
					{ downloadCode, robotCode: 'dingnosuchrobot' },
				)
			).data.code,
		).toBe('invalidParameter.robotCode.notExsit');
		const named = await admin<{ downloadCode: string }>('messageFiles', {
			downloadCode: 'code+with/slash==',
			fileName: 'a.txt',
			base64: '',
		});
		expect(named.data.downloadCode).toBe('code+with/slash==');
	});
});
