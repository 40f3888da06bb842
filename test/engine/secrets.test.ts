/**
 * Secrets never leave the credential: every operation, both credential types and the HTTP
 * trigger run with recognisable secrets (AppSecret, a wrong AppSecret, the custom robot's signing
 * secret and webhook token, the event aes_key and signing token), successful and failing calls
 * alike (wrong secret, 5xx, dropped connections, permission errors, a revoked token, object-store
 * refusals). Then every output, error (message, description, context, stack), every line n8n
 * logged at debug level, and everything the object store (a third-party host) received are
 * searched for those secrets and for every access token the emulator issued: 0 hits.
 */
import axios from 'axios';
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { DingTalkTrigger } from '../../nodes/DingTalk/DingTalkTrigger.node';
import {
	aesKeyBytes,
	encryptEvent,
	eventSignature,
	robotSignature,
} from '../../nodes/DingTalk/trigger/http/callbackCrypto';
import { fileToGroup, uploadToDrive } from '../support/fileParameters';
import { binaryItem } from '../support/items';
import { lines as logLines } from '../support/logCapture';
import { useEmulator } from '../support/useEmulator';
import { runNode, TestCredentialsHelper, type RunOptions, type RunResult } from './harness';

const APP_SECRET = ['SECRET', 'appsecret', '7f3a', 'c9e1', 'b204d8'].join('-');
const WRONG_APP_SECRET = ['SECRET', 'wrongsecret', '4b1d', '77a0'].join('-');
/** 43 letters and digits, as the console generates an aes_key. */
const EVENT_AES = ['SECRETaes', 'Key7f3a', 'c9e1b204d8', 'Zx0Yw9Vu8', 'Ts7Rq6Po'].join('');
const EVENT_SIGNING = ['SECRET', 'eventtoken', '51c0'].join('-');
const ROBOT_SIGNING = ['SEC', 'SECRET', 'robotsecret', '9e2d+/=='].join('');
const WEBHOOK = ['SECRETwebhook', '0d4c', 'aa17', 'e3b9'].join('');
const GROUP = 'cidEmuGroup+One/AAA==';
/** A token-looking value DingTalk echoes under a credential's name: never issued, never known to the node. */
const ECHOED = ['feedface', 'c0ffee00', 'deadbeef', '0badf00d'].join('');

const env = useEmulator({
	app: { appSecret: APP_SECRET, eventAesSecret: EVENT_AES, eventToken: EVENT_SIGNING },
	customRobots: [
		{
			accessToken: WEBHOOK,
			secret: ROBOT_SIGNING,
			name: 'Secret robot',
			openConversationId: GROUP,
		},
	],
});

/** Everything the node produced, for the final search. */
const produced: string[] = [];

const appCredentials = (overrides: IDataObject = {}) =>
	new TestCredentialsHelper(env.emulator.credentials(overrides as Record<string, string>));
const robotCredentials = (overrides: IDataObject = {}) =>
	new TestCredentialsHelper({
		webhookToken: `${env.emulator.oapiBaseUrl}/robot/send?access_token=${WEBHOOK}`,
		secret: ROBOT_SIGNING,
		keyword: '',
		...overrides,
	} as Record<string, string>);

async function issuedTokens(): Promise<string[]> {
	return (
		(await axios.get(`${env.emulator.apiBaseUrl}/__emulator/tokens`)).data.tokens as Array<{
			token: string;
		}>
	).map((t) => t.token);
}

async function tokenLeaks(): Promise<unknown[]> {
	return ((await env.client.state()) as unknown as { storage: { tokenLeaks: unknown[] } }).storage
		.tokenLeaks;
}

async function secrets(): Promise<string[]> {
	const tokens = await issuedTokens();
	expect(tokens.length).toBeGreaterThan(0);
	expect(EVENT_AES).toHaveLength(43);
	return [
		APP_SECRET,
		WRONG_APP_SECRET,
		EVENT_AES,
		EVENT_SIGNING,
		ROBOT_SIGNING,
		WEBHOOK,
		ECHOED,
		...tokens,
	];
}

function hits(text: string, all: string[]): string[] {
	return all.filter((secret) => text.includes(secret) || text.includes(encodeURIComponent(secret)));
}

/** Runs the node and keeps all it produced: outputs, the error with its stack and context. */
async function run(options: RunOptions): Promise<RunResult> {
	const result = await runNode(options);
	const error = result.error as
		| (RunResult['error'] & {
				stack?: string;
				messages?: string[];
				errorResponse?: unknown;
				cause?: unknown;
		  })
		| undefined;
	const text = [
		JSON.stringify(result.run.data.resultData),
		JSON.stringify(result.output),
		error?.stack ?? '',
		error?.message ?? '',
		error?.description ?? '',
		// What toJSON leaves out, but n8n keeps in memory and may log.
		JSON.stringify(error?.messages ?? []),
		JSON.stringify(error?.errorResponse ?? null),
		JSON.stringify(error?.cause ?? null),
		String((error?.cause as Error | undefined)?.message ?? ''),
	].join('\n');
	produced.push(text);
	expect(hits(text, await secrets())).toEqual([]);
	return result;
}

/** Every secret and the request's token, raw, URL-encoded and under credential field names, as a server might echo them. */
async function echoOfEverything(tokens: string[] = []): Promise<string> {
	const all = [APP_SECRET, EVENT_AES, EVENT_SIGNING, ...tokens];
	return [
		`echo ${all.join(' ')}`,
		`encoded ${all.map(encodeURIComponent).join(' ')}`,
		`query access_token=${ECHOED}&appSecret=${encodeURIComponent(APP_SECRET)}`,
		JSON.stringify({
			accessToken: ECHOED,
			nested: JSON.stringify({ appSecret: APP_SECRET, aes_key: EVENT_AES }),
		}),
	].join(' | ');
}

/** Message → Send to Users: one text to user0001. */
const textToUser = (): IDataObject => ({
	resource: 'message',
	operation: 'sendToUsers',
	userIds: 'user0001',
	messageType: 'text',
	content: 'x',
});
/** Custom Robot → Send Message: one text. */
const robotAlert = (): IDataObject => ({
	resource: 'customRobot',
	operation: 'sendMessage',
	messageType: 'text',
	content: 'alert',
});

const pdf = (name = 'report.pdf') =>
	binaryItem({ data: { fileName: name, mimeType: 'application/pdf', bytes: `%PDF ${name}` } });

async function messageFile(): Promise<string> {
	const answer = await axios.post(`${env.emulator.apiBaseUrl}/__emulator/messageFiles`, {
		fileName: 'in.pdf',
		contentType: 'application/pdf',
		base64: Buffer.from('%PDF in').toString('base64'),
	});
	return answer.data.downloadCode as string;
}

interface Scenario {
	name: string;
	go: () => Promise<RunResult>;
	/** What must have happened (the scenario is about behaviour, not only about secrets). */
	check: (result: RunResult) => void | Promise<void>;
}

const failsWith = (text: string) => (result: RunResult) => {
	const message = result.error?.message ?? String(result.output[0]?.json.error ?? '');
	expect(message).toContain(text);
};

const scenarios: Scenario[] = [
	{
		name: 'Message → Send to Users',
		go: () =>
			run({
				credentials: appCredentials(),
				parameters: {
					resource: 'message',
					operation: 'sendToUsers',
					userIds: 'user0001,user0002',
					messageType: 'text',
					content: 'hi',
				},
			}),
		check: (r) => expect(r.output[0].json.sentUserIds).toEqual(['user0001', 'user0002']),
	},
	{
		name: 'Message → Send to Users, an image URL on the object store host (never fetched, so no token can go there)',
		go: () =>
			run({
				credentials: appCredentials(),
				parameters: {
					resource: 'message',
					operation: 'sendToUsers',
					userIds: 'user0001',
					messageType: 'image',
					imageSource: 'url',
					imageUrl: `${env.emulator.ossBaseUrl}/oss/probe.png`,
				},
			}),
		check: async (r) => {
			expect(r.output[0].json.sentUserIds).toEqual(['user0001']);
			const state = await env.client.state();
			expect(state.requests.filter((q) => (q.host as string) === 'oss')).toEqual([]);
			expect(state.messages[0].msgParam).toEqual({
				photoURL: `${env.emulator.ossBaseUrl}/oss/probe.png`,
			});
		},
	},
	{
		name: 'Message → Send to Group',
		go: () =>
			run({
				credentials: appCredentials(),
				parameters: {
					resource: 'message',
					operation: 'sendToGroup',
					conversationId: 'chatemu0001',
					messageType: 'text',
					content: 'hi group',
				},
			}),
		check: (r) =>
			expect(r.output[0].json).toMatchObject({
				openConversationId: GROUP,
				processQueryKey: expect.any(String),
			}),
	},
	{
		name: 'Message → Send Work Notification, then Get Work Notification Result and Recall',
		go: async () => {
			const sent = await run({
				credentials: appCredentials(),
				parameters: {
					resource: 'message',
					operation: 'sendWorkNotification',
					recipientType: 'users',
					userIds: 'user0001',
					messageType: 'text',
					content: 'notice',
				},
			});
			const taskId = String(sent.output[0].json.taskId);
			await run({
				credentials: appCredentials(),
				parameters: { resource: 'message', operation: 'getWorkNotificationResult', taskId },
			});
			return await run({
				credentials: appCredentials(),
				parameters: {
					resource: 'message',
					operation: 'recall',
					recallFrom: 'workNotification',
					taskId,
				},
			});
		},
		check: (r) => expect(r.output[0].json.recalled).toHaveLength(1),
	},
	{
		name: 'Message → Get Read Status and Recall (robot 1:1)',
		go: async () => {
			const sent = await run({
				credentials: appCredentials(),
				parameters: {
					resource: 'message',
					operation: 'sendToUsers',
					userIds: 'user0003',
					messageType: 'text',
					content: 'read me',
				},
			});
			const key = sent.output[0].json.processQueryKey as string;
			await run({
				credentials: appCredentials(),
				parameters: {
					resource: 'message',
					operation: 'getReadStatus',
					messageFrom: 'users',
					processQueryKey: key,
				},
			});
			return await run({
				credentials: appCredentials(),
				parameters: {
					resource: 'message',
					operation: 'recall',
					recallFrom: 'users',
					processQueryKeys: key,
				},
			});
		},
		check: (r) => expect(r.output[0].json.recalled).toHaveLength(1),
	},
	{
		name: 'Message → Send and Wait for Response (signed resume links in the message)',
		go: () =>
			run({
				credentials: appCredentials(),
				parameters: {
					resource: 'message',
					operation: 'sendAndWait',
					sendTo: 'user',
					userIds: 'user0001',
					title: 'Approve?',
					message: 'Order 1',
					approvalOptions: { values: { approvalType: 'double' } },
				},
			}),
		check: async (r) => {
			expect(r.run.waitTill).toBeInstanceOf(Date);
			const [message] = (await env.client.state()).messages;
			expect(String(message.msgParam.buttonUrl1)).toContain('/webhook-waiting/');
			produced.push(JSON.stringify(message.msgParam));
		},
	},
	{
		name: 'Message → Send and Wait for Response (Approve In: DingTalk Card)',
		go: () =>
			run({
				credentials: appCredentials(),
				parameters: {
					resource: 'message',
					operation: 'sendAndWait',
					sendTo: 'user',
					userIds: 'user0001',
					title: 'Approve?',
					message: 'Order 1',
					approveIn: 'card',
				},
			}),
		check: async (r) => {
			expect(r.run.waitTill).toBeInstanceOf(Date);
			const [message] = (await env.client.state()).messages;
			expect(message.channel).toBe('card');
			produced.push(JSON.stringify(message.msgParam), JSON.stringify(r.output));
		},
	},
	{
		name: 'Card → Send Interactive Card and Update',
		go: async () => {
			await run({
				credentials: appCredentials(),
				parameters: {
					resource: 'card',
					operation: 'send',
					sendTo: 'group',
					conversationId: GROUP,
					title: 'Alert',
					content: 'x',
					options: { cardBizId: 'secret-test-card' },
				},
			});
			return await run({
				credentials: appCredentials(),
				parameters: {
					resource: 'card',
					operation: 'update',
					cardBizId: 'secret-test-card',
					title: 'Done',
					content: 'y',
				},
			});
		},
		check: (r) =>
			expect(r.output[0].json).toMatchObject({ cardBizId: 'secret-test-card', updated: true }),
	},
	{
		name: 'Message → Reply through a sessionWebhook (no token sent with it), and after it expired',
		go: async () => {
			const base = {
				resource: 'message',
				operation: 'reply',
				conversationId: GROUP,
				conversationType: 'group',
				senderUserId: 'user0001',
				messageType: 'text',
				content: 'ok',
			};
			const pushed = await env.client.admin<{ id: number }>('POST', 'push', {
				url: 'http://127.0.0.1:9/unreachable',
				kind: 'robot',
				payload: {},
			});
			const payload = (await env.client.admin<IDataObject[]>('GET', 'pushes/payloads'))[pushed.id];
			await run({
				credentials: appCredentials(),
				parameters: {
					...base,
					sessionWebhook: payload.sessionWebhook,
					sessionWebhookExpiresAt: '',
				},
			});
			return await run({
				credentials: appCredentials(),
				parameters: {
					...base,
					sessionWebhook: payload.sessionWebhook,
					sessionWebhookExpiresAt: String(Date.now() - 1000),
				},
			});
		},
		check: async (r) => {
			expect(r.output[0].json).toMatchObject({
				via: 'robotApi',
				fallbackReason: 'sessionWebhook expired',
			});
			const [session] = await env.client.requestsTo('/robot/sendBySession');
			expect(session.tokenInQuery).toBe(false);
		},
	},
	{
		name: 'File → Upload to Drive (signed PUT to the object store)',
		go: () =>
			run({
				credentials: appCredentials(),
				items: [pdf()],
				parameters: uploadToDrive(),
			}),
		check: (r) =>
			expect(r.output[0].json).toMatchObject({ name: 'report.pdf', spaceId: '1000001' }),
	},
	{
		name: 'File → Send to Group as the operator (object store), and as the robot',
		go: async () => {
			await run({
				credentials: appCredentials(),
				items: [pdf('robot.pdf')],
				parameters: {
					resource: 'file',
					operation: 'sendToGroup',
					conversationId: GROUP,
					sendAs: 'robot',
					binaryPropertyName: 'data',
				},
			});
			return await run({
				credentials: appCredentials(),
				items: [pdf('group.pdf')],
				parameters: fileToGroup(),
			});
		},
		check: (r) => expect(r.output[0].json).toMatchObject({ sentAs: 'user', name: 'group.pdf' }),
	},
	{
		name: 'File → Upload Media and Download Message File (signed GET from the object store)',
		go: async () => {
			await run({
				credentials: appCredentials(),
				items: [pdf('media.pdf')],
				parameters: {
					resource: 'file',
					operation: 'uploadMedia',
					mediaType: 'file',
					binaryPropertyName: 'data',
				},
			});
			return await run({
				credentials: appCredentials(),
				parameters: {
					resource: 'file',
					operation: 'downloadMessageFile',
					downloadCode: await messageFile(),
					binaryPropertyName: 'data',
				},
			});
		},
		check: (r) => expect(r.output[0].json).toMatchObject({ fileName: 'in.pdf', size: 7 }),
	},
	{
		name: 'User → Get, Get by Mobile; Conversation → Get Open Conversation ID',
		go: async () => {
			await run({
				credentials: appCredentials(),
				parameters: { resource: 'user', operation: 'get', userId: 'user0001' },
			});
			await run({
				credentials: appCredentials(),
				parameters: { resource: 'user', operation: 'getByMobile', mobile: '13800000001' },
			});
			return await run({
				credentials: appCredentials(),
				parameters: {
					resource: 'conversation',
					operation: 'getOpenConversationId',
					chatId: 'chatemu0001',
				},
			});
		},
		check: (r) => expect(r.output[0].json.openConversationId).toBe(GROUP),
	},
	{
		name: 'API → Make a Request, and one aimed at the object store (refused before any request)',
		go: async () => {
			await run({
				credentials: appCredentials(),
				parameters: {
					resource: 'api',
					operation: 'request',
					api: 'old',
					method: 'POST',
					path: '/topapi/v2/user/get',
					body: '{"userid":"user0002"}',
				},
			});
			return await run({
				credentials: appCredentials(),
				parameters: {
					resource: 'api',
					operation: 'request',
					api: 'new',
					method: 'GET',
					path: `${env.emulator.ossBaseUrl}/oss/steal`,
				},
			});
		},
		check: async (r) => {
			failsWith("is not on this credential's new API host")(r);
			expect(
				(await env.client.state()).requests.filter((q) => (q.host as string) === 'oss'),
			).toEqual([]);
		},
	},
	// ---- failures: where secrets usually leak -----------------------------------------------
	{
		name: 'a wrong AppSecret',
		go: () =>
			run({
				credentials: appCredentials({ clientSecret: WRONG_APP_SECRET }),
				parameters: { resource: 'user', operation: 'get', userId: 'user0001' },
			}),
		check: failsWith('invalidClientIdOrSecret'),
	},
	{
		name: 'a wrong AppSecret with Continue On Fail (error items)',
		go: () =>
			run({
				credentials: appCredentials({ clientSecret: WRONG_APP_SECRET }),
				continueOnFail: true,
				items: [{ json: {} }, { json: {} }],
				parameters: { resource: 'user', operation: 'get', userId: 'user0001' },
			}),
		check: (r) => {
			expect(r.output).toHaveLength(2);
			failsWith('invalidClientIdOrSecret')(r);
		},
	},
	{
		name: "the token request's connection is reset (the request carried the AppSecret)",
		go: async () => {
			await env.client.faults({
				rules: [{ type: 'drop-before', path: '/v1.0/oauth2/accessToken' }],
			});
			return await run({
				credentials: appCredentials(),
				parameters: textToUser(),
			});
		},
		check: failsWith('Connection to DingTalk failed'),
	},
	{
		name: 'a 5xx on a send (unknown outcome)',
		go: async () => {
			await env.client.faults({
				rules: [{ type: 'status', status: 503, path: '/v1.0/robot/oToMessages/batchSend' }],
			});
			return await run({
				credentials: appCredentials(),
				parameters: textToUser(),
			});
		},
		check: (r) => {
			failsWith('ServiceUnavailable')(r);
			expect(r.error?.description).toContain('whether the call took effect is unknown');
		},
	},
	{
		name: 'a dropped connection on an old-API send (token in the query string)',
		go: async () => {
			await env.client.faults({
				rules: [{ type: 'drop-after', path: '/topapi/message/corpconversation/asyncsend_v2' }],
			});
			return await run({
				credentials: appCredentials(),
				parameters: {
					resource: 'message',
					operation: 'sendWorkNotification',
					recipientType: 'users',
					userIds: 'user0001',
					messageType: 'text',
					content: 'x',
				},
			});
		},
		check: failsWith(
			'Connection to DingTalk failed during POST /topapi/message/corpconversation/asyncsend_v2',
		),
	},
	{
		name: 'an old-API read whose connection keeps dropping (retried, then reported)',
		go: async () => {
			await env.client.faults({ rules: [{ type: 'drop-before', path: '/topapi/v2/user/get' }] });
			return await run({
				credentials: appCredentials(),
				parameters: { resource: 'user', operation: 'get', userId: 'user0001' },
			});
		},
		check: failsWith('Connection to DingTalk failed during POST /topapi/v2/user/get'),
	},
	{
		name: 'a permission error (old and new API)',
		go: async () => {
			await env.client.permissions({ revoke: ['qyapi_robot_sendmsg', 'qyapi_get_member'] });
			await run({
				credentials: appCredentials(),
				parameters: { resource: 'user', operation: 'get', userId: 'user0001' },
			});
			return await run({
				credentials: appCredentials(),
				parameters: textToUser(),
			});
		},
		check: failsWith('qyapi_robot_sendmsg'),
	},
	{
		name: 'a token revoked mid-run (refreshed once, the dead token in no message)',
		go: async () => {
			await env.client.faults({ latencyMs: 30 });
			const credentials = appCredentials();
			const pending = run({
				credentials,
				items: Array.from({ length: 6 }, (_, n) => ({ json: { u: `user000${n + 1}` } })),
				parameters: { resource: 'user', operation: 'get', userId: '={{ $json.u }}' },
			});
			// Revoke once the second lookup is on its way (polling the emulator, no timers).
			while ((await env.client.requestsTo('/topapi/v2/user/get')).length < 2)
				await env.client.state();
			await env.client.revokeTokens();
			return await pending;
		},
		check: async (r) => {
			expect(r.error).toBeUndefined();
			expect(r.output.map((o) => o.json.userId)).toEqual([
				'user0001',
				'user0002',
				'user0003',
				'user0004',
				'user0005',
				'user0006',
			]);
			const lookups = await env.client.requestsTo('/topapi/v2/user/get');
			expect(lookups.filter((q) => q.outcome === 'token-rejected')).toHaveLength(1);
			expect((await issuedTokens()).length).toBeGreaterThanOrEqual(2);
		},
	},
	{
		name: 'the object store refuses an upload',
		go: async () => {
			await env.client.faults({
				rules: [
					{
						type: 'status',
						host: 'oss' as never,
						status: 403,
						body: '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>denied</Message></Error>' as never,
					},
				],
			});
			return await run({
				credentials: appCredentials(),
				items: [pdf()],
				parameters: uploadToDrive(),
			});
		},
		check: failsWith('AccessDenied'),
	},
	{
		name: 'the object store drops the download',
		go: async () => {
			await env.client.faults({ rules: [{ type: 'drop-before', host: 'oss' as never }] });
			return await run({
				credentials: appCredentials(),
				parameters: {
					resource: 'file',
					operation: 'downloadMessageFile',
					downloadCode: await messageFile(),
					binaryPropertyName: 'data',
				},
			});
		},
		check: (r) => expect(r.error?.message ?? '').not.toBe(''),
	},
	// ---- DingTalk echoes secrets in its error answers ------------------------------------------
	{
		name: 'a new-API error that echoes the AppSecret, aes_key, signing token and the token (raw, URL-encoded, in code, message and request id)',
		go: async () => {
			const credentials = appCredentials();
			await run({
				credentials,
				parameters: { resource: 'user', operation: 'get', userId: 'user0001' },
			});
			const token = String(credentials.stored().accessToken);
			const echo = await echoOfEverything([token]);
			await env.client.faults({
				rules: [
					{
						type: 'status',
						status: 400,
						path: '/v1.0/robot/oToMessages/batchSend',
						body: { code: `Echo.${token}`, message: echo, requestid: `${token}-${APP_SECRET}` },
					},
				],
			});
			return await run({
				credentials,
				continueOnFail: true,
				items: [{ json: {} }],
				parameters: textToUser(),
			});
		},
		check: (r) => {
			failsWith('DingTalk rejected POST /v1.0/robot/oToMessages/batchSend')(r);
			expect(String(r.output[0].json.error)).toContain('[redacted]');
		},
	},
	{
		name: 'an old-API error that echoes the access_token query and the secrets (errmsg, sub_msg)',
		go: async () => {
			const credentials = appCredentials();
			await run({
				credentials,
				parameters: { resource: 'user', operation: 'get', userId: 'user0001' },
			});
			const echo = await echoOfEverything([String(credentials.stored().accessToken)]);
			await env.client.faults({
				rules: [
					{
						type: 'status',
						status: 200,
						path: '/topapi/v2/user/get',
						body: {
							errcode: 88,
							sub_code: '40035',
							errmsg: echo,
							sub_msg: `bad request ${echo}`,
							request_id: APP_SECRET,
						},
					},
				],
			});
			return await run({
				credentials,
				parameters: { resource: 'user', operation: 'get', userId: 'user0002' },
			});
		},
		check: failsWith('DingTalk rejected POST /topapi/v2/user/get'),
	},
	{
		name: 'the token endpoint echoes the AppSecret it was sent (message and request id)',
		go: async () => {
			await env.client.faults({
				rules: [
					{
						type: 'status',
						status: 400,
						path: '/v1.0/oauth2/accessToken',
						body: {
							code: 'invalidClientIdOrSecret',
							message: await echoOfEverything(),
							requestid: encodeURIComponent(APP_SECRET),
						},
					},
				],
			});
			return await run({
				credentials: appCredentials(),
				parameters: { resource: 'user', operation: 'get', userId: 'user0001' },
			});
		},
		check: failsWith('invalidClientIdOrSecret'),
	},
	{
		name: 'a plain-text 5xx that echoes everything',
		go: async () => {
			const echo = await echoOfEverything();
			await env.client.faults({
				rules: [{ type: 'status', status: 502, path: '/topapi/v2/user/get', body: echo as never }],
			});
			return await run({
				credentials: appCredentials(),
				parameters: { resource: 'user', operation: 'get', userId: 'user0001' },
			});
		},
		check: (r) => expect(r.error?.message ?? '').toContain('/topapi/v2/user/get'),
	},
	{
		name: 'the object store echoes the secrets in its XML error',
		go: async () => {
			const echo = (await echoOfEverything()).replace(/[<>&]/g, ' ');
			await env.client.faults({
				rules: [
					{
						type: 'status',
						host: 'oss' as never,
						status: 403,
						body: `<?xml version="1.0"?><Error><Code>${APP_SECRET}</Code><Message>${echo}</Message></Error>` as never,
					},
				],
			});
			return await run({
				credentials: appCredentials(),
				parameters: {
					resource: 'file',
					operation: 'downloadMessageFile',
					downloadCode: await messageFile(),
					binaryPropertyName: 'data',
				},
			});
		},
		check: (r) => expect(r.error?.message ?? '').toContain('[redacted]'),
	},
	{
		name: 'a custom robot error that echoes the webhook token, the signing secret and the sign',
		go: async () => {
			const echo = `sign not match, secret ${ROBOT_SIGNING} ${encodeURIComponent(ROBOT_SIGNING)} access_token=${WEBHOOK}&timestamp=1&sign=${ECHOED} token ${WEBHOOK}`;
			await env.client.faults({
				rules: [
					{
						type: 'status',
						status: 200,
						path: '/robot/send',
						body: { errcode: 310000, errmsg: echo },
					},
				],
			});
			return await run({
				credentials: robotCredentials(),
				credentialType: 'dingTalkCustomRobotApi',
				parameters: robotAlert(),
			});
		},
		check: failsWith('310000'),
	},
	// ---- custom robot ----------------------------------------------------------------------
	{
		name: 'Custom Robot → Send Message (signed)',
		go: () =>
			run({
				credentials: robotCredentials(),
				credentialType: 'dingTalkCustomRobotApi',
				parameters: robotAlert(),
			}),
		check: (r) => expect(r.output[0].json).toMatchObject({ sent: true, messages: 1 }),
	},
	{
		name: 'Custom Robot with a wrong signing secret (310000)',
		go: () =>
			run({
				credentials: robotCredentials({
					secret: `${ROBOT_SIGNING.slice(0, -4)}${APP_SECRET.slice(-4)}`,
				}),
				credentialType: 'dingTalkCustomRobotApi',
				parameters: robotAlert(),
			}),
		check: failsWith('310000'),
	},
	{
		name: 'Custom Robot with an unknown webhook token (300001)',
		go: () =>
			run({
				credentials: robotCredentials({
					webhookToken: `${env.emulator.oapiBaseUrl}/robot/send?access_token=${WEBHOOK.slice(0, -2)}ff`,
				}),
				credentialType: 'dingTalkCustomRobotApi',
				parameters: robotAlert(),
			}),
		check: failsWith('300001'),
	},
	{
		name: 'Custom Robot: the connection drops and a 5xx, with Continue On Fail',
		go: async () => {
			await env.client.faults({
				rules: [
					{ type: 'drop-before', path: '/robot/send', count: 1 },
					{ type: 'status', status: 502, path: '/robot/send', count: 1 },
				],
			});
			return await run({
				credentials: robotCredentials(),
				credentialType: 'dingTalkCustomRobotApi',
				continueOnFail: true,
				items: [{ json: {} }, { json: {} }, { json: {} }],
				parameters: robotAlert(),
			});
		},
		check: (r) => {
			expect(r.output.map((o) => o.json.error === undefined)).toEqual([false, false, true]);
			expect(String(r.output[0].json.error)).toContain('Connection to DingTalk failed');
		},
	},
];

describe('secrets: every operation and failure, then a search for every secret and token', () => {
	it.each(scenarios.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
		const result = await scenario.go();
		await scenario.check(result);
		expect(await tokenLeaks()).toEqual([]);
	});

	it('the HTTP trigger refuses forged, replayed, foreign, oversized and malformed callbacks, and its answers and logs hold no secret', async () => {
		const outcomes = await triggerCallbacks();
		expect(outcomes.map((o) => [o.name, o.status, o.accepted])).toEqual([
			['valid event', 200, true],
			['replay of the valid event', 403, false],
			['forged signature', 403, false],
			['owner key of another app', 403, false],
			['oversized payload', 413, false],
			['malformed base64', 400, false],
			['signed robot message', 200, true],
			['robot message signed with another secret', 403, false],
		]);
		produced.push(JSON.stringify(outcomes));
		expect(hits(JSON.stringify(outcomes), await secrets())).toEqual([]);
	});

	it("finds none of them anywhere: outputs and errors, n8n's debug log, the object store", async () => {
		const all = await secrets();
		expect(produced.length).toBeGreaterThanOrEqual(scenarios.length);
		expect(hits(produced.join('\n'), all)).toEqual([]);
		const logs = logLines.join('\n');
		expect(logs).toContain('Running node "DingTalk"');
		expect(hits(logs, all)).toEqual([]);
		// What the object store (a third-party host) received across the whole file: it checks
		// every request's headers, query and path for these secrets and every issued token.
		expect(await tokenLeaks()).toEqual([]);
		// The search works: DingTalk's own token endpoint does receive the AppSecret.
		await run({
			credentials: appCredentials(),
			parameters: { resource: 'user', operation: 'get', userId: 'user0001' },
		});
		expect(hits(JSON.stringify((await env.client.state()).requests), all)).toEqual([APP_SECRET]);
	});
});

interface CallbackOutcome {
	name: string;
	status: number;
	accepted: boolean;
	body: unknown;
	logged: string[];
}

/** Drives the trigger's webhook() the way n8n does for one HTTP request. */
async function triggerCallbacks(): Promise<CallbackOutcome[]> {
	const trigger = new DingTalkTrigger();
	const key = aesKeyBytes(EVENT_AES)!;
	const appKey = env.emulator.app.appKey;
	const call = async (
		name: string,
		source: 'events' | 'robot',
		request: { query?: IDataObject; body?: IDataObject; headers?: IDataObject },
	): Promise<CallbackOutcome> => {
		let status = 0;
		let body: unknown;
		const logged: string[] = [];
		const log = (message: string) => logged.push(message);
		const context = {
			getCredentials: async () => env.emulator.credentials(),
			getNodeParameter: (name: string, fallback?: unknown) =>
				({
					source,
					options: {},
					eventTypes: [],
					otherEventTypes: '',
					messageTypes: [],
					conversationType: 'any',
				})[name] ?? fallback,
			getResponseObject: () => ({
				status(code: number) {
					status = code;
					return this;
				},
				json(value: unknown) {
					body = value;
					return this;
				},
			}),
			getQueryData: () => request.query ?? {},
			getBodyData: () => request.body ?? {},
			getHeaderData: () => request.headers ?? {},
			logger: { warn: log, info: log, debug: log, error: log },
		} as unknown as IWebhookFunctions;
		const result = (await trigger.webhook.call(context)) as IWebhookResponseData;
		return { name, status, accepted: Boolean(result.workflowData), body, logged };
	};
	const timestamp = String(Date.now());
	const signed = (encrypt: string, nonce: string, token = EVENT_SIGNING) => ({
		query: {
			msg_signature: eventSignature(token, timestamp, nonce, encrypt),
			timeStamp: timestamp,
			nonce,
		},
		body: { encrypt },
	});
	const event = (owner: string) =>
		encryptEvent(key, JSON.stringify({ EventType: 'user_add_org', EventId: `e-${owner}` }), owner);
	const valid = signed(event(appKey), 'nonceValid01');
	const robotBody = {
		msgtype: 'text',
		text: { content: 'hi' },
		senderStaffId: 'user0001',
		conversationType: '1',
	};
	const outcomes = [
		await call('valid event', 'events', valid),
		await call('replay of the valid event', 'events', valid),
		await call(
			'forged signature',
			'events',
			signed(event(appKey), 'nonceForged1', ['forged', 'token'].join('-')),
		),
		await call(
			'owner key of another app',
			'events',
			signed(event('dingOtherApp000001'), 'nonceOwner01'),
		),
		await call('oversized payload', 'events', signed('A'.repeat(1024 * 1024 + 4), 'nonceBig0001')),
		await call('malformed base64', 'events', signed('@@not*base64@@', 'nonceB64001')),
		await call('signed robot message', 'robot', {
			headers: { timestamp, sign: robotSignature(APP_SECRET, timestamp) },
			body: robotBody,
		}),
		await call('robot message signed with another secret', 'robot', {
			headers: { timestamp, sign: robotSignature(WRONG_APP_SECRET, timestamp) },
			body: robotBody,
		}),
	];
	return outcomes;
}
