import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { requestAccessToken } from './common/accessToken';
import { dingTalkHostOf, isTokenEndpoint, isTokenlessPath } from './common/hosts';
import { currentAccessToken } from './common/token';

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
		return await requestAccessToken(this, credentials);
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
