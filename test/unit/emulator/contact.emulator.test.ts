import axios from 'axios';

import { startEmulator, type Emulator } from '../../emulator';

/**
 * The emulator's department endpoints on the old API (no official SDK covers them): a
 * department's members page by page (topapi/v2/user/list, ≤ 100 a page), its sub-departments
 * (topapi/v2/department/listsub, one level), a department's details, and the directory growing to
 * 10,000 users.
 */

interface Reply {
	status: number;
	data: Record<string, unknown> & { errcode?: number; errmsg?: string; result?: unknown };
}

interface UserPage {
	has_more: boolean;
	next_cursor?: number;
	list: Array<{ userid: string; unionid: string; name: string; dept_id_list: number[] }>;
}

let emulator: Emulator;
let token: string;
const http = axios.create({ validateStatus: () => true });

async function oldApi(path: string, body: unknown): Promise<Reply> {
	const response = await http.post(
		`${emulator.oapiBaseUrl}${path}?access_token=${encodeURIComponent(token)}`,
		JSON.stringify(body),
		{ headers: { 'content-type': 'application/json' } },
	);
	return { status: response.status, data: response.data };
}

const admin = async (path: string, body: unknown = {}) =>
	(await http.post(`${emulator.apiBaseUrl}/__emulator/${path}`, body)).data as Record<
		string,
		unknown
	>;

beforeAll(async () => {
	emulator = await startEmulator();
	const answer = await http.post(`${emulator.apiBaseUrl}/v1.0/oauth2/accessToken`, {
		appKey: emulator.app.appKey,
		appSecret: emulator.app.appSecret,
	});
	token = answer.data.accessToken;
});
afterAll(async () => await emulator.stop());

describe('topapi/v2/user/list', () => {
	it("pages a department's direct members with cursor and size, next_cursor only while has_more", async () => {
		const first = await oldApi('/topapi/v2/user/list', { dept_id: 200, cursor: 0, size: 3 });
		expect(first.data.errcode).toBe(0);
		const page = first.data.result as UserPage;
		expect(page.list.map((u) => u.userid)).toEqual(['user0006', 'user0007', 'user0008']);
		expect(page).toMatchObject({ has_more: true, next_cursor: 3 });
		expect(page.list[0]).toMatchObject({ name: 'Emulated User 6', dept_id_list: [200] });
		const second = (await oldApi('/topapi/v2/user/list', { dept_id: 200, cursor: 3, size: 3 })).data
			.result as UserPage;
		// Platform (201) is a sub-department: its members are not Engineering's direct members.
		expect(second.list.map((u) => u.userid)).toEqual(['user0009', 'user0010']);
		expect(second.has_more).toBe(false);
		expect(second.next_cursor).toBeUndefined();
	});

	it('lists the users no department lists as direct members of the root', async () => {
		const root = (await oldApi('/topapi/v2/user/list', { dept_id: 1, cursor: 0, size: 100 })).data
			.result as UserPage;
		expect(root.list[0].userid).toBe('user0016');
		expect(root.list).toHaveLength(100);
	});

	it('refuses size 101, a missing cursor and an unknown department', async () => {
		expect(
			(await oldApi('/topapi/v2/user/list', { dept_id: 1, cursor: 0, size: 100 })).data.errcode,
		).toBe(0);
		const over = await oldApi('/topapi/v2/user/list', { dept_id: 1, cursor: 0, size: 101 });
		expect(over.data.errcode).toBe(400002);
		const noCursor = await oldApi('/topapi/v2/user/list', { dept_id: 1, size: 10 });
		expect(noCursor.data.errcode).toBe(400002);
		const unknown = await oldApi('/topapi/v2/user/list', { dept_id: 999, cursor: 0, size: 10 });
		expect(unknown.data).toMatchObject({ errcode: 60003 });
	});

	it('answers 60011 without the department member permission', async () => {
		await admin('permissions', { revoke: ['qyapi_get_department_member'] });
		const denied = await oldApi('/topapi/v2/user/list', { dept_id: 1, cursor: 0, size: 10 });
		expect(denied.data.errcode).toBe(60011);
		expect(String(denied.data.errmsg)).toContain('qyapi_get_department_member');
		await admin('reset');
	});
});

describe('topapi/v2/department/listsub and department/get', () => {
	it('lists one level of sub-departments; the root when dept_id is left out', async () => {
		const root = await oldApi('/topapi/v2/department/listsub', {});
		expect(root.data.result).toEqual([
			{ dept_id: 100, name: 'Sales', parent_id: 1, create_dept_group: true, auto_add_user: true },
			{
				dept_id: 200,
				name: 'Engineering',
				parent_id: 1,
				create_dept_group: false,
				auto_add_user: false,
			},
		]);
		const engineering = await oldApi('/topapi/v2/department/listsub', { dept_id: 200 });
		expect((engineering.data.result as Array<{ dept_id: number }>).map((d) => d.dept_id)).toEqual([
			201,
		]);
		expect((await oldApi('/topapi/v2/department/listsub', { dept_id: 201 })).data.result).toEqual(
			[],
		);
		expect((await oldApi('/topapi/v2/department/listsub', { dept_id: 999 })).data.errcode).toBe(
			60003,
		);
	});

	it("gives a department's name, parent and department group", async () => {
		const platform = await oldApi('/topapi/v2/department/get', { dept_id: 201 });
		expect(platform.data.result).toEqual({
			dept_id: 201,
			name: 'Platform',
			parent_id: 200,
			create_dept_group: false,
		});
		// Sales was created with a department group: its chatId.
		const sales = await oldApi('/topapi/v2/department/get', { dept_id: 100 });
		expect(sales.data.result).toMatchObject({
			create_dept_group: true,
			dept_group_chat_id: 'chatemu0001',
		});
	});

	it('work notifications to a department reach its sub-departments too', async () => {
		const state = (await http.get(`${emulator.apiBaseUrl}/__emulator/state`)).data as {
			departments: Record<string, string[]>;
		};
		expect(state.departments['200']).toEqual(
			expect.arrayContaining(['user0006', 'user0010', 'user0011', 'user0015']),
		);
		expect(state.departments['200']).toHaveLength(10);
	});
});

describe('a directory of 10,000 users', () => {
	it('grows on request, and the search and the member list page through it', async () => {
		expect(await admin('contact/directory', { users: 10000 })).toMatchObject({
			result: { users: 10001 },
		});
		const search = await http.post(
			`${emulator.apiBaseUrl}/v1.0/contact/users/search`,
			{ queryWord: 'Emulated User 9999', offset: 0, size: 10 },
			{ headers: { 'x-acs-dingtalk-access-token': token } },
		);
		expect(search.data).toMatchObject({ list: ['user9999'], totalCount: 1, hasMore: false });
		const last = await oldApi('/topapi/v2/user/list', { dept_id: 1, cursor: 9900, size: 100 });
		expect((last.data.result as UserPage).has_more).toBe(false);
	});
});
