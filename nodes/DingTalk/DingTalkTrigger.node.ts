import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { createHash } from 'crypto';

import {
	aesKeyBytes,
	decryptEvent,
	encryptedSuccess,
	eventSignature,
	robotSignature,
	safeEqual,
} from './helpers/callbackCrypto';
import {
	DEFAULT_MAX_SKEW_SECONDS,
	MAX_MAX_SKEW_SECONDS,
	MIN_MAX_SKEW_SECONDS,
	eventMemory,
	normalizeRobotMessage,
	readMaxSkewSeconds,
	readOwnerKey,
	signatureMemory,
} from './helpers/callbacks';

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
						default: DEFAULT_MAX_SKEW_SECONDS,
						typeOptions: { minValue: MIN_MAX_SKEW_SECONDS, maxValue: MAX_MAX_SKEW_SECONDS },
						description:
							'Callbacks whose signed timestamp is further from now are refused (10–3600). A replayed callback is refused while it is inside this window; outside it, as stale.',
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
			// nothing to create or delete here. Activation checks the security options, so a workflow
			// whose checks would be off is not activated (n8n shows the error).
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const problem = optionsProblem(this.getNodeParameter('options', {}) as IDataObject);
				if (problem) throw new NodeOperationError(this.getNode(), problem, { description: OPTIONS_FIX });
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
		const response = this.getResponseObject();
		const refuse = (status: number, reason: string, level: 'warn' | 'error' = 'warn'): IWebhookResponseData => {
			this.logger[level](`DingTalk Trigger refused a callback: ${reason}`);
			response.status(status).json({ errcode: status, errmsg: reason });
			return { noWebhookResponse: true };
		};
		// Invalid security options fail closed: every callback is refused until they are fixed.
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const problem = optionsProblem(options);
		if (problem) return refuse(400, `the trigger is misconfigured: ${problem}. ${OPTIONS_FIX}`, 'error');
		const maxSkewMs = (readMaxSkewSeconds(options.maxSkewSeconds).seconds as number) * 1000;
		const credentials = await this.getCredentials<ICredentialDataDecryptedObject>('dingTalkApi');
		const source = this.getNodeParameter('source', 'events') as string;
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

const OPTIONS_FIX = 'Fix DingTalk Trigger → Options (or remove the option to use its default); until then every callback is refused.';

function optionsProblem(options: IDataObject): string | undefined {
	return readMaxSkewSeconds(options.maxSkewSeconds).problem ?? readOwnerKey(options.ownerKey).problem;
}

type Refuse = (status: number, reason: string) => IWebhookResponseData;
type Answer = (body: IDataObject, workflowData?: IWebhookResponseData['workflowData']) => IWebhookResponseData;

/** Event timestamps come in ms (13 digits) or s (10 digits, the official test vector); nothing else. */
function timestampMs(value: string): number | undefined {
	if (/^\d{13}$/.test(value)) return Number(value);
	if (/^\d{10}$/.test(value)) return Number(value) * 1000;
	return undefined;
}

/** One query value as text; a repeated parameter (an array) is not a DingTalk callback. */
function queryText(query: IDataObject, ...names: string[]): string {
	for (const name of names) {
		const value = query[name];
		if (value !== undefined) return typeof value === 'string' ? value : '';
	}
	return '';
}

/** How long a re-split of the same signed text could still pass the timestamp check (10 digits truncate up to 999 ms). */
const RESPLIT_MARGIN_MS = 1000;
/** A DingTalk event's identity is remembered this long, so its re-signed retries run nothing again. */
const EVENT_IDENTITY_MS = 24 * 3600 * 1000;

/**
 * What identifies one DingTalk event across DingTalk's retries, which are re-encrypted and
 * re-signed with a new timestamp and nonce: its event id where the payload has one, else the
 * decrypted event text itself (DingTalk's event payloads carry their own time, e.g. TimeStamp).
 */
function eventIdentity(ownerKey: string, payload: IDataObject, message: string): string {
	for (const name of ['EventId', 'eventId', 'event_id']) {
		const id = payload[name];
		if ((typeof id === 'string' && id !== '') || typeof id === 'number') return `${ownerKey}:id:${String(id)}`;
	}
	return `${ownerKey}:sha256:${createHash('sha256').update(message).digest('hex')}`;
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
	const query = (context.getQueryData() ?? {}) as IDataObject;
	const body = context.getBodyData() as IDataObject;
	const signature = queryText(query, 'msg_signature', 'signature');
	const timestamp = queryText(query, 'timeStamp', 'timestamp');
	const nonce = queryText(query, 'nonce');
	const encrypt = typeof body?.encrypt === 'string' ? body.encrypt : '';
	const signedAt = timestampMs(timestamp);
	if (!signature || signedAt === undefined || !nonce || !encrypt) {
		return refuse(400, 'not a DingTalk event: msg_signature, timeStamp (10 or 13 digits), nonce or encrypt missing');
	}
	if (encrypt.length > MAX_ENCRYPT_LENGTH) return refuse(413, 'encrypted payload too large');
	const expected = eventSignature(token, timestamp, nonce, encrypt);
	if (!safeEqual(expected, signature)) {
		return refuse(403, 'signature mismatch (check the Event Signing Token)');
	}
	const now = Date.now();
	if (Math.abs(now - signedAt) > maxSkewMs) return refuse(403, 'stale timestamp');
	// The signature covers sort(token, timestamp, nonce, encrypt) joined without separators, so the
	// same signature can be re-split into another timestamp and nonce: remember what is signed (the
	// signature, with the payload it covers), for as long as any such re-split could pass the
	// timestamp check.
	const signed = `event:${expected}:${createHash('sha256').update(encrypt).digest('hex')}`;
	if (!signatureMemory.claim(signed, signedAt + maxSkewMs + RESPLIT_MARGIN_MS, now)) return refuse(403, 'replayed callback');
	const decrypted = decryptEvent(key, encrypt);
	if (decrypted.problem !== undefined) return refuse(400, decrypted.problem);
	const expectedOwner = String((readOwnerKey(options.ownerKey).ownerKey === 'corpId' ? credentials.corpId : credentials.clientId) ?? '').trim();
	if (!expectedOwner || !safeEqual(decrypted.ownerKey, expectedOwner)) {
		return refuse(403, 'owner key mismatch: the event is for another app (or set Options → Owner Key)');
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(decrypted.message);
	} catch {
		return refuse(400, 'decrypted payload is not JSON');
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		return refuse(400, `decrypted payload is not a JSON object (it is ${parsed === null ? 'null' : Array.isArray(parsed) ? 'a list' : `a ${typeof parsed}`})`);
	}
	const payload = parsed as IDataObject;
	const reply = encryptedSuccess(token, key, expectedOwner);
	const eventType = typeof payload.EventType === 'string' ? payload.EventType : typeof payload.eventType === 'string' ? payload.eventType : '';
	if (eventType === 'check_url') return answer(reply);
	// DingTalk retries an event it got no timely answer for (https://open.dingtalk.com/document/orgapp/configure-event-subcription):
	// the retry is a new request, so it is recognised by the event, and answered, and not run again.
	const identity = eventIdentity(expectedOwner, payload, decrypted.message);
	if (!eventMemory.claim(identity, now + EVENT_IDENTITY_MS, now)) {
		context.logger.info(`DingTalk Trigger: event ${eventType || '(no type)'} was delivered again (a DingTalk retry); answered, not run again`);
		return answer(reply);
	}
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
	const secret = String(credentials.clientSecret ?? '').trim();
	if (!secret) return refuse(500, 'the DingTalk API credential has no Client Secret, which robot messages are signed with');
	const headers = (context.getHeaderData() ?? {}) as IDataObject;
	const timestamp = typeof headers.timestamp === 'string' ? headers.timestamp : '';
	const sign = typeof headers.sign === 'string' ? headers.sign : '';
	if (!/^\d{13}$/.test(timestamp) || !sign) return refuse(400, 'not a DingTalk robot callback: timestamp or sign header missing');
	// DingTalk accepts robot callbacks up to 1 h from their timestamp
	// (https://open.dingtalk.com/document/orgapp/receive-message); the option can only narrow that.
	const skewMs = Math.min(maxSkewMs, 3600 * 1000);
	const now = Date.now();
	if (Math.abs(now - Number(timestamp)) > skewMs) return refuse(403, 'stale timestamp');
	if (!safeEqual(robotSignature(secret, timestamp), sign)) {
		return refuse(403, 'signature mismatch (the message was not signed with this app\'s Client Secret)');
	}
	const payload = context.getBodyData() as IDataObject;
	if (!payload || typeof payload !== 'object' || Array.isArray(payload) || !payload.msgtype) return refuse(400, 'not a robot message');
	// The sign covers only the timestamp, not the body (DingTalk's protocol): a request is
	// remembered by its sign and message id until its timestamp is stale.
	const msgId = typeof payload.msgId === 'string' && payload.msgId ? payload.msgId : createHash('sha256').update(JSON.stringify(payload)).digest('hex');
	if (!signatureMemory.claim(`robot:${sign}:${msgId}`, Number(timestamp) + skewMs, now)) return refuse(403, 'replayed robot message');
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
