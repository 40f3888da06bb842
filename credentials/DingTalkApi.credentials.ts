import { createHash } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { redirectTarget } from '../nodes/DingTalk/transport/errors';
import { redact } from '../nodes/DingTalk/transport/redact';

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
function isTokenEndpoint(
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

/** Refresh this long before DingTalk's stated expiry, so a token never dies mid-execution. */
const EXPIRY_MARGIN_MS = 5 * 60 * 1000;

export class DingTalkApi implements ICredentialType {
	name = 'dingTalkApi';

	displayName = 'DingTalk API';

	icon: Icon = { light: 'file:../icons/dingtalk.svg', dark: 'file:../icons/dingtalk.dark.svg' };

	documentationUrl =
		'https://open.dingtalk.com/document/orgapp/obtain-the-access_token-of-an-internal-app';

	properties: INodeProperties[] = [
		{
			// n8n's editor shows its own label for fields named clientId / clientSecret ("Client ID",
			// "Client Secret"), so the console's names are said here.
			displayName:
				'Client ID = AppKey, Client Secret = AppSecret: developer console → your internal app → Credentials & Basic Info (凭证与基础信息).',
			name: 'consoleNamesNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Client ID (AppKey)',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. dingxxxxxxxxxxxxxxxx',
			description:
				'Developer console → your internal app → Credentials & Basic Info (凭证与基础信息) → Client ID (AppKey)',
		},
		{
			displayName: 'Client Secret (AppSecret)',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Client Secret (AppSecret) from the same page',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: 'china',
			options: [
				{
					name: 'China (api.dingtalk.com)',
					value: 'china',
				},
				{
					name: 'International (api.dingtalk.io)',
					value: 'international',
				},
				{
					name: 'Custom',
					value: 'custom',
					description: 'Private deployment, proxy or the test emulator',
				},
			],
		},
		{
			displayName: 'New API Base URL',
			name: 'apiBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://api.dingtalk.example.com',
			description: 'Base URL that serves /v1.0/… endpoints',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Old API Base URL',
			name: 'oapiBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://oapi.dingtalk.example.com',
			description: 'Base URL that serves /topapi/… and /media/upload endpoints',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName:
				'Optional: fill in only what your workflows use. AgentId is needed for work notifications (工作通知); Robot Code only if the console shows one that differs from the Client ID.',
			name: 'optionalNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'AgentId',
			name: 'agentId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 3011223344',
			description: 'AgentId of the app, needed only for work notifications (工作通知)',
		},
		{
			displayName: 'Robot Code',
			name: 'robotCode',
			type: 'string',
			default: '',
			placeholder: 'Leave empty to use the Client ID',
			description:
				"RobotCode shown on the app's robot page. For an internal app robot it equals the Client ID, so leave it empty unless the console shows a different one.",
		},
		{
			displayName:
				'For the DingTalk Trigger (HTTP event subscription) only: leave these empty for sending and for the DingTalk Stream Trigger.',
			name: 'triggerNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Event Encryption Key (aes_key)',
			name: 'eventAesSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: '43 letters and digits',
			description:
				'For the DingTalk Trigger (event subscription): developer console → your app → Events & Callbacks (事件与回调) → 加密 aes_key. Copy it when generated: the console hides it later.',
		},
		{
			displayName: 'Event Signing Token',
			name: 'eventToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'For the DingTalk Trigger: Events & Callbacks → 签名 Token',
		},
		{
			displayName: 'CorpId',
			name: 'corpId',
			type: 'string',
			default: '',
			placeholder: 'e.g. ding0123456789abcdef',
			description:
				"Your organisation's CorpId, for the DingTalk Trigger's owner key when callbacks were registered with the old register_call_back API",
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Access Token Expires At',
			name: 'accessTokenExpiresAt',
			type: 'hidden',
			typeOptions: { password: true },
			default: 0,
		},
		{
			displayName: 'Access Token Issued For',
			name: 'accessTokenIssuedFor',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const { api } = dingTalkBaseUrls(credentials);
		const response = (await this.helpers.httpRequest({
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

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		// A token issued for another Client ID, Secret or environment is never sent.
		const token = currentAccessToken(credentials);
		const host = dingTalkHostOf(credentials, requestOptions);
		if (
			!token ||
			host === undefined ||
			isTokenlessPath(credentials, requestOptions) ||
			isTokenEndpoint(credentials, requestOptions)
		) {
			return requestOptions;
		}
		if (host === 'api') {
			return {
				...requestOptions,
				headers: { ...(requestOptions.headers ?? {}), 'x-acs-dingtalk-access-token': token },
			};
		}
		return { ...requestOptions, qs: { ...(requestOptions.qs ?? {}), access_token: token } };
	}

	/**
	 * Test asks DingTalk for a token with the Client ID and Secret in the form (never a stored token):
	 * https://open.dingtalk.com/document/orgapp/obtain-the-access_token-of-an-internal-app
	 * DingTalk answers a wrong pair with HTTP 400 and code invalidClientIdOrSecret; the answer is read
	 * (not thrown) so the rules can say what is wrong instead of "Bad Request".
	 */
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url: '={{ ($credentials.environment === "custom" ? $credentials.apiBaseUrl.replace(/\\/+$/, "") : ($credentials.environment === "international" ? "https://api.dingtalk.io" : "https://api.dingtalk.com")) + "/v1.0/oauth2/accessToken" }}',
			headers: { 'Content-Type': 'application/json' },
			body: {
				appKey: '={{ $credentials.clientId.trim() }}',
				appSecret: '={{ $credentials.clientSecret.trim() }}',
			},
			json: true,
			ignoreHttpStatusErrors: true,
			// A 307/308 would re-POST the AppSecret to wherever it points: a redirect fails the test instead.
			disableFollowRedirect: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 'invalidClientIdOrSecret',
					message:
						'Wrong Client ID (AppKey) or Client Secret (AppSecret). DingTalk said: 无效的clientId或者clientSecret (invalidClientIdOrSecret). Copy both again from the developer console → your app → Credentials & Basic Info (凭证与基础信息).',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'accessToken',
					value: undefined,
					message:
						'DingTalk did not issue an access token for this Client ID and Client Secret. Check both, and the Environment (for Custom: the New API Base URL).',
				},
			},
		],
	};
}
