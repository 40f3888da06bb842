/**
 * Calls the node's list searches and resource mapper methods the way n8n's editor does: n8n's REST
 * handler (DynamicNodeParametersService in n8n 2.41) builds a one-node workflow of a "Temp-Node"
 * holding the panel's current parameters and credential, wraps it in n8n-core's real
 * LoadOptionsContext, and calls `methods.listSearch[method]` with the filter and page token, or
 * `methods.resourceMapping[method]`.
 * Credentials come from the same TestCredentialsHelper as the engine harness.
 */
import { LoadOptionsContext } from 'n8n-core';
import type {
	INode,
	INodeListSearchResult,
	INodeParameters,
	INodeTypes,
	IWorkflowExecuteAdditionalData,
	ResourceMapperFields,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { DingTalk } from '../../nodes/DingTalk/DingTalk.node';
import { CREDENTIAL_ID, CREDENTIAL_NAME, NODE_TYPE, type TestCredentialsHelper } from './harness';

export interface ListSearchCall {
	credentials: TestCredentialsHelper;
	/** The node's parameters as the panel holds them (other fields the search reads). */
	parameters?: INodeParameters;
	filter?: string;
	paginationToken?: string;
	/** The parameter's path in the panel, as the editor sends it. */
	path?: string;
}

/** The editor's LoadOptionsContext for `path` on a Temp-Node holding `call.parameters`. */
function editorContext(
	call: ListSearchCall,
	path: string,
): { nodeType: DingTalk; context: LoadOptionsContext } {
	const nodeType = new DingTalk();
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: (_type: string, version?: number) =>
			NodeHelpers.getVersionedNodeType(nodeType, version),
		getKnownTypes: () => ({}),
	};
	const parameters: INodeParameters = { resource: 'message', ...(call.parameters ?? {}) };
	const node: INode = {
		parameters,
		id: 'uuid-1234',
		name: 'Temp-Node',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		credentials: { dingTalkApi: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = {
		credentialsHelper: call.credentials,
		currentNodeParameters: parameters,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		variables: {},
		userId: 'engine-test-user',
		encryptedRunnerIdentity: undefined,
		evalLlmMockHandler: undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
	const context = new LoadOptionsContext(
		workflow,
		workflow.nodes['Temp-Node'],
		additionalData,
		call.path ?? path,
	);
	return { nodeType, context };
}

export async function listSearch(
	method: string,
	call: ListSearchCall,
): Promise<INodeListSearchResult> {
	const { nodeType, context } = editorContext(call, `parameters.${method}`);
	const search = nodeType.methods.listSearch[method as keyof typeof nodeType.methods.listSearch];
	const result = await search.call(context, call.filter, call.paginationToken);
	// n8n turns a numeric token into text before the editor sees it.
	const token = result?.paginationToken as unknown;
	return typeof token === 'number' ? { ...result, paginationToken: String(token) } : result;
}

/** A resource mapper's fields, as the editor loads them for the parameter at `call.path`. */
export async function resourceMapperFields(
	method: string,
	call: ListSearchCall,
): Promise<ResourceMapperFields> {
	const { nodeType, context } = editorContext(call, 'parameters.columns');
	const load =
		nodeType.methods.resourceMapping[method as keyof typeof nodeType.methods.resourceMapping];
	return await load.call(context);
}
