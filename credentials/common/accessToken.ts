/**
 * The token request of a DingTalk API credential (n8n calls it through preAuthentication):
 * https://open.dingtalk.com/document/orgapp/obtain-the-access_token-of-an-internal-app
 */
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper } from 'n8n-workflow';

import { dingTalkBaseUrls } from './hosts';
import { redact } from './redact';
import { redirectTarget } from './redirect';
import { tokenFingerprint } from './token';

/** Refresh this long before DingTalk's stated expiry, so a token never dies mid-execution. */
const EXPIRY_MARGIN_MS = 5 * 60 * 1000;

/** The credential's new token fields; throws, with no secret in the message, when DingTalk issues none. */
export async function requestAccessToken(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
) {
	const { api } = dingTalkBaseUrls(credentials);
	const response = (await helper.helpers.httpRequest({
		method: 'POST',
		url: `${api}/v1.0/oauth2/accessToken`,
		headers: { 'Content-Type': 'application/json' },
		body: {
			appKey: String(credentials.clientId ?? '').trim(),
			appSecret: String(credentials.clientSecret ?? '').trim(),
		},
		json: true,
		ignoreHttpStatusErrors: true,
		returnFullResponse: true,
		// A 307/308 would re-POST {appKey, appSecret} to wherever it points: never follow one.
		disableFollowRedirect: true,
	})) as { statusCode: number; body: IDataObject | string; headers?: IDataObject };
	if (response.statusCode >= 300 && response.statusCode < 400) {
		throw new Error(
			`DingTalk's token endpoint answered with a redirect (${response.statusCode}) to ${redirectTarget(response.headers?.location, `${api}/v1.0/oauth2/accessToken`)}, which was not followed, so the Client Secret was not sent there. DingTalk does not redirect this call: check the Environment and base URLs, and any proxy between n8n and DingTalk.`,
		);
	}
	const body = (
		typeof response.body === 'object' && response.body !== null ? response.body : {}
	) as IDataObject;
	if (
		response.statusCode >= 200 &&
		response.statusCode < 300 &&
		typeof body.accessToken === 'string'
	) {
		const expireIn = Number(body.expireIn) || 7200;
		return {
			accessToken: body.accessToken,
			accessTokenExpiresAt: Date.now() + expireIn * 1000 - EXPIRY_MARGIN_MS,
			accessTokenIssuedFor: tokenFingerprint(credentials),
		};
	}
	// DingTalk's words may echo the request: never the Client Secret (or any token) in the error.
	const secrets = [
		String(credentials.clientSecret ?? ''),
		typeof body.accessToken === 'string' ? body.accessToken : undefined,
	];
	const code = redact(
		typeof body.code === 'string' ? body.code : `HTTP ${response.statusCode}`,
		secrets,
	);
	const message = redact(
		typeof body.message === 'string' ? body.message : 'no access token in the response',
		secrets,
	);
	const requestId =
		typeof body.requestid === 'string' ? ` [request id ${redact(body.requestid, secrets)}]` : '';
	const hint =
		code === 'invalidClientIdOrSecret'
			? 'Wrong Client ID or Client Secret: copy both again from the developer console → Credentials & Basic Info.'
			: 'DingTalk did not issue an access token.';
	throw new Error(`${hint} DingTalk said: ${message} (${code})${requestId}`);
}
