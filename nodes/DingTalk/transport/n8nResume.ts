/**
 * The one HTTP call that does not go to DingTalk: the Stream Trigger handing a card click to a
 * waiting Send and Wait node, as a POST on that node's resume URL in this n8n (n8n checks the
 * URL's signature, the node checks the answer's proof). No credential travels with it.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

export type PlainHttpRequest = (options: IHttpRequestOptions) => Promise<unknown>;

/** What the waiting node answered: resumed, or why not (not an approver, a stale answer …). */
export interface ResumeAnswer {
	resumed: boolean;
	reason?: string;
	status?: number;
}

export async function postResumeAnswer(
	httpRequest: PlainHttpRequest,
	url: string,
	body: IDataObject,
): Promise<ResumeAnswer> {
	const response = (await httpRequest({
		method: 'POST',
		url,
		body,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		timeout: 30_000,
	})) as { statusCode?: number; body?: unknown };
	const status = Number(response?.statusCode ?? 0);
	const answer = response?.body;
	if (status === 200 && answer && typeof answer === 'object')
		return { ...(answer as IDataObject), status } as ResumeAnswer;
	// 401: the URL's signature (not this n8n, or edited); 404/409 or n8n's "no action required"
	// page: nothing waits there any more (answered, timed out, or another instance).
	return { resumed: false, status, reason: `n8n answered HTTP ${status}` };
}
