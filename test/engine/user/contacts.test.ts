/**
 * Contacts (issue 22): Search by Name, Get Many in Department (the whole tree when asked), Get
 * Sub-Departments — what DingTalk received and what the node outputs — and the user locator's
 * modes (list, mobile, ID, and plain text as workflows saved before hold it).
 */
import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());
const rl = (mode: string, value: string) => ({ __rl: true, mode, value });
const userOp = (operation: string, extra: Record<string, unknown> = {}) => ({
	resource: 'user',
	operation,
	...extra,
});

describe('User → Search by Name', () => {
	it('returns the matches with their details, up to the limit, paging DingTalk 50 at a time', async () => {
		const { output, error } = await runNode({
			credentials: credentials(),
			parameters: userOp('search', { query: 'Emulated User 1', limit: 60 }),
		});
		expect(error).toBeUndefined();
		expect(output).toHaveLength(60);
		expect(output[0].json).toMatchObject({
			userId: 'user0001',
			name: 'Emulated User 1',
			unionId: expect.any(String),
		});
		expect(output.every((item) => item.pairedItem)).toBe(true);
		const searches = await env.client.requestsTo('/v1.0/contact/users/search');
		expect(searches.map((s) => s.body)).toEqual([
			{ queryWord: 'Emulated User 1', offset: 0, size: 50 },
			{ queryWord: 'Emulated User 1', offset: 50, size: 50 },
		]);
	});

	it('matches the whole name with Exact Match; Return All reads every page', async () => {
		const exact = await runNode({
			credentials: credentials(),
			parameters: userOp('search', {
				query: 'Emulated User 12',
				exactMatch: true,
				returnAll: true,
			}),
		});
		expect(exact.output.map((item) => item.json.userId)).toEqual(['user0012']);
		expect((await env.client.requestsTo('/v1.0/contact/users/search'))[0].body).toMatchObject({
			fullMatchField: 1,
		});
		const all = await runNode({
			credentials: credentials(),
			parameters: userOp('search', { query: 'Emulated User 19', returnAll: true, simplify: false }),
		});
		// "…19", "…190"-"…199", "…1900"-"…1999".
		expect(all.output).toHaveLength(111);
		expect(all.output[0].json).toMatchObject({ userid: 'user0019', dept_id_list: [1] });
	});
});

describe('User → Get Many in Department', () => {
	it("lists a department's members; with Include Sub-Departments the whole tree, each once", async () => {
		const direct = await runNode({
			credentials: credentials(),
			parameters: userOp('getManyInDepartment', { deptId: rl('list', '200'), returnAll: true }),
		});
		expect(direct.output.map((item) => item.json.userId)).toEqual([
			'user0006',
			'user0007',
			'user0008',
			'user0009',
			'user0010',
		]);
		const tree = await runNode({
			credentials: credentials(),
			parameters: userOp('getManyInDepartment', {
				deptId: rl('id', '200'),
				includeSubDepartments: true,
				returnAll: true,
			}),
		});
		expect(tree.output).toHaveLength(10);
		expect(tree.output[9].json).toMatchObject({ userId: 'user0015', departmentIds: [201] });

		const lists = await env.client.requestsTo('/topapi/v2/user/list');
		expect(lists.map((c) => c.body?.dept_id)).toEqual([200, 200, 201]);
		expect(lists[0].body).toMatchObject({ cursor: 0, size: 100 });

		// user0007 also joins Platform (201): the tree still lists each member once.
		await env.client.admin('POST', 'contact/directory', {
			departments: [
				{
					deptId: 201,
					name: 'Platform',
					parentId: 200,
					members: ['user0007', 'user0011', 'user0012', 'user0013', 'user0014', 'user0015'],
				},
			],
		});
		const shared = await runNode({
			credentials: credentials(),
			parameters: userOp('getManyInDepartment', {
				deptId: rl('id', '200'),
				includeSubDepartments: true,
				returnAll: true,
			}),
		});
		const ids = shared.output.map((item) => item.json.userId);
		expect(ids).toHaveLength(10);
		expect(new Set(ids).size).toBe(10);
		expect(
			shared.output.find((item) => item.json.userId === 'user0007')?.json.departmentIds,
		).toEqual([200, 201]);
	});

	it('pages the organisation 100 at a time up to the limit; a plain department ID still works', async () => {
		const { output } = await runNode({
			credentials: credentials(),
			parameters: userOp('getManyInDepartment', { deptId: '1', limit: 150 }),
		});
		expect(output).toHaveLength(150);
		const lists = await env.client.requestsTo('/topapi/v2/user/list');
		expect(lists.map((c) => c.body?.cursor)).toEqual([0, 100]);
	});

	it('refuses a department that is not a number, naming the parameter and the item', async () => {
		// A typed ID the editor already refuses (the mode's check); mapped from an item it is the node's.
		const { error } = await runNode({
			credentials: credentials(),
			items: [{ json: { dept: 'Sales' } }],
			parameters: userOp('getManyInDepartment', { deptId: rl('id', '={{ $json.dept }}') }),
		});
		expect(error?.message).toBe(
			'Department ID "Sales" is not a number in parameter "Department" [item 0]',
		);
	});
});

describe('User → Get Sub-Departments', () => {
	it('lists the next level, or every level with Whole Tree, with paths', async () => {
		const next = await runNode({
			credentials: credentials(),
			parameters: userOp('getSubDepartments', { deptId: rl('list', '1'), returnAll: true }),
		});
		expect(next.output.map((item) => item.json)).toEqual([
			{ deptId: 100, name: 'Sales', parentId: 1, path: 'Sales' },
			{ deptId: 200, name: 'Engineering', parentId: 1, path: 'Engineering' },
		]);
		const tree = await runNode({
			credentials: credentials(),
			parameters: userOp('getSubDepartments', {
				deptId: rl('list', '1'),
				wholeTree: true,
				returnAll: true,
			}),
		});
		expect(tree.output.map((item) => item.json.path)).toEqual([
			'Sales',
			'Engineering',
			'Engineering / Platform',
		]);
	});

	it("gives DingTalk's 60003 for an unknown department", async () => {
		const { error } = await runNode({
			credentials: credentials(),
			parameters: userOp('getSubDepartments', { deptId: rl('id', '999') }),
		});
		expect(error?.message).toContain('60003');
	});
});

describe('the user locator', () => {
	it('User → Get by list pick, by mobile and by plain text (a workflow saved before)', async () => {
		for (const userId of [
			rl('list', 'user0005'),
			rl('mobile', '+86 138-0000-0005'),
			'user0005',
			rl('id', 'user0005'),
		]) {
			const { output, error } = await runNode({
				credentials: credentials(),
				parameters: userOp('get', { userId }),
			});
			expect(error).toBeUndefined();
			expect(output[0].json).toMatchObject({ userId: 'user0005', name: 'Emulated User 5' });
		}
		// The mobile number was looked up once, for the mobile mode only.
		expect(await env.client.requestsTo('/topapi/v2/user/getbymobile')).toHaveLength(1);
	});

	it('a mobile number nobody has is a parameter error naming the parameter', async () => {
		const { error } = await runNode({
			credentials: credentials(),
			parameters: userOp('get', { userId: rl('mobile', '13999999999') }),
		});
		expect(error?.message).toBe(
			'DingTalk has no member with mobile 13999999999 in parameter "User ID" [item 0]',
		);
	});
});
