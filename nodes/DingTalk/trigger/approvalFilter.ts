/**
 * The approval filters both triggers offer: only some templates (process codes), only some
 * results. They apply to approval events only; other events pass.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { APPROVAL_EVENT_TYPES } from './normalize';

export interface ApprovalFilter {
	processCodes: string[];
	results: string[];
	/** Whose result Results match: the event's own (default) or the added instance's. */
	resultOf?: 'event' | 'instance';
}

export function approvalFilterProperty(
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties {
	return {
		displayName: 'Approval Filters',
		name: 'approvalFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'For approval events (bpms_instance_change, bpms_task_change) only',
		...(displayOptions ? { displayOptions } : {}),
		options: [
			{
				displayName: 'Match Result Of',
				name: 'resultOf',
				type: 'options',
				default: 'event',
				options: [
					{
						name: 'The Event',
						value: 'event',
						description: "The event's own result (a task event: the task's)",
					},
					{
						name: 'The Instance',
						value: 'instance',
						description:
							"The instance's result as read with Include Instance Details (none while it runs)",
					},
				],
			},
			{
				displayName: 'Template Process Codes',
				name: 'processCodes',
				type: 'string',
				default: '',
				placeholder: 'e.g. PROC-EF6YJL35, PROC-1234',
				description: 'Only approvals of these templates, comma-separated',
			},
			{
				displayName: 'Results',
				name: 'results',
				type: 'multiOptions',
				default: [],
				description:
					'Only events with one of these results (see Match Result Of). Empty: any, including none yet.',
				options: [
					{ name: 'Agreed (同意)', value: 'agree' },
					{ name: 'Redirected (转交)', value: 'redirect' },
					{ name: 'Refused (拒绝)', value: 'refuse' },
					{ name: 'Terminated (撤销)', value: 'terminated' },
				],
			},
		],
	};
}

export function readApprovalFilter(raw: unknown): ApprovalFilter {
	const value = (raw && typeof raw === 'object' ? raw : {}) as IDataObject;
	return {
		processCodes: String(value.processCodes ?? '')
			.split(/[\s,]+/)
			.filter(Boolean),
		results: Array.isArray(value.results) ? value.results.map(String) : [],
		resultOf: value.resultOf === 'instance' ? 'instance' : 'event',
	};
}

/**
 * Whether a normalised event is of a template the filter takes (non-approval events always are):
 * checked before the instance is read, so events of other templates cost no call.
 */
export function templateAccepted(item: IDataObject, filter: ApprovalFilter): boolean {
	if (!APPROVAL_EVENT_TYPES.includes(String(item.eventType))) return true;
	return !filter.processCodes.length || filter.processCodes.includes(String(item.processCode));
}

/** The result of the instance added to an event (approvalInstance.ts), `terminated` for a revoked one. */
function instanceResult(item: IDataObject): string | null {
	const instance = item.instance;
	if (!instance || typeof instance !== 'object') return null;
	const { status, result } = instance as IDataObject;
	if (status === 'TERMINATED') return 'terminated';
	return typeof result === 'string' && result ? result : null;
}

/**
 * Whether a normalised event passes the filter (non-approval events always do). Results match
 * the event's own result, or with Match Result Of: The Instance the result of the instance added
 * to it (none without Include Instance Details; a failed read lets the event through, with its
 * instanceError, rather than drop it).
 */
export function approvalAccepted(item: IDataObject, filter: ApprovalFilter): boolean {
	if (!APPROVAL_EVENT_TYPES.includes(String(item.eventType))) return true;
	if (!templateAccepted(item, filter)) return false;
	if (!filter.results.length) return true;
	// The instance could not be read: its result is unknown, and the event is not lost for it.
	if (filter.resultOf === 'instance' && item.instanceError) return true;
	const result = filter.resultOf === 'instance' ? instanceResult(item) : item.result;
	return filter.results.includes(String(result));
}

/** What can be decided before the instance is read: everything unless results match the instance's. */
export function acceptedBeforeInstance(item: IDataObject, filter: ApprovalFilter): boolean {
	return filter.resultOf === 'instance'
		? templateAccepted(item, filter)
		: approvalAccepted(item, filter);
}
