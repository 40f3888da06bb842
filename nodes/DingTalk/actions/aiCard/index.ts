import type { INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../node.type';
import * as create from './create.operation';
import * as fail from './fail.operation';
import * as finish from './finish.operation';
import * as stream from './stream.operation';
import * as update from './update.operation';

export { create, fail, finish, stream, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['aiCard'] } },
		options: [
			{
				name: 'Create and Deliver',
				value: 'create',
				description:
					'Show an AI card that is thinking (思考中) at once: to a user, into a group, or as the reply to a message',
				action: 'Create and deliver an AI card',
			},
			{
				name: 'Stream Text',
				value: 'stream',
				description:
					'Write an answer into the card in paced parts, like typing, then finish it (完成)',
				action: 'Stream text into an AI card',
			},
			{
				name: 'Finish',
				value: 'finish',
				description: 'End the card as finished, optionally with a final text',
				action: 'Finish an AI card',
			},
			{
				name: 'Fail',
				value: 'fail',
				description: 'End the card as failed (失败) with a message',
				action: 'Fail an AI card',
			},
			{
				name: 'Update',
				value: 'update',
				description: "Set the card's template variables (title, your template's own fields)",
				action: 'Update an AI card',
			},
		] satisfies Array<OperationOption<'aiCard'>>,
		default: 'create',
	},
	...create.description,
	...stream.description,
	...finish.description,
	...fail.description,
	...update.description,
];
