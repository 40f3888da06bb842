import type { INodeProperties } from 'n8n-workflow';

/**
 * Fields the DingTalk document resources share (AI Table, Sheets): the document by its link or ID
 * and the operator it is read or edited as. DingTalk offers an app no API that lists a person's
 * documents, so there is no list mode.
 */

const DOCUMENT_ID = '[A-Za-z0-9_-]{6,}';
const EXAMPLE_ID = 'Gl6Pm2Db8D332mAgCnxo5w9lJxLq0Ee4';

/** A document (alidocs.dingtalk.com/i/nodes/<ID>) by its link from the address bar, or its ID. */
export function documentLocator(
	name: string,
	displayName: string,
	description: string,
	kind: { link: string; id: string },
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'url', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: `e.g. https://alidocs.dingtalk.com/i/nodes/${EXAMPLE_ID}`,
				validation: [
					{
						type: 'regex',
						properties: {
							regex: `https?://[^/]+/.*nodes/${DOCUMENT_ID}.*`,
							errorMessage: `Not ${kind.link}: it should contain /i/nodes/<ID>`,
						},
					},
				],
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: `e.g. ${EXAMPLE_ID}`,
				validation: [
					{
						type: 'regex',
						properties: { regex: DOCUMENT_ID, errorMessage: `Not ${kind.id}` },
					},
				],
			},
		],
	};
}

/** The person (操作人) the document is read or edited as, by userId or unionId. */
export function documentOperatorFields(document: string): INodeProperties[] {
	return [
		{
			displayName: 'Operator ID',
			name: 'operatorId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. manager4220',
			description: `The person the ${document} is read or edited as (操作人): they need access to it`,
		},
		{
			displayName: 'Operator ID Type',
			name: 'operatorIdType',
			type: 'options',
			default: 'userId',
			options: [
				{
					name: 'User ID',
					value: 'userId',
					description: 'A userId (用户ID); converted to a unionId once per execution',
				},
				{ name: 'Union ID', value: 'unionId' },
			],
		},
	];
}
