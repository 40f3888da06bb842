import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import * as aiTable from './aiTable';
import * as aiCard from './aiCard';
import * as api from './api';
import * as approval from './approval';
import * as calendar from './calendar';
import * as card from './card';
import * as conversation from './conversation';
import * as customRobot from './customRobot';
import * as file from './file';
import * as message from './message';
import * as todo from './todo';
import * as user from './user';
import * as workbook from './workbook';
import type { ResourceOption } from './node.type';

/**
 * Resources by how often workflows need them, not alphabetically: the editor lists the actions in
 * this order (the nodes panel groups them by resource), so sending a message comes first and the
 * raw API call last.
 */
const RESOURCE_OPTIONS: ResourceOption[] = [
	{
		name: 'Message',
		value: 'message',
		description: 'Messages from the app robot and work notifications',
	},
	{ name: 'Card', value: 'card', description: 'Interactive cards with buttons' },
	{
		name: 'AI Card',
		value: 'aiCard',
		description: 'Streaming "typewriter" cards for AI answers: thinking, writing, finished',
	},
	{
		name: 'File',
		value: 'file',
		description: 'Drive uploads, group files, media, files sent to the robot',
	},
	{
		name: 'AI Table',
		value: 'aiTable',
		description: 'Records, sheets and fields of an AI Table (AI 表格 / 多维表)',
	},
	{
		name: 'Sheets (Workbook)',
		value: 'workbook',
		description: 'Rows and ranges of a sheet document (钉钉表格)',
	},
	{ name: 'Approval', value: 'approval', description: 'OA approvals (审批): start, read, act' },
	{ name: 'To-Do', value: 'todo', description: 'DingTalk to-dos (待办)' },
	{ name: 'Calendar', value: 'calendar', description: 'Events and free/busy (日程)' },
	{
		name: 'User',
		value: 'user',
		description: 'Members and departments (通讯录): look up, search, list',
	},
	{ name: 'Conversation', value: 'conversation', description: 'Group chat IDs' },
	{
		name: 'Custom Robot',
		value: 'customRobot',
		description: "A group's custom robot webhook (群自定义机器人)",
	},
	{ name: 'API', value: 'api', description: 'Any DingTalk endpoint, with the token handled' },
];

const operationProperties: INodeProperties[] = [
	...message.description,
	...card.description,
	...aiCard.description,
	...file.description,
	...aiTable.description,
	...workbook.description,
	...customRobot.description,
	...api.description,
	...approval.description,
	...todo.description,
	...calendar.description,
	...user.description,
	...conversation.description,
];

/** Every property of the DingTalk node: the resource selector, then each resource's operations. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: RESOURCE_OPTIONS,
		default: 'message',
	},
	...operationProperties,
];

/**
 * The canvas subtitle: the operation's display name ("Send to Users", "Upload to Drive"), looked up
 * by resource and operation, as the values themselves mean little to a reader.
 */
export function operationSubtitle(all: INodeProperties[] = properties): string {
	const names: Record<string, string> = {};
	for (const property of all) {
		if (property.name !== 'operation' || property.type !== 'options') continue;
		const resources = (property.displayOptions?.show?.resource ?? []) as string[];
		for (const option of (property.options ?? []) as INodePropertyOptions[]) {
			for (const resource of resources) names[`${resource}:${String(option.value)}`] = option.name;
		}
	}
	return `={{ ${JSON.stringify(names)}[$parameter["resource"] + ":" + $parameter["operation"]] ?? $parameter["operation"] }}`;
}
