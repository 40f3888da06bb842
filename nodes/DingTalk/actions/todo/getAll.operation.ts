import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { runPerItem, readLimit } from '../../helpers/execution/items';
import { collectPages } from '../../helpers/execution/paging';
import { isoOrNull } from '../../helpers/execution/time';
import { dingTalkApiRequest } from '../../transport';
import { operatorField, operatorUnionId } from './task';
import { returnAllFields } from '../common.description';

const properties: INodeProperties[] = [
	...returnAllFields,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Role',
				name: 'role',
				type: 'options',
				options: [
					{ name: 'Any', value: 'any' },
					{ name: 'Creator (创建者)', value: 'creator' },
					{ name: 'Executor (执行者)', value: 'executor' },
					{ name: 'Participant (参与者)', value: 'participant' },
				],
				default: 'any',
				description: "The user's role in the to-dos to list",
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Any', value: 'any' },
					{ name: 'Done', value: 'done' },
					{ name: 'Not Done', value: 'open' },
				],
				default: 'any',
			},
		],
	},
];

export const description: INodeProperties[] = [
	operatorField(['getAll'], 'The userId (用户ID) whose to-dos to list'),
	...updateDisplayOptions({ show: { resource: ['todo'], operation: ['getAll'] } }, properties),
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const limit = readLimit(this, i, 'to-dos');
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const unionId = await operatorUnionId(this, run, i);
		const role = String(filters.role ?? 'any');
		const status = String(filters.status ?? 'any');
		const base: IDataObject = {
			roleTypes: role === 'any' ? [['executor'], ['creator'], ['participant']] : [[role]],
			...(status === 'any' ? {} : { isDone: status === 'done' }),
		};
		// https://open.dingtalk.com/document/orgapp/query-the-to-do-list-of-enterprise-users
		// DingTalk sets the page size itself; nextToken walks to the end.
		const cards = await collectPages<IDataObject>(async (nextToken) => {
			const page = await dingTalkApiRequest<{ todoCards?: IDataObject[]; nextToken?: string }>(
				run.api,
				{
					api: 'new',
					method: 'POST',
					path: `/v1.0/todo/users/${encodeURIComponent(unionId)}/org/tasks/query`,
					body: { ...base, ...(nextToken !== undefined ? { nextToken } : {}) },
					itemIndex: i,
					idempotent: true,
				},
			);
			return { entries: page.todoCards ?? [], next: page.nextToken };
		}, limit);
		return cards.map((card) => ({
			...card,
			dueDate: isoOrNull(card.dueTime),
			createdDate: isoOrNull(card.createdTime),
		}));
	});
}
