import OAuth2Client, { GetAccessTokenRequest } from '@alicloud/dingtalk/dist/oauth2_1_0/client';

import type { Emulator } from '../emulator';

/** The SDK's Config and RuntimeOptions models (from its own dependencies, which this package does not import). */
type SdkConfig = ConstructorParameters<typeof OAuth2Client>[0];
type SdkRuntime = Parameters<OAuth2Client['getAccessTokenWithOptions']>[2];

/**
 * The official DingTalk SDK (`@alicloud/dingtalk`) as a client of the emulator: a product Client
 * whose Config has `protocol: 'http'` and the emulator's new-API host:port as `endpoint` (the SDK
 * builds `${protocol}://${endpoint}${pathname}` and sends `host: endpoint`), as an app built on the
 * SDK points it at api.dingtalk.com. The Config is given as the plain object the SDK reads its
 * fields from.
 */
export function sdkClient<T>(Client: new (config: SdkConfig) => T, emulator: Emulator): T {
	const config = {
		protocol: 'http',
		regionId: 'central',
		endpoint: new URL(emulator.apiBaseUrl).host,
	};
	return new Client(config as unknown as SdkConfig);
}

/** No retries: one SDK call is one request. */
export function sdkRuntime(): SdkRuntime {
	return { autoretry: false } as unknown as SdkRuntime;
}

/** An app access token, fetched with the SDK's own oauth2_1_0.getAccessToken. */
export async function sdkAccessToken(emulator: Emulator): Promise<string> {
	const client = sdkClient(OAuth2Client, emulator);
	const response = await client.getAccessToken(
		new GetAccessTokenRequest({ appKey: emulator.app.appKey, appSecret: emulator.app.appSecret }),
	);
	return String(response.body?.accessToken);
}

/** What the SDK throws for a 4xx/5xx answer (gateway-dingtalk modifyResponse): DingTalk's error, parsed. */
export interface SdkRefusal {
	statusCode: number;
	code: string;
	message: string;
	requestid: string;
}

/** Runs an SDK call that DingTalk must refuse and returns the refusal (fails the test if it succeeded). */
export async function sdkRefusal(call: Promise<unknown>): Promise<SdkRefusal> {
	let outcome: unknown;
	try {
		outcome = await call;
	} catch (error) {
		const data = (error as { data?: Record<string, unknown> }).data ?? {};
		return {
			statusCode: Number(data.statusCode),
			code: String(data.code),
			message: String(data.message),
			requestid: String(data.requestid),
		};
	}
	throw new Error(
		`expected DingTalk to refuse the call, but it answered ${JSON.stringify((outcome as { body?: unknown })?.body)}`,
	);
}

/** n ids `user0001`… of the emulator's default directory, starting at `from`. */
export function userIds(n: number, from = 1): string[] {
	return Array.from({ length: n }, (_, i) => `user${String(from + i).padStart(4, '0')}`);
}
