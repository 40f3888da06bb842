/**
 * Limit across every Get Many operation (one reader, helpers/execution/items.ts readLimit): a
 * mapped 0 or text is an item error naming Limit — before, one operation refused it, three fell
 * back to 50 and four read every page ("many" became NaN, and NaN never reached) — and the other
 * items of the batch get at most their own Limit.
 */
import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../support/useEmulator';
import { runNode, TestCredentialsHelper } from './harness';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());

const OPERATIONS: Array<[string, IDataObject]> = [
	['user search', { resource: 'user', operation: 'search', query: 'Emulated User 1' }],
	['user getManyInDepartment', { resource: 'user', operation: 'getManyInDepartment', deptId: '1' }],
	['user getSubDepartments', { resource: 'user', operation: 'getSubDepartments', deptId: '1' }],
	[
		'aiTable getManyRecords',
		{
			resource: 'aiTable',
			operation: 'getManyRecords',
			base: { __rl: true, mode: 'id', value: 'NotableEmuBase00000000000000001' },
			sheet: { __rl: true, mode: 'id', value: 'TasksS1' },
			operatorId: 'user0001',
		},
	],
	[
		'calendar getAll',
		{
			resource: 'calendar',
			operation: 'getAll',
			calendarUserId: 'user0001',
			timeMin: '2026-12-01T00:00:00Z',
			timeMax: '2026-12-31T00:00:00Z',
		},
	],
	['todo getAll', { resource: 'todo', operation: 'getAll', operatorUserId: 'user0001' }],
	[
		'approval getTemplates',
		{ resource: 'approval', operation: 'getTemplates', userId: 'user0001' },
	],
	[
		'approval getAll',
		{
			resource: 'approval',
			operation: 'getAll',
			processCode: 'PROC-LEAVE-0001',
			startTime: '2026-11-01T00:00:00Z',
		},
	],
];

describe('Get Many: Limit', () => {
	it.each(OPERATIONS)(
		'%s: a Limit of 0 or text is an item error; 1 gives at most 1',
		async (_name, parameters) => {
			const { output, error } = await runNode({
				credentials: credentials(),
				items: [{ json: { v: 1 } }, { json: { v: 0 } }, { json: { v: 'many' } }],
				parameters: { ...parameters, returnAll: false, limit: '={{ $json.v }}' },
				continueOnFail: true,
			});
			expect(error).toBeUndefined();
			const of = (n: number) =>
				output.filter((item) => (item.pairedItem as { item: number }).item === n);
			expect(of(0).length).toBeLessThanOrEqual(1);
			expect(of(0).every((item) => item.json.error === undefined)).toBe(true);
			expect(of(1).map((item) => item.json.error)).toEqual([
				'Limit "0" is not a whole number of 1 or more in parameter "Limit" [item 1]',
			]);
			expect(of(2).map((item) => item.json.error)).toEqual([
				'Limit "many" is not a whole number of 1 or more in parameter "Limit" [item 2]',
			]);
			expect(String(of(2)[0].json.description)).toMatch(
				/^Enter how many .+ to return, or turn on Return All\.$/,
			);
		},
	);
});
