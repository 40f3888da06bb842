/**
 * Approval events with the instance's fields: both triggers read the instance an approval event
 * names (GET /v1.0/workflow/processInstances,
 * https://open.dingtalk.com/document/orgapp/obtains-the-details-of-a-single-approval-instance-pop)
 * and add it, normalised as Approval → Get returns it, under `instance`. A failed read never drops
 * the event: it is emitted with `instance: null` and the error under `instanceError`.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { fetchInstance, normalizeInstance } from '../helpers/approval/instance';
import type { ApiSession } from '../transport';
import { acceptedBeforeInstance, approvalAccepted, type ApprovalFilter } from './approvalFilter';

/**
 * Per-attempt time limit of the read. The HTTP trigger has answered DingTalk before it reads; the
 * Stream trigger (Acknowledge: After the Workflow Accepted It) acknowledges after it, well within
 * the ~60 s after which DingTalk re-pushes an unacknowledged message.
 */
export const INSTANCE_TIMEOUT_MS = 5000;

export function includeInstanceProperty(
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties {
	return {
		displayName: 'Include Instance Details',
		name: 'includeInstance',
		type: 'boolean',
		default: true,
		description:
			'Whether approval events also carry the instance\'s current fields under "instance" (status, result, current approvers, form values by name, originator…), read from DingTalk. Needs the Workflow.Instance.Read permission; a failed read still emits the event, with "instanceError".',
		...(displayOptions ? { displayOptions } : {}),
	};
}

/** The approval event with `instance` (normalised) added, or `instance: null` and `instanceError`. */
export async function withInstance(api: ApiSession, event: IDataObject): Promise<IDataObject> {
	const instanceId = typeof event.instanceId === 'string' ? event.instanceId : '';
	if (!instanceId) {
		return {
			...event,
			instance: null,
			instanceError: { message: 'The event names no approval instance (processInstanceId)' },
		};
	}
	try {
		const instance = await fetchInstance(api, instanceId, { timeout: INSTANCE_TIMEOUT_MS });
		return { ...event, instance: normalizeInstance(instanceId, instance) };
	} catch (error) {
		// The transport's errors carry no secrets (transport/redact.ts); the description names a
		// missing permission.
		const { message, description } = error as { message?: string; description?: unknown };
		return {
			...event,
			instance: null,
			instanceError: {
				message: String(message ?? error),
				...(typeof description === 'string' && description ? { description } : {}),
			},
		};
	}
}

/**
 * A normalised approval event as both triggers emit it, or undefined when the filter drops it:
 * what the filter can decide before the instance is read is decided first (no read for a dropped
 * event), then, with `api` (Include Instance Details), the instance is added and the rest decided.
 */
export async function approvalItem(
	event: IDataObject,
	filter: ApprovalFilter,
	api?: ApiSession,
): Promise<IDataObject | undefined> {
	if (!acceptedBeforeInstance(event, filter)) return undefined;
	const item = api ? await withInstance(api, event) : event;
	return approvalAccepted(item, filter) ? item : undefined;
}
