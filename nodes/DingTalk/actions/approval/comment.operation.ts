import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameterError, runPerItem, requiredParameter } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { dingTalkApiRequest } from '../../transport';
import { instanceIdField, userField } from './instance';
import { requiredUserId } from '../../helpers/lookups/locators';

const properties: INodeProperties[] = [
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		description: 'The comment (评论内容)',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Attachments (JSON)',
				name: 'attachments',
				type: 'json',
				default: '[]',
				description:
					'Files already in the approval space (审批钉盘空间): [{"spaceId": "…", "fileId": "…", "fileName": "…", "fileSize": "…", "fileType": "pdf"}]',
			},
			{
				displayName: 'Photo URLs',
				name: 'photos',
				type: 'string',
				default: '',
				description: 'Image URLs shown with the comment, separated by commas',
			},
		],
	},
];

export const description: INodeProperties[] = [
	instanceIdField(['comment']),
	userField(
		'commentUserId',
		'Commenter User ID',
		['comment'],
		'The userId (用户ID) the comment is from',
	),
	...updateDisplayOptions({ show: { resource: ['approval'], operation: ['comment'] } }, properties),
];

function attachmentsOf(context: IExecuteFunctions, i: number, raw: unknown): IDataObject[] {
	let value = raw;
	if (typeof raw === 'string') {
		try {
			value = raw.trim() ? (JSON.parse(raw) as unknown) : [];
		} catch {
			value = undefined;
		}
	}
	const list = value === undefined || value === null ? [] : value;
	if (
		!Array.isArray(list) ||
		list.some((a) => !a || typeof a !== 'object' || !(a as IDataObject).fileId)
	)
		throw parameterError(
			context,
			i,
			'Attachments (JSON)',
			'Expected a JSON array of files, each with a fileId',
			'Write [{"spaceId": "…", "fileId": "…", "fileName": "…", "fileSize": "…", "fileType": "pdf"}].',
		);
	return (list as IDataObject[]).map((a) => ({
		spaceId: String(a.spaceId ?? ''),
		fileId: String(a.fileId),
		fileName: String(a.fileName ?? ''),
		fileSize: String(a.fileSize ?? ''),
		fileType: String(a.fileType ?? ''),
	}));
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const instanceId = requiredParameter(
			this,
			i,
			'instanceId',
			'Instance ID',
			'Map the instanceId from Start or from an approval event.',
		);
		const userId = await requiredUserId(
			this,
			run,
			i,
			'commentUserId',
			'Commenter User ID',
			'Pick the member the comment is from, or enter their userId.',
		);
		const text = requiredParameter(this, i, 'text', 'Text', 'Enter the comment.');
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const attachments = attachmentsOf(this, i, options.attachments);
		const photos = String(options.photos ?? '')
			.split(/[\s,]+/)
			.filter(Boolean);
		const file =
			attachments.length || photos.length
				? {
						file: {
							...(photos.length ? { photos } : {}),
							...(attachments.length ? { attachments } : {}),
						},
					}
				: {};
		// https://open.dingtalk.com/document/orgapp/add-an-approval-comment-pop
		const answer = await dingTalkApiRequest<IDataObject>(run.api, {
			api: 'new',
			method: 'POST',
			path: '/v1.0/workflow/processInstances/comments',
			body: { processInstanceId: instanceId, commentUserId: userId, text, ...file },
			itemIndex: i,
		});
		return { instanceId, userId, text, commented: answer.result === true };
	});
}
