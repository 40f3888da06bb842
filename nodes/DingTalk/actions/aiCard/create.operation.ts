import { randomBytes } from 'crypto';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { parameterError, runPerItem } from '../../helpers/execution/items';
import { dingTalkApiRequest, robotCodeOf } from '../../transport';
import { options, optionsCollection } from '../common.description';
import { FLOW_STATUS, PUBLIC_AI_CARD_TEMPLATE } from './aiCardCalls';
import { contentKeyField, readCardParams, readContentKey } from './common.description';
import { readCardTarget, targetFields } from './target';

const OUT_TRACK_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

interface DeliverResult {
	spaceType?: string;
	spaceId?: string;
	success?: boolean;
	errorMsg?: string;
	carrierId?: string;
}

const properties: INodeProperties[] = [
	...targetFields,
	{
		displayName: 'Card Template ID',
		name: 'cardTemplateId',
		type: 'string',
		default: PUBLIC_AI_CARD_TEMPLATE,
		required: true,
		description:
			"DingTalk's public AI-card template works as it is; or use the ID of your own template from the card platform (卡片平台) with a streaming variable",
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		placeholder: 'e.g. Assistant',
		description: 'Shown above the answer (msgTitle of the public template); empty for none',
	},
	optionsCollection(
		contentKeyField,
		{
			displayName: 'Card Instance ID',
			name: 'outTrackId',
			type: 'string',
			default: '',
			placeholder: 'e.g. answer-4711',
			description:
				'Your own ID for the card (outTrackId, 1–64 letters, digits, ".", "_", ":" or "-"). Defaults to a random one; each card needs a new ID.',
		},
		{
			displayName: 'More Card Data (JSON)',
			name: 'cardData',
			type: 'json',
			default: '{}',
			description:
				'Further variables of your template, as a JSON object; values that are not text are sent as JSON text, as the card platform wants',
		},
		{
			displayName: 'Allow Forwarding',
			name: 'supportForward',
			type: 'boolean',
			default: true,
			description: 'Whether people may forward the card to other chats',
		},
		options.robotCode,
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['aiCard'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const credentials = await run.api.credentials();
	return await runPerItem(
		this,
		items,
		async (i) => {
			const itemOptions = this.getNodeParameter('options', i, {}) as IDataObject;
			const outTrackId =
				String(itemOptions.outTrackId ?? '').trim() || `n8n-ai-${randomBytes(12).toString('hex')}`;
			if (!OUT_TRACK_ID.test(outTrackId))
				throw parameterError(
					this,
					i,
					'Card Instance ID',
					`"${outTrackId.slice(0, 70)}" is not a usable card instance ID`,
					'Use 1–64 letters, digits, ".", "_", ":" or "-".',
				);
			const cardTemplateId = String(this.getNodeParameter('cardTemplateId', i, '') ?? '').trim();
			if (!cardTemplateId)
				throw parameterError(
					this,
					i,
					'Card Template ID',
					'No card template ID given',
					`Use DingTalk's public AI-card template ${PUBLIC_AI_CARD_TEMPLATE}, or your own template's ID.`,
				);
			const contentKey = readContentKey(this, i);
			const target = await readCardTarget(this, run, i);
			const robotCode = robotCodeOf(credentials, itemOptions.robotCode as string);
			const title = String(this.getNodeParameter('title', i, '') ?? '');
			const cardParamMap: Record<string, string> = {
				...readCardParams(this, i, itemOptions.cardData ?? '{}', 'More Card Data (JSON)'),
				flowStatus: FLOW_STATUS.thinking,
				[contentKey]: '',
				...(title ? { msgTitle: title } : {}),
			};
			const space = { supportForward: itemOptions.supportForward !== false };
			const body: IDataObject = {
				cardTemplateId,
				outTrackId,
				cardData: { cardParamMap },
				openSpaceId: `dtv1.card//${target.spaceType}.${target.spaceId}`,
				userIdType: 1,
			};
			if (target.spaceType === 'IM_GROUP') {
				body.imGroupOpenSpaceModel = space;
				body.imGroupOpenDeliverModel = {
					robotCode,
					...(target.mention ? { atUserIds: target.mention } : {}),
				};
			} else {
				body.imRobotOpenSpaceModel = space;
				body.imRobotOpenDeliverModel = { spaceType: 'IM_ROBOT', robotCode };
			}
			// Not repeated after a lost answer: a second card would appear (DingTalk has no idempotency key).
			const response = await dingTalkApiRequest<{
				result?: { outTrackId?: string; deliverResults?: DeliverResult[] };
			}>(run.api, {
				api: 'new',
				method: 'POST',
				path: '/v1.0/card/instances/createAndDeliver',
				body,
				itemIndex: i,
			});
			const results = response.result?.deliverResults ?? [];
			const failed = results.find((r) => r.success === false);
			if (failed)
				throw new NodeOperationError(
					this.getNode(),
					`DingTalk created the card but could not deliver it to ${failed.spaceType} ${failed.spaceId}: ${failed.errorMsg ?? 'no reason given'} [item ${i}]`,
					{
						itemIndex: i,
						description:
							target.spaceType === 'IM_GROUP'
								? 'Check that the robot is a member of the group.'
								: 'Check the userId, and that the user may see the robot (the app is visible to them).',
					},
				);
			return {
				outTrackId,
				cardTemplateId,
				contentKey,
				state: 'thinking',
				spaceType: target.spaceType,
				spaceId: target.spaceId,
				...(target.conversationId ? { conversationId: target.conversationId } : {}),
				robotCode,
			};
		},
		// With Retry On Fail, a card an earlier try delivered is not delivered again.
		{ concurrency: 10, ledger: run.retryLedger() },
	);
}
