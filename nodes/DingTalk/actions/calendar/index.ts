import type { INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../node.type';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getFreeBusy from './getFreeBusy.operation';
import * as update from './update.operation';

export { create, del as delete, get, getAll, getFreeBusy, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['calendar'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Attendees, rooms, reminders, online meeting (创建日程)',
				action: 'Create an event',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Cancel an event, or leave it',
				action: 'Delete an event',
			},
			{ name: 'Get', value: 'get', description: 'An event by its ID', action: 'Get an event' },
			{
				name: 'Get Free/Busy',
				value: 'getFreeBusy',
				description: "Users' busy times in a window (闲忙)",
				action: 'Get free busy times',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: "A user's events in a window",
				action: 'Get many events',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change title, times, place or attendees',
				action: 'Update an event',
			},
		] satisfies Array<OperationOption<'calendar'>>,
		default: 'create',
	},
	...create.description,
	...get.description,
	...getAll.description,
	...update.description,
	...del.description,
	...getFreeBusy.description,
];
