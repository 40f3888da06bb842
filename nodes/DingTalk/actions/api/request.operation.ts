import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { jsonParse, updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { dingTalkBaseUrls } from '../../../../credentials/common/hosts';
import { parameterError, runPerItem } from '../../helpers/execution/items';
import { dingTalkApiRequest, type ApiFamily } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'API',
		name: 'api',
		type: 'options',
		default: 'new',
		options: [
			{
				name: 'New API',
				value: 'new',
				description:
					'Host api.dingtalk.com, paths /v1.0/… and /v2.0/…; token in the x-acs-dingtalk-access-token header',
			},
			{
				name: 'Old API',
				value: 'old',
				description:
					'Host oapi.dingtalk.com, paths /topapi/… and others; token in the access_token query parameter',
			},
		],
	},
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		default: 'POST',
		options: ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'].map((m) => ({ name: m, value: m })),
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. /v1.0/workflow/processInstances',
		description:
			"Endpoint path from DingTalk's API reference. A full URL is accepted only on this credential's DingTalk hosts: the token is never sent anywhere else.",
	},
	{
		displayName: 'Query Parameters',
		name: 'query',
		type: 'fixedCollection',
		placeholder: 'Add Parameter',
		default: {},
		typeOptions: { multipleValues: true },
		options: [
			{
				name: 'parameter',
				displayName: 'Parameter',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'JSON Body',
		name: 'body',
		type: 'json',
		default: '{}',
		description: 'Request body (ignored for GET)',
		displayOptions: { hide: { method: ['GET'] } },
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['api'], operation: ['request'] } },
	properties,
);

/** The path on the chosen host, or a problem when the text points anywhere else. */
function resolvePath(
	given: string,
	family: ApiFamily,
	bases: { api: string; oapi: string },
): { path: string } | { problem: string } {
	const text = given.trim();
	if (/^[a-z][a-z0-9+.-]*:/i.test(text) || text.startsWith('//')) {
		const base = family === 'new' ? bases.api : bases.oapi;
		if (text === base || text.startsWith(`${base}/`))
			return { path: text.slice(base.length) || '/' };
		return {
			problem: `"${text.slice(0, 100)}" is not on this credential's ${family === 'new' ? 'new' : 'old'} API host (${base}); the access token is only ever sent there`,
		};
	}
	if (!text.startsWith('/')) return { problem: `"${text.slice(0, 100)}" does not start with "/"` };
	return { path: text };
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const bases = dingTalkBaseUrls(await run.api.credentials());
	return await runPerItem(this, items, async (i) => {
		const family = this.getNodeParameter('api', i) as ApiFamily;
		const method = this.getNodeParameter('method', i) as IHttpRequestMethods;
		const resolved = resolvePath(this.getNodeParameter('path', i, '') as string, family, bases);
		if ('problem' in resolved) {
			throw parameterError(
				this,
				i,
				'Path',
				resolved.problem,
				'Enter a path such as /v1.0/… (new API) or /topapi/… (old API), and pick the matching API.',
			);
		}
		const qs: IDataObject = {};
		for (const { name, value } of ((this.getNodeParameter('query', i, {}) as IDataObject)
			.parameter as Array<{ name: string; value: string }>) ?? []) {
			if (name) qs[name] = value;
		}
		let body: IDataObject | undefined;
		if (method !== 'GET') {
			const raw = this.getNodeParameter('body', i, '{}');
			try {
				body = typeof raw === 'string' ? jsonParse<IDataObject>(raw || '{}') : (raw as IDataObject);
			} catch {
				throw parameterError(
					this,
					i,
					'JSON Body',
					'The body is not valid JSON',
					'Check quotes and commas, or build it with an expression: {{ JSON.stringify({...}) }}.',
				);
			}
		}
		const response = await dingTalkApiRequest<unknown>(run.api, {
			api: family,
			method,
			path: resolved.path,
			qs,
			body,
			itemIndex: i,
			idempotent: method === 'GET',
		});
		return (
			response !== null && typeof response === 'object' ? response : { data: response ?? null }
		) as IDataObject;
	});
}
