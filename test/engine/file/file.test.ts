import axios from 'axios';
import { createHash, randomBytes } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { fileToGroup, GROUP, uploadToDrive } from '../../support/fileParameters';
import { binaryItem } from '../../support/items';
import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface StoredDentry {
	id: string;
	spaceId: string;
	parentId: string;
	name: string;
	size: number;
	sha256: string;
	version: number;
}

interface StorageState {
	dentries: StoredDentry[];
	tokenLeaks: unknown[];
}

async function storage(): Promise<StorageState> {
	return ((await env.client.state()) as unknown as { storage: StorageState }).storage;
}

const upload = (extra: IDataObject = {}): IDataObject =>
	uploadToDrive({ parentId: '2000001', ...extra });

const pdf = (bytes: Buffer, fileName = 'report.pdf') =>
	binaryItem({ data: { fileName, mimeType: 'application/pdf', bytes } });

describe('File → Upload to Drive', () => {
	it('uploads: upload info → PUT with exactly the signed headers (no token) → commit; bytes stored intact', async () => {
		const bytes = randomBytes(300 * 1024);
		const { output, error } = await runNode({
			credentials: credentials(),
			items: [pdf(bytes)],
			parameters: upload(),
		});
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({
			name: 'report.pdf',
			size: bytes.length,
			spaceId: '1000001',
			parentId: '2000001',
			id: expect.anything(),
		});
		const state = await storage();
		const stored = state.dentries.find((d) => String(d.id) === String(output[0].json.id))!;
		expect(stored.sha256).toBe(sha256(bytes));
		expect(state.tokenLeaks).toEqual([]);
		const requests = (await env.client.state()).requests;
		expect(
			requests
				.filter((r) => r.path.endsWith('/files/uploadInfos/query'))
				.every((r) => r.query.unionId?.startsWith('union')),
		).toBe(true);
	});

	it('accepts the Drive folder link instead of the IDs', async () => {
		const { output } = await runNode({
			credentials: credentials(),
			items: [pdf(Buffer.from('%PDF link'))],
			parameters: upload({
				spaceId: 'https://space.dingtalk.com/spaces/1000001/folders/2000001',
				parentId: '',
			}),
		});
		expect(output[0].json).toMatchObject({ spaceId: '1000001', parentId: '2000001' });
	});

	it('streams a file larger than a part in parts of the chosen size, assembled in order', async () => {
		const bytes = randomBytes(2 * 1024 * 1024 + 12345);
		const { output, error } = await runNode({
			credentials: credentials(),
			items: [pdf(bytes, 'big.pdf')],
			parameters: upload({ options: { partSizeMb: 1 } }),
		});
		expect(error).toBeUndefined();
		const requests = (await env.client.state()).requests;
		expect(requests.filter((r) => r.path.endsWith('/multiPartUploadInfos/init'))).toHaveLength(1);
		expect(requests.filter((r) => r.host === ('oss' as string) && r.method === 'PUT')).toHaveLength(
			3,
		);
		const stored = (await storage()).dentries.find(
			(d) => String(d.id) === String(output[0].json.id),
		)!;
		expect(stored.sha256).toBe(sha256(bytes));
	});

	it('retries a part whose connection dropped mid-upload, not the whole file', async () => {
		await env.client.faults({
			rules: [{ type: 'drop-before', host: 'oss' as never, path: '/part-2', count: 1 }],
		});
		const bytes = randomBytes(2 * 1024 * 1024 + 999);
		const { output, error } = await runNode({
			credentials: credentials(),
			items: [pdf(bytes, 'retry.pdf')],
			parameters: upload({ options: { partSizeMb: 1 } }),
		});
		expect(error).toBeUndefined();
		const puts = (await env.client.state()).requests.filter(
			(r) => (r.host as string) === 'oss' && r.method === 'PUT',
		);
		expect(puts.map((r) => r.path.split('/').pop()).sort()).toEqual([
			'part-1',
			'part-2',
			'part-2',
			'part-3',
		]);
		expect(
			(await storage()).dentries.find((d) => String(d.id) === String(output[0].json.id))!.sha256,
		).toBe(sha256(bytes));
	});

	it("converts the operator's userId to a unionId once for many items", async () => {
		const items = [1, 2, 3].map((n) => pdf(Buffer.from(`%PDF ${n}`), `r${n}.pdf`));
		await runNode({ credentials: credentials(), items, parameters: upload() });
		expect(await env.client.requestsTo('/topapi/v2/user/get')).toHaveLength(1);
	});

	it('applies the conflict strategy: auto rename, then fail', async () => {
		await runNode({
			credentials: credentials(),
			items: [pdf(Buffer.from('%PDF 1'))],
			parameters: upload(),
		});
		const second = await runNode({
			credentials: credentials(),
			items: [pdf(Buffer.from('%PDF 2'))],
			parameters: upload(),
		});
		expect(second.output[0].json.name).toBe('report(1).pdf');
		const third = await runNode({
			credentials: credentials(),
			items: [pdf(Buffer.from('%PDF 3'))],
			parameters: upload({ options: { conflictStrategy: 'RETURN_ERROR_IF_EXISTS' } }),
		});
		expect(third.error?.message).toMatch(/conflict|exist/i);
	});

	it('re-requests an upload URL that expired before the PUT arrived', async () => {
		await axios.post(`${env.emulator.apiBaseUrl}/__emulator/storage/settings`, {
			expirationSeconds: 1,
		});
		await env.client.faults({
			rules: [{ type: 'latency', host: 'oss' as never, path: '/oss/', ms: 1500, count: 1 }],
		});
		const bytes = Buffer.from('%PDF expired once');
		const { output, error } = await runNode({
			credentials: credentials(),
			items: [pdf(bytes)],
			parameters: upload(),
		});
		expect(error).toBeUndefined();
		expect(
			(await env.client.state()).requests.filter((r) =>
				r.path.endsWith('/files/uploadInfos/query'),
			),
		).toHaveLength(2);
		expect(
			(await storage()).dentries.find((d) => String(d.id) === String(output[0].json.id))!.sha256,
		).toBe(sha256(bytes));
	});

	it("an operator without rights on the space → DingTalk's answer plus what to do", async () => {
		const { error } = await runNode({
			credentials: credentials(),
			items: [pdf(Buffer.from('%PDF'))],
			parameters: upload({ spaceId: '1000002', parentId: '0' }),
		});
		expect(error?.message).toContain('NoPermission');
		expect(error?.description).toContain('Operator ID');
	});

	it('a missing app permission names it (企业存储文件上传信息读权限)', async () => {
		await env.client.permissions({ revoke: ['Storage.UploadInfo.Read'] });
		const { error } = await runNode({
			credentials: credentials(),
			items: [pdf(Buffer.from('%PDF'))],
			parameters: upload(),
		});
		expect(error?.message).toContain('企业存储文件上传信息读权限 (Storage.UploadInfo.Read)');
	});

	it.each([
		[
			'a folder link without IDs',
			{ spaceId: 'https://space.dingtalk.com/home' },
			'Space ID or Folder Link',
		],
		['a missing binary field', { binaryPropertyName: 'nope' }, 'Input Binary Field'],
		['an empty operator', { operatorId: '={{ "" }}' }, 'Operator ID'],
		['a parent folder that is not a number', { parentId: 'Reports' }, 'Parent Folder ID'],
	])('%s → names the parameter, uploads nothing', async (_case, extra, parameter) => {
		const { error } = await runNode({
			credentials: credentials(),
			items: [pdf(Buffer.from('%PDF'))],
			parameters: upload(extra),
		});
		expect(error?.message).toContain(`parameter "${parameter}" [item 0]`);
		expect((await storage()).dentries.filter((d) => d.name === 'report.pdf')).toHaveLength(0);
	});
});

it("an unknown space → DingTalk's error naming the space", async () => {
	const { error } = await runNode({
		credentials: credentials(),
		items: [pdf(Buffer.from('%PDF'))],
		parameters: upload({ spaceId: '9999999', parentId: '0' }),
	});
	expect(error?.message).toContain('invalidParameter.spaceId');
});

it('Upload Media refuses a 21 MB file before uploading', async () => {
	const { error } = await runNode({
		credentials: credentials(),
		items: [
			binaryItem({
				data: {
					fileName: 'big.pdf',
					mimeType: 'application/pdf',
					bytes: Buffer.alloc(21 * 1024 * 1024),
				},
			}),
		],
		parameters: {
			resource: 'file',
			operation: 'uploadMedia',
			mediaType: 'file',
			binaryPropertyName: 'data',
		},
	});
	expect(error?.message).toContain("over DingTalk's 20 MB limit");
	expect(await env.client.requestsTo('/media/upload')).toHaveLength(0);
});

describe('File → Send to Group', () => {
	it.each([GROUP, 'chatemu0001'])(
		"as the operator, into the group's files (conversation %s)",
		async (conversationId) => {
			const bytes = randomBytes(5000);
			const { output, error } = await runNode({
				credentials: credentials(),
				items: [
					binaryItem({
						data: { fileName: '方案.docx', mimeType: 'application/octet-stream', bytes },
					}),
				],
				parameters: fileToGroup({ conversationId }),
			});
			expect(error).toBeUndefined();
			expect(output[0].json).toMatchObject({
				sentAs: 'user',
				openConversationId: GROUP,
				name: '方案.docx',
			});
			const sent = (await env.client.state()).messages.find(
				(m) => m.channel === 'groupFile',
			) as unknown as { sha256: string; openConversationId: string };
			expect(sent).toMatchObject({ openConversationId: GROUP, sha256: sha256(bytes) });
			expect(await env.client.requestsTo('/v1.0/convFile/conversations/spaces/query')).toHaveLength(
				1,
			);
		},
	);

	it('as the robot: media upload + sampleFile group message', async () => {
		const { output } = await runNode({
			credentials: credentials(),
			items: [pdf(Buffer.from('%PDF robot'))],
			parameters: fileToGroup({ sendAs: 'robot' }),
		});
		expect(output[0].json).toMatchObject({ sentAs: 'robot', fileName: 'report.pdf' });
		const [call] = await env.client.requestsTo('/v1.0/robot/groupMessages/send');
		expect(call.body?.msgKey).toBe('sampleFile');
	});

	it('an operator who is not in the group is refused by DingTalk', async () => {
		const { error } = await runNode({
			credentials: credentials(),
			items: [pdf(Buffer.from('%PDF'))],
			parameters: fileToGroup({ operatorId: 'user0050' }),
		});
		expect(error?.message).toContain('NoPermission');
	});
});

describe('File → Upload Media and Download Message File', () => {
	it('uploads media and returns its media_id', async () => {
		const { output } = await runNode({
			credentials: credentials(),
			items: [binaryItem({ data: { fileName: 'logo.png', mimeType: 'image/png', bytes: 'PNG' } })],
			parameters: {
				resource: 'file',
				operation: 'uploadMedia',
				mediaType: 'image',
				binaryPropertyName: 'data',
			},
		});
		expect(output[0].json).toMatchObject({
			mediaId: expect.stringMatching(/^@/),
			type: 'image',
			fileName: 'logo.png',
			size: 3,
		});
	});

	it('downloads a file someone sent to the robot into a binary with its name and type', async () => {
		const bytes = randomBytes(2048);
		const registered = await axios.post(`${env.emulator.apiBaseUrl}/__emulator/messageFiles`, {
			fileName: '发票.pdf',
			contentType: 'application/pdf',
			base64: bytes.toString('base64'),
		});
		const { output, error } = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'file',
				operation: 'downloadMessageFile',
				downloadCode: registered.data.downloadCode,
				binaryPropertyName: 'invoice',
			},
		});
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({
			fileName: '发票.pdf',
			mimeType: 'application/pdf',
			size: 2048,
		});
		expect(Buffer.from(output[0].binary!.invoice.data, 'base64').equals(bytes)).toBe(true);
		expect((await storage()).tokenLeaks).toEqual([]);
	});

	it.each([
		['not a URL', 'not a link?Signature=SECRETSIG'],
		['empty', ''],
		['another scheme', 'ftp://files.example/x?Signature=SECRETSIG'],
	])(
		'a downloadUrl DingTalk sent that is %s → says which link was unusable and what to do, without the link',
		async (_kind, downloadUrl) => {
			await env.client.faults({
				rules: [
					{
						type: 'status',
						status: 200,
						path: '/v1.0/robot/messageFiles/download',
						body: { downloadUrl },
					},
				],
			});
			const { error } = await runNode({
				credentials: credentials(),
				parameters: {
					resource: 'file',
					operation: 'downloadMessageFile',
					downloadCode: 'code-1',
					binaryPropertyName: 'data',
				},
			});
			expect(error?.message).toContain('DingTalk returned an unusable download link');
			expect(error?.message).toContain('[item 0]');
			expect(error?.description).toContain('/v1.0/robot/messageFiles/download');
			expect(error?.description).toContain('run the node again');
			expect(error?.message).not.toBe('Invalid URL');
			expect(JSON.stringify(error)).not.toContain('SECRETSIG');
		},
	);

	it("an unknown download code → DingTalk's error", async () => {
		const { error } = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'file',
				operation: 'downloadMessageFile',
				downloadCode: 'nope',
				binaryPropertyName: 'data',
			},
		});
		expect(error?.message).toContain('downloadCode');
	});
});
