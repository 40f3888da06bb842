/**
 * An approval instance (OA 审批, workflow_1_0): read from DingTalk and normalised. The approval
 * resource and both triggers (which add it to approval events) share it.
 * https://open.dingtalk.com/document/orgapp/obtains-the-details-of-a-single-approval-instance-pop
 */
import type { IDataObject } from 'n8n-workflow';

import { type ApiSession, dingTalkApiRequest } from '../../transport';

export interface FetchInstanceOptions {
	/** Item the call belongs to, for error messages. */
	itemIndex?: number;
	/** Per-attempt timeout in ms (the transport's default otherwise). */
	timeout?: number;
}

/** The instance as DingTalk returns it (`result`). */
export async function fetchInstance(
	api: ApiSession,
	instanceId: string,
	{ itemIndex, timeout }: FetchInstanceOptions = {},
): Promise<IDataObject> {
	const answer = await dingTalkApiRequest<{ result?: IDataObject }>(api, {
		api: 'new',
		method: 'GET',
		path: '/v1.0/workflow/processInstances',
		qs: { processInstanceId: instanceId },
		itemIndex,
		timeout,
		idempotent: true,
	});
	return answer.result ?? {};
}

export const tasksOf = (instance: IDataObject): IDataObject[] =>
	Array.isArray(instance.tasks) ? (instance.tasks as IDataObject[]) : [];

/** A form value as workflows want it: JSON arrays and objects (tables, attachments) parsed. */
function formValue(value: unknown): unknown {
	if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return value ?? null;
	try {
		return JSON.parse(value) as unknown;
	} catch {
		return value;
	}
}

/** The instance normalised: status, result, current approvers, form values by name; DingTalk's lists kept. */
export function normalizeInstance(instanceId: string, instance: IDataObject): IDataObject {
	const running = tasksOf(instance).filter((t) => t.status === 'RUNNING');
	const values = Array.isArray(instance.formComponentValues)
		? (instance.formComponentValues as IDataObject[])
		: [];
	const form: IDataObject = {};
	for (const field of values) {
		const name = String(field.name ?? field.id ?? '');
		if (name) form[name] = formValue(field.value) as IDataObject;
	}
	const attachments: IDataObject[] = [];
	for (const field of values) {
		if (field.componentType !== 'DDAttachment') continue;
		const files = formValue(field.value);
		if (Array.isArray(files))
			for (const file of files as IDataObject[])
				attachments.push({ field: field.name ?? null, ...file });
	}
	return {
		instanceId,
		title: instance.title ?? null,
		status: instance.status ?? null,
		result: instance.result || null,
		businessId: instance.businessId ?? null,
		originatorUserId: instance.originatorUserId ?? null,
		originatorDeptId: instance.originatorDeptId ?? null,
		createdAt: instance.createTime || null,
		finishedAt: instance.finishTime || null,
		currentApproverUserIds: [...new Set(running.map((t) => String(t.userId)))],
		currentTasks: running.map((t) => ({
			taskId: String(t.taskId),
			userId: t.userId ?? null,
			activityId: t.activityId ?? null,
		})),
		form,
		attachments,
		ccUserIds: instance.ccUserIds ?? [],
		formComponentValues: values,
		tasks: tasksOf(instance),
		operationRecords: instance.operationRecords ?? [],
	};
}
