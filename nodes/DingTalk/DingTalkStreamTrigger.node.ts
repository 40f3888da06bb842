import type {
	IDataObject,
	IHttpRequestOptions,
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { ApiSession } from './transport';
import { relayCardClick, waitingBaseUrl } from './trigger/stream/approvals';
import { hasWebSocket, StreamClient } from './trigger/stream/client';
import { streamTriggerProperties } from './trigger/stream/description';
import { openConnection } from './trigger/stream/gateway';
import { readApprovalFilter } from './trigger/approvalFilter';
import { streamItemWithInstance, TOPICS, type Subscription } from './trigger/stream/messages';

export class DingTalkStreamTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DingTalk Stream Trigger',
		name: 'dingTalkStreamTrigger',
		icon: { light: 'file:dingtalk.svg', dark: 'file:dingtalk.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["subscriptions"] || []).join(", ") }}',
		description:
			'Starts the workflow on DingTalk events, robot messages and card clicks over Stream mode: no public URL needed',
		defaults: { name: 'DingTalk Stream Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dingTalkApi', required: true }],
		properties: streamTriggerProperties,
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		if (!hasWebSocket()) {
			throw new NodeOperationError(
				this.getNode(),
				'DingTalk Stream mode needs Node.js 22 or newer (a global WebSocket)',
				{
					description:
						"Upgrade n8n's Node.js, or use the DingTalk Trigger (HTTP callbacks) instead.",
				},
			);
		}
		// One API session per activation: the credential is read once, reconnects reuse it.
		const api = new ApiSession(this);
		await api.credentials();
		const chosen = (this.getNodeParameter('subscriptions', []) as Subscription[]).filter(
			(s) => TOPICS[s],
		);
		const eventTypes = String(this.getNodeParameter('eventTypes', '') ?? '')
			.split(',')
			.map((t) => t.trim())
			.filter(Boolean);
		const approvalFilter = readApprovalFilter(this.getNodeParameter('approvalFilters', {}));
		// Clicks on Send and Wait cards resume the execution that waits for them (trigger/stream/approvals.ts).
		const relay = {
			secret: async () => String((await api.credentials()).clientSecret ?? '').trim(),
			waitingBaseUrl: waitingBaseUrl(
				this.getNodeParameter('options.waitingWebhookUrl', ''),
				this.getInstanceBaseUrl(),
			),
			httpRequest: async (options: IHttpRequestOptions) => await this.helpers.httpRequest(options),
			logger: this.logger,
		};
		// Approval events read their instance with the same session: its first read fetches the
		// access token, so a trigger that gets no approval event asks for none.
		const instanceApi = this.getNodeParameter('includeInstance', true) === true ? api : undefined;
		const client = new StreamClient({
			open: async () => await openConnection(api, chosen),
			toItem: async (frame) => {
				const item = await streamItemWithInstance(frame, eventTypes, approvalFilter, instanceApi);
				if (item === undefined) return undefined;
				const handedOver = relayCardClick(item, String(frame.headers?.messageId ?? ''), relay);
				return handedOver === undefined ? item : undefined;
			},
			emit: (json: IDataObject) => this.emit([this.helpers.returnJsonArray([json])]),
			ackFirst: this.getNodeParameter('acknowledge', 'afterAccepted') === 'immediately',
			logger: this.logger,
			onError: (error) => this.emitError(error),
		});
		client.start();
		return { closeFunction: async () => await client.close() };
	}
}
