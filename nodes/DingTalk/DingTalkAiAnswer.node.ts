import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { answerNode, properties } from './actions/aiCard/answer.operation';

/**
 * A chat model answers in an AI card while it writes: the one way n8n 2.41 lets a community node
 * receive a model's output as it is produced (a chat model input; see docs/design.md).
 */
export class DingTalkAiAnswer implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DingTalk AI Answer',
		name: 'dingTalkAiAnswer',
		icon: { light: 'file:dingtalk.svg', dark: 'file:dingtalk.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: 'Chat model → AI card',
		description:
			"Streams a chat model's answer into a DingTalk AI card as the model writes it (typewriter), then finishes the card",
		defaults: { name: 'DingTalk AI Answer' },
		// Not a tool: it needs a chat model connected, and a tool has no inputs (n8n's type has no
		// `false`; the property states the decision).
		usableAsTool: undefined,
		inputs: [
			NodeConnectionTypes.Main,
			{
				type: NodeConnectionTypes.AiLanguageModel,
				displayName: 'Chat Model',
				required: true,
				maxConnections: 1,
			},
			{ type: NodeConnectionTypes.AiMemory, displayName: 'Memory', maxConnections: 1 },
		],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dingTalkApi', required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await answerNode.call(this)];
	}
}
