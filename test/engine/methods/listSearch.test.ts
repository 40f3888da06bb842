/**
 * Every list search of the node, called as n8n's editor calls it (editor.ts: LoadOptionsContext
 * on a Temp-Node holding the panel's parameters) against the emulator: what DingTalk received,
 * what the picker shows, paging, the permission named when one is missing, and no cache beyond
 * one request.
 */
import { useEmulator } from '../../support/useEmulator';
import { listSearch } from '../editor';
import { TestCredentialsHelper } from '../harness';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());
const rl = (mode: string, value: string) => ({ __rl: true, mode, value });
const drive = (extra: Record<string, unknown> = {}) => ({
	resource: 'file',
	operation: 'uploadToDrive',
	operatorId: rl('list', 'user0001'),
	operatorIdType: 'userId',
	...extra,
});

describe('searchUsers', () => {
	it('searches by name: DingTalk finds the userIds, each hit shows its name; pages of 20', async () => {
		const first = await listSearch('searchUsers', {
			credentials: credentials(),
			filter: 'Emulated User 12',
		});
		// "…12", "…120"-"…129", "…1200"-"…1299": 111 hits.
		expect(first.results).toHaveLength(20);
		expect(first.results[0]).toEqual({
			name: 'Emulated User 12',
			value: 'user0012',
			description: 'user0012',
		});
		const search = await env.client.requestsTo('/v1.0/contact/users/search');
		expect(search).toHaveLength(1);
		expect(search[0]).toMatchObject({
			tokenInHeader: true,
			body: { queryWord: 'Emulated User 12', offset: 0, size: 20 },
		});
		expect(await env.client.requestsTo('/topapi/v2/user/get')).toHaveLength(20);
		const second = await listSearch('searchUsers', {
			credentials: credentials(),
			filter: 'Emulated User 12',
			paginationToken: first.paginationToken,
		});
		expect(second.results[0].value).toBe('user1209');
		expect((await env.client.requestsTo('/v1.0/contact/users/search'))[1].body).toMatchObject({
			offset: 20,
		});
	});

	it('keeps nothing between editor requests: the same search asks DingTalk again', async () => {
		await listSearch('searchUsers', { credentials: credentials(), filter: 'Emulated User 7' });
		await listSearch('searchUsers', { credentials: credentials(), filter: 'Emulated User 7' });
		expect(await env.client.requestsTo('/v1.0/contact/users/search')).toHaveLength(2);
		expect(await env.client.requestsTo('/topapi/v2/user/get')).toHaveLength(40);
	});

	it('finds the owner of a mobile number typed into the search', async () => {
		const found = await listSearch('searchUsers', {
			credentials: credentials(),
			filter: '138 0000 0005',
		});
		expect(found.results).toEqual([
			{ name: 'Emulated User 5', value: 'user0005', description: 'user0005' },
		]);
		expect((await env.client.requestsTo('/topapi/v2/user/getbymobile'))[0].body).toMatchObject({
			mobile: '13800000005',
		});
	});

	it('without a filter walks the departments, 100 members a page', async () => {
		const first = await listSearch('searchUsers', { credentials: credentials() });
		expect(first.results).toHaveLength(100);
		// The root's direct members first: user0001-0015 are in Sales, Engineering and Platform.
		expect(first.results[0].value).toBe('user0016');
		expect(first.paginationToken).toBeDefined();
		expect((await env.client.requestsTo('/topapi/v2/user/list'))[0].body).toMatchObject({
			dept_id: 1,
			cursor: 0,
			size: 100,
		});
	});

	it('names the permission when the app may not search Contacts', async () => {
		await env.client.permissions({ revoke: ['qyapi_addresslist_search'] });
		await expect(
			listSearch('searchUsers', { credentials: credentials(), filter: 'Emulated' }),
		).rejects.toThrow(/企业通讯录搜索权限 \(qyapi_addresslist_search\)/);
	});
});

describe('searchDepartments', () => {
	it('without a filter lists the tree with paths, the whole organisation first', async () => {
		const tree = await listSearch('searchDepartments', { credentials: credentials() });
		expect(tree.results.map((r) => [r.name, r.value])).toEqual([
			['Whole Organisation', '1'],
			['Sales', '100'],
			['Engineering', '200'],
			['Engineering / Platform', '201'],
		]);
		expect(tree.paginationToken).toBeUndefined();
		const calls = await env.client.requestsTo('/topapi/v2/department/listsub');
		expect(calls.map((c) => c.body?.dept_id)).toEqual([1, 100, 200, 201]);
	});

	it('searches by name', async () => {
		const found = await listSearch('searchDepartments', {
			credentials: credentials(),
			filter: 'plat',
		});
		expect(found.results).toEqual([{ name: 'Platform', value: '201', description: 'ID 201' }]);
		expect((await env.client.requestsTo('/v1.0/contact/departments/search'))[0].body).toMatchObject(
			{
				queryWord: 'plat',
			},
		);
	});

	it('names the permission when the app may not read departments', async () => {
		await env.client.permissions({ revoke: ['qyapi_get_department_list'] });
		await expect(listSearch('searchDepartments', { credentials: credentials() })).rejects.toThrow(
			/通讯录部门信息读权限 \(qyapi_get_department_list\)/,
		);
	});
});

describe('searchDepartmentGroups', () => {
	it('lists the department groups (the only groups DingTalk lists for an app) by their chatId', async () => {
		const groups = await listSearch('searchDepartmentGroups', { credentials: credentials() });
		expect(groups.results).toEqual([
			{
				name: 'Sales (department group)',
				value: 'chatemu0001',
				description: 'Chat ID chatemu0001',
			},
		]);
		// Only Sales has a group: one department/get, for it.
		const details = await env.client.requestsTo('/topapi/v2/department/get');
		expect(details.map((c) => c.body?.dept_id)).toEqual([100]);
		const none = await listSearch('searchDepartmentGroups', {
			credentials: credentials(),
			filter: 'plat',
		});
		expect(none.results).toEqual([]);
	});
});

describe('searchDriveSpaces and searchDriveFolders', () => {
	it("lists the spaces the operator sees, as that operator's unionId", async () => {
		const spaces = await listSearch('searchDriveSpaces', {
			credentials: credentials(),
			parameters: drive(),
		});
		expect(spaces.results).toEqual([
			{ name: 'Team files', value: '1000001', description: 'ID 1000001' },
		]);
		const call = (await env.client.requestsTo('/v1.0/drive/spaces'))[0];
		expect(call.query).toMatchObject({
			spaceType: 'org',
			maxResults: '50',
			unionId: expect.stringMatching(/^union/),
		});
		// An operator given by mobile number and by plain userId (a workflow saved before) work too.
		for (const operatorId of [rl('mobile', '13800000001'), 'user0001']) {
			const again = await listSearch('searchDriveSpaces', {
				credentials: credentials(),
				parameters: drive({ operatorId }),
			});
			expect(again.results.map((r) => r.value)).toEqual(['1000001']);
		}
	});

	it('asks for the operator first', async () => {
		await expect(
			listSearch('searchDriveSpaces', {
				credentials: credentials(),
				parameters: drive({ operatorId: rl('list', '') }),
			}),
		).rejects.toThrow('Set the Operator ID first');
	});

	it('browses the folders of the chosen space, paths shown, sub-folders included', async () => {
		const created = await env.client.admin<{ folders: Record<string, string[]> }>(
			'POST',
			'storage/spaces',
			{
				spaces: [
					{
						spaceId: '1000001',
						name: 'Team files',
						memberUserIds: ['user0001'],
						folders: [{ name: 'Archive' }],
					},
				],
			},
		);
		const archive = created.folders['1000001'][0];
		await env.client.admin('POST', 'storage/spaces', {
			spaces: [
				{
					spaceId: '1000001',
					memberUserIds: ['user0001'],
					folders: [{ name: '2026', parentId: archive }],
				},
			],
		});
		const folders = await listSearch('searchDriveFolders', {
			credentials: credentials(),
			parameters: drive({ spaceId: rl('list', '1000001') }),
		});
		expect(folders.results.map((r) => r.name)).toEqual([
			'/ (Root of the Space)',
			'/Archive',
			'/Reports',
			'/Archive/2026',
		]);
		const calls = await env.client.requestsTo('/v1.0/storage/spaces/1000001/dentries');
		expect(calls[0].query).toMatchObject({ parentId: '0', maxResults: '50', orderBy: 'NAME' });
		const filtered = await listSearch('searchDriveFolders', {
			credentials: credentials(),
			filter: '2026',
			parameters: drive({
				spaceId: rl('url', 'https://alidocs.dingtalk.com/spaces/1000001/folders/0'),
			}),
		});
		expect(filtered.results.map((r) => r.name)).toEqual(['/Archive/2026']);
	});

	it('asks for the space first, and names the permission when spaces may not be listed', async () => {
		await expect(
			listSearch('searchDriveFolders', { credentials: credentials(), parameters: drive() }),
		).rejects.toThrow('Choose the space first');
		await env.client.permissions({ revoke: ['Drive.Space.Read'] });
		await expect(
			listSearch('searchDriveSpaces', { credentials: credentials(), parameters: drive() }),
		).rejects.toThrow(/Drive\.Space\.Read/);
	});
});

describe('with 10,000 users in the directory', () => {
	it('answers a name search, a broad search and the first browse page each in under a second', async () => {
		await env.client.admin('POST', 'contact/directory', { users: 10000 });
		const timed = async (filter?: string) => {
			const started = Date.now();
			const result = await listSearch('searchUsers', { credentials: credentials(), filter });
			return { result, ms: Date.now() - started };
		};
		const one = await timed('Emulated User 9999');
		expect(one.result.results).toEqual([
			{ name: 'Emulated User 9999', value: 'user9999', description: 'user9999' },
		]);
		// "Emulated User 5…": 1,111 matches, the first 20 shown with their names.
		const broad = await timed('Emulated User 5');
		expect(broad.result.results).toHaveLength(20);
		const browse = await timed();
		expect(browse.result.results).toHaveLength(100);
		expect({ one: one.ms < 1000, broad: broad.ms < 1000, browse: browse.ms < 1000 }).toEqual({
			one: true,
			broad: true,
			browse: true,
		});
	});
});
