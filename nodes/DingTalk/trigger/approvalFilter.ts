/**
 * The approval filters both triggers offer: only some templates (process codes), only some
 * results. They apply to approval events only; other events pass.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { APPROVAL_EVENT_TYPES } from './normalize';

export interface ApprovalFilter {
	processCodes: string[];
	results: string[];
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
				description: 'Only events with one of these results. Empty: any, including none yet.',
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
	};
}

/** Whether a normalised event passes the filter (non-approval events always do). */
export function approvalAccepted(item: IDataObject, filter: ApprovalFilter): boolean {
	if (!APPROVAL_EVENT_TYPES.includes(String(item.eventType))) return true;
	if (filter.processCodes.length && !filter.processCodes.includes(String(item.processCode)))
		return false;
	return !filter.results.length || filter.results.includes(String(item.result));
}
