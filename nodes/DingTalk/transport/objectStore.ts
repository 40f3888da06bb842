/**
 * Signed object-store URLs (DingTalk Drive uploads and downloads, robot message files): these
 * hosts are not DingTalk's API hosts, so the request carries exactly the signed headers DingTalk
 * handed out and never the access token: it is sent without any credential, this module refuses
 * to talk to DingTalk's API hosts at all, and it follows no redirect.
 */
import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { dingTalkHostOf } from '../../../credentials/common/hosts';
import { dingTalkApiError } from './errors';
import { isRedirect, redirectError } from './redirects';
import { scrubError, secretsOf } from './redact';
import type { ApiSession } from './session';

export interface SignedResponse {
	statusCode: number;
	headers: IDataObject;
	body: Buffer;
}

/** True when an answer means the signed URL ran out (OSS answers 403 "Request has expired"). */
export function isExpiredAnswer(response: SignedResponse): boolean {
	return response.statusCode === 403 && /expired/i.test(response.body.toString('utf8'));
}

/** A signed request that got no HTTP answer: the connection failed (its code, e.g. ECONNRESET). */
interface NetworkFailure {
	networkCode: string;
}

/**
 * One request to a signed URL. Sent with n8n's plain httpRequest: no credential is involved, so
 * neither the access token nor a token refresh can ever be attached. Redirects are not followed
 * (the object store does not redirect signed URLs; a PUT's signed Authorization header must not
 * travel to another host): a 3xx becomes an error naming where it pointed.
 */
async function signedRequest(
	session: ApiSession,
	method: IHttpRequestMethods,
	url: string,
	headers: IDataObject,
	body: Buffer | undefined,
	itemIndex: number,
): Promise<SignedResponse | NetworkFailure> {
	if (dingTalkHostOf(await session.credentials(), { url }) !== undefined) {
		throw new NodeApiError(
			session.context.getNode(),
			{ message: 'signed URL points at a DingTalk API host' },
			{
				message: 'Refused to use a signed URL on a DingTalk API host',
				description:
					'Signed storage URLs belong to the object store; the access token must not travel with them.',
				itemIndex,
			},
		);
	}
	const options: IHttpRequestOptions = {
		method,
		url,
		headers,
		body,
		encoding: 'arraybuffer',
		json: false,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		timeout: 600_000,
		skipSslCertificateValidation: false,
	};
	let response: { statusCode: number; headers: IDataObject; body: Buffer | ArrayBuffer | string };
	try {
		response = (await session.context.helpers.httpRequest(options)) as typeof response;
	} catch (error) {
		const failure = error as { code?: string; cause?: { code?: string }; message?: string };
		return { networkCode: failure.cause?.code ?? failure.code ?? 'ECONNRESET' };
	}
	const path = new URL(url).pathname;
	if (isRedirect(response.statusCode)) {
		throw redirectError(
			{ node: session.context.getNode(), family: 'new', method, path, itemIndex },
			response.statusCode,
			response.headers?.location,
			url,
			'The object store answered a signed URL with a redirect; it was not followed, so the signed request went nowhere else.',
		);
	}
	const data = Buffer.isBuffer(response.body)
		? response.body
		: typeof response.body === 'string'
			? Buffer.from(response.body)
			: Buffer.from(response.body ?? new ArrayBuffer(0));
	return { statusCode: response.statusCode, headers: response.headers ?? {}, body: data };
}

/** putSigned() without the scrubbing of its errors. */
async function putSignedOnce(
	session: ApiSession,
	url: string,
	signedHeaders: IDataObject,
	bytes: Buffer,
	itemIndex: number,
	contentType?: string,
): Promise<SignedResponse> {
	let lastProblem = '';
	for (let attempt = 0; attempt < 4; attempt++) {
		if (attempt > 0) await sleep(250 * 2 ** attempt);
		// `false` keeps axios from adding its default PUT Content-Type (form-urlencoded): the header is
		// part of the object store's string-to-sign, and DingTalk signed it empty — unless the URL
		// was signed for a given type (`contentType`, e.g. an AI Table attachment's mediaType).
		const response = await signedRequest(
			session,
			'PUT',
			url,
			{ ...signedHeaders, 'Content-Type': contentType ?? false },
			bytes,
			itemIndex,
		);
		if ('networkCode' in response) {
			lastProblem = response.networkCode;
			continue;
		}
		if (response.statusCode >= 500) {
			lastProblem = `HTTP ${response.statusCode}`;
			continue;
		}
		if (response.statusCode >= 400 && !isExpiredAnswer(response)) {
			throw dingTalkApiError(
				{ httpCode: response.statusCode, code: codeOf(response), message: messageOf(response) },
				{
					node: session.context.getNode(),
					family: 'new',
					method: 'PUT',
					path: new URL(url).pathname,
					itemIndex,
					hint: 'The object store refused the upload.',
				},
			);
		}
		return response;
	}
	throw dingTalkApiError(
		{ httpCode: 0, code: lastProblem || 'ECONNRESET', message: `upload failed (${lastProblem})` },
		{
			node: session.context.getNode(),
			family: 'new',
			method: 'PUT',
			path: new URL(url).pathname,
			itemIndex,
			hint: 'The upload kept failing after 4 attempts; try again later.',
		},
	);
}

/** getSigned() without the scrubbing of its errors. */
async function getSignedOnce(
	session: ApiSession,
	url: string,
	itemIndex: number,
): Promise<SignedResponse> {
	const response = await signedRequest(session, 'GET', url, {}, undefined, itemIndex);
	const path = new URL(url).pathname;
	if ('networkCode' in response) {
		throw dingTalkApiError(
			{
				httpCode: 0,
				code: response.networkCode,
				message: `connection failed (${response.networkCode})`,
			},
			{
				node: session.context.getNode(),
				family: 'new',
				method: 'GET',
				path,
				itemIndex,
				hint: 'The download from the object store failed; run the node again to get a fresh link.',
			},
		);
	}
	if (response.statusCode >= 400) {
		throw dingTalkApiError(
			{ httpCode: response.statusCode, code: codeOf(response), message: messageOf(response) },
			{
				node: session.context.getNode(),
				family: 'new',
				method: 'GET',
				path,
				itemIndex,
				hint: 'The download link was refused; it may have expired. Run the node again to get a fresh one.',
			},
		);
	}
	return response;
}

function codeOf(response: SignedResponse): string {
	return (
		/<Code>([^<]+)<\/Code>/.exec(response.body.toString('utf8'))?.[1] ??
		`HTTP ${response.statusCode}`
	);
}

function messageOf(response: SignedResponse): string {
	return (
		/<Message>([^<]+)<\/Message>/.exec(response.body.toString('utf8'))?.[1] ??
		response.body.toString('utf8').slice(0, 200)
	);
}

/** Errors from the object store, with every secret of the DingTalk credential removed. */
async function scrubbed<T>(session: ApiSession, work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		throw scrubError(error, secretsOf(await session.credentials().catch(() => undefined)));
	}
}

/**
 * PUTs bytes to a header-signed URL with exactly the signed headers. Retries dropped connections
 * and 5xx (a PUT of the same object is idempotent); an expired URL is returned to the caller,
 * which must ask DingTalk for a fresh one.
 */
export async function putSigned(
	session: ApiSession,
	url: string,
	signedHeaders: IDataObject,
	bytes: Buffer,
	itemIndex: number,
	contentType?: string,
): Promise<SignedResponse> {
	return await scrubbed(
		session,
		async () => await putSignedOnce(session, url, signedHeaders, bytes, itemIndex, contentType),
	);
}

/** GETs a signed download URL (no token), returning the bytes and headers. */
export async function getSigned(
	session: ApiSession,
	url: string,
	itemIndex: number,
): Promise<SignedResponse> {
	return await scrubbed(session, async () => await getSignedOnce(session, url, itemIndex));
}
