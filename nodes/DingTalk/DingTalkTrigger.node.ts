import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { httpTriggerProperties } from './trigger/http/description';
import { OPTIONS_FIX, optionsProblem } from './trigger/http/options';
import { receiveCallback } from './trigger/http/webhook';

export class DingTalkTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DingTalk Trigger',
		name: 'dingTalkTrigger',
		icon: { light: 'file:dingtalk.svg', dark: 'file:dingtalk.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["source"] === "robot" ? "Robot messages" : "Events" }}',
		// n8n's nodes panel merges this trigger into the DingTalk entry and shows this description for
		// both, so it names what the package does, then what this trigger adds.
		description:
			'DingTalk (钉钉) app: send messages, cards and files, and start workflows on DingTalk events or robot messages (HTTP callbacks)',
		defaults: { name: 'DingTalk Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dingTalkApi', required: true }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: httpTriggerProperties,
	};

	webhookMethods = {
		default: {
			// DingTalk has no API to register these URLs: the developer console does it, so there is
			// nothing to create or delete here. Activation checks the security options, so a workflow
			// whose checks would be off is not activated (n8n shows the error).
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const problem = optionsProblem(this.getNodeParameter('options', {}) as IDataObject);
				if (problem)
					throw new NodeOperationError(this.getNode(), problem, { description: OPTIONS_FIX });
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveCallback(this);
	}
}
