import ContactClient, {
	SearchDepartmentHeaders,
	SearchDepartmentRequest,
	SearchUserHeaders,
	SearchUserRequest,
} from '@alicloud/dingtalk/dist/contact_1_0/client';
import DriveClient, {
	ListSpacesHeaders,
	ListSpacesRequest,
} from '@alicloud/dingtalk/dist/drive_1_0/client';
import StorageClient, {
	ListDentriesHeaders,
	ListDentriesRequest,
} from '@alicloud/dingtalk/dist/storage_1_0/client';

import type { EmulatorStorageState } from '../../../emulator';
import { sdkAccessToken, sdkClient, sdkRefusal, sdkRuntime } from '../../../support/officialSdk';
import { useEmulator } from '../../../support/useEmulator';

/**
 * The list endpoints the pickers use, through the official SDK: contact_1_0 SearchUser,
 * storage_1_0 ListDentries and drive_1_0 ListSpaces — required fields only, the optional ones,
 * paging to the end, and each documented per-call maximum and one over.
 */

const env = useEmulator();
const TEAM_SPACE = '1000001';

let token: string;
let unionId: string;

beforeAll(async () => {
	token = await sdkAccessToken(env.emulator);
	const state = await env.client.admin<{ storage: EmulatorStorageState }>('GET', 'state');
	unionId = state.storage.spaces.find((s) => s.spaceId === TEAM_SPACE)!.members[0];
});

describe('contact_1_0 SearchUser (POST /v1.0/contact/users/search)', () => {
	const search = (request: Record<string, unknown>) =>
		sdkClient(ContactClient, env.emulator).searchUserWithOptions(
			new SearchUserRequest(request),
			new SearchUserHeaders({ xAcsDingtalkAccessToken: token }),
			sdkRuntime(),
		);

	it('finds userIds by name, paged by offset and size, with hasMore and totalCount', async () => {
		const first = await search({ queryWord: 'emulated user 1', offset: 0, size: 50 });
		// "Emulated User 1", "…10"-"…19", "…100"-"…199", "…1000"-"…1999" of the 2,000 default users.
		expect(first.body?.totalCount).toBe(1111);
		expect(first.body?.list).toHaveLength(50);
		expect(first.body?.list?.[0]).toBe('user0001');
		expect(first.body?.hasMore).toBe(true);
		const last = await search({ queryWord: 'emulated user 1', offset: 1100, size: 50 });
		expect(last.body?.list).toHaveLength(11);
		expect(last.body?.hasMore).toBe(false);
		const request = (await env.client.requestsTo('/v1.0/contact/users/search')).at(-1);
		expect(request).toMatchObject({
			method: 'POST',
			tokenInHeader: true,
			body: { queryWord: 'emulated user 1', offset: 1100, size: 50 },
		});
	});

	it('matches the whole name with fullMatchField 1, and Chinese names', async () => {
		const exact = await search({
			queryWord: 'Emulated User 12',
			offset: 0,
			size: 10,
			fullMatchField: 1,
		});
		expect(exact.body?.list).toEqual(['user0012']);
		const chinese = await search({ queryWord: '经理', offset: 0, size: 10 });
		expect(chinese.body?.list).toEqual(['manager4220']);
	});

	it('refuses a size over 50 and a request without queryWord', async () => {
		expect((await search({ queryWord: 'a', offset: 0, size: 50 })).statusCode).toBe(200);
		const over = await sdkRefusal(search({ queryWord: 'a', offset: 0, size: 51 }));
		expect(over).toMatchObject({ statusCode: 400, code: 'invalidParameter.size' });
		const missing = await sdkRefusal(search({ offset: 0, size: 10 }));
		expect(missing).toMatchObject({ statusCode: 400, code: 'MissingqueryWord' });
	});

	it('answers 403 with the scope when the app lacks the search permission', async () => {
		await env.client.permissions({ revoke: ['qyapi_addresslist_search'] });
		const denied = await sdkRefusal(search({ queryWord: 'a', offset: 0, size: 10 }));
		expect(denied).toMatchObject({
			statusCode: 403,
			code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
		});
		expect(denied.message).toContain('qyapi_addresslist_search');
	});
});

describe('storage_1_0 ListDentries (GET /v1.0/storage/spaces/{spaceId}/dentries)', () => {
	const list = (request: Record<string, unknown>, spaceId = TEAM_SPACE) =>
		sdkClient(StorageClient, env.emulator).listDentriesWithOptions(
			spaceId,
			new ListDentriesRequest({ unionId, ...request }),
			new ListDentriesHeaders({ xAcsDingtalkAccessToken: token }),
			sdkRuntime(),
		);

	it("lists a folder's children, 50 at most a page, following nextToken to the end", async () => {
		const folders = Array.from({ length: 60 }, (_, n) => ({
			name: `Folder ${String(n).padStart(2, '0')}`,
		}));
		await env.client.admin('POST', 'storage/spaces', {
			spaces: [{ spaceId: TEAM_SPACE, name: 'Team files', memberUserIds: ['user0001'], folders }],
		});
		const root = await list({ parentId: '0' });
		expect(root.body?.dentries).toHaveLength(50);
		expect(root.body?.dentries?.[0]).toMatchObject({
			name: 'Folder 00',
			type: 'FOLDER',
			parentId: '0',
		});
		const rest = await list({ parentId: '0', nextToken: root.body?.nextToken, maxResults: 50 });
		// 10 more of ours and the default "Reports" folder, by name.
		expect(rest.body?.dentries?.map((d) => d.name)).toContain('Reports');
		expect(rest.body?.dentries).toHaveLength(11);
		expect(rest.body?.nextToken).toBeUndefined();
		const request = (await env.client.state()).requests.at(-1);
		expect(request?.query).toMatchObject({ parentId: '0', maxResults: '50', unionId });
	});

	it('takes orderBy and order, and refuses maxResults over 50, a missing parentId and a stranger', async () => {
		const byName = await list({ parentId: '0', orderBy: 'NAME', order: 'DESC', maxResults: 1 });
		expect(byName.body?.dentries?.[0].name).toBe('Reports');
		const over = await sdkRefusal(list({ parentId: '0', maxResults: 51 }));
		expect(over).toMatchObject({ statusCode: 400, code: 'invalidParameter.maxResults' });
		const noParent = await sdkRefusal(list({}));
		expect(noParent).toMatchObject({ statusCode: 400, code: 'MissingparentId' });
		const stranger = await sdkRefusal(list({ parentId: '0' }, '1000002'));
		expect(stranger.statusCode).toBe(403);
	});
});

describe('drive_1_0 ListSpaces (GET /v1.0/drive/spaces)', () => {
	const spaces = (request: Record<string, unknown>) =>
		sdkClient(DriveClient, env.emulator).listSpacesWithOptions(
			new ListSpacesRequest({ unionId, ...request }),
			new ListSpacesHeaders({ xAcsDingtalkAccessToken: token }),
			sdkRuntime(),
		);

	it("lists the organisation's spaces the operator is a member of", async () => {
		const answer = await spaces({ spaceType: 'org', maxResults: 50 });
		expect(answer.body?.spaces?.map((s) => s.spaceId)).toEqual([TEAM_SPACE]);
		expect(answer.body?.spaces?.[0]).toMatchObject({ spaceName: 'Team files', spaceType: 'org' });
		const request = (await env.client.state()).requests.at(-1);
		expect(request?.query).toMatchObject({ spaceType: 'org', maxResults: '50', unionId });
	});

	it('refuses a missing spaceType and maxResults over 50', async () => {
		expect(await sdkRefusal(spaces({ maxResults: 10 }))).toMatchObject({
			statusCode: 400,
			code: 'MissingspaceType',
		});
		expect(await sdkRefusal(spaces({ spaceType: 'org', maxResults: 51 }))).toMatchObject({
			statusCode: 400,
			code: 'invalidParameter.maxResults',
		});
	});
});

describe('contact_1_0 SearchDepartment (POST /v1.0/contact/departments/search)', () => {
	const search = (request: Record<string, unknown>) =>
		sdkClient(ContactClient, env.emulator).searchDepartmentWithOptions(
			new SearchDepartmentRequest(request),
			new SearchDepartmentHeaders({ xAcsDingtalkAccessToken: token }),
			sdkRuntime(),
		);

	it('finds department ids by name; refuses a size over 50', async () => {
		const answer = await search({ queryWord: 'plat', offset: 0, size: 10 });
		expect(answer.body).toMatchObject({ list: [201], hasMore: false, totalCount: 1 });
		expect(await sdkRefusal(search({ queryWord: 'a', offset: 0, size: 51 }))).toMatchObject({
			statusCode: 400,
			code: 'invalidParameter.size',
		});
	});
});
