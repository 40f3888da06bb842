import type {
	JsonObject,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	ITriggerFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { currentAccessToken, dingTalkBaseUrls, tokenFingerprint } from '../../../credentials/DingTalkApi.credentials';
import type { DingTalkErrorDetail } from './errors';
import { classifyResponse, dingTalkApiError, isRedirect, redirectError } from './errors';
import { Pacer } from './pacer';
import { scrubError, secretsOf } from './redact';
import type { DingTalkRequest, RetryPolicy } from './types';

export type { ApiFamily, DingTalkRequest, RetryPolicy } from './types';
export { PERMISSIONS, permissionForPath, permissionHint } from './permissions';
export { getSigned, isExpiredAnswer, putSigned, type SignedResponse } from './objectStore';
export {
	CUSTOM_ROBOT_CREDENTIAL,
	customRobotRequest,
	getCustomRobotCredentials,
	setCustomRobotWindow,
} from './customRobot';

export const CREDENTIAL_TYPE = 'dingTalkApi';

export type DingTalkContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| IWebhookFunctions
	| ITriggerFunctions;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	throttleRetries: 6,
	transientRetries: 3,
	baseDelayMs: 500,
	maxDelayMs: 8000,
};

/**
 * Per-execution credential state. Keyed by the execution context object, so it lives exactly as
 * long as one node execution: one credential read, at most one token refresh in flight, and a
 * failed token request is not repeated for every item.
 */
interface CredentialState {
	data: Promise<ICredentialDataDecryptedObject>;
	/** Set while a refresh is in flight; resolves to the credential carrying the new token. */
	refreshing?: Promise<ICredentialDataDecryptedObject>;
	/** preAuthentication's error (wrong secret …), reused instead of asking DingTalk again. */
	authFailure?: NodeApiError;
	/** When the credential was read: a token this process fetched later is newer than what it holds. */
	readAt: number;
	/** Tokens DingTalk accepted during this execution: a later refusal of one means it was revoked. */
	accepted: Set<string>;
}

const states = new WeakMap<object, CredentialState>();
const pacers = new WeakMap<object, Map<string, Pacer>>();

/** The pacer of one endpoint for this execution. */
export function pacerFor(context: DingTalkContext, family: string, method: string, path: string): Pacer {
	let byEndpoint = pacers.get(context);
	if (!byEndpoint) {
		byEndpoint = new Map();
		pacers.set(context, byEndpoint);
	}
	const key = `${family} ${method} ${path.split('?')[0]}`;
	let pacer = byEndpoint.get(key);
	if (!pacer) {
		pacer = new Pacer();
		byEndpoint.set(key, pacer);
	}
	return pacer;
}

/** Throttling that is a per-second quota (the pacer learns it); others get plain backoff. */
function isPerSecondQuota(code: string): boolean {
	return /Qps/i.test(code) || code === '90018' || code.endsWith('/90018');
}
const policies = new WeakMap<object, RetryPolicy>();

/** Lets tests and benchmarks shorten backoffs for one execution context. */
export function setRetryPolicy(context: DingTalkContext, policy: Partial<RetryPolicy>): void {
	policies.set(context, { ...DEFAULT_RETRY_POLICY, ...policy });
}

function stateOf(context: DingTalkContext): CredentialState {
	let state = states.get(context);
	if (!state) {
		state = {
			data: context.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE),
			readAt: Date.now(),
			accepted: new Set(),
		};
		states.set(context, state);
	}
	return state;
}

/** The credential's decrypted data, read once per execution. */
export async function getDingTalkCredentials(
	context: DingTalkContext,
): Promise<ICredentialDataDecryptedObject> {
	return await stateOf(context).data;
}

/** Robot code for robot APIs: an explicit override, the credential's Robot Code, or the Client ID. */
export function robotCodeOf(credentials: ICredentialDataDecryptedObject, override?: string): string {
	const explicit = (override ?? '').trim() || String(credentials.robotCode ?? '').trim();
	return explicit || String(credentials.clientId ?? '').trim();
}

function credentialRef(context: DingTalkContext): { id: string; name: string } {
	const ref = context.getNode().credentials?.[CREDENTIAL_TYPE];
	return { id: ref?.id ?? '', name: ref?.name ?? '' };
}

/**
 * Tokens this process fetched, per credential (id + Client ID). n8n stores a refreshed token in the
 * credential, but executions that start together all read the credential before the first fetch
 * lands; they wait for that fetch instead of each asking DingTalk (queue mode: one per process).
 * Only the token and its expiry are kept.
 */
const processTokens = new Map<
	string,
	{ refreshing?: Promise<ICredentialDataDecryptedObject>; latest?: ICredentialDataDecryptedObject; fetchedAt?: number }
>();

/** Per credential and per Client ID + Secret + environment: a changed secret never shares a token. */
function processKeyOf(context: DingTalkContext, credentials: ICredentialDataDecryptedObject): string {
	return `${credentialRef(context).id}|${tokenFingerprint(credentials)}`;
}

/**
 * Whether `credentials` carry a token that can be sent: present, issued for the Client ID, Secret and
 * environment now in the credential, and not expired.
 */
function hasLiveToken(credentials: ICredentialDataDecryptedObject): boolean {
	return currentAccessToken(credentials) !== undefined && !tokenExpired(credentials);
}

/** The token part of `candidate` if it is alive and not the one DingTalk just refused. */
function usableToken(candidate: ICredentialDataDecryptedObject | undefined, staleToken: string | undefined): ICredentialDataDecryptedObject | undefined {
	if (!candidate?.accessToken || candidate.accessToken === staleToken || tokenExpired(candidate)) return undefined;
	return {
		accessToken: candidate.accessToken,
		accessTokenExpiresAt: candidate.accessTokenExpiresAt,
		accessTokenIssuedFor: candidate.accessTokenIssuedFor,
	};
}

/**
 * Sends `options` with a new token. Hands httpRequestWithAuthentication a copy of the credential
 * whose token is empty, which makes n8n run the credential's preAuthentication: n8n fetches a new
 * token, persists it into the stored credential (so later executions reuse it) and authenticates
 * this request with it. The refresh promise is published synchronously, so concurrent callers
 * wait for this one instead of starting their own.
 */
function refreshAndSend(
	context: DingTalkContext,
	state: CredentialState,
	options: IHttpRequestOptions,
	processKey: string,
): Promise<{ response: FullResponse; credentials: ICredentialDataDecryptedObject }> {
	let release!: (value: ICredentialDataDecryptedObject) => void;
	state.refreshing = new Promise((resolve) => (release = resolve));
	const mine = state.refreshing;
	const shared = processTokens.get(processKey) ?? {};
	shared.refreshing = mine;
	processTokens.set(processKey, shared);
	return (async () => {
		const data: ICredentialDataDecryptedObject = { ...(await state.data), accessToken: '' };
		try {
			const response = await send(context, options, data, true);
			return { response, credentials: data };
		} finally {
			// n8n assigned preAuthentication's output (the new token) onto `data`.
			state.data = Promise.resolve(data);
			state.refreshing = undefined;
			if (shared.refreshing === mine) shared.refreshing = undefined;
			if (data.accessToken) {
				shared.latest = {
					accessToken: data.accessToken,
					accessTokenExpiresAt: data.accessTokenExpiresAt,
					accessTokenIssuedFor: data.accessTokenIssuedFor,
				};
				shared.fetchedAt = Date.now();
			}
			release(data);
		}
	})();
}

interface FullResponse {
	statusCode: number;
	body: unknown;
	headers: IDataObject;
}

async function send(
	context: DingTalkContext,
	options: IHttpRequestOptions,
	credentials: ICredentialDataDecryptedObject,
	refreshing = false,
): Promise<FullResponse> {
	try {
		return (await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, options, {
			credentialsDecrypted: { ...credentialRef(context), type: CREDENTIAL_TYPE, data: credentials },
		})) as FullResponse;
	} catch (error) {
		if (refreshing && !credentials.accessToken && networkDetail(error) === undefined) {
			// preAuthentication itself failed: remember it so other items do not ask DingTalk again.
			const failure =
				error instanceof NodeApiError
					? error
					: new NodeApiError(context.getNode(), { message: (error as Error).message ?? String(error) }, {
							message: (error as Error).message,
						});
			stateOf(context).authFailure = failure;
			throw failure;
		}
		throw new NodeApiError(context.getNode(), error as JsonObject);
	}
}

function backoff(policy: RetryPolicy, attempt: number): number {
	const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
	return Math.round(exp / 2 + Math.random() * (exp / 2));
}

/** Network-level failure (no HTTP response): reset, refused, timed out. */
function networkDetail(error: unknown): DingTalkErrorDetail | undefined {
	const cause = (error as { cause?: { code?: string; response?: unknown; message?: string } })?.cause;
	const code =
		cause?.code ??
		(error as { code?: string })?.code ??
		(typeof (error as Error)?.message === 'string' && /timeout/i.test((error as Error).message)
			? 'ETIMEDOUT'
			: undefined);
	if (cause?.response || !code) return undefined;
	return { httpCode: 0, code, message: `connection failed (${code})` };
}

/** JSON bodies arrive parsed, except when a request was not sent as JSON (multipart): parse those. */
function parseBody(body: unknown): unknown {
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
	if (typeof text !== 'string') return body;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

function tokenExpired(credentials: ICredentialDataDecryptedObject): boolean {
	const expiresAt = Number(credentials.accessTokenExpiresAt);
	return Boolean(credentials.accessToken) && Number.isFinite(expiresAt) && expiresAt > 0 && Date.now() >= expiresAt;
}

/**
 * The one way this package talks to DingTalk. Puts the request on the right host, lets the
 * credential add the token (header for the new API, query for the old one), refreshes a dead
 * token once and retries once, backs off and retries on throttling, retries idempotent calls
 * after 5xx or dropped connections, and turns every DingTalk failure into a NodeApiError with
 * DingTalk's code, message and request id.
 */
export async function dingTalkApiRequest<T = IDataObject>(
	this: DingTalkContext,
	request: DingTalkRequest,
): Promise<T> {
	const state = stateOf(this);
	const before = await state.data.catch(() => undefined);
	try {
		return await requestWithRetries<T>(this, request);
	} catch (error) {
		// Whatever the server echoed (the AppSecret of a token request, a token, aes_key …) stays out
		// of the error, its cause and n8n's log: the credential's secrets before and after a refresh.
		const after = await state.data.catch(() => undefined);
		throw scrubError(error, [...secretsOf(before, after), ...bodySecrets(request)]);
	}
}

/** Secrets a request carries in its own body (the Stream connection request sends the AppSecret). */
function bodySecrets(request: DingTalkRequest): string[] {
	const body = request.body as IDataObject | undefined;
	return body && typeof body === 'object' && typeof body.clientSecret === 'string' ? [body.clientSecret] : [];
}

async function requestWithRetries<T>(context: DingTalkContext, request: DingTalkRequest): Promise<T> {
	const state = stateOf(context);
	const policy = policies.get(context) ?? DEFAULT_RETRY_POLICY;
	let credentials = await state.data;
	const hosts = dingTalkBaseUrls(credentials);
	const base = request.api === 'new' ? hosts.api : hosts.oapi;
	const baseOptions: IHttpRequestOptions = {
		method: request.method,
		url: `${base}${request.path}`,
		qs: request.qs,
		body: request.body,
		headers: request.headers,
		json: true,
		ignoreHttpStatusErrors: true,
		returnFullResponse: true,
		// Never follow a redirect: n8n would carry the token header, the access_token query and a
		// re-POSTed body to whatever host it points at. A 3xx becomes an error below.
		disableFollowRedirect: true,
		timeout: request.timeout ?? policy.timeoutMs ?? 60_000,
	};
	/** Options for one attempt: a multipart body is rebuilt each time. */
	const attempt = (): IHttpRequestOptions =>
		request.formData
			? { ...baseOptions, body: request.formData() as unknown as IHttpRequestOptions['body'], json: false }
			: baseOptions;
	const errorContext = {
		node: context.getNode(),
		family: request.api,
		method: request.method,
		path: request.path,
		itemIndex: request.itemIndex,
	};

	/**
	 * A call renews the token once per token DingTalk refused it with: `renewedToken` is the token
	 * this call obtained by renewing after a refusal (its own fetch or one it shared). A refusal of
	 * any other token, including the one this execution fetched first because the credential held
	 * none, means the token died meanwhile and is renewed; a refusal of the renewed one ends the call.
	 */
	let renewedToken: string | undefined;
	let renewing = false;
	let staleToken = credentials.accessToken as string | undefined;
	// A token fetched for another Client ID, Secret or environment counts as none: get a new one.
	let forceRefresh = !request.anonymous && !hasLiveToken(credentials);
	let throttleAttempts = 0;
	let transientAttempts = 0;
	const pacer = pacerFor(context, request.api, request.method, request.path);
	for (;;) {
		if (state.authFailure) throw state.authFailure;
		let response: FullResponse;
		const started = await pacer.acquire();
		try {
			if (forceRefresh) {
				forceRefresh = false;
				const latest = await (state.refreshing ?? state.data);
				if (state.refreshing) {
					// Another refresh started while we waited: take its token.
					credentials = await state.refreshing;
					response = await send(context, attempt(), credentials);
				} else if (hasLiveToken(latest) && latest.accessToken !== staleToken) {
					credentials = latest;
					response = await send(context, attempt(), credentials);
				} else {
					// No await between looking for a process-wide fetch and starting one: the check and
					// the registration in refreshAndSend happen in the same tick.
					const key = processKeyOf(context, latest);
					// A finished fetch counts only for executions that read the credential before it landed
					// (later readers get the token n8n stored).
					const fetched = processTokens.get(key);
					const inFlight = fetched?.refreshing;
					const landed = (fetched?.fetchedAt ?? 0) >= state.readAt ? fetched?.latest : undefined;
					const shared = usableToken(inFlight ? await inFlight : landed, staleToken);
					if (shared && !state.refreshing) {
						credentials = { ...latest, ...shared };
						state.data = Promise.resolve(credentials);
						response = await send(context, attempt(), credentials);
					} else if (state.refreshing) {
						credentials = await state.refreshing;
						response = await send(context, attempt(), credentials);
					} else {
						({ response, credentials } = await refreshAndSend(context, state, attempt(), key));
					}
				}
			} else if (request.anonymous) {
				response = (await context.helpers.httpRequest(attempt())) as FullResponse;
			} else {
				response = await send(context, attempt(), credentials);
			}
			if (renewing) {
				renewing = false;
				renewedToken = String(credentials.accessToken ?? '');
			}
		} catch (error) {
			if (state.authFailure) throw state.authFailure;
			// A renewal that did not get an answer: the next attempt looks for the renewed token again.
			if (renewing) forceRefresh = true;
			const detail = networkDetail(error);
			if (detail === undefined) {
				throw new NodeApiError(context.getNode(), error as JsonObject, { itemIndex: request.itemIndex });
			}
			if (request.idempotent && transientAttempts < policy.transientRetries) {
				await sleep(backoff(policy, transientAttempts++));
				continue;
			}
			throw dingTalkApiError(detail, {
				...errorContext,
				hint: request.idempotent
					? `DingTalk could not be reached after ${transientAttempts + 1} attempts.`
					: 'The connection failed before DingTalk answered, so whether the call took effect is unknown. It was not repeated, to avoid sending twice; check the recipients before running it again.',
			});
		}

		if (isRedirect(response.statusCode)) {
			pacer.settle(started, false);
			throw redirectError(errorContext, response.statusCode, response.headers?.location, baseOptions.url);
		}
		const body = parseBody(response.body);
		const outcome = classifyResponse(request.api, response.statusCode, body);
		const quotaHit = outcome.kind === 'throttled' && isPerSecondQuota(outcome.detail.code);
		pacer.settle(started, quotaHit);
		switch (outcome.kind) {
			case 'ok':
				if (credentials.accessToken) state.accepted.add(String(credentials.accessToken));
				return body as T;
			case 'tokenInvalid': {
				const refused = String(credentials.accessToken ?? '');
				if (!request.anonymous && refused !== renewedToken) {
					staleToken = refused;
					forceRefresh = true;
					renewing = true;
					continue;
				}
				throw dingTalkApiError(outcome.detail, {
					...errorContext,
					hint: state.accepted.has(refused)
						? 'DingTalk refused the access token again after it had been renewed and accepted during this run: the app\'s tokens were revoked twice (Client Secret reset, app disabled or removed). Check the app in the DingTalk developer console and run the workflow again.'
						: 'DingTalk rejected a freshly issued access token. Check that the Client ID and Client Secret belong to the same app and that the environment (China / International / Custom) is right.',
				});
			}
			case 'throttled':
				if (throttleAttempts < policy.throttleRetries) {
					// A per-second quota: the pacer now knows it and holds the retry until a slot frees.
					if (quotaHit) throttleAttempts++;
					else await sleep(backoff(policy, throttleAttempts++));
					continue;
				}
				throw dingTalkApiError(outcome.detail, {
					...errorContext,
					hint: `DingTalk kept throttling this call after ${throttleAttempts} retries with backoff. Lower the call rate (fewer items per run, or a Wait node between batches) and try again.`,
				});
			case 'transient':
				if (request.idempotent && transientAttempts < policy.transientRetries) {
					await sleep(backoff(policy, transientAttempts++));
					continue;
				}
				throw dingTalkApiError(outcome.detail, {
					...errorContext,
					hint: request.idempotent
						? `DingTalk kept failing after ${transientAttempts + 1} attempts; try again later.`
						: 'DingTalk answered with a server error, so whether the call took effect is unknown. It was not repeated, to avoid sending twice; check the recipients before running it again.',
				});
			default:
				throw dingTalkApiError(outcome.detail, errorContext);
		}
	}
}
