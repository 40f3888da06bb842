import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { resolveOpenConversationId } from '../../helpers/lookups/conversation';
import { parameterError, runPerItem } from '../../helpers/execution/items';

const properties: INodeProperties[] = [
	{
		displayName: 'Chat ID',
		name: 'chatId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. chat1234567890abcdef',
		description: 'The old chatId of a group (from JSAPI chooseChat or older APIs)',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['getOpenConversationId'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const chatId = String(this.getNodeParameter('chatId', i, '')).trim();
		if (!/^chat/i.test(chatId)) {
			throw parameterError(
				this,
				i,
				'Chat ID',
				chatId ? `"${chatId}" is not a chatId` : 'No chat ID given',
				'A chatId starts with "chat"; an ID starting with "cid" is already an openConversationId.',
			);
		}
		return {
			chatId,
			openConversationId: await resolveOpenConversationId(run, i, chatId, 'Chat ID'),
		};
	});
}
