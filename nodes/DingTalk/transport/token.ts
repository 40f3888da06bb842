/**
 * The access token's lifecycle: sending with the run's token, renewing it once when DingTalk
 * refuses it (one renewal in flight per run), and the one process-wide share of fresh tokens.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { currentAccessToken, tokenFingerprint } from '../../../credentials/common/token';
import { networkDetail } from './retry';
import type { ApiSession, CredentialState } from './session';
import { CREDENTIAL_TYPE, credentialRef } from './session';
import type { FullResponse } from './types';

type TokenFields = Pick<
	ICredentialDataDecryptedObject,
	'accessToken' | 'accessTokenExpiresAt' | 'accessTokenIssuedFor'
>;

/**
 * PROCESS-WIDE on purpose: tokens this process fetched, per credential (id + Client ID, Secret and
 * environment). n8n stores a renewed token in the credential, but executions that start together
 * all read the credential before the first fetch lands; they wait for that fetch instead of each
 * asking DingTalk (queue mode: one per process). Only the token and its expiry are kept.
 */
const processTokens = new Map<
	string,
	{ refreshing?: Promise<ICredentialDataDecryptedObject>; latest?: TokenFields; fetchedAt?: number }
>();

/** Per credential and per Client ID + Secret + environment: a changed secret never shares a token. */
function processKeyOf(session: ApiSession, credentials: ICredentialDataDecryptedObject): string {
	return `${credentialRef(session.context).id}|${tokenFingerprint(credentials)}`;
}

export function tokenExpired(credentials: ICredentialDataDecryptedObject): boolean {
	const expiresAt = Number(credentials.accessTokenExpiresAt);
	return (
		Boolean(credentials.accessToken) &&
		Number.isFinite(expiresAt) &&
		expiresAt > 0 &&
		Date.now() >= expiresAt
	);
}

/**
 * Whether `credentials` carry a token that can be sent: present, issued for the Client ID, Secret and
 * environment now in the credential, and not expired.
 */
export function hasLiveToken(credentials: ICredentialDataDecryptedObject): boolean {
	return currentAccessToken(credentials) !== undefined && !tokenExpired(credentials);
}

function tokenFields(credentials: ICredentialDataDecryptedObject): TokenFields {
	const { accessToken, accessTokenExpiresAt, accessTokenIssuedFor } = credentials;
	return { accessToken, accessTokenExpiresAt, accessTokenIssuedFor };
}

/** The token part of `candidate` if it is alive and not the one DingTalk just refused. */
function usableToken(
	candidate: ICredentialDataDecryptedObject | undefined,
	staleToken: string | undefined,
): TokenFields | undefined {
	if (!candidate?.accessToken || candidate.accessToken === staleToken || tokenExpired(candidate))
		return undefined;
	return tokenFields(candidate);
}

/**
 * Sends `options` authenticated by the credential data given (n8n adds the token: a header for the
 * new API, the query for the old one). With an empty token n8n runs the credential's
 * preAuthentication first; if that fails, the failure is kept so other items do not ask again.
 */
export async function sendWithToken(
	session: ApiSession,
	options: IHttpRequestOptions,
	credentials: ICredentialDataDecryptedObject,
	renewing = false,
): Promise<FullResponse> {
	const { context } = session;
	try {
		return (await context.helpers.httpRequestWithAuthentication.call(
			context,
			CREDENTIAL_TYPE,
			options,
			{
				credentialsDecrypted: {
					...credentialRef(context),
					type: CREDENTIAL_TYPE,
					data: credentials,
				},
			},
		)) as FullResponse;
	} catch (error) {
		if (renewing && !credentials.accessToken && networkDetail(error) === undefined) {
			const message = (error as Error).message;
			const failure =
				error instanceof NodeApiError
					? error
					: new NodeApiError(context.getNode(), { message: message ?? String(error) }, { message });
			session.state.authFailure = failure;
			throw failure;
		}
		throw new NodeApiError(context.getNode(), error as JsonObject);
	}
}

/**
 * Sends `options` with a new token. Hands httpRequestWithAuthentication a copy of the credential
 * whose token is empty, which makes n8n run the credential's preAuthentication: n8n fetches a new
 * token, persists it into the stored credential (so later executions reuse it) and authenticates
 * this request with it. The renewal is published synchronously, so concurrent callers of this run
 * and of other executions in this process wait for it instead of starting their own.
 */
function renewAndSend(
	session: ApiSession,
	options: IHttpRequestOptions,
	processKey: string,
): Promise<Sent> {
	const state: CredentialState = session.state;
	let release!: (value: ICredentialDataDecryptedObject) => void;
	const mine = new Promise<ICredentialDataDecryptedObject>((resolve) => (release = resolve));
	state.refreshing = mine;
	const shared = processTokens.get(processKey) ?? {};
	shared.refreshing = mine;
	processTokens.set(processKey, shared);
	return (async () => {
		const data: ICredentialDataDecryptedObject = { ...(await state.data), accessToken: '' };
		try {
			return { response: await sendWithToken(session, options, data, true), credentials: data };
		} finally {
			// n8n assigned preAuthentication's output (the new token) onto `data`.
			state.data = Promise.resolve(data);
			state.refreshing = undefined;
			if (shared.refreshing === mine) shared.refreshing = undefined;
			if (data.accessToken) {
				shared.latest = tokenFields(data);
				shared.fetchedAt = Date.now();
			}
			release(data);
		}
	})();
}

export interface Sent {
	response: FullResponse;
	/** The credential data the request went out with (its token is the one DingTalk judged). */
	credentials: ICredentialDataDecryptedObject;
}

/**
 * Sends `options` with a token other than `staleToken`, the one DingTalk refused (or none), taking
 * the first that exists of: a renewal this run has in flight; a live token the run's credential
 * holds by now; a token another execution of this process is fetching or fetched after this run
 * read the credential; else a renewal of its own. `chosen` learns the credential before it is sent,
 * so a retry after a dropped connection goes out with the new token, not the refused one.
 */
export async function sendWithNewToken(
	session: ApiSession,
	options: IHttpRequestOptions,
	staleToken: string | undefined,
	chosen: (credentials: ICredentialDataDecryptedObject) => void,
): Promise<Sent> {
	const { state } = session;
	const sendWith = async (credentials: ICredentialDataDecryptedObject): Promise<Sent> => {
		chosen(credentials);
		return { response: await sendWithToken(session, options, credentials), credentials };
	};
	const latest = await (state.refreshing ?? state.data);
	if (state.refreshing) return await sendWith(await state.refreshing);
	if (hasLiveToken(latest) && latest.accessToken !== staleToken) return await sendWith(latest);
	// No await between looking for a process-wide fetch and starting one: the check and the
	// registration in renewAndSend happen in the same tick.
	const key = processKeyOf(session, latest);
	const fetched = processTokens.get(key);
	const inFlight = fetched?.refreshing;
	// A finished fetch counts only for runs that read the credential before it landed (later
	// readers get the token n8n stored).
	const landed = (fetched?.fetchedAt ?? 0) >= state.readAt ? fetched?.latest : undefined;
	const shared = usableToken(inFlight ? await inFlight : landed, staleToken);
	if (shared && !state.refreshing) {
		const credentials = { ...latest, ...shared };
		state.data = Promise.resolve(credentials);
		return await sendWith(credentials);
	}
	if (state.refreshing) return await sendWith(await state.refreshing);
	return await renewAndSend(session, options, key);
}
