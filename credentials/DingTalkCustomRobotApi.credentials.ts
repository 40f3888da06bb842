import { createHmac } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

const DEFAULT_ENDPOINT = 'https://oapi.dingtalk.com/robot/send';

/** Where a custom robot's messages go, and its access token, from a pasted webhook URL or a bare token. */
export function customRobotEndpoint(credentials: ICredentialDataDecryptedObject): {
	url: string;
	accessToken: string;
} {
	const raw = String(credentials.webhookToken ?? '').trim();
	if (/^https?:\/\//i.test(raw)) {
		try {
			const parsed = new URL(raw);
			const accessToken = parsed.searchParams.get('access_token') ?? '';
			return { url: `${parsed.origin}${parsed.pathname}`, accessToken };
		} catch {
			return { url: DEFAULT_ENDPOINT, accessToken: '' };
		}
	}
	return { url: DEFAULT_ENDPOINT, accessToken: raw.replace(/^access_token=/, '') };
}

/** 加签: sign = base64(HMAC-SHA256(key = secret, timestamp + "\n" + secret)), raw (not URL-encoded). */
export function customRobotSignature(secret: string, timestamp: number): string {
	return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

export class DingTalkCustomRobotApi implements ICredentialType {
	name = 'dingTalkCustomRobotApi';

	displayName = 'DingTalk Custom Robot API';

	icon: Icon = { light: 'file:../icons/dingtalk.svg', dark: 'file:../icons/dingtalk.dark.svg' };

	documentationUrl = 'https://open.dingtalk.com/document/orgapp/custom-robots-send-group-messages';

	properties: INodeProperties[] = [
		{
			displayName: 'Webhook URL or Access Token',
			name: 'webhookToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'e.g. https://oapi.dingtalk.com/robot/send?access_token=…',
			description:
				'Group settings → Bots → your custom robot (自定义机器人) → Webhook. Paste the whole URL, or just its access_token.',
		},
		{
			displayName: 'Signing Secret (加签)',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'e.g. SEC…',
			description:
				'The secret shown when the robot\'s security setting is "加签" (signature). Leave empty if the robot does not sign.',
		},
		{
			displayName: 'Keyword',
			name: 'keyword',
			type: 'string',
			default: '',
			placeholder: 'e.g. 告警',
			description:
				"The custom keyword (自定义关键词) of the robot's security setting, if it uses one. The node can add it to messages that lack it.",
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const { url, accessToken } = customRobotEndpoint(credentials);
		const target = `${requestOptions.baseURL ?? ''}${requestOptions.url}`.split('?')[0];
		// The token and signature go to this robot's endpoint and nowhere else.
		if (!accessToken || target !== url) return requestOptions;
		const qs: IHttpRequestOptions['qs'] = {
			...(requestOptions.qs ?? {}),
			access_token: accessToken,
		};
		const secret = String(credentials.secret ?? '').trim();
		if (secret) {
			const timestamp = Date.now();
			qs.timestamp = timestamp;
			// Left raw: the HTTP client URL-encodes query values exactly once. Encoding it here too is
			// the classic cause of "310000 sign not match".
			qs.sign = customRobotSignature(secret, timestamp);
		}
		return { ...requestOptions, qs };
	}

	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url: '={{ /^https?:\\/\\//i.test($credentials.webhookToken.trim()) ? $credentials.webhookToken.trim().split("?")[0] : "https://oapi.dingtalk.com/robot/send" }}',
			headers: { 'Content-Type': 'application/json' },
			// No msgtype: DingTalk checks the token and signature, then rejects the empty message, so nothing is posted.
			body: {},
			json: true,
			// The credential adds access_token, timestamp and sign to the query: never follow a redirect.
			disableFollowRedirect: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errcode',
					value: 300001,
					message:
						'Wrong webhook or access token: DingTalk does not know this robot (300001 token is not exist).',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errcode',
					value: 310000,
					message:
						'DingTalk rejected the signature (310000): check the Signing Secret (加签), or clear it if the robot does not sign.',
				},
			},
		],
	};
}
