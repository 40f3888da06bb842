import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { sendInBatches, type BatchJob } from '../../helpers/batching';
import { parameterError } from '../../helpers/items';
import { uploadMedia } from '../../helpers/media';
import { buildWorkNotification, type MessageButton, type WorkNotificationType } from '../../helpers/messageContent';
import { parseIdList } from '../../helpers/recipients';
import { dingTalkApiRequest, getDingTalkCredentials, type DingTalkRequest } from '../../transport';
import { robotMessageFields } from './common.description';

/** asyncsend_v2 limits (dingtalk-api.md §6.1). */
export const WORK_NOTIFICATION_MAX_USERS = 100;
export const WORK_NOTIFICATION_MAX_DEPTS = 20;
export const WORK_NOTIFICATION_MAX_BYTES = 2048;

/** Robot message fields that work notifications share, shown for their own message types. */
function shared(name: string, types: WorkNotificationType[]): INodeProperties {
	const property = robotMessageFields.find((p) => p.name === name)!;
	return { ...property, required: false, displayOptions: { show: { messageType: types } } };
}

const properties: INodeProperties[] = [
	{
		displayName: 'Send To',
		name: 'recipientType',
		type: 'options',
		default: 'users',
		options: [
			{ name: 'Users', value: 'users', description: 'Up to any number of userIds, 100 per call' },
			{ name: 'Departments', value: 'departments', description: 'Everyone in the departments, sub-departments included' },
			{ name: 'Everyone', value: 'all', description: 'Every member of the organisation within the app\'s visible range' },
		],
	},
	{
		displayName: 'User IDs',
		name: 'userIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. manager4220, 0123456789',
		description: 'UserIds (用户ID) of the recipients: comma or newline separated, a JSON array, or an array from an expression',
		displayOptions: { show: { recipientType: ['users'] } },
	},
	{
		displayName: 'Department IDs',
		name: 'deptIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 1, 12345678',
		description: 'Department IDs, comma-separated (at most 20)',
		displayOptions: { show: { recipientType: ['departments'] } },
	},
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		default: 'text',
		options: [
			{ name: 'Action Card', value: 'actionCard', description: 'Markdown card with 1–5 link buttons' },
			{ name: 'File', value: 'file', description: 'File from a binary property, up to 20 MB' },
			{ name: 'Image', value: 'image', description: 'Image from a binary property, up to 20 MB' },
			{ name: 'Link', value: 'link', description: 'Link card with title, text and picture' },
			{ name: 'Markdown', value: 'markdown', description: 'Markdown text (up to 5,000 characters) with a title' },
			{ name: 'OA', value: 'oa', description: 'Office message with a colored header, fields and a link' },
			{ name: 'Text', value: 'text' },
		],
	},
	shared('title', ['markdown', 'link', 'actionCard', 'oa']),
	shared('content', ['text', 'markdown', 'link', 'actionCard', 'oa']),
	shared('binaryPropertyName', ['image', 'file']),
	shared('messageUrl', ['link', 'oa']),
	shared('picUrl', ['link']),
	shared('buttons', ['actionCard']),
	shared('buttonOrientation', ['actionCard']),
	{
		displayName: 'Header Text',
		name: 'headText',
		type: 'string',
		default: '',
		placeholder: 'e.g. HR',
		displayOptions: { show: { messageType: ['oa'] } },
	},
	{
		displayName: 'Header Color',
		name: 'headBgColor',
		type: 'color',
		default: '#1677FF',
		description: 'Color of the header bar',
		displayOptions: { show: { messageType: ['oa'] } },
	},
	{
		displayName: 'Form Fields',
		name: 'form',
		type: 'fixedCollection',
		placeholder: 'Add Field',
		default: {},
		typeOptions: { multipleValues: true },
		displayOptions: { show: { messageType: ['oa'] } },
		options: [
			{
				name: 'field',
				displayName: 'Field',
				values: [
					{ displayName: 'Key', name: 'key', type: 'string', default: '', placeholder: 'e.g. Days' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: 'e.g. 2' },
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'AgentId',
				name: 'agentId',
				type: 'string',
				default: '',
				description: 'AgentId of the app; defaults to the credential\'s AgentId',
			},
			{
				displayName: 'Combine Identical Messages',
				name: 'combine',
				type: 'boolean',
				default: true,
				description: 'Whether items that send the same notification to users are sent together, 100 users per call',
			},
			{
				displayName: 'Max Concurrent Requests',
				name: 'concurrency',
				type: 'number',
				default: 20,
				typeOptions: { minValue: 1, maxValue: 50 },
				description: 'How many calls may be in flight at once',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendWorkNotification'] } },
	properties,
);

interface Payload {
	agentId: string;
	msg: IDataObject;
	target: IDataObject;
}

async function readNotification(context: IExecuteFunctions, i: number): Promise<IDataObject> {
	const type = context.getNodeParameter('messageType', i) as WorkNotificationType;
	const param = <T>(name: string, fallback: T): T => context.getNodeParameter(name, i, fallback) as T;
	let mediaId: string | undefined;
	if (type === 'image' || type === 'file') {
		mediaId = (
			await uploadMedia(context, i, { propertyName: param('binaryPropertyName', 'data'), type, parameter: 'Input Binary Field' })
		).mediaId;
	}
	const built = buildWorkNotification(type, {
		content: param('content', ''),
		title: param('title', ''),
		messageUrl: param('messageUrl', ''),
		picUrl: param('picUrl', ''),
		buttons: (param<IDataObject>('buttons', {}).button as MessageButton[] | undefined) ?? [],
		buttonOrientation: param('buttonOrientation', 'vertical'),
		headText: param('headText', ''),
		headBgColor: param('headBgColor', '#1677FF'),
		form: (param<IDataObject>('form', {}).field as Array<{ key: string; value: string }> | undefined) ?? [],
		mediaId,
	});
	if (built.problem !== undefined) {
		throw parameterError(context, i, built.problem.parameter, built.problem.problem, built.problem.fix);
	}
	const bytes = Buffer.byteLength(JSON.stringify(built.msg), 'utf8');
	if (bytes > WORK_NOTIFICATION_MAX_BYTES) {
		throw parameterError(
			context,
			i,
			'Content',
			`The notification is ${bytes} bytes, over DingTalk's ${WORK_NOTIFICATION_MAX_BYTES}-byte limit`,
			'Shorten the text (Chinese characters count 3 bytes each), or send a link to the full text.',
		);
	}
	return built.msg;
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const credentials = await getDingTalkCredentials(this);
	const results: Array<INodeExecutionData | undefined> = new Array(items.length);
	const jobs: Array<BatchJob<Payload>> = [];

	for (let i = 0; i < items.length; i++) {
		try {
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			const agentId = String(options.agentId || credentials.agentId || '').trim();
			if (!/^\d+$/.test(agentId)) {
				throw parameterError(
					this,
					i,
					'AgentId',
					agentId ? `AgentId "${agentId}" is not a number` : 'No AgentId set',
					'Copy the AgentId from the developer console → your app → Credentials & Basic Info into the credential (or Options → AgentId). It is not the Client ID.',
				);
			}
			const recipientType = this.getNodeParameter('recipientType', i) as string;
			const msg = await readNotification(this, i);
			const key = `${agentId}\u0000${JSON.stringify(msg)}`;
			if (recipientType === 'users') {
				const parsed = parseIdList(this.getNodeParameter('userIds', i), 'user ID');
				if (parsed.problem !== undefined) throw parameterError(this, i, 'User IDs', parsed.problem, parsed.fix);
				if (parsed.ids.length === 0) {
					throw parameterError(this, i, 'User IDs', 'No user IDs given', 'Enter at least one userId (用户ID).');
				}
				jobs.push({ itemIndex: i, key, payload: { agentId, msg, target: {} }, recipients: parsed.ids });
			} else if (recipientType === 'departments') {
				const parsed = parseIdList(this.getNodeParameter('deptIds', i), 'department ID');
				if (parsed.problem !== undefined) throw parameterError(this, i, 'Department IDs', parsed.problem, parsed.fix);
				if (parsed.ids.length === 0 || parsed.ids.length > WORK_NOTIFICATION_MAX_DEPTS) {
					throw parameterError(
						this,
						i,
						'Department IDs',
						parsed.ids.length ? `${parsed.ids.length} departments given` : 'No department IDs given',
						`Enter 1 to ${WORK_NOTIFICATION_MAX_DEPTS} department IDs; sub-departments are included automatically.`,
					);
				}
				// Each item is its own call: departments are not split across calls.
				jobs.push({ itemIndex: i, key: `${key}\u0000dept#${i}`, payload: { agentId, msg, target: { dept_id_list: parsed.ids.join(',') } }, recipients: ['*'] });
			} else {
				jobs.push({ itemIndex: i, key: `${key}\u0000all#${i}`, payload: { agentId, msg, target: { to_all_user: true } }, recipients: ['*'] });
			}
		} catch (error) {
			if (!continueOnFail) {
				if (error instanceof NodeApiError) throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
			}
			results[i] = { json: { error: (error as Error).message, description: (error as NodeOperationError).description ?? null }, pairedItem: { item: i } };
		}
	}

	const first = this.getNodeParameter('options', jobs[0]?.itemIndex ?? 0, {}) as IDataObject;
	const outcomes = await sendInBatches<Payload>(jobs, {
		maxRecipients: WORK_NOTIFICATION_MAX_USERS,
		combine: first.combine !== false,
		concurrency: Number(first.concurrency ?? 20) || 20,
		throttledRetries: 0,
		throttledDelayMs: 0,
		stopOnError: !continueOnFail,
		send: async (payload, recipients, itemIndexes) => {
			const target = recipients[0] === '*' ? payload.target : { userid_list: recipients.join(',') };
			const response = await dingTalkApiRequest.call<IExecuteFunctions, [DingTalkRequest], Promise<{ task_id?: number | string }>>(this, {
				api: 'old',
				method: 'POST',
				path: '/topapi/message/corpconversation/asyncsend_v2',
				body: { agent_id: Number(payload.agentId), ...target, msg: payload.msg },
				itemIndex: itemIndexes[0],
			});
			return { id: response.task_id === undefined ? undefined : String(response.task_id) };
		},
	});

	for (const job of jobs) {
		const outcome = outcomes.get(job.itemIndex)!;
		if (outcome.error) {
			const error = outcome.error as NodeApiError;
			if (!continueOnFail) {
				error.context.itemIndex = job.itemIndex;
				throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
			}
			results[job.itemIndex] = { json: { error: error.message, description: error.description ?? null, taskIds: outcome.ids }, pairedItem: { item: job.itemIndex } };
			continue;
		}
		const toUsers = job.recipients[0] !== '*';
		results[job.itemIndex] = {
			json: {
				taskId: outcome.ids[0] ?? null,
				taskIds: outcome.ids,
				agentId: job.payload.agentId,
				...(toUsers ? { userIds: outcome.sent } : job.payload.target),
				note: 'Accepted by DingTalk. Over-quota or duplicate notifications are dropped silently: check delivery with Message → Get Work Notification Result.',
			},
			pairedItem: { item: job.itemIndex },
		};
	}
	return results.filter((r): r is INodeExecutionData => r !== undefined);
}
