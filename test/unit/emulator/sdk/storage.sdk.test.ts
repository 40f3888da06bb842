import StorageClient, {
	CommitFileHeaders,
	CommitFileRequest,
	CommitFileRequestOption,
	CommitFileRequestOptionAppProperties,
	GetFileUploadInfoHeaders,
	GetFileUploadInfoRequest,
	GetFileUploadInfoRequestOption,
	GetFileUploadInfoRequestOptionPreCheckParam,
	GetMultipartFileUploadInfosHeaders,
	GetMultipartFileUploadInfosRequest,
	GetMultipartFileUploadInfosRequestOption,
	InitMultipartFileUploadHeaders,
	InitMultipartFileUploadRequest,
	InitMultipartFileUploadRequestOption,
	InitMultipartFileUploadRequestOptionPreCheckParam,
} from '@alicloud/dingtalk/dist/storage_1_0/client';

import type { EmulatorStorageState } from '../../../emulator';
import { sdkAccessToken, sdkClient, sdkRefusal, sdkRuntime } from '../../../support/officialSdk';
import { useEmulator } from '../../../support/useEmulator';

/**
 * storage_1_0 through the official SDK: upload info, multipart init and part infos, commit — the
 * storage endpoints the package calls. The SDK puts unionId in the query and the rest in the body.
 */

const env = useEmulator();
const TEAM_SPACE = '1000001';
const REPORTS_FOLDER = '2000001';

let client: StorageClient;
let token: string;
/** A member of the team space (the operator). */
let unionId: string;

const storage = async () =>
	(await env.client.admin<{ storage: EmulatorStorageState }>('GET', 'state')).storage;
const lastRequest = async () => (await env.client.state()).requests.at(-1);
const bytesOf = (text: string) => new TextEncoder().encode(text);

beforeAll(async () => {
	client = sdkClient(StorageClient, env.emulator);
	token = await sdkAccessToken(env.emulator);
	unionId = (await storage()).spaces.find((s) => s.spaceId === TEAM_SPACE)!.members[0];
});

const uploadInfo = (request: Record<string, unknown>, spaceId = TEAM_SPACE) =>
	client.getFileUploadInfoWithOptions(
		spaceId,
		new GetFileUploadInfoRequest({ unionId, ...request }),
		new GetFileUploadInfoHeaders({ xAcsDingtalkAccessToken: token }),
		sdkRuntime(),
	);
const commit = (request: Record<string, unknown>, spaceId = TEAM_SPACE) =>
	client.commitFileWithOptions(
		spaceId,
		new CommitFileRequest({ unionId, ...request }),
		new CommitFileHeaders({ xAcsDingtalkAccessToken: token }),
		sdkRuntime(),
	);
const multipartInit = (request: Record<string, unknown> = {}) =>
	client.initMultipartFileUploadWithOptions(
		TEAM_SPACE,
		new InitMultipartFileUploadRequest({ unionId, ...request }),
		new InitMultipartFileUploadHeaders({ xAcsDingtalkAccessToken: token }),
		sdkRuntime(),
	);
const partInfos = (request: Record<string, unknown>) =>
	client.getMultipartFileUploadInfosWithOptions(
		new GetMultipartFileUploadInfosRequest({ unionId, ...request }),
		new GetMultipartFileUploadInfosHeaders({ xAcsDingtalkAccessToken: token }),
		sdkRuntime(),
	);

/** PUTs bytes to a signed URL with exactly the signed headers, as DingTalk's samples do. */
async function putBytes(
	info: { resourceUrls?: string[]; headers?: { [key: string]: string } } | undefined,
	bytes: Uint8Array,
): Promise<number> {
	const response = await fetch(String(info?.resourceUrls?.[0]), {
		method: 'PUT',
		headers: info?.headers ?? {},
		body: bytes,
	});
	return response.status;
}

/** Upload info → PUT → the uploadKey, ready to commit. */
async function uploaded(text: string): Promise<string> {
	const info = await uploadInfo({ protocol: 'HEADER_SIGNATURE', multipart: false });
	expect(await putBytes(info.body?.headerSignatureInfo, bytesOf(text))).toBe(200);
	return String(info.body?.uploadKey);
}

describe('storage_1_0 getFileUploadInfo (POST /v1.0/storage/spaces/{spaceId}/files/uploadInfos/query)', () => {
	it('accepts the minimal request with multipart: true (the SDK example) and issues one PUT URL', async () => {
		const reply = await uploadInfo({ protocol: 'HEADER_SIGNATURE', multipart: true });
		expect(reply.statusCode).toBe(200);
		expect(reply.body).toMatchObject({
			protocol: 'HEADER_SIGNATURE',
			storageDriver: 'DINGTALK',
			uploadKey: expect.any(String),
		});
		expect(reply.body?.headerSignatureInfo?.resourceUrls).toHaveLength(1);
		expect(await lastRequest()).toMatchObject({
			query: { unionId },
			body: { protocol: 'HEADER_SIGNATURE', multipart: true },
		});
		expect((await storage()).uploads).toBe(1);
		// And the upload it starts can be finished.
		expect(await putBytes(reply.body?.headerSignatureInfo, bytesOf('multipart flag'))).toBe(200);
		const committed = await commit({
			uploadKey: reply.body?.uploadKey,
			name: 'flag.txt',
			parentId: '0',
		});
		expect(committed.body?.dentry).toMatchObject({ name: 'flag.txt', size: 14 });
	});

	it('accepts multipart: false and every documented option', async () => {
		const reply = await uploadInfo({
			protocol: 'HEADER_SIGNATURE',
			multipart: false,
			option: new GetFileUploadInfoRequestOption({
				storageDriver: 'DINGTALK',
				preferRegion: 'SHANGHAI',
				preferIntranet: false,
				preCheckParam: new GetFileUploadInfoRequestOptionPreCheckParam({
					name: 'report.pdf',
					parentId: REPORTS_FOLDER,
					size: 4,
					md5: '098f6bcd4621d373cade4e832627b4f6',
				}),
			}),
		});
		expect(reply.statusCode).toBe(200);
		expect(reply.body?.headerSignatureInfo?.region).toBe('SHANGHAI');
		expect((await lastRequest())?.body).toEqual({
			protocol: 'HEADER_SIGNATURE',
			multipart: false,
			option: {
				storageDriver: 'DINGTALK',
				preferRegion: 'SHANGHAI',
				preferIntranet: false,
				preCheckParam: {
					name: 'report.pdf',
					parentId: REPORTS_FOLDER,
					size: 4,
					md5: '098f6bcd4621d373cade4e832627b4f6',
				},
			},
		});
	});

	it('refuses a request without a required field', async () => {
		expect(await sdkRefusal(uploadInfo({ multipart: false }))).toMatchObject({
			statusCode: 400,
			code: 'Missingprotocol',
		});
		expect(await sdkRefusal(uploadInfo({ protocol: 'HEADER_SIGNATURE' }))).toMatchObject({
			statusCode: 400,
			code: 'Missingmultipart',
		});
		expect(
			await sdkRefusal(
				uploadInfo({ protocol: 'HEADER_SIGNATURE', multipart: false, unionId: undefined }),
			),
		).toMatchObject({ code: 'MissingunionId' });
		expect((await storage()).uploads).toBe(0);
	});
});

describe('storage_1_0 commitFile (POST /v1.0/storage/spaces/{spaceId}/files/commit)', () => {
	it('commits with the minimal request', async () => {
		const uploadKey = await uploaded('hello');
		const reply = await commit({ uploadKey, name: 'hello.txt', parentId: '0' });
		expect(reply.body?.dentry).toMatchObject({
			spaceId: TEAM_SPACE,
			parentId: '0',
			name: 'hello.txt',
			size: 5,
			version: 1,
		});
		expect((await storage()).dentries.find((d) => d.id === reply.body?.dentry?.id)).toMatchObject({
			name: 'hello.txt',
			size: 5,
			appProperties: [],
		});
	});

	it('accepts option (conflictStrategy, size, 3 appProperties) and overwriteDentryId', async () => {
		const first = await commit({
			uploadKey: await uploaded('v1'),
			name: 'notes.txt',
			parentId: REPORTS_FOLDER,
		});
		const dentryId = String(first.body?.dentry?.id);
		const properties = ['a', 'b', 'c'].map(
			(name) =>
				new CommitFileRequestOptionAppProperties({
					name,
					value: `${name}-value`,
					visibility: 'PRIVATE',
				}),
		);
		const second = await commit({
			uploadKey: await uploaded('version 2'),
			name: 'notes.txt',
			parentId: REPORTS_FOLDER,
			overwriteDentryId: dentryId,
			option: new CommitFileRequestOption({
				conflictStrategy: 'AUTO_RENAME',
				size: 9,
				appProperties: properties,
			}),
		});
		expect(second.body?.dentry).toMatchObject({
			id: dentryId,
			name: 'notes.txt',
			version: 2,
			size: 9,
		});
		const stored = (await storage()).dentries.find((d) => d.id === dentryId);
		expect(stored).toMatchObject({ version: 2, size: 9 });
		expect(stored?.appProperties).toEqual([
			{ name: 'a', value: 'a-value', visibility: 'PRIVATE' },
			{ name: 'b', value: 'b-value', visibility: 'PRIVATE' },
			{ name: 'c', value: 'c-value', visibility: 'PRIVATE' },
		]);
		expect((await storage()).dentries.filter((d) => d.name.startsWith('notes'))).toHaveLength(1);
	});

	it('refuses 4 appProperties (3 per app) and an unknown overwriteDentryId, committing nothing', async () => {
		const uploadKey = await uploaded('x');
		const properties = ['a', 'b', 'c', 'd'].map(
			(name) =>
				new CommitFileRequestOptionAppProperties({ name, value: 'v', visibility: 'PUBLIC' }),
		);
		const refused = await sdkRefusal(
			commit({
				uploadKey,
				name: 'x.txt',
				parentId: '0',
				option: new CommitFileRequestOption({ appProperties: properties }),
			}),
		);
		expect(refused).toMatchObject({ statusCode: 400, code: 'invalidParameter.appProperties' });
		expect(
			(
				await sdkRefusal(
					commit({ uploadKey, name: 'x.txt', parentId: '0', overwriteDentryId: '9999999' }),
				)
			).code,
		).toBe('invalidParameter.dentryId');
		expect((await sdkRefusal(commit({ uploadKey, name: 'x.txt' }))).code).toBe('MissingparentId');
		expect((await storage()).dentries.filter((d) => d.name === 'x.txt')).toEqual([]);
		// The upload is still there to commit.
		expect((await commit({ uploadKey, name: 'x.txt', parentId: '0' })).statusCode).toBe(200);
	});
});

describe('storage_1_0 multipart (init, then POST /v1.0/storage/spaces/files/multiPartUploadInfos/query)', () => {
	it('inits with the minimal request and with every documented option', async () => {
		const minimal = await multipartInit();
		expect(minimal.body).toMatchObject({
			uploadKey: expect.any(String),
			storageDriver: 'DINGTALK',
		});
		const full = await multipartInit({
			option: new InitMultipartFileUploadRequestOption({
				storageDriver: 'DINGTALK',
				preferRegion: 'ZHANGJIAKOU',
				preCheckParam: new InitMultipartFileUploadRequestOptionPreCheckParam({
					name: 'big.bin',
					parentId: '0',
					size: 1,
					md5: '0cc175b9c0f1b6a831c399e269772661',
				}),
			}),
		});
		expect(full.statusCode).toBe(200);
		expect((await storage()).uploads).toBe(2);
	});

	it('accepts 30 part numbers (the documented maximum) and refuses 31', async () => {
		const uploadKey = String((await multipartInit()).body?.uploadKey);
		const numbers = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
		const reply = await partInfos({
			uploadKey,
			partNumbers: numbers(30),
			option: new GetMultipartFileUploadInfosRequestOption({ preferIntranet: false }),
		});
		expect(reply.body?.multipartHeaderSignatureInfos?.map((p) => p.partNumber)).toEqual(
			numbers(30),
		);
		const refused = await sdkRefusal(partInfos({ uploadKey, partNumbers: numbers(31) }));
		expect(refused).toMatchObject({ statusCode: 400, code: 'invalidParameter.partNumbers' });
		expect(await lastRequest()).toMatchObject({
			path: '/v1.0/storage/spaces/files/multiPartUploadInfos/query',
			query: { unionId },
			body: { uploadKey, partNumbers: numbers(31) },
		});
	});

	it('uploads a one-part file and commits it', async () => {
		const uploadKey = String((await multipartInit()).body?.uploadKey);
		const [part] =
			(await partInfos({ uploadKey, partNumbers: [1] })).body?.multipartHeaderSignatureInfos ?? [];
		expect(await putBytes(part?.headerSignatureInfo, bytesOf('one small last part'))).toBe(200);
		const reply = await commit({ uploadKey, name: 'parts.txt', parentId: '0' });
		expect(reply.body?.dentry).toMatchObject({ name: 'parts.txt', size: 19 });
	});
});
