/**
 * The to-do operator and the calendar owner are userIds turned into unionIds by the one shared
 * lookup (helpers/lookups/operator.ts userUnionId): an unknown user is a parameter error naming the
 * field, and nothing goes to the to-do or calendar API (before, the raw lookup error stopped the
 * node, and a user without a unionId put an empty ID into the path).
 */
import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../support/useEmulator';
import { runNode, TestCredentialsHelper } from './harness';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());

const CASES: Array<[string, IDataObject, string, string]> = [
	[
		'to-do Get Many as an unknown operator',
		{ resource: 'todo', operation: 'getAll', operatorUserId: '={{ $json.v }}', returnAll: true },
		'Operator User ID',
		'/v1.0/todo/',
	],
	[
		'calendar Get Many of an unknown user',
		{
			resource: 'calendar',
			operation: 'getAll',
			calendarUserId: '={{ $json.v }}',
			timeMin: '2026-12-01T00:00:00Z',
			timeMax: '2026-12-31T00:00:00Z',
			returnAll: true,
		},
		'User ID',
		'/v1.0/calendar/',
	],
];

describe('userId → unionId for to-dos and calendars', () => {
	it.each(CASES)('%s is an item error naming the parameter', async (_n, parameters, name, api) => {
		const { output, error } = await runNode({
			credentials: credentials(),
			items: [{ json: { v: 'nobody' } }],
			parameters,
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.error)).toEqual([
			`DingTalk has no user "nobody" in parameter "${name}" [item 0]`,
		]);
		expect((await env.client.state()).requests.filter((r) => r.path.startsWith(api))).toEqual([]);
	});
});
