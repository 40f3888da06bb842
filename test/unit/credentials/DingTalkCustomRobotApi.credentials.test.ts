import { createHmac } from 'crypto';
import type { IHttpRequestOptions } from 'n8n-workflow';

import {
	customRobotEndpoint,
	customRobotSignature,
	DingTalkCustomRobotApi,
} from '../../../credentials/DingTalkCustomRobotApi.credentials';

const credential = new DingTalkCustomRobotApi();
const SIGNING = ['SEC', 'a+b/c=d', 'e+f/g=='].join('');

describe('customRobotEndpoint: a pasted webhook URL or a bare token', () => {
	it.each([
		[
			'https://oapi.dingtalk.com/robot/send?access_token=abc123',
			'https://oapi.dingtalk.com/robot/send',
			'abc123',
		],
		[
			'  https://oapi.dingtalk.io/robot/send?access_token=xyz&foo=1 ',
			'https://oapi.dingtalk.io/robot/send',
			'xyz',
		],
		['http://127.0.0.1:9000/robot/send?access_token=t1', 'http://127.0.0.1:9000/robot/send', 't1'],
		['abc123', 'https://oapi.dingtalk.com/robot/send', 'abc123'],
		['access_token=abc123', 'https://oapi.dingtalk.com/robot/send', 'abc123'],
	])('%s', (webhookToken, url, accessToken) => {
		expect(customRobotEndpoint({ webhookToken })).toEqual({ url, accessToken });
	});
});

describe('加签 signature', () => {
	it('is base64(HMAC-SHA256(secret, timestamp + "\\n" + secret)), not URL-encoded', () => {
		const expected = createHmac('sha256', SIGNING)
			.update(`1700000000000\n${SIGNING}`)
			.digest('base64');
		expect(customRobotSignature(SIGNING, 1700000000000)).toBe(expected);
		expect(customRobotSignature(SIGNING, 1700000000000)).not.toContain('%');
	});
});

describe('authenticate', () => {
	const webhookToken = 'https://oapi.dingtalk.com/robot/send?access_token=tok';
	const send: IHttpRequestOptions = {
		method: 'POST',
		url: 'https://oapi.dingtalk.com/robot/send',
		body: {},
	};

	it("adds access_token, timestamp and sign for the robot's endpoint", async () => {
		const before = Date.now();
		const out = await credential.authenticate({ webhookToken, secret: SIGNING }, send);
		expect(out.qs?.access_token).toBe('tok');
		const timestamp = Number(out.qs?.timestamp);
		expect(timestamp).toBeGreaterThanOrEqual(before);
		expect(out.qs?.sign).toBe(customRobotSignature(SIGNING, timestamp));
	});

	it('adds no signature when there is no secret', async () => {
		const out = await credential.authenticate({ webhookToken, secret: '' }, send);
		expect(out.qs).toEqual({ access_token: 'tok' });
	});

	it.each([
		'https://evil.example.com/robot/send',
		'https://oapi.dingtalk.com/robot/send2',
		'https://oapi.dingtalk.com.evil.com/robot/send',
	])('adds nothing for %s', async (url) => {
		const out = await credential.authenticate({ webhookToken, secret: SIGNING }, { ...send, url });
		expect(out.qs).toBeUndefined();
	});

	it('keeps the webhook and the secret out of sight: both are password fields', () => {
		for (const name of ['webhookToken', 'secret']) {
			expect(credential.properties.find((p) => p.name === name)?.typeOptions?.password).toBe(true);
		}
	});
});
