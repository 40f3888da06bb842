import axios from 'axios';

/** One request as the emulator saw it. */
export interface SeenRequest {
	seq: number;
	host: 'api' | 'oapi';
	method: string;
	path: string;
	query: Record<string, string>;
	tokenInHeader: boolean;
	tokenInQuery: boolean;
	tokenPlacement?: string;
	appKey?: string;
	body: Record<string, unknown> | null;
	status?: number;
	outcome?: string;
	response?: Record<string, unknown>;
}

export interface DeliveredMessage {
	channel: string;
	processQueryKey: string;
	robotCode: string;
	userId: string;
	msgKey: string;
	msgParam: Record<string, unknown>;
}

/** A request the foreign host (a redirect target) received, whole. */
export interface ForeignRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string>;
	body: string;
}

export interface EmulatorState {
	tokenRequests: number;
	tokensIssued: number;
	requests: SeenRequest[];
	messages: DeliveredMessage[];
	/** What the foreign host received since the last reset. */
	foreign: ForeignRequest[];
}

export interface FaultRule {
	/** `revoke`: every token is revoked as the matching call arrives (so that call is refused). */
	type: 'status' | 'drop-before' | 'drop-after' | 'latency' | 'revoke';
	host?: 'api' | 'oapi';
	path?: string;
	/** Matching requests let through before the rule fires. */
	after?: number;
	count?: number;
	status?: number;
	body?: Record<string, unknown>;
	ms?: number;
	/** With a 3xx status: the Location header. */
	location?: string;
	/** Append the request's own query string (an old-API access_token included) to `location`. */
	keepQuery?: boolean;
}

export interface FaultSpec {
	clear?: boolean;
	latencyMs?: number;
	rules?: FaultRule[];
	flowControlledUsers?: string[];
	/** Flow-controlled for the next n sends, then delivered. */
	flowControlledTimes?: Record<string, number>;
	throttles?: Array<{ host?: 'api' | 'oapi'; path?: string; qps: number }>;
}

/** The emulator's state and fault API over HTTP, as any client outside the process would use it. */
export class EmulatorClient {
	constructor(private readonly apiBaseUrl: string) {}

	private url(path: string) {
		return `${this.apiBaseUrl}/__emulator/${path}`;
	}

	async state(): Promise<EmulatorState> {
		return (await axios.get<EmulatorState>(this.url('state'))).data;
	}

	/** Requests to one endpoint (path without query), in arrival order. */
	async requestsTo(path: string): Promise<SeenRequest[]> {
		return (await this.state()).requests.filter((r) => r.path === path);
	}

	/** Forgets requests, deliveries, faults and stored files (tokens and the directory stay). */
	async reset(): Promise<void> {
		await axios.post(this.url('reset'), { storage: true });
	}

	async faults(spec: FaultSpec): Promise<void> {
		await axios.post(this.url('faults'), spec);
	}

	async revokeTokens(): Promise<void> {
		await axios.post(this.url('tokens/revoke'), {});
	}

	async permissions(change: { grant?: string[]; revoke?: string[] }): Promise<void> {
		await axios.post(this.url('permissions'), change);
	}

	async directory(change: {
		users?: Array<Record<string, string>>;
		remove?: string[];
	}): Promise<void> {
		await axios.post(this.url('directory'), change);
	}

	/** Any other state or admin route (/__emulator/<path>): cards, card clicks, sessions, stream pushes. */
	async admin<T = unknown>(
		method: 'GET' | 'POST',
		path: string,
		body?: Record<string, unknown>,
	): Promise<T> {
		const response = await axios.request<T>({
			method,
			url: this.url(path),
			data: body,
			validateStatus: () => true,
		});
		return response.data;
	}
}
