import type { INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../node.type';
import * as approve from './approve.operation';
import * as comment from './comment.operation';
import * as downloadAttachment from './downloadAttachment.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getTemplates from './getTemplates.operation';
import * as reject from './reject.operation';
import * as start from './start.operation';
import * as terminate from './terminate.operation';
import * as transfer from './transfer.operation';

export {
	approve,
	comment,
	downloadAttachment,
	get,
	getAll,
	getTemplates,
	reject,
	start,
	terminate,
	transfer,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['approval'] } },
		options: [
			{
				name: 'Start',
				value: 'start',
				description: 'Submit an approval from a template (发起审批)',
				action: 'Start an approval',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Status, result, current approvers and form values of an instance',
				action: 'Get an approval',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: "A template's instance IDs in a time window",
				action: 'Get many approvals',
			},
			{
				name: 'Approve',
				value: 'approve',
				description: "Agree to an approver's task (同意)",
				action: 'Approve an approval task',
			},
			{
				name: 'Reject',
				value: 'reject',
				description: "Refuse an approver's task (拒绝)",
				action: 'Reject an approval task',
			},
			{
				name: 'Transfer',
				value: 'transfer',
				description: 'Hand a task to someone else (转交)',
				action: 'Transfer an approval task',
			},
			{
				name: 'Comment',
				value: 'comment',
				description: 'Add a comment, with photos or files (评论)',
				action: 'Comment on an approval',
			},
			{
				name: 'Terminate',
				value: 'terminate',
				description: 'Revoke a running approval (撤销)',
				action: 'Terminate an approval',
			},
			{
				name: 'Download Attachment',
				value: 'downloadAttachment',
				description: 'A file attached to an approval, as binary',
				action: 'Download an approval attachment',
			},
			{
				name: 'Get Templates',
				value: 'getTemplates',
				description: 'The templates a user can submit',
				action: 'Get approval templates',
			},
		] satisfies Array<OperationOption<'approval'>>,
		default: 'start',
	},
	...start.description,
	...get.description,
	...getAll.description,
	...approve.description,
	...reject.description,
	...transfer.description,
	...comment.description,
	...terminate.description,
	...downloadAttachment.description,
	...getTemplates.description,
];
