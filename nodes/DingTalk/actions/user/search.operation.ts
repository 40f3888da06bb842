import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPool } from '../../helpers/batching/pool';
import type { RunContext } from '../../helpers/execution/runContext';
import { parameterError, runPerItem, readLimit } from '../../helpers/execution/items';
import { searchUserIds, USER_SEARCH_PAGE } from '../../helpers/lookups/contacts';
import { getUser } from '../../helpers/lookups/users';
import { simplifyField, simplifyUser } from './common';
import { returnAllFields } from '../common.description';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'query',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 张三',
		description: "The name to look for (DingTalk also matches a name's pinyin and English name)",
	},
	{
		displayName: 'Exact Match',
		name: 'exactMatch',
		type: 'boolean',
		default: false,
		description: 'Whether only members whose whole name is the one given are returned',
	},
	...returnAllFields,
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['search'] } },
	properties,
);

/** User details looked up at once per item (each is one user/get, paced per endpoint). */
const DETAILS_AT_ONCE = 10;

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const query = String(this.getNodeParameter('query', i, '')).trim();
		if (!query)
			throw parameterError(
				this,
				i,
				'Name',
				'No name given',
				'Enter the name (or part of it) to look for.',
			);
		const exact = this.getNodeParameter('exactMatch', i, false) as boolean;
		const limit = readLimit(this, i, 'users');
		const userIds: string[] = [];
		for (let offset = 0; userIds.length < limit; offset += USER_SEARCH_PAGE) {
			const page = await searchUserIds(run, query, offset, USER_SEARCH_PAGE, {
				exact,
				itemIndex: i,
			});
			userIds.push(...page.userIds);
			if (!page.hasMore || page.userIds.length === 0) break;
		}
		const wanted = userIds.slice(0, limit);
		const users: IDataObject[] = new Array(wanted.length);
		await runPool(
			wanted.map((userId, n) => async () => {
				users[n] = await getUser(run, i, userId);
			}),
			DETAILS_AT_ONCE,
		);
		const simplify = this.getNodeParameter('simplify', i, true) as boolean;
		return users.map((user, n) => (simplify ? simplifyUser(user, wanted[n]) : user));
	});
}
