/**
 * Signed object-store URLs (DingTalk Drive uploads and downloads, robot message files): these
 * hosts are not DingTalk's API hosts, so the request carries exactly the signed headers DingTalk
 * handed out and never the access token (the credential adds it only for its own API hosts, and
 * this module refuses to talk to those hosts at all).
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { dingTalkHostOf } from '../../../credentials/DingTalkApi.credentials';
import { dingTalkApiError } from './errors';
import { CREDENTIAL_TYPE, getDingTalkCredentials } from './index';

export interface SignedResponse {
	statusCode: number;
	headers: IDataObject;
	body: Buffer;
}

/** True when an answer means the signed URL ran out (OSS answers 403 "Request has expired"). */
export function isExpiredAnswer(response: SignedResponse): boolean {
	return response.statusCode === 403 && /expired/i.test(response.body.toString('utf8'));
}

async function signedRequest(
	context: IExecuteFunctions,
	method: IHttpRequestMethods,
	url: string,
	headers: IDataObject,
	body: Buffer | undefined,
	itemIndex: number,
): Promise<SignedResponse> {
	if (dingTalkHostOf(await getDingTalkCredentials(context), { url }) !== undefined) {
		throw new NodeApiError(context.getNode(), { message: 'signed URL points at a DingTalk API host' }, {
			message: 'Refused to use a signed URL on a DingTalk API host',
			description: 'Signed storage URLs belong to the object store; the access token must not travel with them.',
			itemIndex,
		});
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
		timeout: 600_000,
		skipSslCertificateValidation: false,
	};
	const response = (await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, options)) as {
		statusCode: number;
		headers: IDataObject;
		body: Buffer | ArrayBuffer | string;
	};
	const data = Buffer.isBuffer(response.body)
		? response.body
		: typeof response.body === 'string'
			? Buffer.from(response.body)
			: Buffer.from(response.body ?? new ArrayBuffer(0));
	return { statusCode: response.statusCode, headers: response.headers ?? {}, body: data };
}

/**
 * PUTs bytes to a header-signed URL with exactly the signed headers. Retries dropped connections
 * and 5xx (a PUT of the same object is idempotent); an expired URL is returned to the caller,
 * which must ask DingTalk for a fresh one.
 */
export async function putSigned(
	context: IExecuteFunctions,
	url: string,
	signedHeaders: IDataObject,
	bytes: Buffer,
	itemIndex: number,
): Promise<SignedResponse> {
	let lastProblem = '';
	for (let attempt = 0; attempt < 4; attempt++) {
		if (attempt > 0) await sleep(250 * 2 ** attempt);
		let response: SignedResponse;
		try {
			// `false` keeps axios from adding its default PUT Content-Type (form-urlencoded): the header is
			// part of the object store's string-to-sign, and DingTalk signed it empty.
			response = await signedRequest(context, 'PUT', url, { ...signedHeaders, 'Content-Type': false }, bytes, itemIndex);
		} catch (error) {
			if (error instanceof NodeApiError && /DingTalk API host/.test(error.message)) {
				throw new NodeApiError(context.getNode(), error as unknown as JsonObject);
			}
			lastProblem = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
			continue;
		}
		if (response.statusCode >= 500) {
			lastProblem = `HTTP ${response.statusCode}`;
			continue;
		}
		if (response.statusCode >= 400 && !isExpiredAnswer(response)) {
			throw dingTalkApiError(
				{ httpCode: response.statusCode, code: codeOf(response), message: messageOf(response) },
				{ node: context.getNode(), family: 'new', method: 'PUT', path: new URL(url).pathname, itemIndex, hint: 'The object store refused the upload.' },
			);
		}
		return response;
	}
	throw dingTalkApiError(
		{ httpCode: 0, code: lastProblem || 'ECONNRESET', message: `upload failed (${lastProblem})` },
		{ node: context.getNode(), family: 'new', method: 'PUT', path: new URL(url).pathname, itemIndex, hint: 'The upload kept failing after 4 attempts; try again later.' },
	);
}

/** GETs a signed download URL (no token), returning the bytes and headers. */
export async function getSigned(context: IExecuteFunctions, url: string, itemIndex: number): Promise<SignedResponse> {
	const response = await signedRequest(context, 'GET', url, {}, undefined, itemIndex);
	if (response.statusCode >= 400) {
		throw dingTalkApiError(
			{ httpCode: response.statusCode, code: codeOf(response), message: messageOf(response) },
			{ node: context.getNode(), family: 'new', method: 'GET', path: new URL(url).pathname, itemIndex, hint: 'The download link was refused; it may have expired. Run the node again to get a fresh one.' },
		);
	}
	return response;
}

function codeOf(response: SignedResponse): string {
	return /<Code>([^<]+)<\/Code>/.exec(response.body.toString('utf8'))?.[1] ?? `HTTP ${response.statusCode}`;
}

function messageOf(response: SignedResponse): string {
	return /<Message>([^<]+)<\/Message>/.exec(response.body.toString('utf8'))?.[1] ?? response.body.toString('utf8').slice(0, 200);
}
