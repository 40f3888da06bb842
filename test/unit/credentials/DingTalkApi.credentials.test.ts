import type {
	ICredentialDataDecryptedObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeParameters,
	INodeProperties,
} from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { DingTalkApi } from '../../../credentials/DingTalkApi.credentials';
import { dingTalkBaseUrls, dingTalkHostOf } from '../../../credentials/common/hosts';
import { currentAccessToken, tokenFingerprint } from '../../../credentials/common/token';

const TOKEN_HEADER = 'x-acs-dingtalk-access-token';

const china: ICredentialDataDecryptedObject = {
	clientId: 'dingAPPKEY',
	clientSecret: 'SECRET-VALUE',
	environment: 'china',
	accessToken: 'TOKEN-123',
};
// The stored token was issued for exactly these Client ID, Secret and environment.
china.accessTokenIssuedFor = tokenFingerprint(china);

/** `credentials` with a stored token that was issued for them. */
function withToken(
	credentials: ICredentialDataDecryptedObject,
	accessToken: string,
): ICredentialDataDecryptedObject {
	return { ...credentials, accessToken, accessTokenIssuedFor: tokenFingerprint(credentials) };
}

function custom(
	apiBaseUrl: string,
	oapiBaseUrl: string,
	extra: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		clientId: 'k',
		clientSecret: 's',
		environment: 'custom',
		apiBaseUrl,
		oapiBaseUrl,
		...extra,
	};
}

describe('dingTalkBaseUrls', () => {
	it('returns the China hosts for china', () => {
		expect(dingTalkBaseUrls({ environment: 'china' })).toEqual({
			api: 'https://api.dingtalk.com',
			oapi: 'https://oapi.dingtalk.com',
		});
	});

	it('defaults to China when the environment is unset or empty', () => {
		expect(dingTalkBaseUrls({})).toEqual({
			api: 'https://api.dingtalk.com',
			oapi: 'https://oapi.dingtalk.com',
		});
		expect(dingTalkBaseUrls({ environment: '' })).toEqual({
			api: 'https://api.dingtalk.com',
			oapi: 'https://oapi.dingtalk.com',
		});
	});

	it('falls back to China for an unknown environment value', () => {
		expect(dingTalkBaseUrls({ environment: 'mars' })).toEqual({
			api: 'https://api.dingtalk.com',
			oapi: 'https://oapi.dingtalk.com',
		});
	});

	it('returns the international hosts for international', () => {
		expect(dingTalkBaseUrls({ environment: 'international' })).toEqual({
			api: 'https://api.dingtalk.io',
			oapi: 'https://oapi.dingtalk.io',
		});
	});

	it('returns the custom base URLs with trailing slashes and whitespace stripped', () => {
		expect(
			dingTalkBaseUrls(custom(' http://127.0.0.1:9000/gw/// ', 'http://127.0.0.1:9001/')),
		).toEqual({
			api: 'http://127.0.0.1:9000/gw',
			oapi: 'http://127.0.0.1:9001',
		});
	});

	it('returns empty strings for custom base URLs that are not set', () => {
		expect(dingTalkBaseUrls({ environment: 'custom' })).toEqual({ api: '', oapi: '' });
	});

	it('ignores custom base URLs unless the environment is custom', () => {
		expect(
			dingTalkBaseUrls({
				environment: 'china',
				apiBaseUrl: 'http://proxy',
				oapiBaseUrl: 'http://proxy',
			}),
		).toEqual({
			api: 'https://api.dingtalk.com',
			oapi: 'https://oapi.dingtalk.com',
		});
	});
});

describe('dingTalkHostOf', () => {
	it('recognises the new API host', () => {
		expect(
			dingTalkHostOf(china, { url: 'https://api.dingtalk.com/v1.0/robot/oToMessages/batchSend' }),
		).toBe('api');
	});

	it('recognises the old API host', () => {
		expect(dingTalkHostOf(china, { url: 'https://oapi.dingtalk.com/topapi/v2/user/get' })).toBe(
			'oapi',
		);
		expect(dingTalkHostOf(china, { url: 'https://oapi.dingtalk.com/media/upload?type=file' })).toBe(
			'oapi',
		);
	});

	it('recognises the international hosts only for the international environment', () => {
		const international = { ...china, environment: 'international' };
		expect(dingTalkHostOf(international, { url: 'https://api.dingtalk.io/v1.0/x' })).toBe('api');
		expect(dingTalkHostOf(international, { url: 'https://oapi.dingtalk.io/topapi/x' })).toBe(
			'oapi',
		);
		expect(
			dingTalkHostOf(international, { url: 'https://api.dingtalk.com/v1.0/x' }),
		).toBeUndefined();
		expect(dingTalkHostOf(china, { url: 'https://api.dingtalk.io/v1.0/x' })).toBeUndefined();
	});

	it.each([
		'https://evil.example.com/v1.0/x',
		'https://api.dingtalk.com.evil.com/v1.0/x',
		'https://evil.com/https://api.dingtalk.com/v1.0/x',
		'https://api.dingtalk.com@evil.com/v1.0/x',
		'https://evilapi.dingtalk.com/v1.0/x',
		'http://api.dingtalk.com/v1.0/x',
		'http://oapi.dingtalk.com/topapi/v2/user/get',
		'https://api.dingtalk.com:8443/v1.0/x',
		'not a url',
		'/v1.0/x',
	])('returns undefined for the foreign or invalid URL %s', (url) => {
		expect(dingTalkHostOf(china, { url })).toBeUndefined();
	});

	it('treats the explicit default port and upper-case host as the same origin', () => {
		expect(dingTalkHostOf(china, { url: 'https://api.dingtalk.com:443/v1.0/x' })).toBe('api');
		expect(dingTalkHostOf(china, { url: 'HTTPS://API.DINGTALK.COM/v1.0/x' })).toBe('api');
	});

	it('combines baseURL and url', () => {
		expect(dingTalkHostOf(china, { baseURL: 'https://api.dingtalk.com', url: '/v1.0/x' })).toBe(
			'api',
		);
		expect(
			dingTalkHostOf(china, { baseURL: 'https://oapi.dingtalk.com/', url: '/topapi/v2/user/get' }),
		).toBe('oapi');
		expect(
			dingTalkHostOf(china, { baseURL: 'https://evil.example.com', url: '/v1.0/x' }),
		).toBeUndefined();
	});

	it('matches a custom base with a path prefix only under that prefix', () => {
		const credentials = custom('http://127.0.0.1:9000/gw', 'http://127.0.0.1:9001');
		expect(dingTalkHostOf(credentials, { url: 'http://127.0.0.1:9000/gw/v1.0/x' })).toBe('api');
		expect(dingTalkHostOf(credentials, { url: 'http://127.0.0.1:9000/gw' })).toBe('api');
		expect(dingTalkHostOf(credentials, { url: 'http://127.0.0.1:9000/v1.0/x' })).toBeUndefined();
		expect(
			dingTalkHostOf(credentials, { url: 'http://127.0.0.1:9000/gwx/v1.0/x' }),
		).toBeUndefined();
		expect(dingTalkHostOf(credentials, { url: 'http://127.0.0.1:9001/topapi/x' })).toBe('oapi');
		expect(dingTalkHostOf(credentials, { url: 'http://127.0.0.1:9002/gw/v1.0/x' })).toBeUndefined();
		expect(
			dingTalkHostOf(credentials, { baseURL: 'http://127.0.0.1:9000/gw/', url: '/v1.0/x' }),
		).toBe('api');
	});

	it('lets the path decide when the api and oapi bases are the same', () => {
		const credentials = custom('http://127.0.0.1:9000', 'http://127.0.0.1:9000/');
		expect(
			dingTalkHostOf(credentials, {
				url: 'http://127.0.0.1:9000/v1.0/robot/oToMessages/batchSend',
			}),
		).toBe('api');
		expect(dingTalkHostOf(credentials, { url: 'http://127.0.0.1:9000/v2.0/x' })).toBe('api');
		expect(dingTalkHostOf(credentials, { url: 'http://127.0.0.1:9000/topapi/v2/user/get' })).toBe(
			'oapi',
		);
		expect(dingTalkHostOf(credentials, { url: 'http://127.0.0.1:9000/media/upload' })).toBe('oapi');
		expect(dingTalkHostOf(credentials, { url: 'http://127.0.0.1:9001/v1.0/x' })).toBeUndefined();
	});

	it('returns undefined for every URL when custom base URLs are missing or invalid', () => {
		expect(
			dingTalkHostOf({ environment: 'custom' }, { url: 'https://api.dingtalk.com/v1.0/x' }),
		).toBeUndefined();
		expect(
			dingTalkHostOf(custom('not a url', ''), { url: 'https://api.dingtalk.com/v1.0/x' }),
		).toBeUndefined();
	});
});

describe('DingTalkApi.authenticate', () => {
	const credentialType = new DingTalkApi();

	it('puts the token only in the x-acs-dingtalk-access-token header for the new API host', async () => {
		const options: IHttpRequestOptions = {
			method: 'POST',
			url: 'https://api.dingtalk.com/v1.0/robot/oToMessages/batchSend',
			headers: { 'Content-Type': 'application/json' },
			qs: { a: 1 },
		};
		const result = await credentialType.authenticate(china, options);
		expect(result.headers).toEqual({
			'Content-Type': 'application/json',
			[TOKEN_HEADER]: 'TOKEN-123',
		});
		expect(result.qs).toEqual({ a: 1 });
		expect(result.url).toBe(options.url);
		expect(result.method).toBe('POST');
	});

	it('adds the header when the request has no headers yet', async () => {
		const result = await credentialType.authenticate(china, {
			url: 'https://api.dingtalk.com/v1.0/x',
		});
		expect(result.headers).toEqual({ [TOKEN_HEADER]: 'TOKEN-123' });
		expect(result.qs).toBeUndefined();
	});

	it('puts the token only in qs.access_token for the old API host', async () => {
		const options: IHttpRequestOptions = {
			method: 'POST',
			url: 'https://oapi.dingtalk.com/topapi/v2/user/get',
			headers: { 'Content-Type': 'application/json' },
			qs: { language: 'zh_CN' },
		};
		const result = await credentialType.authenticate(china, options);
		expect(result.qs).toEqual({ language: 'zh_CN', access_token: 'TOKEN-123' });
		expect(result.headers).toEqual({ 'Content-Type': 'application/json' });
		expect(JSON.stringify(result.headers)).not.toContain('TOKEN-123');
	});

	it('adds qs when the old API request has none yet', async () => {
		const result = await credentialType.authenticate(china, {
			url: 'https://oapi.dingtalk.com/media/upload',
		});
		expect(result.qs).toEqual({ access_token: 'TOKEN-123' });
		expect(result.headers).toBeUndefined();
	});

	it.each([
		'https://evil.example.com/v1.0/x',
		'https://api.dingtalk.com.evil.com/v1.0/x',
		'http://api.dingtalk.com/v1.0/x',
		'https://evil.example.com/topapi/v2/user/get',
	])('attaches the token nowhere for %s', async (url) => {
		const options: IHttpRequestOptions = {
			url,
			headers: { Accept: 'application/json' },
			qs: { q: 1 },
		};
		const result = await credentialType.authenticate(china, options);
		expect(result.headers).toEqual({ Accept: 'application/json' });
		expect(result.qs).toEqual({ q: 1 });
		expect(JSON.stringify(result)).not.toContain('TOKEN-123');
	});

	it('does not mutate the request options it is given', async () => {
		const apiOptions: IHttpRequestOptions = {
			url: 'https://api.dingtalk.com/v1.0/x',
			headers: { 'Content-Type': 'application/json' },
			qs: { a: 1 },
		};
		const oapiOptions: IHttpRequestOptions = {
			url: 'https://oapi.dingtalk.com/topapi/x',
			headers: { 'Content-Type': 'application/json' },
			qs: { a: 1 },
		};
		const apiSnapshot = JSON.parse(JSON.stringify(apiOptions));
		const oapiSnapshot = JSON.parse(JSON.stringify(oapiOptions));
		const apiResult = await credentialType.authenticate(china, apiOptions);
		const oapiResult = await credentialType.authenticate(china, oapiOptions);
		expect(apiOptions).toEqual(apiSnapshot);
		expect(oapiOptions).toEqual(oapiSnapshot);
		expect(apiResult).not.toBe(apiOptions);
		expect(apiResult.headers).not.toBe(apiOptions.headers);
		expect(oapiResult.qs).not.toBe(oapiOptions.qs);
	});

	it('leaves the request unchanged when the token is empty', async () => {
		const options: IHttpRequestOptions = {
			url: 'https://api.dingtalk.com/v1.0/x',
			headers: { a: 'b' },
		};
		const result = await credentialType.authenticate({ ...china, accessToken: '' }, options);
		expect(result).toEqual({ url: 'https://api.dingtalk.com/v1.0/x', headers: { a: 'b' } });
		const withoutToken: ICredentialDataDecryptedObject = { ...china };
		delete withoutToken.accessToken;
		const oapiResult = await credentialType.authenticate(withoutToken, {
			url: 'https://oapi.dingtalk.com/topapi/x',
		});
		expect(oapiResult).toEqual({ url: 'https://oapi.dingtalk.com/topapi/x' });
	});

	it('authenticates against custom base URLs', async () => {
		const credentials = withToken(custom('http://127.0.0.1:9000', 'http://127.0.0.1:9000'), 'EMU');
		const api = await credentialType.authenticate(credentials, {
			url: 'http://127.0.0.1:9000/v1.0/robot/oToMessages/batchSend',
		});
		expect(api.headers).toEqual({ [TOKEN_HEADER]: 'EMU' });
		expect(api.qs).toBeUndefined();
		const oapi = await credentialType.authenticate(credentials, {
			url: 'http://127.0.0.1:9000/topapi/v2/user/get',
		});
		expect(oapi.qs).toEqual({ access_token: 'EMU' });
		expect(oapi.headers).toBeUndefined();
	});
});

describe('tokenFingerprint and currentAccessToken', () => {
	it('is a hex digest that changes with the Client ID, the Secret and the environment', () => {
		const base = tokenFingerprint(china);
		expect(base).toMatch(/^[0-9a-f]{64}$/);
		expect(tokenFingerprint({ ...china })).toBe(base);
		expect(
			tokenFingerprint({ ...china, clientId: '  dingAPPKEY ', clientSecret: 'SECRET-VALUE\n' }),
		).toBe(base);
		expect(tokenFingerprint({ ...china, clientSecret: 'SECRET-VALUF' })).not.toBe(base);
		expect(tokenFingerprint({ ...china, clientId: 'dingOTHER' })).not.toBe(base);
		expect(tokenFingerprint({ ...china, environment: 'international' })).not.toBe(base);
		expect(base).not.toContain('SECRET-VALUE');
	});

	it('returns the stored token only when it was issued for the Client ID and Secret now in the form', () => {
		expect(currentAccessToken(china)).toBe('TOKEN-123');
		expect(currentAccessToken({ ...china, clientSecret: 'typed-anew' })).toBeUndefined();
		expect(currentAccessToken({ ...china, clientId: 'dingOTHER' })).toBeUndefined();
		expect(currentAccessToken({ ...china, accessTokenIssuedFor: '' })).toBeUndefined();
		expect(currentAccessToken({ ...china, accessToken: '' })).toBeUndefined();
	});
});

describe('DingTalkApi.authenticate with a token issued for other values', () => {
	const credentialType = new DingTalkApi();

	it('does not send a token issued for another secret or Client ID', async () => {
		const changes: ICredentialDataDecryptedObject[] = [
			{ clientSecret: 'new-secret' },
			{ clientId: 'dingOTHER' },
			{ accessTokenIssuedFor: '' },
		];
		for (const changed of changes) {
			const api = await credentialType.authenticate(
				{ ...china, ...changed },
				{ url: 'https://api.dingtalk.com/v1.0/x' },
			);
			expect(api.headers).toBeUndefined();
			const oapi = await credentialType.authenticate(
				{ ...china, ...changed },
				{ url: 'https://oapi.dingtalk.com/topapi/x' },
			);
			expect(oapi.qs).toBeUndefined();
		}
	});

	it("never sends the token to DingTalk's (anonymous) token endpoint", async () => {
		const result = await credentialType.authenticate(china, {
			url: 'https://api.dingtalk.com/v1.0/oauth2/accessToken',
			headers: { 'Content-Type': 'application/json' },
		});
		expect(result.headers).toEqual({ 'Content-Type': 'application/json' });
		expect(JSON.stringify(result)).not.toContain('TOKEN-123');
	});
});

describe('DingTalkApi.test', () => {
	const test = new DingTalkApi().test;

	it("asks the token endpoint with the form's Client ID and Secret and reads failures instead of throwing", () => {
		expect(test.request.method).toBe('POST');
		expect(test.request.url).toContain('/v1.0/oauth2/accessToken');
		expect(test.request.body).toEqual({
			appKey: '={{ $credentials.clientId.trim() }}',
			appSecret: '={{ $credentials.clientSecret.trim() }}',
		});
		expect(test.request.ignoreHttpStatusErrors).toBe(true);
	});

	it("maps DingTalk's invalidClientIdOrSecret and a missing token to readable messages", () => {
		const rules = (test.rules ?? []) as Array<{
			type: string;
			properties: { key: string; value: unknown; message: string };
		}>;
		expect(rules.map((r) => r.type)).toEqual(['responseSuccessBody', 'responseSuccessBody']);
		expect(rules[0].properties).toMatchObject({ key: 'code', value: 'invalidClientIdOrSecret' });
		expect(rules[0].properties.message).toContain('无效的clientId或者clientSecret');
		expect(rules[0].properties.message).toContain('Client Secret (AppSecret)');
		expect(rules[1].properties.key).toBe('accessToken');
		expect(rules[1].properties.value).toBeUndefined();
		expect(rules[1].properties.message).toContain('DingTalk did not issue an access token');
	});
});

describe('DingTalkApi.preAuthentication', () => {
	const credentialType = new DingTalkApi();

	function helperReturning(response: unknown): {
		helper: IHttpRequestHelper;
		httpRequest: jest.Mock;
	} {
		const httpRequest = jest.fn().mockResolvedValue(response);
		return { helper: { helpers: { httpRequest } } as unknown as IHttpRequestHelper, httpRequest };
	}

	it("fetches a token and returns it with an expiry 5 minutes before DingTalk's", async () => {
		const { helper, httpRequest } = helperReturning({
			statusCode: 200,
			body: { accessToken: 't', expireIn: 7200 },
		});
		const before = Date.now();
		const result = await credentialType.preAuthentication.call(helper, {
			...china,
			clientId: '  dingAPPKEY ',
			clientSecret: '\tSECRET-VALUE \n',
		});
		const after = Date.now();
		expect(result.accessToken).toBe('t');
		expect(result.accessTokenIssuedFor).toBe(tokenFingerprint(china));
		expect(result.accessTokenExpiresAt).toBeGreaterThanOrEqual(before + 7200 * 1000 - 300 * 1000);
		expect(result.accessTokenExpiresAt).toBeLessThanOrEqual(after + 7200 * 1000 - 300 * 1000);

		expect(httpRequest).toHaveBeenCalledTimes(1);
		const request = httpRequest.mock.calls[0][0] as IHttpRequestOptions;
		expect(request.method).toBe('POST');
		expect(request.url).toBe('https://api.dingtalk.com/v1.0/oauth2/accessToken');
		expect(request.body).toEqual({ appKey: 'dingAPPKEY', appSecret: 'SECRET-VALUE' });
		expect(request.headers).toMatchObject({ 'Content-Type': 'application/json' });
		expect(request.json).toBe(true);
		expect(request.returnFullResponse).toBe(true);
		expect(request.ignoreHttpStatusErrors).toBe(true);
		expect(request.qs).toBeUndefined();
	});

	it('asks the custom new API base URL for the token', async () => {
		const { helper, httpRequest } = helperReturning({
			statusCode: 200,
			body: { accessToken: 'emu', expireIn: 60 },
		});
		await credentialType.preAuthentication.call(
			helper,
			custom('http://127.0.0.1:9000/gw/', 'http://127.0.0.1:9001'),
		);
		expect((httpRequest.mock.calls[0][0] as IHttpRequestOptions).url).toBe(
			'http://127.0.0.1:9000/gw/v1.0/oauth2/accessToken',
		);
	});

	it('asks the international host for the international environment', async () => {
		const { helper, httpRequest } = helperReturning({
			statusCode: 200,
			body: { accessToken: 'x', expireIn: 7200 },
		});
		await credentialType.preAuthentication.call(helper, { ...china, environment: 'international' });
		expect((httpRequest.mock.calls[0][0] as IHttpRequestOptions).url).toBe(
			'https://api.dingtalk.io/v1.0/oauth2/accessToken',
		);
	});

	it('assumes 7200 seconds when DingTalk gives no expireIn', async () => {
		const { helper } = helperReturning({ statusCode: 200, body: { accessToken: 't' } });
		const before = Date.now();
		const result = await credentialType.preAuthentication.call(helper, china);
		const after = Date.now();
		expect(result.accessTokenExpiresAt).toBeGreaterThanOrEqual(before + 6900 * 1000);
		expect(result.accessTokenExpiresAt).toBeLessThanOrEqual(after + 6900 * 1000);
	});

	it("rejects wrong client credentials with DingTalk's words, code and request id, without the secret", async () => {
		const { helper } = helperReturning({
			statusCode: 400,
			body: {
				code: 'invalidClientIdOrSecret',
				message: '无效的clientId或者clientSecret',
				requestid: 'R1',
			},
		});
		const promise = credentialType.preAuthentication.call(helper, china);
		await expect(promise).rejects.toThrow(Error);
		const error = (await promise.catch((e: unknown) => e)) as Error;
		expect(error.message).toContain('Wrong Client ID or Client Secret');
		expect(error.message).toContain('无效的clientId或者clientSecret');
		expect(error.message).toContain('invalidClientIdOrSecret');
		expect(error.message).toContain('R1');
		expect(error.message).not.toContain('SECRET-VALUE');
	});

	it('rejects a non-JSON failure with the HTTP status', async () => {
		const { helper } = helperReturning({ statusCode: 502, body: '<html>Bad Gateway</html>' });
		const error = (await credentialType.preAuthentication
			.call(helper, china)
			.catch((e: unknown) => e)) as Error;
		expect(error).toBeInstanceOf(Error);
		expect(error.message).toContain('DingTalk did not issue an access token');
		expect(error.message).toContain('HTTP 502');
		expect(error.message).not.toContain('SECRET-VALUE');
	});

	it('rejects a 200 answer that carries no access token', async () => {
		const { helper } = helperReturning({ statusCode: 200, body: { expireIn: 7200 } });
		const error = (await credentialType.preAuthentication
			.call(helper, china)
			.catch((e: unknown) => e)) as Error;
		expect(error).toBeInstanceOf(Error);
		expect(error.message).toContain('no access token in the response');
	});
});

describe('DingTalkApi properties', () => {
	const credentialType = new DingTalkApi();
	const property = (name: string): INodeProperties | undefined =>
		credentialType.properties.find((p) => p.name === name);

	it('is registered as dingTalkApi', () => {
		expect(credentialType.name).toBe('dingTalkApi');
	});

	it('hides the client secret as a password', () => {
		expect(property('clientSecret')?.typeOptions?.password).toBe(true);
		expect(property('clientSecret')?.required).toBe(true);
	});

	it('keeps the access token as an expirable password field', () => {
		const accessToken = property('accessToken');
		expect(accessToken?.type).toBe('hidden');
		expect(accessToken?.typeOptions?.password).toBe(true);
		expect(accessToken?.typeOptions?.expirable).toBe(true);
	});

	it('offers china, international and custom environments, china by default', () => {
		const environment = property('environment');
		expect(environment?.default).toBe('china');
		expect(environment?.options?.map((o) => ('value' in o ? o.value : undefined))).toEqual([
			'china',
			'international',
			'custom',
		]);
	});

	it('shows the custom base URLs only for the custom environment', () => {
		expect(property('apiBaseUrl')?.displayOptions).toEqual({ show: { environment: ['custom'] } });
		expect(property('oapiBaseUrl')?.displayOptions).toEqual({ show: { environment: ['custom'] } });
	});
});

describe('DingTalkApi form', () => {
	const credentialType = new DingTalkApi();
	const names = credentialType.properties.map((p) => p.name);
	const label = (name: string) =>
		credentialType.properties.find((p) => p.name === name)?.displayName;

	it('keeps every property name saved credentials use', () => {
		for (const name of [
			'clientId',
			'clientSecret',
			'robotCode',
			'agentId',
			'corpId',
			'eventAesSecret',
			'eventToken',
			'environment',
			'apiBaseUrl',
			'oapiBaseUrl',
			'accessToken',
			'accessTokenExpiresAt',
		]) {
			expect(names).toContain(name);
		}
	});

	it('starts with the two values everyone needs, labelled as the developer console calls them', () => {
		// n8n's editor replaces the labels of fields named clientId / clientSecret with its own
		// ("Client ID", seen in a real browser): a notice above them names AppKey and AppSecret.
		expect(names.slice(0, 4)).toEqual([
			'consoleNamesNotice',
			'clientId',
			'clientSecret',
			'environment',
		]);
		expect(label('consoleNamesNotice')).toContain('Client ID = AppKey, Client Secret = AppSecret');
		expect(label('clientId')).toBe('Client ID (AppKey)');
		expect(label('clientSecret')).toBe('Client Secret (AppSecret)');
		expect(credentialType.properties.filter((p) => p.required).map((p) => p.name)).toEqual([
			'clientId',
			'clientSecret',
		]);
	});

	it('groups the optional and the trigger-only fields under notices that say who needs them', () => {
		const optional = names.indexOf('optionalNotice');
		const trigger = names.indexOf('triggerNotice');
		expect(optional).toBeGreaterThan(names.indexOf('oapiBaseUrl'));
		expect(names.slice(optional + 1, trigger)).toEqual(['agentId', 'robotCode']);
		expect(names.slice(trigger + 1, trigger + 4)).toEqual([
			'eventAesSecret',
			'eventToken',
			'corpId',
		]);
		expect(label('triggerNotice')).toContain('DingTalk Trigger');
		expect(label('triggerNotice')).toContain('Stream Trigger');
		expect(label('optionalNotice')).toContain('work notifications');
		for (const notice of ['optionalNotice', 'triggerNotice']) {
			expect(credentialType.properties.find((p) => p.name === notice)?.type).toBe('notice');
		}
	});

	it('hides only the custom hosts, so no saved value is dropped when n8n resolves the credential', () => {
		const conditional = credentialType.properties
			.filter((p) => p.displayOptions)
			.map((p) => p.name);
		expect(conditional).toEqual(['apiBaseUrl', 'oapiBaseUrl']);
		// n8n resolves a credential with getNodeParameters(…, returnDefaults, !returnNoneDisplayed):
		// values of fields hidden by displayOptions are left out, so the trigger keys must stay shown.
		const saved = {
			clientId: 'dingAPPKEY',
			clientSecret: 'SECRET-VALUE',
			agentId: '3011223344',
			robotCode: 'dingRobot',
			corpId: 'dingCorp',
			eventAesSecret: 'a'.repeat(43),
			eventToken: 'tok',
			accessToken: 'TOKEN-123',
			accessTokenExpiresAt: 1,
			accessTokenIssuedFor: 'f',
		};
		const resolved = NodeHelpers.getNodeParameters(
			credentialType.properties,
			saved as INodeParameters,
			true,
			false,
			null,
			null,
		);
		expect(resolved).toMatchObject(saved);
	});
});
