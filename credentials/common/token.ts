/** Which credential values an access token was issued for, shared by the credential and the transport. */
import { createHash } from 'crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { dingTalkBaseUrls } from './hosts';

function sha256(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * What a token was issued for: the Client ID, a hash of the Client Secret and the host that issued
 * it, hashed together. Stored next to the token (never the secret itself), so a token fetched with
 * other client credentials or from another environment is recognised and not used.
 */
export function tokenFingerprint(credentials: ICredentialDataDecryptedObject): string {
	const clientId = String(credentials.clientId ?? '').trim();
	const secretHash = sha256(String(credentials.clientSecret ?? '').trim());
	return sha256(JSON.stringify([clientId, secretHash, dingTalkBaseUrls(credentials).api]));
}

/**
 * The stored access token if it was issued for the Client ID, Client Secret and environment now in
 * the credential; undefined when there is none or it belongs to other values (then a new one is due).
 */
export function currentAccessToken(
	credentials: ICredentialDataDecryptedObject,
): string | undefined {
	const token = credentials.accessToken;
	if (typeof token !== 'string' || token === '') return undefined;
	return credentials.accessTokenIssuedFor === tokenFingerprint(credentials) ? token : undefined;
}
