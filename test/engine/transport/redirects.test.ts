/**
 * A DingTalk host (or something pretending to be one: a proxy, a hijacked custom base URL) answers
 * with a redirect to a foreign host. n8n's HTTP stack strips only Authorization and Cookie on a
 * cross-origin redirect, so following it would hand the foreign host the x-acs-dingtalk-access-token
 * header, the access_token query of an old-API call, or (307 re-POST) the token request's
 * {appKey, appSecret}. No DingTalk call may follow a redirect: the foreign host must receive nothing.
 */
import axios from 'axios';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers, Workflow } from 'n8n-workflow';

import { DingTalkApi } from '../../../credentials/DingTalkApi.credentials';
import { DEFAULT_CUSTOM_ROBOTS } from '../../emulator/products/customRobot';
import { uploadToDrive } from '../../support/fileParameters';
import { binaryItem } from '../../support/items';
import type { FaultRule } from '../../support/emulatorClient';
import { useEmulator } from '../../support/useEmulator';
import { runNode, TestCredentialsHelper, type RunResult } from '../harness';
import { TransportProbe } from '../probeNode';

const env = useEmulator();
const credentials = () => new TestCredentialsHelper(env.emulator.credentials());
/** A credential that already holds a valid token (so the call itself, not the token fetch, is redirected). */
async function warmCredentials(): Promise<TestCredentialsHelper> {
	const helper = credentials();
	await runNode({
		credentials: helper,
		parameters: { resource: 'user', operation: 'get', userId: 'user0001' },
	});
	expect(helper.stored().accessToken).toEqual(expect.any(String));
	await env.client.reset();
	return helper;
}

const redirect = (path: string, status: number, extra: Partial<FaultRule> = {}): FaultRule => ({
	type: 'status',
	path,
	status,
	location: `${env.emulator.foreignBaseUrl}/collect`,
	keepQuery: true,
	body: {},
	...extra,
});

/** The object store (signed URLs, no path of DingTalk's) answering with a redirect to the foreign host. */
const ossRedirect = (status: number): FaultRule => ({
	type: 'status',
	host: 'oss' as never,
	status,
	location: `${env.emulator.foreignBaseUrl}/collect`,
	keepQuery: true,
});

function errorText(result: RunResult): string {
	return result.error?.message ?? String(result.output[0]?.json.error ?? '');
}

async function expectNothingForeign(result: RunResult, status: number): Promise<void> {
	const state = await env.client.state();
	expect(state.foreign).toEqual([]);
	const message = errorText(result);
	expect(message).toContain(`redirect (${status})`);
	// Names the host it tried to send us to, without the query (which may carry the token).
	expect(message).toContain(`${env.emulator.foreignBaseUrl}/collect`);
	expect(message).not.toContain('access_token');
	expect(message).not.toContain('?');
}

describe('redirects: no DingTalk call follows one, the foreign host receives nothing', () => {
	it.each([302, 307])('new API call (token header) answered %i', async (status) => {
		const helper = await warmCredentials();
		await env.client.faults({
			rules: [redirect('/v1.0/robot/oToMessages/batchSend', status, { host: 'api' })],
		});
		const result = await runNode({
			credentials: helper,
			parameters: {
				resource: 'message',
				operation: 'sendToUsers',
				userIds: 'user0001',
				messageType: 'text',
				content: 'hi',
			},
		});
		await expectNothingForeign(result, status);
		expect((await env.client.state()).messages).toEqual([]);
	});

	it.each([302, 307])(
		'old API call (access_token in the query, kept by the redirect) answered %i',
		async (status) => {
			const helper = await warmCredentials();
			await env.client.faults({
				rules: [redirect('/topapi/v2/user/get', status, { host: 'oapi' })],
			});
			const result = await runNode({
				credentials: helper,
				parameters: { resource: 'user', operation: 'get', userId: 'user0002' },
			});
			await expectNothingForeign(result, status);
		},
	);

	it.each([307, 308, 302])(
		'the token endpoint (re-POST of {appKey, appSecret}) answered %i',
		async (status) => {
			await env.client.faults({
				rules: [redirect('/v1.0/oauth2/accessToken', status, { host: 'api' })],
			});
			const result = await runNode({
				credentials: credentials(),
				parameters: { resource: 'user', operation: 'get', userId: 'user0001' },
			});
			await expectNothingForeign(result, status);
			expect(errorText(result)).not.toContain(env.emulator.app.appSecret);
		},
	);

	it("the Stream trigger's connection request (clientSecret in the body) is not redirected either", async () => {
		const helper = await warmCredentials();
		await env.client.faults({
			rules: [redirect('/v1.0/gateway/connections/open', 307, { host: 'api' })],
		});
		const result = await runNode({
			credentials: helper,
			nodeType: new TransportProbe(),
			parameters: {},
			items: [
				{
					json: {
						api: 'new',
						method: 'POST',
						path: '/v1.0/gateway/connections/open',
						body: { clientId: 'x', clientSecret: env.emulator.app.appSecret },
					},
				},
			],
		});
		await expectNothingForeign(result, 307);
	});

	it('the credential Test request (Save in the credential dialog) answered 307', async () => {
		await env.client.faults({
			rules: [redirect('/v1.0/oauth2/accessToken', 307, { host: 'api' })],
		});
		const data = env.emulator.credentials();
		const result = await runNode({
			credentials: new TestCredentialsHelper(data),
			nodeType: new CredentialTestProbe(),
			parameters: {},
			items: [{ json: credentialTestRequest(data) }],
		});
		expect((await env.client.state()).foreign).toEqual([]);
		// n8n reports the failed test; the request did not go anywhere else.
		expect(result.error ?? result.output[0]?.json.error).toBeDefined();
		expect((await env.client.requestsTo('/v1.0/oauth2/accessToken')).map((r) => r.status)).toEqual([
			307,
		]);
	});

	it('the credential Test request still succeeds without a redirect', async () => {
		const data = env.emulator.credentials();
		const result = await runNode({
			credentials: new TestCredentialsHelper(data),
			nodeType: new CredentialTestProbe(),
			parameters: {},
			items: [{ json: credentialTestRequest(data) }],
		});
		expect(result.error).toBeUndefined();
		expect(result.output[0].json).toMatchObject({ statusCode: 200 });
	});

	it('a custom robot webhook answered 307 (access_token, timestamp and sign in the query)', async () => {
		const [signed] = DEFAULT_CUSTOM_ROBOTS;
		const robot = {
			webhookToken: `${env.emulator.oapiBaseUrl}/robot/send?access_token=${signed.accessToken}`,
			secret: signed.secret ?? '',
			keyword: '',
		};
		await env.client.faults({ rules: [redirect('/robot/send', 307, { host: 'oapi' })] });
		const result = await runNode({
			credentials: new TestCredentialsHelper(robot),
			credentialType: 'dingTalkCustomRobotApi',
			parameters: {
				resource: 'customRobot',
				operation: 'sendMessage',
				messageType: 'text',
				content: 'alert',
			},
		});
		await expectNothingForeign(result, 307);
	});

	it('a sessionWebhook reply answered 307', async () => {
		const pushed = await env.client.admin<{ id: number }>('POST', 'push', {
			url: 'http://127.0.0.1:9/unreachable',
			kind: 'robot',
			payload: {},
		});
		const payload = (await env.client.admin<IDataObject[]>('GET', 'pushes/payloads'))[pushed.id];
		const helper = await warmCredentials();
		await env.client.faults({ rules: [redirect('/robot/sendBySession', 307, { host: 'oapi' })] });
		const result = await runNode({
			credentials: helper,
			parameters: {
				resource: 'message',
				operation: 'reply',
				conversationId: 'cidEmuGroup+One/AAA==',
				conversationType: 'group',
				senderUserId: 'user0001',
				messageType: 'text',
				content: 'ok',
				sessionWebhook: payload.sessionWebhook,
				sessionWebhookExpiresAt: '',
			},
		});
		expect((await env.client.state()).foreign).toEqual([]);
		// The reply falls back to the robot API (a refused sessionWebhook) or fails naming the redirect.
		if (result.error) expect(errorText(result)).toContain('redirect (307)');
		else expect(result.output[0].json).toMatchObject({ via: 'robotApi' });
	});

	it('a signed object-store download answered 302 is not followed (and never carries the token)', async () => {
		const answer = await fetchDownloadCode();
		await env.client.faults({ rules: [ossRedirect(302)] });
		const result = await runNode({
			credentials: credentials(),
			parameters: {
				resource: 'file',
				operation: 'downloadMessageFile',
				downloadCode: answer,
				binaryPropertyName: 'data',
			},
		});
		await expectNothingForeign(result, 302);
		const state = (await env.client.state()) as unknown as { storage: { tokenLeaks: unknown[] } };
		expect(state.storage.tokenLeaks).toEqual([]);
	});

	it('a signed object-store upload answered 307 is not followed', async () => {
		await env.client.faults({ rules: [ossRedirect(307)] });
		const result = await runNode({
			credentials: credentials(),
			items: [
				binaryItem({ data: { fileName: 'r.pdf', mimeType: 'application/pdf', bytes: '%PDF r' } }),
			],
			parameters: uploadToDrive(),
		});
		await expectNothingForeign(result, 307);
	});
});

async function fetchDownloadCode(): Promise<string> {
	const answer = await axios.post(`${env.emulator.apiBaseUrl}/__emulator/messageFiles`, {
		fileName: 'in.pdf',
		contentType: 'application/pdf',
		base64: Buffer.from('%PDF in').toString('base64'),
	});
	return answer.data.downloadCode as string;
}

/** The credential's Test request with its expressions resolved against `data`, as n8n's credential tester does. */
function credentialTestRequest(data: IDataObject): IDataObject {
	const nodeType = new CredentialTestProbe();
	const node = {
		id: 'probe',
		name: 'probe',
		type: 'probe',
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters: {},
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: () => nodeType,
			getByNameAndVersion: () => NodeHelpers.getVersionedNodeType(nodeType),
			getKnownTypes: () => ({}),
		},
	});
	const request = new DingTalkApi().test.request as unknown as IDataObject;
	return workflow.expression.getParameterValue(
		request as never,
		null,
		0,
		0,
		node.name,
		[],
		'internal',
		{ $credentials: data },
	) as IDataObject;
}

/** Sends one item's request the way n8n's credential tester (RoutingNode) sends a credential Test request. */
class CredentialTestProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Credential Test Probe',
		name: 'credentialTestProbe',
		group: ['output'],
		version: 1,
		description: 'Test-only',
		defaults: { name: 'DingTalk' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dingTalkApi', required: true }],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const options = { ...(this.getInputData()[0].json as IDataObject), returnFullResponse: true };
		const response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			'dingTalkApi',
			options as never,
		)) as IDataObject;
		return [[{ json: { statusCode: response.statusCode } }]];
	}
}
