import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	aesKeyBytes,
	decryptEvent,
	encryptedSuccess,
	eventSignature,
	robotSignature,
	safeEqual,
} from './helpers/callbackCrypto';
import { normalizeRobotMessage, rememberNonce } from './helpers/callbacks';

/** Event types offered in the filter (free text covers the rest). */
const EVENT_TYPES = [
	['Check URL (Console Verification)', 'check_url'],
	['Group: Name Changed', 'chat_update_title'],
	['Group: Cool App Installed', 'im_cool_app_install'],
	['Group: Cool App Uninstalled', 'im_cool_app_uninstall'],
	['Group: Member Added', 'chat_add_member'],
	['Group: Member Removed', 'chat_remove_member'],
	['Group: Disbanded', 'chat_disband'],
	['Approval: Instance Changed', 'bpms_instance_change'],
	['Approval: Task Changed', 'bpms_task_change'],
	['Contacts: User Added', 'user_add_org'],
	['Contacts: User Modified', 'user_modify_org'],
	['Contacts: User Left', 'user_leave_org'],
	['Contacts: Department Created', 'org_dept_create'],
	['Contacts: Department Modified', 'org_dept_modify'],
	['Contacts: Department Removed', 'org_dept_remove'],
	['Attendance: Check-In', 'attendance_check_record'],
];

const MAX_ENCRYPT_LENGTH = 1024 * 1024;

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
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName: 'Source',
				name: 'source',
				type: 'options',
				noDataExpression: true,
				default: 'events',
				options: [
					{
						name: 'Event Subscription',
						value: 'events',
						description:
							'Events & Callbacks (事件与回调) pushed over HTTP, encrypted with the aes_key and signed with the token from the credential',
					},
					{
						name: 'Robot Messages',
						value: 'robot',
						description: 'Messages people send to the app robot, when the robot\'s message receiving mode is HTTP',
					},
				],
			},
			{
				displayName:
					'Paste this node\'s production URL into the developer console: Events & Callbacks → request URL (events), or Robot → message receiving address (robot messages). Activate the workflow first: DingTalk verifies the URL when you save.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Event Types',
				name: 'eventTypes',
				type: 'multiOptions',
				default: [],
				description: 'Only these start the workflow (others are acknowledged and dropped). Empty: every event.',
				options: EVENT_TYPES.map(([name, value]) => ({ name, value })),
				displayOptions: { show: { source: ['events'] } },
			},
			{
				displayName: 'Other Event Types',
				name: 'otherEventTypes',
				type: 'string',
				default: '',
				placeholder: 'e.g. label_user_change, hrm_user_record_change',
				description: 'More EventType values to accept, comma-separated',
				displayOptions: { show: { source: ['events'] } },
			},
			{
				displayName: 'Message Types',
				name: 'messageTypes',
				type: 'multiOptions',
				default: [],
				description: 'Only these start the workflow. Empty: every type.',
				options: [
					{ name: 'Audio', value: 'audio' },
					{ name: 'File', value: 'file' },
					{ name: 'Picture', value: 'picture' },
					{ name: 'Rich Text', value: 'richText' },
					{ name: 'Text', value: 'text' },
					{ name: 'Video', value: 'video' },
				],
				displayOptions: { show: { source: ['robot'] } },
			},
			{
				displayName: 'Conversation Type',
				name: 'conversationType',
				type: 'options',
				default: 'any',
				options: [
					{ name: 'Any', value: 'any' },
					{ name: '1:1 Chats Only', value: 'oneToOne' },
					{ name: 'Groups Only', value: 'group' },
				],
				displayOptions: { show: { source: ['robot'] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Include Raw Payload',
						name: 'includeRaw',
						type: 'boolean',
						default: false,
						description: 'Whether to add the decrypted payload as DingTalk sent it, under "raw"',
					},
					{
						displayName: 'Max Clock Skew (Seconds)',
						name: 'maxSkewSeconds',
						type: 'number',
						default: 3600,
						typeOptions: { minValue: 10 },
						description: 'Callbacks whose timestamp is further from now are refused as replays',
					},
					{
						displayName: 'Owner Key',
						name: 'ownerKey',
						type: 'options',
						default: 'appKey',
						description: 'What encrypted events must be addressed to',
						options: [
							{ name: 'Client ID (AppKey)', value: 'appKey', description: 'Events configured in the developer console' },
							{ name: 'CorpId', value: 'corpId', description: 'Callbacks registered with the old register_call_back API' },
						],
					},
				],
			},
		],
	};

	webhookMethods = {
		default: {
			// DingTalk has no API to register these URLs: the developer console does it, so there is
			// nothing to create or delete here.
			async checkExists(this: IHookFunctions): Promise<boolean> {
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
		const credentials = await this.getCredentials<ICredentialDataDecryptedObject>('dingTalkApi');
		const source = this.getNodeParameter('source', 'events') as string;
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const maxSkewMs = Number(options.maxSkewSeconds ?? 3600) * 1000;
		const response = this.getResponseObject();
		const refuse = (status: number, reason: string): IWebhookResponseData => {
			this.logger.warn(`DingTalk Trigger refused a callback: ${reason}`);
			response.status(status).json({ errcode: status, errmsg: reason });
			return { noWebhookResponse: true };
		};
		// n8n answers with its own body when a webhook starts a run, so the trigger writes DingTalk's
		// required answer itself and tells n8n it did.
		const answer = (body: IDataObject, workflowData?: IWebhookResponseData['workflowData']): IWebhookResponseData => {
			response.status(200).json(body);
			return workflowData ? { workflowData, noWebhookResponse: true } : { noWebhookResponse: true };
		};
		return source === 'robot'
			? robotMessage(this, credentials, options, maxSkewMs, refuse, answer)
			: event(this, credentials, options, maxSkewMs, refuse, answer);
	}
}

type Refuse = (status: number, reason: string) => IWebhookResponseData;
type Answer = (body: IDataObject, workflowData?: IWebhookResponseData['workflowData']) => IWebhookResponseData;

/** Timestamps come in ms (13 digits) or s (10 digits). */
function timestampMs(value: string): number {
	const n = Number(value);
	return value.length <= 10 ? n * 1000 : n;
}

function event(
	context: IWebhookFunctions,
	credentials: ICredentialDataDecryptedObject,
	options: IDataObject,
	maxSkewMs: number,
	refuse: Refuse,
	answer: Answer,
): IWebhookResponseData {
	const token = String(credentials.eventToken ?? '').trim();
	const key = aesKeyBytes(String(credentials.eventAesSecret ?? ''));
	if (!token || !key) {
		return refuse(500, 'the DingTalk API credential lacks a valid Event Encryption Key (43 characters) or Event Signing Token');
	}
	const query = context.getQueryData() as IDataObject;
	const body = context.getBodyData() as IDataObject;
	const signature = String(query.msg_signature ?? query.signature ?? '');
	const timestamp = String(query.timeStamp ?? query.timestamp ?? '');
	const nonce = String(query.nonce ?? '');
	const encrypt = typeof body?.encrypt === 'string' ? body.encrypt : '';
	if (!signature || !/^\d{10,13}$/.test(timestamp) || !nonce || !encrypt) {
		return refuse(400, 'not a DingTalk event: msg_signature, timeStamp, nonce or encrypt missing');
	}
	if (encrypt.length > MAX_ENCRYPT_LENGTH) return refuse(413, 'encrypted payload too large');
	if (!safeEqual(eventSignature(token, timestamp, nonce, encrypt), signature)) {
		return refuse(403, 'signature mismatch (check the Event Signing Token)');
	}
	if (Math.abs(Date.now() - timestampMs(timestamp)) > maxSkewMs) return refuse(403, 'stale timestamp');
	if (!rememberNonce(`${signature}:${nonce}`, maxSkewMs)) return refuse(403, 'replayed callback');
	const decrypted = decryptEvent(key, encrypt);
	if (decrypted.problem !== undefined) return refuse(400, decrypted.problem);
	const expectedOwner = String((options.ownerKey === 'corpId' ? credentials.corpId : credentials.clientId) ?? '').trim();
	if (!expectedOwner || !safeEqual(decrypted.ownerKey, expectedOwner)) {
		return refuse(403, 'owner key mismatch: the event is for another app (or set Options → Owner Key)');
	}
	let payload: IDataObject;
	try {
		payload = JSON.parse(decrypted.message) as IDataObject;
	} catch {
		return refuse(400, 'decrypted payload is not JSON');
	}
	const reply = encryptedSuccess(token, key, expectedOwner);
	const eventType = String(payload.EventType ?? payload.eventType ?? '');
	if (eventType === 'check_url') return answer(reply);
	const wanted = [
		...((context.getNodeParameter('eventTypes', []) as string[]) ?? []),
		...String(context.getNodeParameter('otherEventTypes', '') ?? '')
			.split(',')
			.map((t) => t.trim())
			.filter(Boolean),
	];
	if (wanted.length > 0 && !wanted.includes(eventType)) return answer(reply);
	const json: IDataObject = { eventType, ...payload };
	if (options.includeRaw) json.raw = payload;
	return answer(reply, [[{ json }]]);
}

function robotMessage(
	context: IWebhookFunctions,
	credentials: ICredentialDataDecryptedObject,
	options: IDataObject,
	maxSkewMs: number,
	refuse: Refuse,
	answer: Answer,
): IWebhookResponseData {
	const headers = context.getHeaderData() as IDataObject;
	const timestamp = String(headers.timestamp ?? '');
	const sign = String(headers.sign ?? '');
	const secret = String(credentials.clientSecret ?? '').trim();
	if (!/^\d{13}$/.test(timestamp) || !sign) return refuse(400, 'not a DingTalk robot callback: timestamp or sign header missing');
	if (Math.abs(Date.now() - Number(timestamp)) > Math.min(maxSkewMs, 3600 * 1000)) return refuse(403, 'stale timestamp');
	if (!safeEqual(robotSignature(secret, timestamp), sign)) {
		return refuse(403, 'signature mismatch (the message was not signed with this app\'s Client Secret)');
	}
	const payload = context.getBodyData() as IDataObject;
	if (!payload || typeof payload !== 'object' || !payload.msgtype) return refuse(400, 'not a robot message');
	const message = normalizeRobotMessage(payload);
	const types = (context.getNodeParameter('messageTypes', []) as string[]) ?? [];
	const conversation = context.getNodeParameter('conversationType', 'any') as string;
	const accepted =
		(types.length === 0 || types.includes(String(message.messageType))) &&
		(conversation === 'any' || (conversation === 'group') === (message.conversationType === 'group'));
	if (!accepted) return answer({});
	if (options.includeRaw) message.raw = payload;
	return answer({}, [[{ json: message }]]);
}
