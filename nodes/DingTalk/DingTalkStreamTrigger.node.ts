import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError, sleep } from 'n8n-workflow';

import { normalizeCardCallback, normalizeRobotMessage, streamMemory } from './helpers/callbacks';
import { dingTalkApiRequest, getDingTalkCredentials, type DingTalkRequest } from './transport';

/** The part of the WHATWG WebSocket that n8n's runtime (Node ≥ 22) provides as a global. */
interface StreamSocket {
	readyState: number;
	send(data: string): void;
	close(): void;
	onopen: (() => void) | null;
	onmessage: ((event: { data: unknown }) => void) | null;
	onclose: (() => void) | null;
	onerror: ((event: unknown) => void) | null;
}
declare const WebSocket: (new (url: string) => StreamSocket) | undefined;

interface Frame {
	type: 'SYSTEM' | 'EVENT' | 'CALLBACK';
	headers: Record<string, string>;
	data: string;
}

const TOPICS = {
	events: { type: 'EVENT', topic: '*' },
	robotMessages: { type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' },
	cardCallbacks: { type: 'CALLBACK', topic: '/v1.0/card/instances/callback' },
} as const;

/** A message id is remembered this long, so DingTalk's re-pushes after a reconnect run nothing twice. */
const DEDUPE_MS = 30 * 60 * 1000;
const MAX_BACKOFF_MS = 60_000;

export class DingTalkStreamTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DingTalk Stream Trigger',
		name: 'dingTalkStreamTrigger',
		icon: { light: 'file:dingtalk.svg', dark: 'file:dingtalk.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["subscriptions"] || []).join(", ") }}',
		description: 'Starts the workflow on DingTalk events, robot messages and card clicks over Stream mode: no public URL needed',
		defaults: { name: 'DingTalk Stream Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dingTalkApi', required: true }],
		properties: [
			{
				displayName:
					'In the developer console choose Stream mode (Stream 模式推送) for events and for the robot\'s messages. Activate this workflow before pressing the console\'s "verify connection" button.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Receive',
				name: 'subscriptions',
				type: 'multiOptions',
				default: ['events', 'robotMessages'],
				options: [
					{ name: 'Card Callbacks', value: 'cardCallbacks', description: 'Clicks on interactive card buttons' },
					{ name: 'Events', value: 'events', description: 'Event subscriptions (contacts, groups, approvals…)' },
					{ name: 'Robot Messages', value: 'robotMessages', description: 'Messages people send to the app robot' },
				],
			},
			{
				displayName: 'Event Types',
				name: 'eventTypes',
				type: 'string',
				default: '',
				placeholder: 'e.g. chat_update_title, user_add_org',
				description: 'Only these event types start the workflow, comma-separated. Empty: all.',
			},
			{
				displayName: 'Acknowledge',
				name: 'acknowledge',
				type: 'options',
				default: 'afterAccepted',
				options: [
					{ name: 'After the Workflow Accepted It', value: 'afterAccepted', description: 'DingTalk re-pushes if n8n did not take the message' },
					{ name: 'Immediately', value: 'immediately', description: 'Acknowledge on receipt' },
				],
			},
		],
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		if (typeof WebSocket === 'undefined') {
			throw new NodeOperationError(this.getNode(), 'DingTalk Stream mode needs Node.js 22 or newer (a global WebSocket)', {
				description: 'Upgrade n8n\'s Node.js, or use the DingTalk Trigger (HTTP callbacks) instead.',
			});
		}
		const credentials = await getDingTalkCredentials(this);
		const chosen = (this.getNodeParameter('subscriptions', []) as Array<keyof typeof TOPICS>).filter((s) => TOPICS[s]);
		const eventTypes = String(this.getNodeParameter('eventTypes', '') ?? '')
			.split(',')
			.map((t) => t.trim())
			.filter(Boolean);
		const ackFirst = this.getNodeParameter('acknowledge', 'afterAccepted') === 'immediately';
		const state: { closed: boolean; socket?: StreamSocket } = { closed: false };

		const reply = (socket: StreamSocket, frame: Frame, data: IDataObject) => {
			if (socket.readyState !== 1) return;
			socket.send(
				JSON.stringify({
					code: 200,
					headers: { contentType: 'application/json', messageId: frame.headers.messageId },
					message: 'OK',
					data: JSON.stringify(data),
				}),
			);
		};

		const handle = (socket: StreamSocket, raw: string) => {
			let frame: Frame;
			try {
				frame = JSON.parse(raw) as Frame;
			} catch {
				return;
			}
			const topic = frame.headers?.topic;
			if (frame.type === 'SYSTEM') {
				if (topic === 'ping') {
					socket.send(JSON.stringify({ code: 200, headers: frame.headers, message: 'OK', data: frame.data }));
				} else if (topic === 'disconnect') {
					socket.close();
				}
				return;
			}
			const ack = frame.type === 'EVENT' ? { status: 'SUCCESS', message: 'success' } : { response: {} };
			const messageId = String(frame.headers?.messageId ?? '');
			if (!messageId || streamMemory.has(`stream:${messageId}`)) {
				// A re-push of something already handled: acknowledge again, start nothing.
				reply(socket, frame, ack);
				return;
			}
			let data: IDataObject;
			try {
				const parsed = JSON.parse(frame.data || '{}') as unknown;
				data = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as IDataObject) : ({ data: parsed } as IDataObject);
			} catch {
				data = { data: frame.data };
			}
			const headers: IDataObject = frame.headers ?? {};
			let json: IDataObject;
			if (frame.type === 'EVENT') {
				const eventType = String(headers.eventType ?? data.eventType ?? '');
				if (eventTypes.length && !eventTypes.includes(eventType)) {
					reply(socket, frame, ack);
					return;
				}
				json = { eventType, eventId: headers.eventId ?? null, corpId: headers.eventCorpId ?? null, ...data };
			} else if (topic === TOPICS.robotMessages.topic) {
				json = { ...normalizeRobotMessage(data), source: 'robotMessage' };
			} else {
				json = { ...normalizeCardCallback(data), source: 'cardCallback' };
			}
			json.messageId = messageId;
			// The id is remembered only once the message was emitted and acknowledged: if emitting
			// fails, DingTalk's re-push of it runs the workflow instead of being dropped as a duplicate.
			if (ackFirst) reply(socket, frame, ack);
			try {
				this.emit([this.helpers.returnJsonArray([json])]);
			} catch (error) {
				const fate = ackFirst ? 'it was acknowledged on receipt (Acknowledge: Immediately), so DingTalk will not push it again' : 'not acknowledged, so DingTalk will push it again';
				this.logger.error(`DingTalk Stream: message ${messageId} could not start the workflow (${(error as Error).message}); ${fate}`);
				return;
			}
			if (!ackFirst) reply(socket, frame, ack);
			streamMemory.remember(`stream:${messageId}`, Date.now() + DEDUPE_MS);
		};

		const onMessage = (socket: StreamSocket, raw: string) => {
			try {
				handle(socket, raw);
			} catch (error) {
				// Never reached by DingTalk's fields (they are normalised defensively); kept so one odd
				// frame cannot break the connection. The message is not acknowledged and comes again.
				this.logger.error(`DingTalk Stream: a message could not be handled (${(error as Error).message})`);
			}
		};

		const connectOnce = async (): Promise<boolean> => {
			const { endpoint, ticket } = await dingTalkApiRequest.call<ITriggerFunctions, [DingTalkRequest], Promise<{ endpoint: string; ticket: string }>>(this, {
				api: 'new',
				method: 'POST',
				path: '/v1.0/gateway/connections/open',
				headers: { Accept: 'application/json' },
				// The gateway takes the Client ID and Secret in the body, no access token.
				anonymous: true,
				body: {
					clientId: String((credentials as ICredentialDataDecryptedObject).clientId ?? '').trim(),
					clientSecret: String((credentials as ICredentialDataDecryptedObject).clientSecret ?? '').trim(),
					subscriptions: chosen.map((s) => ({ ...TOPICS[s] })),
					ua: 'n8n-nodes-dingtalk-app',
				},
				idempotent: true,
			});
			return await new Promise<boolean>((resolve) => {
				let opened = false;
				const socket = new WebSocket!(`${endpoint}?ticket=${encodeURIComponent(ticket)}`);
				state.socket = socket;
				socket.onopen = () => {
					opened = true;
				};
				socket.onmessage = (event) => onMessage(socket, String(event.data));
				socket.onerror = () => undefined;
				socket.onclose = () => resolve(opened);
			});
		};

		const run = async () => {
			let failures = 0;
			while (!state.closed) {
				try {
					const wasOpen = await connectOnce();
					failures = wasOpen ? 0 : failures + 1;
				} catch (error) {
					failures++;
					this.logger.warn(`DingTalk Stream: could not connect (${(error as Error).message}); retrying`);
				}
				if (state.closed) break;
				// Reconnect at once after a clean session; back off (1 s … 60 s) while connecting fails.
				await sleep(failures === 0 ? 200 : Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failures - 1)));
			}
		};
		run().catch((error) => this.emitError(error as Error));

		return {
			closeFunction: async () => {
				state.closed = true;
				state.socket?.close();
			},
		};
	}
}
