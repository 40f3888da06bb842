import { Config } from '@alicloud/openapi-client';
import { RuntimeOptions } from '@alicloud/tea-util';
import OAuth2Client, { GetAccessTokenRequest } from '@alicloud/dingtalk/dist/oauth2_1_0/client';

import type { Emulator } from '../emulator';

/**
 * The official DingTalk SDK (`@alicloud/dingtalk`) as a client of the emulator: each product's
 * Client gets a Config with `protocol: 'http'` and the emulator's new-API host:port as `endpoint`
 * (the SDK builds `${protocol}://${endpoint}${pathname}` and sends `host: endpoint`), exactly as an
 * app built on the SDK would point it at api.dingtalk.com.
 */
export function sdkConfig(emulator: Emulator): Config {
	return new Config({ protocol: 'http', regionId: 'central', endpoint: new URL(emulator.apiBaseUrl).host });
}

/** No retries, no proxy: one SDK call is one request. */
export function sdkRuntime(): RuntimeOptions {
	return new RuntimeOptions({ autoretry: false });
}

/** An app access token, fetched with the SDK's own oauth2_1_0.getAccessToken. */
export async function sdkAccessToken(emulator: Emulator): Promise<string> {
	const client = new OAuth2Client(sdkConfig(emulator));
	const response = await client.getAccessToken(new GetAccessTokenRequest({ appKey: emulator.app.appKey, appSecret: emulator.app.appSecret }));
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
	throw new Error(`expected DingTalk to refuse the call, but it answered ${JSON.stringify((outcome as { body?: unknown })?.body)}`);
}

/** n ids `user0001`… of the emulator's default directory, starting at `from`. */
export function userIds(n: number, from = 1): string[] {
	return Array.from({ length: n }, (_, i) => `user${String(from + i).padStart(4, '0')}`);
}
