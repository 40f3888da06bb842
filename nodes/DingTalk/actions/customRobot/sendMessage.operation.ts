import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { buildCustomRobotBodies, type CustomRobotType, type FeedLink } from './message';
import { parameterError, problemError, runPerItem } from '../../helpers/execution/items';
import type { MessageButton } from '../../helpers/messages/content';
import { parseIdList } from '../../helpers/messages/recipients';
import { customRobotRequest } from '../../transport';
import { optionsCollection } from '../common.description';
import { robotMessageFields } from '../robotMessage.description';

function shared(
	name: string,
	types: CustomRobotType[],
	extra: Partial<INodeProperties> = {},
): INodeProperties {
	const property = robotMessageFields.find((p) => p.name === name)!;
	return { ...property, displayOptions: { show: { messageType: types } }, ...extra };
}

const properties: INodeProperties[] = [
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		default: 'text',
		options: [
			{ name: 'Action Card', value: 'actionCard', description: 'Markdown card with link buttons' },
			{ name: 'Feed Card', value: 'feedCard', description: 'A list of links with pictures' },
			{ name: 'Link', value: 'link', description: 'Link card with title, text and picture' },
			{ name: 'Markdown', value: 'markdown' },
			{ name: 'Text', value: 'text' },
		],
	},
	shared('title', ['markdown', 'link', 'actionCard']),
	shared('content', ['text', 'markdown', 'link', 'actionCard']),
	shared('messageUrl', ['link']),
	shared('picUrl', ['link'], { required: false }),
	shared('buttons', ['actionCard']),
	shared('buttonOrientation', ['actionCard']),
	{
		displayName: 'Feed Links',
		name: 'feedLinks',
		type: 'fixedCollection',
		placeholder: 'Add Link',
		default: {},
		typeOptions: { multipleValues: true },
		displayOptions: { show: { messageType: ['feedCard'] } },
		options: [
			{
				name: 'link',
				displayName: 'Link',
				values: [
					{ displayName: 'Title', name: 'title', type: 'string', default: '' },
					{
						displayName: 'URL',
						name: 'url',
						type: 'string',
						default: '',
						placeholder: 'e.g. https://example.com/post',
					},
					{
						displayName: 'Picture URL',
						name: 'picUrl',
						type: 'string',
						default: '',
						placeholder: 'e.g. https://example.com/pic.png',
					},
				],
			},
		],
	},
	optionsCollection(
		{
			displayName: 'Append Keyword',
			name: 'appendKeyword',
			type: 'boolean',
			default: true,
			description:
				"Whether to add the credential's keyword to a message that lacks it (DingTalk drops such messages with 310000)",
		},
		{
			displayName: 'Mention All (@所有人)',
			name: 'atAll',
			type: 'boolean',
			default: false,
			description: 'Whether to @ everyone in the group (text and Markdown)',
		},
		{
			displayName: 'Mention Mobiles',
			name: 'atMobiles',
			type: 'string',
			default: '',
			placeholder: 'e.g. 13800000000, 13900000000',
			description: 'Members to @ by mobile number (text and Markdown)',
		},
		{
			displayName: 'Mention User IDs',
			name: 'atUserIds',
			type: 'string',
			default: '',
			placeholder: 'e.g. manager4220',
			description: 'Members to @ by userId (text and Markdown)',
		},
		{
			displayName: 'Split Long Messages',
			name: 'split',
			type: 'boolean',
			default: true,
			description:
				"Whether a text or Markdown message over DingTalk's 20,000 bytes is sent as several messages, split at paragraph boundaries, in order",
		},
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['customRobot'], operation: ['sendMessage'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const credentials = await run.robot.credentials();
	return await runPerItem(this, items, async (i) => {
		const type = this.getNodeParameter('messageType', i) as CustomRobotType;
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const list = (name: string, parameter: string, what: string) => {
			const parsed = parseIdList(options[name], what);
			if (parsed.problem !== undefined)
				throw parameterError(this, i, parameter, parsed.problem, parsed.fix);
			return parsed.ids;
		};
		const param = <T>(name: string, fallback: T): T =>
			this.getNodeParameter(name, i, fallback) as T;
		const built = buildCustomRobotBodies({
			type,
			content: ['text', 'markdown', 'link', 'actionCard'].includes(type)
				? param('content', '')
				: '',
			title: ['markdown', 'link', 'actionCard'].includes(type) ? param('title', '') : '',
			messageUrl: type === 'link' ? param('messageUrl', '') : '',
			picUrl: type === 'link' ? param('picUrl', '') : '',
			buttons:
				type === 'actionCard'
					? ((param<IDataObject>('buttons', {}).button as MessageButton[] | undefined) ?? [])
					: [],
			buttonOrientation:
				type === 'actionCard' ? param('buttonOrientation', 'vertical') : 'vertical',
			feedLinks:
				type === 'feedCard'
					? ((param<IDataObject>('feedLinks', {}).link as FeedLink[] | undefined) ?? [])
					: [],
			atMobiles: list('atMobiles', 'Mention Mobiles', 'mobile number'),
			atUserIds: list('atUserIds', 'Mention User IDs', 'user ID'),
			atAll: options.atAll === true,
			keyword: String(credentials.keyword ?? ''),
			appendKeyword: options.appendKeyword !== false,
			split: options.split !== false,
		});
		if (built.problem !== undefined) {
			throw problemError(this, i, built.problem);
		}
		let waitedMs = 0;
		for (const body of built.bodies) {
			waitedMs += (await customRobotRequest(run.robot, body, i)).waitedMs;
		}
		return {
			sent: true,
			messageType: type,
			messages: built.bodies.length,
			keywordAppended: built.keywordAppended,
			waitedMs,
			...(waitedMs > 0
				? {
						note: `Waited ${Math.round(waitedMs / 1000)} s to stay within DingTalk's 20 messages a minute for this robot.`,
					}
				: {}),
		};
	});
}
