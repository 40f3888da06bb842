/**
 * Calls the DingTalk node's webhook() for one request on a Send and Wait resume URL, inside
 * n8n-core's real WebhookContext, the way n8n's waiting-webhook handler does once it has checked
 * the URL's signature.
 */
import { WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { DingTalk } from '../../../nodes/DingTalk/DingTalk.node';
import { CREDENTIAL_ID, CREDENTIAL_NAME, NODE_TYPE, type TestCredentialsHelper } from '../harness';
import { singleNodeWorkflow } from '../trigger/triggerHarness';

export interface WaitingRequest {
	method?: string;
	userAgent?: string;
	/** The posted form (application/x-www-form-urlencoded, as n8n parses it). */
	form?: IDataObject;
}

export interface WaitingOutcome {
	/** The HTML page the person (or the robot) sees. */
	page: string;
	/** What resumes the execution; undefined: nothing recorded, the execution keeps waiting. */
	resumedWith?: INodeExecutionData[];
	/** The answer as the webhook returned it (an object for the Stream Trigger's card answers). */
	response: unknown;
}

export async function openResumeUrl(
	credentials: TestCredentialsHelper,
	parameters: IDataObject,
	url: string,
	request: WaitingRequest = {},
): Promise<WaitingOutcome> {
	const nodeType = new DingTalk();
	const node: INode = {
		id: '6c2f4b0e-0000-4000-8000-000000000001',
		name: 'DingTalk',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		credentials: { dingTalkApi: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } },
	};
	const workflow = singleNodeWorkflow(nodeType, node, {
		id: 'engineTestWf0001',
		name: 'engine test',
		active: false,
	});
	const method = (request.method ?? 'GET').toUpperCase();
	const parsed = new URL(url);
	const httpRequest = {
		method,
		url: parsed.pathname + parsed.search,
		query: Object.fromEntries(parsed.searchParams.entries()),
		headers: request.userAgent === undefined ? {} : { 'user-agent': request.userAgent },
		body: request.form ?? {},
		params: {},
	};
	const webhookData = {
		httpMethod: method,
		node: node.name,
		path: node.id,
		webhookDescription: nodeType.description.webhooks!.find((w) => w.httpMethod === method) ?? {
			...nodeType.description.webhooks![0],
			httpMethod: method,
		},
		workflowId: workflow.id,
	} as unknown as IWebhookData;
	const additionalData = {
		credentialsHelper: credentials,
		variables: {},
		httpRequest,
		httpResponse: {},
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		executionId: 'engine-exec-1',
		userId: 'engine-test-user',
	} as unknown as IWorkflowExecuteAdditionalData;
	const context = new WebhookContext(
		workflow,
		node,
		additionalData,
		'webhook',
		webhookData,
		[],
		null,
	);
	const result = (await nodeType.webhook.call(context)) as IWebhookResponseData;
	return {
		page: String(result.webhookResponse ?? ''),
		resumedWith: result.workflowData?.[0],
		response: result.webhookResponse,
	};
}

/** The confirmation value the page's form would post, or undefined when the page has no form. */
export function confirmationOf(page: string): string | undefined {
	return /<input type="hidden" name="confirmation" value="([^"]*)">/.exec(page)?.[1];
}
