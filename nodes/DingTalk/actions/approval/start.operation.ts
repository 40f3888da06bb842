import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameterError, runPerItem } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { dingTalkApiRequest } from '../../transport';
import { mappedForm, valueText } from './form';
import { userIdList } from '../../helpers/lookups/userLists';
import { approvalTemplateLocator, userLocator, usersPickerField } from '../locators.description';
import { requiredTemplate } from './instance';
import { requiredUserId } from '../../helpers/lookups/locators';

const properties: INodeProperties[] = [
	// The originator first: the template list shows the templates they can see.
	userLocator({
		displayName: 'Originator User ID',
		name: 'originatorUserId',
		description: 'The member (成员) who submits the approval (发起人)',
	}),
	approvalTemplateLocator({
		displayName: 'Template Process Code',
		description:
			"The approval template (审批模板): one the originator can see, or its processCode (in the template's edit URL, or from Get Templates)",
	}),
	{
		displayName: 'Form',
		name: 'form',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		description: "The template's fields, loaded from its form schema",
		typeOptions: {
			loadOptionsDependsOn: ['processCode.value'],
			resourceMapper: {
				resourceMapperMethod: 'getApprovalFormFields',
				mode: 'add',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
	},
	{
		displayName: 'Form Values',
		name: 'formValues',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Form Value',
		default: {},
		description:
			"Fields by their label (控件名称), in addition to Form (these win). Numbers and dates as text (2026-12-31); a select's option text; attachments, tables (明细) and multi-selects as JSON.",
		options: [
			{
				displayName: 'Value',
				name: 'values',
				values: [
					{
						displayName: 'Field Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. Reason',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
					},
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
				displayName: 'Approver User IDs',
				name: 'approverUserIds',
				type: 'string',
				default: '',
				description:
					"Approve one after another, in this order, instead of the template's approvers: userIds separated by commas",
			},
			usersPickerField({
				displayName: 'Approvers',
				name: 'approverUserList',
				description:
					'Approvers picked from the list, by mobile or by userId; after Approver User IDs',
			}),
			{
				displayName: 'CC Position',
				name: 'ccPosition',
				type: 'options',
				options: [
					{ name: 'At Start', value: 'START' },
					{ name: 'At End', value: 'FINISH' },
					{ name: 'At Start and End', value: 'START_FINISH' },
				],
				default: 'START',
			},
			{
				displayName: 'CC User IDs',
				name: 'ccUserIds',
				type: 'string',
				default: '',
				description: 'Who is copied (抄送人): userIds separated by commas',
			},
			usersPickerField({
				displayName: 'CC Users',
				name: 'ccUserList',
				description:
					'Who is copied, picked from the list, by mobile or by userId; added to CC User IDs',
			}),
			{
				displayName: 'Department ID',
				name: 'deptId',
				type: 'number',
				default: -1,
				description:
					"The originator's department the approval is submitted for; -1 is the root department",
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['approval'], operation: ['start'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const processCode = requiredTemplate(this, i, 'Template Process Code');
		const originatorUserId = await requiredUserId(
			this,
			run,
			i,
			'originatorUserId',
			'Originator User ID',
			'Pick the member who submits it, or enter their userId.',
		);
		const entries = ((this.getNodeParameter('formValues', i, {}) as IDataObject).values ??
			[]) as IDataObject[];
		const pairs = entries.map((entry, position) => {
			const name = String(entry.name ?? '').trim();
			if (!name)
				throw parameterError(
					this,
					i,
					'Form Values',
					`Form value ${position + 1} has no field name`,
					"Enter the field's label as the template shows it.",
				);
			return { name, value: valueText(entry.value) };
		});
		const named = new Set(pairs.map((pair) => pair.name));
		const formComponentValues = [
			...mappedForm(
				(this.getNodeParameter('form', i, null) as IDataObject | null) ?? undefined,
			).filter((pair) => !named.has(pair.name)),
			...pairs,
		];
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const approvers = await userIdList(this, run, i, {
			text: options.approverUserIds,
			textName: 'Approver User IDs',
			picked: options.approverUserList,
			pickedName: 'Approvers',
		});
		const cc = await userIdList(this, run, i, {
			text: options.ccUserIds,
			textName: 'CC User IDs',
			picked: options.ccUserList,
			pickedName: 'CC Users',
		});
		const body: IDataObject = {
			processCode,
			originatorUserId,
			formComponentValues,
			...(options.deptId !== undefined ? { deptId: Number(options.deptId) } : {}),
			...(approvers.length
				? { approvers: approvers.map((userId) => ({ actionType: 'NONE', userIds: [userId] })) }
				: {}),
			...(cc.length ? { ccList: cc, ccPosition: String(options.ccPosition ?? 'START') } : {}),
		};
		// https://open.dingtalk.com/document/orgapp/create-an-approval-instance
		const answer = await dingTalkApiRequest<{ instanceId?: string }>(run.api, {
			api: 'new',
			method: 'POST',
			path: '/v1.0/workflow/processInstances',
			body,
			itemIndex: i,
		});
		return { instanceId: answer.instanceId ?? null, processCode, originatorUserId };
	});
}
