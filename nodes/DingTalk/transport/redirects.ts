/** Redirects, which no DingTalk call follows: telling one apart and the error it becomes. */
import { NodeApiError } from 'n8n-workflow';

import { redirectTarget } from '../../../credentials/common/redirect';
import type { DingTalkErrorContext } from './errors';

/** A 3xx answer: DingTalk's APIs never redirect, and this package never follows one. */
export function isRedirect(statusCode: number): boolean {
	return statusCode >= 300 && statusCode < 400;
}

/**
 * The error for a redirect that was not followed. n8n's HTTP stack would strip only Authorization
 * and Cookie on a cross-origin redirect: the DingTalk token header, an old-API access_token query
 * and a re-POSTed AppSecret would all reach the other host. So no DingTalk call follows one.
 */
export function redirectError(
	ctx: Omit<DingTalkErrorContext, 'hint'>,
	statusCode: number,
	location: unknown,
	requestUrl: string,
	hint = "DingTalk's APIs do not redirect, so the request was not sent on and the access token and secrets stayed here. Check the credential's Environment and base URLs, and any proxy between n8n and DingTalk.",
): NodeApiError {
	const pathOnly = ctx.path.split('?')[0];
	const target = redirectTarget(location, requestUrl);
	const message = `${ctx.method} ${pathOnly} was answered with a redirect (${statusCode}) to ${target}, which was not followed`;
	const error = new NodeApiError(
		ctx.node,
		{ code: `HTTP ${statusCode}`, message },
		{
			message,
			description: hint,
			httpCode: String(statusCode),
			itemIndex: ctx.itemIndex,
		},
	);
	error.context.dingTalk = {
		code: `HTTP ${statusCode}`,
		message,
		requestId: null,
		outcome: 'refused',
		redirectedTo: target,
	};
	return error;
}
