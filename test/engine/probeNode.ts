import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runPerItem } from '../../nodes/DingTalk/helpers/execution/items';
import {
	ApiSession,
	dingTalkApiRequest,
	type DingTalkRequest,
} from '../../nodes/DingTalk/transport';

/**
 * A test-only node that makes one transport call per item, as described by the item's JSON,
 * so the transport can be exercised inside the real engine independently of any operation.
 * Items: { api, method, path, body?, qs?, idempotent? }.
 */
export class TransportProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Transport Probe',
		name: 'transportProbe',
		icon: 'file:probe.svg',
		group: ['output'],
		version: 1,
		subtitle: 'probe',
		description: 'Test-only',
		defaults: { name: 'DingTalk' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dingTalkApi', required: true }],
		properties: [
			{
				displayName: 'Fast Backoff',
				name: 'fastBackoff',
				type: 'boolean',
				default: true,
				description: 'Whether to use millisecond backoffs',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const fast = this.getNodeParameter('fastBackoff', 0, true);
		const session = new ApiSession(
			this,
			fast ? { retryPolicy: { baseDelayMs: 5, maxDelayMs: 40 } } : {},
		);
		const items = this.getInputData();
		return [
			await runPerItem(this, items, async (i) => {
				const request = { ...(items[i].json as unknown as DingTalkRequest), itemIndex: i };
				const response = await dingTalkApiRequest<IDataObject>(session, request);
				return response;
			}),
		];
	}
}
