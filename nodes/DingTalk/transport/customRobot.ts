/**
 * Custom group robot (群自定义机器人) calls: POST to the robot's webhook with the credential's
 * access token and 加签 signature (added by the credential, for that endpoint only). Keeps each
 * robot within DingTalk's 20 messages a minute, waits out a full window left by earlier runs
 * (130101), and maps errcodes to errors that say what to fix.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { customRobotEndpoint } from '../../../credentials/DingTalkCustomRobotApi.credentials';
import { dingTalkApiError } from './errors';
import { isRedirect, redirectError } from './redirects';
import { Pacer } from './pacer';
import { scrubError, secretsOf } from './redact';

export const CUSTOM_ROBOT_CREDENTIAL = 'dingTalkCustomRobotApi';
export const CUSTOM_ROBOT_PER_MINUTE = 20;
/** Pauses after 130101 (window already full from an earlier run): 65 s in all, longer than the window. */
const FULL_WINDOW_WAITS_MS = [5000, 10000, 20000, 30000];

const HINTS: Record<string, string> = {
	'300001':
		"DingTalk does not know this robot: copy the webhook again from the group's robot settings (the robot may have been removed).",
	'310000/sign':
		'DingTalk rejected the 加签 signature: check the Signing Secret in the credential (it starts with SEC), or clear it if the robot\'s security setting is not "加签". The server clock must be within an hour of DingTalk\'s.',
	'310000/keyword':
		'The message does not contain the robot\'s custom keyword (自定义关键词): set Keyword in the credential and keep "Append Keyword" on, or add the keyword to the text.',
	'310000/ip':
		"This server's IP address is not in the robot's IP allow list (IP地址段) in the group's robot settings.",
	'460101': 'The message is over 20,000 bytes: turn on "Split Long Messages", or shorten it.',
	'130101':
		'The robot sent more than 20 messages in a minute; wait a minute, or spread the messages over several robots.',
};

export interface CustomRobotSessionOptions {
	/** A shorter rate window, for tests against the emulator (DingTalk's is one minute). */
	windowMs?: number;
}

/**
 * One run's use of a custom robot credential: read once, and one pacer per robot holding the run
 * within the robot's 20 messages a minute. Created by the router, like the API session.
 */
export class CustomRobotSession {
	readonly windowMs: number;

	readonly pacers = new Map<string, Pacer>();

	private data?: Promise<ICredentialDataDecryptedObject>;

	constructor(
		readonly context: IExecuteFunctions,
		options: CustomRobotSessionOptions = {},
	) {
		this.windowMs = options.windowMs ?? 60_000;
	}

	/** Read on first use: only runs of the custom robot resource have this credential. */
	async credentials(): Promise<ICredentialDataDecryptedObject> {
		this.data ??=
			this.context.getCredentials<ICredentialDataDecryptedObject>(CUSTOM_ROBOT_CREDENTIAL);
		return await this.data;
	}
}

/** What the send cost in waiting, for the output. */
export interface CustomRobotResult {
	waitedMs: number;
}

function hintKey(errcode: string, errmsg: string): string {
	if (errcode !== '310000') return errcode;
	if (/keyword/i.test(errmsg)) return '310000/keyword';
	if (/\bip\b/i.test(errmsg)) return '310000/ip';
	return '310000/sign';
}

export async function customRobotRequest(
	robot: CustomRobotSession,
	body: IDataObject,
	itemIndex: number,
): Promise<CustomRobotResult> {
	try {
		return await sendToRobot(robot, body, itemIndex);
	} catch (error) {
		// DingTalk's errmsg may echo the webhook's access_token or sign: never into the error.
		throw scrubError(error, secretsOf(await robot.credentials().catch(() => undefined)));
	}
}

async function sendToRobot(
	robot: CustomRobotSession,
	body: IDataObject,
	itemIndex: number,
): Promise<CustomRobotResult> {
	const { context } = robot;
	const credentials = await robot.credentials();
	const { url, accessToken } = customRobotEndpoint(credentials);
	let pacer = robot.pacers.get(accessToken);
	if (!pacer) {
		pacer = new Pacer(robot.windowMs, CUSTOM_ROBOT_PER_MINUTE);
		robot.pacers.set(accessToken, pacer);
	}
	const path = new URL(url).pathname;
	const options: IHttpRequestOptions = {
		method: 'POST',
		url,
		body,
		json: true,
		ignoreHttpStatusErrors: true,
		returnFullResponse: true,
		// The webhook's access_token, timestamp and sign are in the query: never follow a redirect.
		disableFollowRedirect: true,
		timeout: 30_000,
	};
	let waitedMs = 0;
	for (let attempt = 0; ; attempt++) {
		const before = Date.now();
		const started = await pacer.acquire();
		waitedMs += started - before;
		let response: { statusCode: number; body: IDataObject | string; headers?: IDataObject };
		try {
			response = (await context.helpers.httpRequestWithAuthentication.call(
				context,
				CUSTOM_ROBOT_CREDENTIAL,
				options,
			)) as typeof response;
		} catch (error) {
			pacer.settle(started, false);
			const code = (error as { cause?: { code?: string } }).cause?.code ?? 'ECONNRESET';
			throw dingTalkApiError(
				{ httpCode: 0, code, message: `connection failed (${code})` },
				{
					node: context.getNode(),
					family: 'old',
					method: 'POST',
					path,
					itemIndex,
					hint: 'The connection failed before DingTalk answered, so whether the message was posted is unknown. It was not repeated, to avoid posting twice.',
				},
			);
		}
		if (isRedirect(response.statusCode)) {
			pacer.settle(started, false);
			throw redirectError(
				{ node: context.getNode(), family: 'old', method: 'POST', path, itemIndex },
				response.statusCode,
				response.headers?.location,
				url,
			);
		}
		const answer = (
			typeof response.body === 'object' && response.body !== null ? response.body : {}
		) as IDataObject;
		const errcode = String(
			answer.errcode ?? (response.statusCode === 200 ? '0' : `HTTP ${response.statusCode}`),
		);
		if (errcode === '0') {
			pacer.settle(started, false);
			return { waitedMs };
		}
		pacer.release(started);
		if (errcode === '130101' && attempt < FULL_WINDOW_WAITS_MS.length) {
			// The robot's window is already full from sends this execution cannot see: wait it out.
			await sleep(FULL_WINDOW_WAITS_MS[attempt]);
			waitedMs += FULL_WINDOW_WAITS_MS[attempt];
			continue;
		}
		const errmsg = String(answer.errmsg ?? 'no message');
		const error = dingTalkApiError(
			{ httpCode: response.statusCode, code: errcode, message: errmsg },
			{
				node: context.getNode(),
				family: 'old',
				method: 'POST',
				path,
				itemIndex,
				hint: HINTS[hintKey(errcode, errmsg)],
			},
		);
		throw new NodeApiError(context.getNode(), error as unknown as JsonObject);
	}
}
