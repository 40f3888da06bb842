/**
 * Runs a node inside n8n-core's real WorkflowExecute, with n8n-core's real
 * httpRequestWithAuthentication and HTTP stack (axios), over real HTTP to the emulator.
 * The only stand-in is the credentials store: n8n's CLI CredentialsHelper lives in the n8n
 * package, so TestCredentialsHelper reproduces its behaviour (expirable-token gating,
 * persisting preAuthentication output, function `authenticate`) and counts what happens.
 * The two triggers run in trigger/triggerHarness.ts, with the same credentials helper.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRun,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IRequestOptionsSimplified,
} from 'n8n-workflow';
import {
	createRunExecutionData,
	deepCopy,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
} from 'n8n-workflow';

import { DingTalkApi } from '../../credentials/DingTalkApi.credentials';
import { DingTalkCustomRobotApi } from '../../credentials/DingTalkCustomRobotApi.credentials';
import { DingTalk } from '../../nodes/DingTalk/DingTalk.node';

export const CREDENTIAL_ID = 'dingTalkCred0001';
export const CREDENTIAL_NAME = 'DingTalk (emulator)';
export const NODE_TYPE = 'n8n-nodes-dingtalk-app.dingTalk';

const credentialTypes: Record<string, ICredentialType> = {
	dingTalkApi: new DingTalkApi(),
	dingTalkCustomRobotApi: new DingTalkCustomRobotApi(),
};

export class TestCredentialsHelper extends ICredentialsHelper {
	readonly store = new Map<string, ICredentialDataDecryptedObject>();

	/** How often n8n persisted refreshed credential data (once per token fetched). */
	updates = 0;

	/** preAuthentication runs, and how many of them n8n forced after a 401-style retry. */
	preAuthRuns = 0;

	constructor(data?: ICredentialDataDecryptedObject) {
		super();
		if (data) this.store.set(CREDENTIAL_ID, { ...data });
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		const type = credentialTypes[typeName];
		if (typeof type.authenticate === 'function') {
			return await type.authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		return requestOptions as IHttpRequestOptions;
	}

	/** Same gating as n8n's CLI CredentialsHelper.preAuthentication. */
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = credentialTypes[typeName];
		const expirable = type.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		this.preAuthRuns++;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		if (node.credentials) {
			await this.updateCredentials(
				node.credentials[typeName],
				typeName,
				Object.assign(credentials, output),
			);
			return Object.assign(credentials, output);
		}
		return undefined;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = credentialTypes[typeName];
		return type.preAuthentication
			? ((await type.preAuthentication.call(
					helpers,
					credentials,
				)) as ICredentialDataDecryptedObject)
			: undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by nodes');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.store.get(nodeCredentials.id ?? '');
		if (!data) throw new Error(`no credential ${nodeCredentials.id}`);
		return deepCopy(data);
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.updates++;
		this.store.set(nodeCredentials.id ?? '', { ...data });
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialTypes[type].properties;
	}

	/** The stored (persisted) credential data. */
	stored(): ICredentialDataDecryptedObject {
		return this.store.get(CREDENTIAL_ID) ?? {};
	}
}

export interface RunOptions {
	parameters: IDataObject;
	items?: INodeExecutionData[];
	credentials: TestCredentialsHelper;
	continueOnFail?: boolean;
	nodeType?: INodeType;
	/** Credential type the node uses (default dingTalkApi). */
	credentialType?: string;
	/** Node settings as the editor's Settings tab stores them (Retry On Fail …). */
	settings?: Pick<INode, 'retryOnFail' | 'maxTries' | 'waitBetweenTries'>;
	/** Sub-nodes (a chat model, a memory) connected to the node's AI inputs. */
	subNodes?: SubNode[];
}

/** A sub-node that supplies the tested node through one of its AI inputs. */
export interface SubNode {
	name: string;
	nodeType: INodeType;
	/** The connection type, e.g. 'ai_languageModel' or 'ai_memory'. */
	connectionType: string;
}

export interface RunResult {
	run: IRun;
	output: INodeExecutionData[];
	error?: {
		message: string;
		description?: string;
		context?: IDataObject;
		httpCode?: string | null;
	};
}

const NODE_NAME = 'DingTalk';

export async function runNode(options: RunOptions): Promise<RunResult> {
	const nodeType = options.nodeType ?? new DingTalk();
	const node: INode = {
		id: '6c2f4b0e-0000-4000-8000-000000000001',
		name: NODE_NAME,
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters as INode['parameters'],
		credentials: {
			[options.credentialType ?? 'dingTalkApi']: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME },
		},
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		...(options.settings ?? {}),
	};
	const subNodes = options.subNodes ?? [];
	const subNodeOf = (type: string) => subNodes.find((sub) => `test.${sub.name}` === type);
	const subNodeEntries: INode[] = subNodes.map((sub, n) => ({
		id: `6c2f4b0e-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`,
		name: sub.name,
		type: `test.${sub.name}`,
		typeVersion: 1,
		position: [n * 200, 200],
		parameters: {},
	}));
	const connections = Object.fromEntries(
		subNodes.map((sub) => [
			sub.name,
			{ [sub.connectionType]: [[{ node: NODE_NAME, type: sub.connectionType, index: 0 }]] },
		]),
	) as IWorkflowBase['connections'];
	const nodeTypes: INodeTypes = {
		getByName: (type: string) => subNodeOf(type)?.nodeType ?? nodeType,
		getByNameAndVersion: (type: string, version?: number) =>
			NodeHelpers.getVersionedNodeType(subNodeOf(type)?.nodeType ?? nodeType, version),
		getKnownTypes: () => ({}),
	};
	const workflowData: IWorkflowBase = {
		id: 'engineTestWf0001',
		name: 'engine test',
		active: false,
		isArchived: false,
		nodes: [node, ...subNodeEntries],
		connections,
		settings: { executionOrder: 'v1' },
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: [node, ...subNodeEntries],
		connections,
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});
	const items = options.items ?? [{ json: {} }];
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node, data: { main: [items] }, source: null }],
		},
	});
	const hooks = new ExecutionLifecycleHooks('manual', 'engine-exec-1', workflowData);
	const additionalData = {
		credentialsHelper: options.credentials,
		hooks,
		executeWorkflow: async () => {
			throw new Error('not supported in engine tests');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formBaseUrl: 'http://127.0.0.1/form',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1/form-test',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1/mcp-test',
		variables: {},
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('not supported in engine tests');
		},
		encryptedRunnerIdentity: undefined,
		evalLlmMockHandler: undefined,
		userId: 'engine-test-user',
		// Send and Wait signs its resume URLs for this execution.
		executionId: 'engine-exec-1',
	} as unknown as IWorkflowExecuteAdditionalData;

	const workflowExecute = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	const run = await workflowExecute.processRunExecutionData(workflow);
	const taskData = run.data.resultData.runData[NODE_NAME]?.[0];
	const output = (taskData?.data?.main?.[0] ?? []) as INodeExecutionData[];
	const error = (run.data.resultData.error ?? taskData?.error) as RunResult['error'];
	return { run, output, error };
}
