/**
 * DingTalk's hosts for a DingTalk API credential: the two API families' base URLs and which of
 * them a request goes to. Shared by the credential (which attaches the token) and the node's
 * transport; pure functions, no node code.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

/** Base URLs of DingTalk's two API families for one credential. */
export interface DingTalkBaseUrls {
	/** New API (`/v1.0/...`): token in the `x-acs-dingtalk-access-token` header. */
	api: string;
	/** Old API (`/topapi/...`, `/media/upload`): token in the `access_token` query parameter. */
	oapi: string;
}

const ENVIRONMENTS: Record<string, DingTalkBaseUrls> = {
	china: { api: 'https://api.dingtalk.com', oapi: 'https://oapi.dingtalk.com' },
	international: { api: 'https://api.dingtalk.io', oapi: 'https://oapi.dingtalk.io' },
};

function stripTrailingSlash(url: string): string {
	return url.trim().replace(/\/+$/, '');
}

/** Resolves the two base URLs from the credential's Environment setting. */
export function dingTalkBaseUrls(credentials: ICredentialDataDecryptedObject): DingTalkBaseUrls {
	const environment = (credentials.environment as string) || 'china';
	if (environment === 'custom') {
		return {
			api: stripTrailingSlash((credentials.apiBaseUrl as string) || ''),
			oapi: stripTrailingSlash((credentials.oapiBaseUrl as string) || ''),
		};
	}
	return ENVIRONMENTS[environment] ?? ENVIRONMENTS.china;
}

function isUnder(target: URL, base: string): boolean {
	if (!base) return false;
	let baseUrl: URL;
	try {
		baseUrl = new URL(base);
	} catch {
		return false;
	}
	if (target.origin !== baseUrl.origin) return false;
	const basePath = baseUrl.pathname.replace(/\/+$/, '');
	return target.pathname === basePath || target.pathname.startsWith(`${basePath}/`);
}

/**
 * Which DingTalk host a request goes to: 'api', 'oapi', or undefined for any other host.
 * The access token is only ever attached to requests for which this returns a host.
 */
export function dingTalkHostOf(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: Pick<IHttpRequestOptions, 'url' | 'baseURL'>,
): 'api' | 'oapi' | undefined {
	let target: URL;
	try {
		target = requestOptions.baseURL
			? new URL(`${stripTrailingSlash(requestOptions.baseURL)}${requestOptions.url}`)
			: new URL(requestOptions.url);
	} catch {
		return undefined;
	}
	const { api, oapi } = dingTalkBaseUrls(credentials);
	const onApi = isUnder(target, api);
	const onOapi = isUnder(target, oapi);
	if (onApi && onOapi) {
		// Both families behind one gateway: the path tells them apart (/v1.0/…, /v2.0/… are new API).
		return /\/v\d+\.\d+\//.test(target.pathname) ? 'api' : 'oapi';
	}
	if (onApi) return 'api';
	if (onOapi) return 'oapi';
	return undefined;
}

/**
 * DingTalk endpoints that must not carry the app's token: a robot message's sessionWebhook
 * (oapi `/robot/sendBySession?session=…`) is authorised by its own session id (https://open.dingtalk.com/document/orgapp/receive-message).
 */
export function isTokenlessPath(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: Pick<IHttpRequestOptions, 'url' | 'baseURL'>,
): boolean {
	if (dingTalkHostOf(credentials, requestOptions) !== 'oapi') return false;
	try {
		const target = requestOptions.baseURL
			? new URL(`${stripTrailingSlash(requestOptions.baseURL)}${requestOptions.url}`)
			: new URL(requestOptions.url);
		return /\/robot\/sendBySession$/.test(target.pathname);
	} catch {
		return false;
	}
}

/** DingTalk's token endpoint is anonymous: it never gets the app's token. */
export function isTokenEndpoint(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: Pick<IHttpRequestOptions, 'url' | 'baseURL'>,
): boolean {
	try {
		const target = requestOptions.baseURL
			? new URL(`${stripTrailingSlash(requestOptions.baseURL)}${requestOptions.url}`)
			: new URL(requestOptions.url);
		return (
			dingTalkHostOf(credentials, requestOptions) === 'api' &&
			/\/v1\.0\/oauth2\/accessToken$/.test(target.pathname)
		);
	} catch {
		return false;
	}
}
