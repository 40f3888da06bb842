/**
 * Runs the two DingTalk triggers inside n8n-core's real node contexts: the HTTP trigger's
 * webhook() in a WebhookContext (n8n's parameter resolution, credentials and logger) for one
 * request the emulator built as DingTalk would, its activation check in a HookContext, and the
 * Stream trigger in a TriggerContext connected to the emulator's Stream gateway.
 */
import { HookContext, TriggerContext, WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	ITriggerResponse,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { DingTalkStreamTrigger } from '../../../nodes/DingTalk/DingTalkStreamTrigger.node';
import { DingTalkTrigger } from '../../../nodes/DingTalk/DingTalkTrigger.node';
import { CREDENTIAL_ID, CREDENTIAL_NAME, type TestCredentialsHelper } from '../harness';

/** A workflow of one node, its type served as n8n's node-types registry would. */
export function singleNodeWorkflow(
	nodeType: INodeType,
	node: INode,
	{ id, name, active }: { id: string; name: string; active: boolean },
): Workflow {
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: (_type: string, version?: number) =>
			NodeHelpers.getVersionedNodeType(nodeType, version),
		getKnownTypes: () => ({}),
	};
	return new Workflow({
		id,
		name,
		nodes: [node],
		connections: {},
		active,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});
}

function workflowOf(
	nodeType: INodeType,
	type: string,
	parameters: IDataObject,
): { workflow: Workflow; node: INode } {
	const node: INode = {
		id: '6c2f4b0e-0000-4000-8000-0000000000f1',
		name: 'DingTalk Trigger',
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		credentials: { dingTalkApi: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } },
		webhookId: '5f6e3c12-0000-4000-8000-0000000000aa',
	};
	const workflow = singleNodeWorkflow(nodeType, node, {
		id: 'triggerTestWf001',
		name: 'trigger test',
		active: true,
	});
	return { workflow, node };
}

export function additionalDataOf(
	credentials: TestCredentialsHelper,
	extra: IDataObject = {},
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: credentials,
		variables: {},
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		userId: 'engine-test-user',
		...extra,
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** One HTTP request as DingTalk sends it (the emulator's built push, or a test's own). */
export interface CallbackRequest {
	query?: IDataObject;
	headers?: IDataObject;
	body?: unknown;
}

export interface WebhookOutcome {
	status: number;
	body: IDataObject;
	/** The items the trigger handed to n8n to start a run (undefined: no run). */
	started?: INodeExecutionData[];
	/** Ms from the call until the answer to DingTalk was written. */
	answeredAfterMs?: number;
	/** Ms from the call until webhook() returned (the run starts then). */
	returnedAfterMs?: number;
}

/** The emulator's push (URL with query, headers, JSON body text) as the request n8n parses. */
export function requestOf(push: {
	url: string;
	headers: IDataObject;
	body: string;
}): CallbackRequest {
	const url = new URL(push.url);
	return {
		query: Object.fromEntries(url.searchParams.entries()),
		headers: push.headers,
		body: JSON.parse(push.body) as unknown,
	};
}

/** The HTTP trigger in a one-node workflow, with the webhook n8n registers for it. */
function httpTrigger(parameters: IDataObject) {
	const nodeType = new DingTalkTrigger();
	const { workflow, node } = workflowOf(
		nodeType,
		'n8n-nodes-dingtalk-app.dingTalkTrigger',
		parameters,
	);
	const webhookData = {
		httpMethod: 'POST',
		node: node.name,
		path: 'webhook',
		webhookDescription: nodeType.description.webhooks![0],
		workflowId: workflow.id,
	} as unknown as IWebhookData;
	return { nodeType, workflow, node, webhookData };
}

/** Calls the HTTP trigger's webhook() for one request, as n8n's live webhook handler does. */
export async function callWebhook(
	credentials: TestCredentialsHelper,
	parameters: IDataObject,
	request: CallbackRequest,
): Promise<WebhookOutcome> {
	const outcome: WebhookOutcome = { status: 0, body: {} };
	const calledAt = Date.now();
	const httpResponse = {
		status(code: number) {
			outcome.status = code;
			return httpResponse;
		},
		json(value: IDataObject) {
			outcome.body = value;
			outcome.answeredAfterMs = Date.now() - calledAt;
			return httpResponse;
		},
	};
	const httpRequest = {
		query: request.query ?? {},
		headers: request.headers ?? {},
		body: request.body ?? {},
		params: {},
	};
	const { nodeType, workflow, node, webhookData } = httpTrigger(parameters);
	const context = new WebhookContext(
		workflow,
		node,
		additionalDataOf(credentials, { httpRequest, httpResponse }),
		'webhook',
		webhookData,
		[],
		null,
	);
	const result = (await nodeType.webhook.call(context)) as IWebhookResponseData;
	outcome.started = result.workflowData?.[0];
	outcome.returnedAfterMs = Date.now() - calledAt;
	return outcome;
}

/** Runs the HTTP trigger's activation check (n8n calls checkExists when a workflow is activated). */
export async function activate(
	credentials: TestCredentialsHelper,
	parameters: IDataObject,
): Promise<boolean> {
	const { nodeType, workflow, node, webhookData } = httpTrigger(parameters);
	const context = new HookContext(
		workflow,
		node,
		additionalDataOf(credentials),
		'trigger',
		'activate',
		webhookData,
	);
	return await nodeType.webhookMethods.default.checkExists.call(context);
}

export interface StreamRun {
	emitted: IDataObject[];
	/** Makes the next n emits throw, as n8n does when it cannot start the run. */
	failNextEmits(n: number): void;
	close(): Promise<void>;
}

/**
 * Starts the Stream trigger in a TriggerContext; what it emits is collected. `httpRequest`
 * answers the trigger's requests to n8n's waiting webhooks (a card click handed to a waiting
 * execution's resume URL, http://127.0.0.1/webhook-waiting/…), so a test can see and answer them.
 */
export async function startStream(
	credentials: TestCredentialsHelper,
	parameters: IDataObject,
	httpRequest?: (options: IHttpRequestOptions) => Promise<unknown>,
): Promise<StreamRun> {
	const emitted: IDataObject[] = [];
	let failing = 0;
	const emit = (data: INodeExecutionData[][]) => {
		if (failing > 0) {
			failing--;
			throw new Error('the run could not be started (test)');
		}
		for (const item of data[0]) emitted.push(item.json);
	};
	const nodeType = new DingTalkStreamTrigger();
	const { workflow, node } = workflowOf(
		nodeType,
		'n8n-nodes-dingtalk-app.dingTalkStreamTrigger',
		parameters,
	);
	const errors: Error[] = [];
	const context = new TriggerContext(
		workflow,
		node,
		additionalDataOf(credentials),
		'trigger',
		'activate',
		emit,
		(error: Error) => errors.push(error),
	);
	if (httpRequest) {
		// Only the hand-over to n8n's waiting webhooks is the test's; DingTalk calls go out as usual.
		const helpers = context.helpers as { httpRequest: typeof httpRequest };
		const original = helpers.httpRequest.bind(helpers);
		helpers.httpRequest = async (options) =>
			String(options.url).startsWith('http://127.0.0.1/webhook-waiting/')
				? await httpRequest(options)
				: await original(options);
	}
	const response = (await nodeType.trigger.call(context)) as ITriggerResponse;
	return {
		emitted,
		failNextEmits: (n: number) => {
			failing = n;
		},
		close: async () => {
			await response.closeFunction?.();
			if (errors.length) throw errors[0];
		},
	};
}
