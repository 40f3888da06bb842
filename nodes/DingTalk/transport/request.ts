/**
 * The one way this package talks to DingTalk's API hosts. Puts the request on the right host, lets
 * the credential add the token (header for the new API, query for the old one), renews a refused
 * token, backs off and retries on throttling, retries idempotent calls after 5xx or dropped
 * connections, and turns every DingTalk failure into a NodeApiError with DingTalk's code, message
 * and request id, with the credential's secrets redacted.
 */
import type { IDataObject, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { dingTalkBaseUrls } from '../../../credentials/common/hosts';
import type { DingTalkErrorContext } from './errors';
import { classifyResponse, dingTalkApiError } from './errors';
import { parseExactJson, stringifyWithInt64 } from './exactJson';
import { isRedirect, redirectError } from './redirects';
import { scrubError, secretsOf } from './redact';
import { backoff, isPerSecondQuota, networkDetail } from './retry';
import { ApiSession } from './session';
import { hasLiveToken, sendWithNewToken, sendWithToken } from './token';
import type { DingTalkRequest, FullResponse } from './types';

const REVOKED_TWICE =
	"DingTalk refused the access token again after it had been renewed and accepted during this run: the app's tokens were revoked twice (Client Secret reset, app disabled or removed). Check the app in the DingTalk developer console and run the workflow again.";
const FRESH_TOKEN_REFUSED =
	'DingTalk rejected a freshly issued access token. Check that the Client ID and Client Secret belong to the same app and that the environment (China / International / Custom) is right.';
const UNKNOWN_AFTER_DROP =
	'The connection failed before DingTalk answered, so whether the call took effect is unknown. It was not repeated, to avoid doing it twice; check in DingTalk whether it took effect (the message, the rows …) before running it again.';
const UNKNOWN_AFTER_5XX =
	'DingTalk answered with a server error, so whether the call took effect is unknown. It was not repeated, to avoid doing it twice; check in DingTalk whether it took effect (the message, the rows …) before running it again.';

/** `dingTalkApiRequest(session, request)`: one call, in the run's (or activation's) API session. */
export async function dingTalkApiRequest<T = IDataObject>(
	session: ApiSession,
	request: DingTalkRequest,
): Promise<T> {
	const before = await session.state.data.catch(() => undefined);
	try {
		return await requestWithRetries<T>(session, request);
	} catch (error) {
		// Whatever the server echoed (the AppSecret of a token request, a token, aes_key …) stays out
		// of the error, its cause and n8n's log: the credential's secrets before and after a renewal.
		const after = await session.state.data.catch(() => undefined);
		throw scrubError(error, [...secretsOf(before, after), ...bodySecrets(request)]);
	}
}

/** Secrets a request carries in its own body (the Stream connection request sends the AppSecret). */
function bodySecrets(request: DingTalkRequest): string[] {
	const body = request.body as IDataObject | undefined;
	return body && typeof body === 'object' && typeof body.clientSecret === 'string'
		? [body.clientSecret]
		: [];
}

/**
 * JSON bodies arrive parsed, except when a request was not sent as JSON (multipart) or asked for
 * exact integers (then the answer is text): parse those.
 */
function parseBody(body: unknown, exactIntegers = false): unknown {
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
	if (typeof text !== 'string') return body;
	try {
		return exactIntegers ? parseExactJson(text) : JSON.parse(text);
	} catch {
		return text;
	}
}

function optionsOf(
	session: ApiSession,
	request: DingTalkRequest,
	base: string,
): IHttpRequestOptions {
	const int64Body =
		request.int64Fields && request.body && !Array.isArray(request.body)
			? stringifyWithInt64(request.body, request.int64Fields)
			: undefined;
	return {
		method: request.method,
		url: `${base}${request.path}`,
		qs: request.qs,
		body: int64Body ?? request.body,
		headers: int64Body
			? { ...request.headers, 'Content-Type': 'application/json' }
			: request.headers,
		json: true,
		// Text, so that parseBody sees every digit before JSON.parse rounds long integers.
		...(request.exactIntegers ? { encoding: 'text' as const } : {}),
		ignoreHttpStatusErrors: true,
		returnFullResponse: true,
		// Never follow a redirect: n8n would carry the token header, the access_token query and a
		// re-POSTed body to whatever host it points at. A 3xx becomes an error below.
		disableFollowRedirect: true,
		timeout: request.timeout ?? session.policy.timeoutMs ?? 60_000,
	};
}

async function requestWithRetries<T>(session: ApiSession, request: DingTalkRequest): Promise<T> {
	const { context, policy, state } = session;
	let credentials = await state.data;
	const hosts = dingTalkBaseUrls(credentials);
	const baseOptions = optionsOf(session, request, request.api === 'new' ? hosts.api : hosts.oapi);
	/** Options for one attempt: a multipart body is rebuilt each time. */
	const attempt = (): IHttpRequestOptions =>
		request.formData
			? {
					...baseOptions,
					body: request.formData() as unknown as IHttpRequestOptions['body'],
					json: false,
				}
			: baseOptions;
	const errorContext: DingTalkErrorContext = {
		node: context.getNode(),
		family: request.api,
		method: request.method,
		path: request.path,
		itemIndex: request.itemIndex,
	};

	/**
	 * A call renews the token once per token DingTalk refused it with: `renewedToken` is the token
	 * this call obtained by renewing after a refusal (its own fetch or one it shared). A refusal of
	 * any other token, including the one this run fetched first because the credential held none,
	 * means the token died meanwhile and is renewed; a refusal of the renewed one ends the call.
	 */
	let renewedToken: string | undefined;
	let renewing = false;
	let staleToken = credentials.accessToken as string | undefined;
	// A token fetched for another Client ID, Secret or environment counts as none: get a new one.
	let needsToken = !request.anonymous && !hasLiveToken(credentials);
	let throttleAttempts = 0;
	let transientAttempts = 0;
	const pacer = session.pacerFor(request.api, request.method, request.path);
	for (;;) {
		if (state.authFailure) throw state.authFailure;
		let response: FullResponse;
		const started = await pacer.acquire();
		try {
			if (needsToken) {
				needsToken = false;
				({ response, credentials } = await sendWithNewToken(
					session,
					attempt(),
					staleToken,
					(chosen) => (credentials = chosen),
				));
			} else if (request.anonymous) {
				response = (await context.helpers.httpRequest(attempt())) as FullResponse;
			} else {
				response = await sendWithToken(session, attempt(), credentials);
			}
			if (renewing) {
				renewing = false;
				renewedToken = String(credentials.accessToken ?? '');
			}
		} catch (error) {
			if (state.authFailure) throw state.authFailure;
			// A renewal that did not get an answer: the next attempt looks for the renewed token again.
			if (renewing) needsToken = true;
			const detail = networkDetail(error);
			if (detail === undefined) {
				throw new NodeApiError(context.getNode(), error as JsonObject, {
					itemIndex: request.itemIndex,
				});
			}
			if (request.idempotent && transientAttempts < policy.transientRetries) {
				await sleep(backoff(policy, transientAttempts++));
				continue;
			}
			const hint = request.idempotent
				? `DingTalk could not be reached after ${transientAttempts + 1} attempts.`
				: UNKNOWN_AFTER_DROP;
			throw dingTalkApiError(detail, { ...errorContext, hint });
		}

		if (isRedirect(response.statusCode)) {
			pacer.settle(started, false);
			throw redirectError(
				errorContext,
				response.statusCode,
				response.headers?.location,
				baseOptions.url,
			);
		}
		const body = parseBody(response.body, request.exactIntegers);
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
					needsToken = true;
					renewing = true;
					continue;
				}
				const hint = state.accepted.has(refused) ? REVOKED_TWICE : FRESH_TOKEN_REFUSED;
				throw dingTalkApiError(outcome.detail, { ...errorContext, hint });
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
						: UNKNOWN_AFTER_5XX,
				});
			default:
				throw dingTalkApiError(outcome.detail, errorContext);
		}
	}
}
