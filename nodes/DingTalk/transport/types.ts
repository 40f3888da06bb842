import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

/** `new` = api.dingtalk.com (/v1.0/…), `old` = oapi.dingtalk.com (/topapi/…, /media/upload). */
export type ApiFamily = 'new' | 'old';

export interface DingTalkRequest {
	api: ApiFamily;
	method: IHttpRequestMethods;
	/** Path below the family's base URL, starting with '/'. Encode path segments yourself. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	/** Multipart body, built afresh for every attempt (a sent FormData stream cannot be re-sent). */
	formData?: () => FormData;
	headers?: IDataObject;
	/**
	 * Top-level body fields holding a decimal integer string that DingTalk takes as a JSON number
	 * (int64 ids such as a work notification's task_id): sent as a bare number with every digit,
	 * which a JavaScript number above 2^53 would not keep.
	 */
	int64Fields?: string[];
	/**
	 * Parse the answer keeping every digit of integers above 2^53 (they arrive as strings): for
	 * answers with int64 ids, e.g. asyncsend_v2's task_id.
	 */
	exactIntegers?: boolean;
	/**
	 * Whether the call may be repeated after a 5xx or a dropped connection. Reads and lookups are;
	 * sends are not (DingTalk has no idempotency key), so a lost send answer is reported, not resent.
	 */
	idempotent?: boolean;
	/** Item the call belongs to, for error messages. */
	itemIndex?: number;
	/** Per-attempt timeout in ms. */
	timeout?: number;
	/**
	 * A call that takes no access token (the app's Client ID and Secret are in the body, e.g.
	 * opening a Stream connection): sent without one, so no token is fetched for it.
	 */
	anonymous?: boolean;
}

export interface RetryPolicy {
	/** Retries after throttling (QPS/QPM limits, system busy). */
	throttleRetries: number;
	/** Retries of idempotent calls after 5xx or connection failures. */
	transientRetries: number;
	/** First backoff in ms; doubles per attempt, with jitter. */
	baseDelayMs: number;
	/** Longest single backoff in ms. */
	maxDelayMs: number;
	/** Per-attempt timeout when the request sets none (default 60 s). */
	timeoutMs?: number;
}

/** An HTTP answer as n8n's request helpers return it with `returnFullResponse`. */
export interface FullResponse {
	statusCode: number;
	body: unknown;
	headers: IDataObject;
}
