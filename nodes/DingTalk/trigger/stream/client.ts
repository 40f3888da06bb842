/**
 * One DingTalk Stream connection, for one trigger activation
 * (https://open-dingtalk.github.io/developerpedia/docs/learn/stream/protocol): a ticket from the
 * gateway, a WebSocket to the endpoint it names, SYSTEM frames answered (ping echoed,
 * `disconnect` honoured by reconnecting), every EVENT / CALLBACK frame acknowledged by its
 * messageId, and reconnection with backoff until the activation is closed. DingTalk re-pushes
 * what was not acknowledged, on the same or a new connection; a message id is remembered only
 * once the message was emitted and acknowledged, so the re-push of one whose run could not start
 * runs the workflow instead of being dropped as a duplicate. Making the item may take a call (an
 * approval event's instance): while it does, the message is in flight, and a re-push of it is
 * ignored, so it runs once and is acknowledged once (by the first delivery).
 */
import type { IDataObject, Logger } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { streamMemory, type ReplayMemory } from '../replayMemory';

/** The part of the WHATWG WebSocket that n8n's runtime (Node ≥ 22) provides as a global. */
export interface StreamSocket {
	readyState: number;
	send(data: string): void;
	close(): void;
	onopen: (() => void) | null;
	onmessage: ((event: { data: unknown }) => void) | null;
	onclose: (() => void) | null;
	onerror: ((event: unknown) => void) | null;
}
declare const WebSocket: (new (url: string) => StreamSocket) | undefined;

/** Whether this runtime has the global WebSocket the client connects with by default. */
export const hasWebSocket = (): boolean => typeof WebSocket !== 'undefined';

export interface StreamFrame {
	type: 'SYSTEM' | 'EVENT' | 'CALLBACK';
	headers: Record<string, string>;
	data: string;
}

/** What the gateway's connections/open answers: where to connect, with a one-time ticket. */
export interface GatewayTicket {
	endpoint: string;
	ticket: string;
}

export interface StreamClientOptions {
	/** Asks DingTalk's gateway for a connection (POST /v1.0/gateway/connections/open). */
	open: () => Promise<GatewayTicket>;
	/**
	 * The item a data frame starts the workflow with; undefined: acknowledge it and start nothing.
	 * May read from DingTalk first; should not throw (a throw leaves the message unacknowledged,
	 * unless it was acknowledged on receipt).
	 */
	toItem: (frame: StreamFrame) => IDataObject | undefined | Promise<IDataObject | undefined>;
	/** Starts the workflow with one item; throws when the run could not be started. */
	emit: (json: IDataObject) => void;
	/** Acknowledge on receipt, before emitting (else after the workflow accepted the message). */
	ackFirst: boolean;
	logger: Pick<Logger, 'warn' | 'error'>;
	/** The connection loop failed unexpectedly (the trigger reports it to n8n). */
	onError: (error: Error) => void;
	/** Message ids already handled; default: the process-wide Stream memory. */
	memory?: ReplayMemory;
	/** Opens the socket; default: the global WebSocket. */
	connect?: (url: string) => StreamSocket;
	/** Waits between connections; default: `sleep` from n8n-workflow. */
	wait?: (ms: number) => Promise<void>;
}

/** A message id is remembered this long, so DingTalk's re-pushes after a reconnect run nothing twice. */
const DEDUPE_MS = 30 * 60 * 1000;
/** After a session that was open, reconnect at once (almost). */
const RECONNECT_MS = 200;
/** While connecting fails: 1 s, 2 s, 4 s … up to this. */
const MAX_BACKOFF_MS = 60_000;

/** The wait before the next connection, after `failures` failed attempts in a row (0: the last session was open). */
export function reconnectDelay(failures: number): number {
	return failures === 0 ? RECONNECT_MS : Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failures - 1));
}

export class StreamClient {
	private closed = false;

	private socket?: StreamSocket;

	private readonly memory: ReplayMemory;

	/** Message ids being handled now (their item is being made): re-pushes of them are ignored. */
	private readonly inFlight = new Set<string>();

	constructor(private readonly options: StreamClientOptions) {
		this.memory = options.memory ?? streamMemory;
	}

	/** Connects, and keeps reconnecting until close(). Returns at once. */
	start(): void {
		this.run().catch((error) => this.options.onError(error as Error));
	}

	/** Ends the activation: the socket is closed and no connection is opened again. */
	async close(): Promise<void> {
		this.closed = true;
		this.socket?.close();
	}

	private async run(): Promise<void> {
		const wait = this.options.wait ?? sleep;
		let failures = 0;
		while (!this.closed) {
			try {
				const wasOpen = await this.connectOnce();
				failures = wasOpen ? 0 : failures + 1;
			} catch (error) {
				failures++;
				this.options.logger.warn(
					`DingTalk Stream: could not connect (${(error as Error).message}); retrying`,
				);
			}
			if (this.closed) break;
			await wait(reconnectDelay(failures));
		}
	}

	/** One connection, until its socket closes: whether it was open at all. */
	private async connectOnce(): Promise<boolean> {
		const { endpoint, ticket } = await this.options.open();
		// Closed while the gateway answered: open nothing.
		if (this.closed) return false;
		const connect = this.options.connect ?? ((url: string) => new WebSocket!(url));
		return await new Promise<boolean>((resolve) => {
			let opened = false;
			const socket = connect(`${endpoint}?ticket=${encodeURIComponent(ticket)}`);
			this.socket = socket;
			socket.onopen = () => {
				opened = true;
			};
			socket.onmessage = (event) => this.onMessage(socket, String(event.data));
			socket.onerror = () => undefined;
			socket.onclose = () => resolve(opened);
		});
	}

	private onMessage(socket: StreamSocket, raw: string): void {
		this.handle(socket, raw).catch((error) => {
			// Never reached by DingTalk's fields (they are normalised defensively); kept so one odd
			// frame cannot break the connection. Unless acknowledged on receipt, the message comes again.
			this.options.logger.error(
				`DingTalk Stream: a message could not be handled (${(error as Error).message})`,
			);
		});
	}

	private async handle(socket: StreamSocket, raw: string): Promise<void> {
		let frame: StreamFrame;
		try {
			frame = JSON.parse(raw) as StreamFrame;
		} catch {
			return;
		}
		if (frame.type === 'SYSTEM') {
			const topic = frame.headers?.topic;
			if (topic === 'ping') {
				socket.send(
					JSON.stringify({ code: 200, headers: frame.headers, message: 'OK', data: frame.data }),
				);
			} else if (topic === 'disconnect') {
				socket.close();
			}
			return;
		}
		const ack =
			frame.type === 'EVENT' ? { status: 'SUCCESS', message: 'success' } : { response: {} };
		const messageId = String(frame.headers?.messageId ?? '');
		if (!messageId || this.memory.has(`stream:${messageId}`)) {
			// A re-push of something already handled: acknowledge again, start nothing.
			this.acknowledge(socket, frame, ack);
			return;
		}
		// A re-push while the first delivery is still being handled: that one acknowledges.
		if (this.inFlight.has(messageId)) return;
		this.inFlight.add(messageId);
		try {
			await this.deliver(socket, frame, messageId, ack);
		} finally {
			this.inFlight.delete(messageId);
		}
	}

	/** Makes the item, emits it and acknowledges the message, in the order Acknowledge asks for. */
	private async deliver(
		socket: StreamSocket,
		frame: StreamFrame,
		messageId: string,
		ack: IDataObject,
	): Promise<void> {
		const { ackFirst } = this.options;
		if (ackFirst) this.acknowledge(socket, frame, ack);
		const json = await this.options.toItem(frame);
		// Closed while the item was made: start nothing (unless acknowledged on receipt, DingTalk pushes it again).
		if (this.closed) return;
		if (json === undefined) {
			if (!ackFirst) this.acknowledge(socket, frame, ack);
			return;
		}
		json.messageId = messageId;
		try {
			this.options.emit(json);
		} catch (error) {
			const fate = ackFirst
				? 'it was acknowledged on receipt (Acknowledge: Immediately), so DingTalk will not push it again'
				: 'not acknowledged, so DingTalk will push it again';
			this.options.logger.error(
				`DingTalk Stream: message ${messageId} could not start the workflow (${(error as Error).message}); ${fate}`,
			);
			return;
		}
		if (!ackFirst) this.acknowledge(socket, frame, ack);
		this.memory.remember(`stream:${messageId}`, Date.now() + DEDUPE_MS);
	}

	private acknowledge(socket: StreamSocket, frame: StreamFrame, data: IDataObject): void {
		if (socket.readyState !== 1) return;
		socket.send(
			JSON.stringify({
				code: 200,
				headers: { contentType: 'application/json', messageId: frame.headers.messageId },
				message: 'OK',
				data: JSON.stringify(data),
			}),
		);
	}
}
