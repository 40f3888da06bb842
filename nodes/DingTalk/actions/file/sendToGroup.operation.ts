import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { resolveOpenConversationId } from '../../helpers/lookups/conversation';
import {
	dentryOutput,
	operatorFromLocator,
	partSizeOf,
	runFileItems,
	type ConflictStrategy,
} from '../../helpers/files/drive';
import { uploadToDrive } from '../../helpers/files/driveUpload';
import { parameterError } from '../../helpers/execution/items';
import { uploadMedia } from '../../helpers/messages/media';
import { dingTalkApiRequest, robotCodeOf, type DingTalkRequest } from '../../transport';
import { conversationIdField, optionsCollection } from '../common.description';
import { binaryField, operatorFields, uploadOptions } from './common.description';

const asUser = { show: { sendAs: ['user'] } };

const properties: INodeProperties[] = [
	conversationIdField(),
	{
		displayName: 'Send As',
		name: 'sendAs',
		type: 'options',
		default: 'user',
		options: [
			{
				name: 'User (Group Files)',
				value: 'user',
				description:
					"The file goes into the group's files and the chat shows it from the operator. Any type, any size.",
			},
			{
				name: 'Robot (File Message)',
				value: 'robot',
				description:
					'The robot posts it as a file message: up to 20 MB; doc(x), xls(x), ppt(x), pdf, zip, rar. Stored as media, not in group files.',
			},
		],
	},
	...operatorFields.map((p) => ({ ...p, displayOptions: asUser })),
	{
		displayName: 'File Source',
		name: 'source',
		type: 'options',
		default: 'binary',
		options: [
			{ name: 'Binary File', value: 'binary', description: 'A file from an earlier node' },
			{
				name: 'Existing Drive File',
				value: 'drive',
				description: 'A file already in DingTalk storage',
			},
		],
		displayOptions: asUser,
	},
	{ ...binaryField, displayOptions: { hide: { source: ['drive'] } } },
	{
		displayName: 'Space ID',
		name: 'spaceId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { sendAs: ['user'], source: ['drive'] } },
	},
	{
		displayName: 'File ID',
		name: 'dentryId',
		type: 'string',
		default: '',
		required: true,
		description: 'The file\'s dentry ID (the "ID" output of Upload to Drive)',
		displayOptions: { show: { sendAs: ['user'], source: ['drive'] } },
	},
	optionsCollection(
		...uploadOptions.filter((o) => o.name !== 'partSizeMb').map((o) => ({ ...o })),
		{ ...uploadOptions.find((o) => o.name === 'partSizeMb')! },
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['file'], operation: ['sendToGroup'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const credentials = await run.api.credentials();
	return await runFileItems(run, items, async (i, turn) => {
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const partSize = partSizeOf(this, i, options);
		const openConversationId = await resolveOpenConversationId(
			run,
			i,
			this.getNodeParameter('conversationId', i, ''),
		);
		const call = async <T>(request: DingTalkRequest) =>
			await dingTalkApiRequest<T>(run.api, { ...request, itemIndex: i });

		if (this.getNodeParameter('sendAs', i) === 'robot') {
			const media = await uploadMedia(run, i, {
				propertyName: this.getNodeParameter('binaryPropertyName', i, 'data') as string,
				type: 'file',
				parameter: 'Input Binary Field',
				fileName: options.fileName as string | undefined,
			});
			const robotCode = robotCodeOf(credentials);
			// Uploaded side by side, posted in input order.
			await turn();
			const sent = await call<{ processQueryKey?: string }>({
				api: 'new',
				method: 'POST',
				path: '/v1.0/robot/groupMessages/send',
				body: {
					robotCode,
					openConversationId,
					msgKey: 'sampleFile',
					msgParam: JSON.stringify({
						mediaId: media.mediaId,
						fileName: media.fileName,
						fileType: media.extension,
					}),
				},
			});
			return {
				sentAs: 'robot',
				openConversationId,
				mediaId: media.mediaId,
				fileName: media.fileName,
				size: media.size,
				processQueryKey: sent.processQueryKey ?? null,
			};
		}

		const unionId = await operatorFromLocator(
			run,
			i,
			this.getNodeParameter('operatorId', i, ''),
			this.getNodeParameter('operatorIdType', i, 'userId') as string,
		);
		let spaceId: string;
		let dentryId: string;
		if (this.getNodeParameter('source', i, 'binary') === 'drive') {
			spaceId = String(this.getNodeParameter('spaceId', i, '')).trim();
			dentryId = String(this.getNodeParameter('dentryId', i, '')).trim();
			if (!/^\d+$/.test(spaceId))
				throw parameterError(
					this,
					i,
					'Space ID',
					'No valid space ID given',
					'Enter the numeric space ID of the file.',
				);
			if (!/^\d+$/.test(dentryId))
				throw parameterError(
					this,
					i,
					'File ID',
					'No valid file ID given',
					'Map the "id" output of Upload to Drive.',
				);
		} else {
			// The group's own file space, then the upload lands in its root.
			const space = await call<{ space?: { spaceId?: string } }>({
				api: 'new',
				method: 'POST',
				path: '/v1.0/convFile/conversations/spaces/query',
				qs: { unionId },
				body: { openConversationId },
				idempotent: true,
			});
			spaceId = String(space.space?.spaceId ?? '');
			const dentry = await uploadToDrive(run, {
				itemIndex: i,
				propertyName: this.getNodeParameter('binaryPropertyName', i, 'data') as string,
				spaceId,
				parentId: '0',
				unionId,
				fileName: options.fileName as string | undefined,
				conflictStrategy: (options.conflictStrategy as ConflictStrategy) ?? 'AUTO_RENAME',
				multipartThreshold: partSize,
				partSize,
			});
			dentryId = String(dentry.id ?? '');
		}
		await turn();
		const sent = await call<{ file?: IDataObject }>({
			api: 'new',
			method: 'POST',
			path: '/v1.0/convFile/conversations/files/send',
			qs: { unionId },
			body: { spaceId, dentryId, openConversationId },
		});
		return {
			sentAs: 'user',
			openConversationId,
			...dentryOutput(sent.file ?? {}),
			conversationId: sent.file?.conversationId ?? openConversationId,
		};
	});
}
