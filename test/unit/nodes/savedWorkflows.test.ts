/**
 * What n8n makes of a workflow saved before the resource locators: NodeHelpers (the code the
 * editor and the engine use to fill in a node's parameters and list its issues) keeps the saved
 * text in every parameter that became a locator, and reports no issue for it.
 */
import type { INode, INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { DingTalk } from '../../../nodes/DingTalk/DingTalk.node';
import approval from '../../../examples/approval-send-and-wait.json';
import card from '../../../examples/interactive-card-alert.json';
import fileReadRecall from '../../../examples/send-file-read-status-recall.json';
import groupAlert from '../../../examples/send-group-alert.json';
import markdownReport from '../../../examples/send-markdown-report.json';
import textToUsers from '../../../examples/send-text-to-users.json';
import workNotification from '../../../examples/work-notification-and-result.json';

const description = new DingTalk().description;
const LOCATORS = description.properties
	.filter((p) => p.type === 'resourceLocator')
	.map((p) => p.name);

/** Nodes as they were saved before, in the examples and in the shape older versions stored. */
const OLD_NODES: INodeParameters[] = [
	...[approval, card, fileReadRecall, groupAlert, markdownReport, textToUsers, workNotification]
		.flatMap((w) => w.nodes as unknown as Array<{ type: string; parameters: INodeParameters }>)
		.filter((n) => n.type === 'n8n-nodes-dingtalk-app.dingTalk')
		.map((n) => n.parameters),
	{ resource: 'user', operation: 'get', userId: 'manager4220' },
	{
		resource: 'card',
		operation: 'send',
		sendTo: 'user',
		userId: '={{ $json.userId }}',
		title: 't',
		content: 'c',
	},
	{
		resource: 'file',
		operation: 'uploadToDrive',
		spaceId: 'https://alidocs.dingtalk.com/spaces/1000001/folders/2000001',
		operatorId: 'user0001',
		binaryPropertyName: 'data',
	},
	{
		resource: 'file',
		operation: 'uploadToDrive',
		spaceId: '1000001',
		parentId: '2000001',
		operatorId: 'union123',
		operatorIdType: 'unionId',
	},
	// To-do, Calendar and Approval before their user and template locators.
	{
		resource: 'todo',
		operation: 'create',
		operatorUserId: 'boss',
		subject: 's',
		executorUserIds: 'doer',
	},
	{ resource: 'todo', operation: 'markDone', operatorUserId: '={{ $json.userId }}', todoId: 't1' },
	{
		resource: 'calendar',
		operation: 'create',
		calendarUserId: 'calBoss',
		summary: 's',
		start: '2026-12-21T10:00:00+08:00',
		end: '2026-12-21T11:00:00+08:00',
	},
	{
		resource: 'approval',
		operation: 'start',
		processCode: 'PROC-LEAVE-0001',
		originatorUserId: 'user0001',
	},
	{ resource: 'approval', operation: 'getAll', processCode: '={{ $json.processCode }}' },
	{
		resource: 'calendar',
		operation: 'getFreeBusy',
		userIds: 'calBoss, calGuest',
		startTime: '2026-12-21T00:00:00+08:00',
		endTime: '2026-12-22T00:00:00+08:00',
	},
	{ resource: 'approval', operation: 'getTemplates', userId: 'user0001' },
	{ resource: 'approval', operation: 'approve', instanceId: 'i1', actionerUserId: 'user0003' },
	{
		resource: 'approval',
		operation: 'transfer',
		instanceId: 'i1',
		operateUserId: 'user0003',
		toUserId: 'manager4220',
	},
	{ resource: 'approval', operation: 'comment', instanceId: 'i1', commentUserId: 'user0001' },
	{ resource: 'approval', operation: 'terminate', instanceId: 'i1', operatingUserId: 'user0001' },
];

const nodeOf = (parameters: INodeParameters): INode => ({
	id: '1',
	name: 'DingTalk',
	type: 'n8n-nodes-dingtalk-app.dingTalk',
	typeVersion: 1,
	position: [0, 0],
	parameters,
});

describe('workflows saved before the resource locators', () => {
	it('has locators for the parameters that name DingTalk objects', () => {
		expect(LOCATORS).toEqual(
			expect.arrayContaining([
				'conversationId',
				'userId',
				'operatorId',
				'spaceId',
				'parentId',
				'deptId',
				'operatorUserId',
				'calendarUserId',
				'processCode',
				'originatorUserId',
				'actionerUserId',
				'operateUserId',
				'toUserId',
				'commentUserId',
				'operatingUserId',
			]),
		);
	});

	it.each(OLD_NODES.map((p) => [`${p.resource}/${p.operation}`, p]))(
		'%s keeps its saved text and has no parameter issues',
		(_name, parameters) => {
			const node = nodeOf(parameters as INodeParameters);
			const full = NodeHelpers.getNodeParameters(
				description.properties,
				node.parameters,
				true,
				false,
				node,
				description,
			)!;
			for (const name of LOCATORS) {
				if (typeof (parameters as INodeParameters)[name] === 'string')
					expect(full[name]).toBe((parameters as INodeParameters)[name]);
			}
			const issues = NodeHelpers.getNodeParametersIssues(
				description.properties,
				{ ...node, parameters: full },
				description,
			);
			const ours = Object.keys(issues?.parameters ?? {}).filter(
				(name) =>
					LOCATORS.includes(name) ||
					[
						'userIds',
						'userList',
						'deptIds',
						'departmentList',
						'executorUserIds',
						'executorUserList',
						'attendeeUserIds',
					].includes(name),
			);
			expect(ours).toEqual([]);
		},
	);

	it('fills a Parent Folder left out (the old default, 0) with the root', () => {
		const node = nodeOf({
			resource: 'file',
			operation: 'uploadToDrive',
			spaceId: '1000001',
			operatorId: 'user0001',
		});
		const full = NodeHelpers.getNodeParameters(
			description.properties,
			node.parameters,
			true,
			false,
			node,
			description,
		)!;
		expect(full.parentId).toEqual({ __rl: true, mode: 'id', value: '0' });
	});
});
