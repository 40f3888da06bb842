import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as api from './api';
import * as card from './card';
import * as conversation from './conversation';
import * as customRobot from './customRobot';
import * as file from './file';
import * as message from './message';
import * as user from './user';
import { withTextParameters } from '../helpers/parameters';
import type { DingTalkType } from './node.type';
import { properties } from './resources';

type Operation = {
	execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]>;
};

const resources: Record<string, Record<string, Operation>> = {
	api: { request: api.request },
	card: { send: card.send, update: card.update },
	conversation: { getOpenConversationId: conversation.getOpenConversationId },
	customRobot: { sendMessage: customRobot.sendMessage },
	file: {
		downloadMessageFile: file.downloadMessageFile,
		sendToGroup: file.sendToGroup,
		uploadMedia: file.uploadMedia,
		uploadToDrive: file.uploadToDrive,
	},
	message: {
		getReadStatus: message.getReadStatus,
		getWorkNotificationResult: message.getWorkNotificationResult,
		recall: message.recall,
		reply: message.reply,
		sendAndWait: message.sendAndWait,
		sendToGroup: message.sendToGroup,
		sendToUsers: message.sendToUsers,
		sendWorkNotification: message.sendWorkNotification,
	},
	user: { get: user.get, getByMobile: user.getByMobile },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as DingTalkType['resource'];
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`, {
			description: 'Pick an operation from the list; this one may come from a newer version of the package.',
		});
	}
	// Numbers mapped into text parameters become text, objects a clear error: for every operation.
	return [await handler.execute.call(withTextParameters(this, properties), items)];
}
