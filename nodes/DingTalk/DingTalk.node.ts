import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operationSubtitle, properties } from './actions/resources';
import { getApprovalFormFields } from './methods/approvalForm';
import {
	getAiTableColumns,
	getAiTableColumnsWithRecordId,
	getAiTableFields,
	searchAiTableSheets,
} from './methods/aiTable';
import { getWorkbookColumns, searchWorkbookSheets } from './methods/workbook';
import { router } from './actions/router';
import { SEND_AND_WAIT_WEBHOOKS, sendAndWaitWebhook } from './actions/message/sendAndWait.webhook';
import { listSearch } from './methods';

export class DingTalk implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DingTalk',
		name: 'dingTalk',
		icon: { light: 'file:dingtalk.svg', dark: 'file:dingtalk.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: operationSubtitle(),
		description:
			"DingTalk (钉钉) app: send messages, cards and files, run approvals, to-dos and calendars, look up users, or post through a group's custom robot",
		defaults: { name: 'DingTalk' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'dingTalkApi',
				required: true,
				displayOptions: { hide: { resource: ['customRobot'] } },
			},
			{
				name: 'dingTalkCustomRobotApi',
				required: true,
				displayOptions: { show: { resource: ['customRobot'] } },
			},
		],
		webhooks: SEND_AND_WAIT_WEBHOOKS,
		waitingNodeTooltip:
			'={{ $parameter.operation === "sendAndWait" ? "Execution will continue after someone answers in DingTalk" : "" }}',
		properties,
	};

	methods = {
		listSearch: { ...listSearch, searchAiTableSheets, searchWorkbookSheets },
		loadOptions: { getAiTableFields },
		resourceMapping: {
			getApprovalFormFields,
			getAiTableColumns,
			getAiTableColumnsWithRecordId,
			getWorkbookColumns,
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await sendAndWaitWebhook.call(this);
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
