/**
 * What the approval (OA 审批, workflow_1_0) operations share: the instance ID and user fields
 * and finding a user's open task (reading and normalising an instance is in helpers/approval).
 * https://open.dingtalk.com/document/orgapp/obtains-the-details-of-a-single-approval-instance-pop
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fetchInstance, tasksOf } from '../../helpers/approval/instance';
import { parameterError } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { locatorText } from '../../helpers/lookups/locators';
import { approvalTemplateLocator, userLocator } from '../locators.description';

const show = (operations: string[]) => ({
	show: { resource: ['approval'], operation: operations },
});

export function instanceIdField(operations: string[]): INodeProperties {
	return {
		displayName: 'Instance ID',
		name: 'instanceId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. a8008a5c-9516-4b9b-a61c-975e49b7e34e',
		description: 'The approval instance (审批实例ID), as Start or an approval event gives it',
		displayOptions: show(operations),
	};
}

/** A user: a user locator under its old name (plain text in older workflows = the ID mode). */
export function userField(
	name: string,
	displayName: string,
	operations: string[],
	description: string,
	required = true,
): INodeProperties {
	return userLocator({
		displayName,
		name,
		required,
		description,
		displayOptions: show(operations),
	});
}

/** The approval template: picked from the templates a user sees, or its processCode. */
export function templateField(
	operations: string[],
	extra: Partial<INodeProperties> = {},
): INodeProperties {
	return approvalTemplateLocator({ displayOptions: show(operations), ...extra });
}

export function taskIdField(operations: string[]): INodeProperties {
	return {
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 70000001',
		description:
			"The approval task (任务ID). Leave empty to act on the user's open task in the instance.",
		displayOptions: show(operations),
	};
}

/** The template's processCode (a locator; plain text in older workflows is the ID mode). */
export function requiredTemplate(
	context: IExecuteFunctions,
	itemIndex: number,
	displayName = 'Template',
): string {
	const { value } = locatorText(
		context,
		itemIndex,
		context.getNodeParameter('processCode', itemIndex, ''),
		displayName,
	);
	if (!value)
		throw parameterError(
			context,
			itemIndex,
			displayName,
			'No template given',
			'Pick the approval template from the list, or enter its processCode (see Get Templates).',
		);
	return value;
}

/**
 * The task to act on: the one given, or the user's open (RUNNING) task in the instance. A
 * parameter error when the user has none, so the batch's other items go on.
 */
export async function taskToActOn(
	context: IExecuteFunctions,
	run: RunContext,
	itemIndex: number,
	instanceId: string,
	userId: string,
	userParameter: string,
): Promise<number> {
	const given = String(context.getNodeParameter('taskId', itemIndex, '') ?? '').trim();
	if (given) {
		if (!/^\d{1,19}$/.test(given))
			throw parameterError(
				context,
				itemIndex,
				'Task ID',
				`"${given}" is not a task ID`,
				'Task IDs are numbers; leave the field empty to use the open task of the user.',
			);
		return Number(given);
	}
	const instance = await fetchInstance(run.api, instanceId, { itemIndex });
	const task = tasksOf(instance).find((t) => t.status === 'RUNNING' && t.userId === userId);
	if (!task)
		throw parameterError(
			context,
			itemIndex,
			userParameter,
			`${userId} has no open task in approval ${instanceId} (status ${String(instance.status ?? 'unknown')})`,
			'Use the user whose turn it is (see currentApproverUserIds of Get), or give the Task ID.',
		);
	return Number(task.taskId);
}
