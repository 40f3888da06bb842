import ConvFileClient, {
	GetSpaceHeaders,
	GetSpaceRequest,
	SendHeaders,
	SendRequest,
} from '@alicloud/dingtalk/dist/conv_file_1_0/client';
import StorageClient, {
	CommitFileHeaders,
	CommitFileRequest,
	GetFileUploadInfoHeaders,
	GetFileUploadInfoRequest,
} from '@alicloud/dingtalk/dist/storage_1_0/client';

import type { EmulatorStorageState } from '../../../emulator';
import { sdkAccessToken, sdkClient, sdkRefusal, sdkRuntime } from '../../../support/officialSdk';
import { useEmulator } from '../../../support/useEmulator';

/**
 * convFile_1_0 through the official SDK: a group's file space and sending a stored file into the
 * chat — the convFile endpoints the package calls (all fields required, unionId in the query).
 */

const env = useEmulator();
const GROUP_ONE = 'cidEmuGroup+One/AAA==';
const TEAM_SPACE = '1000001';

let client: ConvFileClient;
let storageClient: StorageClient;
let token: string;
/** A member of both the team space and group one (user0001..user0010 are in both). */
let unionId: string;

interface Delivered {
	channel: string;
	openConversationId?: string;
	unionId?: string;
	dentryId?: string;
	name?: string;
}

const storage = async () =>
	(await env.client.admin<{ storage: EmulatorStorageState }>('GET', 'state')).storage;

beforeAll(async () => {
	client = sdkClient(ConvFileClient, env.emulator);
	storageClient = sdkClient(StorageClient, env.emulator);
	token = await sdkAccessToken(env.emulator);
	unionId = (await storage()).spaces.find((s) => s.spaceId === TEAM_SPACE)!.members[0];
});

const getSpace = (request: Record<string, unknown>) =>
	client.getSpaceWithOptions(
		new GetSpaceRequest({ unionId, ...request }),
		new GetSpaceHeaders({ xAcsDingtalkAccessToken: token }),
		sdkRuntime(),
	);
const sendFile = (request: Record<string, unknown>) =>
	client.sendWithOptions(
		new SendRequest({ unionId, ...request }),
		new SendHeaders({ xAcsDingtalkAccessToken: token }),
		sdkRuntime(),
	);

/** A file in the team space, uploaded with the SDK: its dentryId. */
async function storedFile(name: string, text: string): Promise<string> {
	const info = await storageClient.getFileUploadInfoWithOptions(
		TEAM_SPACE,
		new GetFileUploadInfoRequest({ unionId, protocol: 'HEADER_SIGNATURE', multipart: false }),
		new GetFileUploadInfoHeaders({ xAcsDingtalkAccessToken: token }),
		sdkRuntime(),
	);
	const signed = info.body?.headerSignatureInfo;
	const put = await fetch(String(signed?.resourceUrls?.[0]), {
		method: 'PUT',
		headers: signed?.headers ?? {},
		body: new TextEncoder().encode(text),
	});
	expect(put.status).toBe(200);
	const committed = await storageClient.commitFileWithOptions(
		TEAM_SPACE,
		new CommitFileRequest({ unionId, uploadKey: info.body?.uploadKey, name, parentId: '0' }),
		new CommitFileHeaders({ xAcsDingtalkAccessToken: token }),
		sdkRuntime(),
	);
	return String(committed.body?.dentry?.id);
}

describe('convFile_1_0 getSpace (POST /v1.0/convFile/conversations/spaces/query)', () => {
	it('answers the group space with the required request', async () => {
		const reply = await getSpace({ openConversationId: GROUP_ONE });
		expect(reply.statusCode).toBe(200);
		const spaceId = reply.body?.space?.spaceId;
		expect((await storage()).spaces.find((s) => s.spaceId === spaceId)).toMatchObject({
			openConversationId: GROUP_ONE,
			ownerType: 'CONVERSATION',
		});
		expect((await env.client.state()).requests.at(-1)).toMatchObject({
			query: { unionId },
			body: { openConversationId: GROUP_ONE },
		});
	});

	it('refuses a request without openConversationId or unionId', async () => {
		expect(await sdkRefusal(getSpace({}))).toMatchObject({
			statusCode: 400,
			code: 'MissingopenConversationId',
		});
		expect(
			await sdkRefusal(getSpace({ openConversationId: GROUP_ONE, unionId: undefined })),
		).toMatchObject({ statusCode: 400, code: 'MissingunionId' });
	});
});

describe('convFile_1_0 send (POST /v1.0/convFile/conversations/files/send)', () => {
	it('sends a stored file into the group with the required request', async () => {
		const dentryId = await storedFile('minutes.txt', 'meeting minutes');
		const reply = await sendFile({ spaceId: TEAM_SPACE, dentryId, openConversationId: GROUP_ONE });
		expect(reply.statusCode).toBe(200);
		expect(reply.body?.file).toMatchObject({
			conversationId: GROUP_ONE,
			name: 'minutes.txt',
			size: 15,
		});
		const delivered = (await env.client.state()).messages as unknown as Delivered[];
		expect(delivered).toEqual([
			expect.objectContaining({
				channel: 'groupFile',
				openConversationId: GROUP_ONE,
				unionId,
				dentryId,
				name: 'minutes.txt',
			}),
		]);
	});

	it('refuses a request missing any of spaceId, dentryId, openConversationId', async () => {
		const dentryId = await storedFile('a.txt', 'a');
		expect((await sdkRefusal(sendFile({ dentryId, openConversationId: GROUP_ONE }))).code).toBe(
			'MissingspaceId',
		);
		expect(
			(await sdkRefusal(sendFile({ spaceId: TEAM_SPACE, openConversationId: GROUP_ONE }))).code,
		).toBe('MissingdentryId');
		expect((await sdkRefusal(sendFile({ spaceId: TEAM_SPACE, dentryId }))).code).toBe(
			'MissingopenConversationId',
		);
		expect((await env.client.state()).messages).toEqual([]);
	});
});
