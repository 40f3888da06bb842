import type { INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../node.type';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as markDone from './markDone.operation';
import * as markUndone from './markUndone.operation';
import * as update from './update.operation';

export { create, del as delete, get, getAll, markDone, markUndone, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['todo'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a to-do for executors (创建待办)',
				action: 'Create a to-do',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a to-do',
				action: 'Delete a to-do',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a to-do by its ID or source ID',
				action: 'Get a to-do',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: "List a user's to-dos",
				action: 'Get many to-dos',
			},
			{
				name: 'Mark Done',
				value: 'markDone',
				description: "Complete a to-do, or one executor's part of it",
				action: 'Mark a to-do as done',
			},
			{
				name: 'Mark Undone',
				value: 'markUndone',
				description: 'Reopen a to-do',
				action: 'Mark a to-do as not done',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change subject, description, due time or people',
				action: 'Update a to-do',
			},
		] satisfies Array<OperationOption<'todo'>>,
		default: 'create',
	},
	...create.description,
	...get.description,
	...getAll.description,
	...update.description,
	...markDone.description,
	...markUndone.description,
	...del.description,
];
