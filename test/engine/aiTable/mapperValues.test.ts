/**
 * The node reads Columns fast (helpers/execution/engine.ts, shortcutMapperValues): a bare
 * `{{ $json.field }}` from the item, a fixed value once. These tests guard that the values are
 * n8n's own: the same columns written once as bare expressions and once as expressions n8n must
 * evaluate give the same records, the same outputs and the same item errors.
 */
import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper } from '../harness';
import { RECORDS_PATH, target, tasks } from './aiTable';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());

/** The schema as n8n's editor stores it from the node's column list (methods/aiTable.ts). */
const column = (id: string, type: string, extra: IDataObject = {}) => ({
	id,
	displayName: id,
	required: false,
	defaultMatch: false,
	canBeUsedToMatch: type === 'string' || type === 'number',
	display: true,
	type,
	...extra,
});
const SCHEMA = [
	column('Title', 'string'),
	column('Count', 'number'),
	column('Status', 'options', {
		options: ['Todo', 'Doing', 'Done'].map((name) => ({ name, value: name })),
	}),
	column('Due', 'dateTime'),
	column('Tags', 'array'),
	column('Link', 'string'),
];

const LINK = 'https://example.com/fixed';

const ITEMS: IDataObject[] = [
	{ title: 'plain', n: 1, status: 'Todo', due: '2026-12-01', tags: ['red'] },
	{ title: 'number as text', n: '12', status: 'Doing', due: '2026-12-02T08:00:00Z' },
	{ title: 7, n: 3, status: 'Done', flag: true },
	{ title: 'unknown option', n: 4, status: 'Nope' },
	{ title: 'missing values' },
	{ title: 'not a number', n: 'many', status: 'Todo' },
	{ title: { nested: 'object' }, n: 5, status: 'Todo' },
];

/** `wrap` turns `$json.x` into the expression the column gets. */
function columns(wrap: (path: string) => string): IDataObject {
	return {
		mappingMode: 'defineBelow',
		value: {
			Title: `={{ ${wrap('$json.title')} }}`,
			Count: `={{ ${wrap('$json.n')} }}`,
			Status: `={{ ${wrap('$json.status')} }}`,
			Due: `={{ ${wrap('$json.due')} }}`,
			Tags: `={{ ${wrap('$json.tags')} }}`,
			Link: LINK,
		},
		matchingColumns: [],
		schema: SCHEMA,
	};
}

async function write(wrap: (path: string) => string) {
	const before = (await tasks(env)).length;
	const { output, error } = await runNode({
		credentials: credentials(),
		items: ITEMS.map((json) => ({ json })),
		parameters: target('createRecord', { columns: columns(wrap) }),
		continueOnFail: true,
	});
	expect(error).toBeUndefined();
	const stored = (await tasks(env)).slice(before).map((record) => record.fields);
	const outputs = output.map(({ json }): IDataObject => {
		const { id, ...rest } = json;
		return { hasId: typeof id === 'string', ...rest };
	});
	return { stored, outputs };
}

describe('AI Table Columns read fast give the values n8n gives', () => {
	it('bare {{ $json.x }} and evaluated ({{ ($json.x) }}) columns write the same records and errors', async () => {
		const fast = await write((path) => path);
		const evaluated = await write((path) => `(${path})`);
		expect(fast).toEqual(evaluated);

		// What that is, so that "equal" is not "equally empty".
		expect(fast.outputs).toHaveLength(ITEMS.length);
		expect(fast.outputs[0]).toMatchObject({ hasId: true, Title: 'plain', Count: 1 });
		// n8n turns the text "12" into the number 12 for a number column.
		expect(fast.outputs[1]).toMatchObject({ hasId: true, Count: 12, Status: 'Doing' });
		expect(fast.outputs[2]).toMatchObject({ hasId: true, Title: '7', Count: 3 });
		expect(String(fast.outputs[3].error)).toMatch(/Status/);
		expect(String(fast.outputs[5].error)).toMatch(/Count/);
		expect(fast.stored).toHaveLength(5);
		expect(fast.stored.every((fields) => (fields.Link as IDataObject).link === LINK)).toBe(true);
		const posts = (await env.client.requestsTo(RECORDS_PATH)).filter((r) => r.method === 'POST');
		expect(posts).toHaveLength(2);
	});
});
