import type { INodeProperties } from 'n8n-workflow';

import { conversationLocator } from './locators.description';

/**
 * Fields several resources share (message, card, file, custom robot). Fields of one resource
 * live in its own common.description.ts; the robot message fields in robotMessage.description.ts.
 */

/** Options several message operations offer, defined once. */
export const options = {
	robotCode: {
		displayName: 'Robot Code',
		name: 'robotCode',
		type: 'string',
		default: '',
		description:
			"Use another robot of this app. Defaults to the credential's Robot Code, or its Client ID.",
	} as INodeProperties,
	agentId: {
		displayName: 'AgentId',
		name: 'agentId',
		type: 'string',
		default: '',
		description: "AgentId of the app (work notifications); defaults to the credential's AgentId",
	} as INodeProperties,
	fileName: {
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		default: '',
		placeholder: 'e.g. report.pdf',
		description:
			"File messages only: the name recipients see, instead of the binary's own file name",
	} as INodeProperties,
	concurrency: {
		displayName: 'Max Concurrent Requests',
		name: 'concurrency',
		type: 'number',
		default: 20,
		typeOptions: { minValue: 1, maxValue: 50 },
		description:
			"How many calls may be in flight at once. DingTalk's quota is respected either way: the node learns it and paces itself.",
	} as INodeProperties,
	combine: (description: string): INodeProperties => ({
		displayName: 'Combine Identical Messages',
		name: 'combine',
		type: 'boolean',
		default: true,
		description,
	}),
};

/** Return All + Limit, as n8n's Get Many operations have them (read with readLimit). */
export const returnAllFields: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** An Options collection with the given entries. */
export function optionsCollection(...entries: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: entries,
	};
}

/**
 * The group a message goes to, as a resource locator: its openConversationId or an old chatId
 * (converted). Workflows saved with the earlier text field keep their value (read as the ID mode).
 */
export function conversationIdField(extra: Partial<INodeProperties> = {}): INodeProperties {
	return conversationLocator({ displayName: 'Conversation ID', ...extra });
}
