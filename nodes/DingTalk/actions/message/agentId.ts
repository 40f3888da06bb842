import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { forEachEntry, parameterError } from '../../helpers/execution/items';

/** The AgentId for work-notification calls: Options → AgentId, else the credential's. */
export function agentIdOf(
	context: IExecuteFunctions,
	itemIndex: number,
	credentials: ICredentialDataDecryptedObject,
	options: IDataObject,
): string {
	const agentId = String(options.agentId || credentials.agentId || '').trim();
	if (!/^\d+$/.test(agentId)) {
		throw parameterError(
			context,
			itemIndex,
			'AgentId',
			agentId ? `AgentId "${agentId}" is not a number` : 'No AgentId set',
			'Copy the AgentId from the developer console → your app → Credentials & Basic Info into the credential (or Options → AgentId). It is not the Client ID.',
		);
	}
	return agentId;
}

/**
 * The task IDs of a work notification send, as the user gives them: one, a list (commas, spaces,
 * new lines, or a JSON array as text) or an array from an expression, such as Send Work
 * Notification's taskIds (one task per 100 users). Task IDs are int64: text keeps every digit, so
 * a JSON array is split rather than parsed, and a number above 2^53 (digits already lost) is refused.
 */
export function taskIdsOf(context: IExecuteFunctions, itemIndex: number, value: unknown): string[] {
	const entries = Array.isArray(value)
		? value
		: String(value ?? '')
				.replace(/^\s*\[|\]\s*$/g, '')
				.split(/[\s,;，；、]+/);
	const ids: string[] = [];
	for (const entry of entries) {
		if (typeof entry === 'number' && !Number.isSafeInteger(entry)) {
			throw parameterError(
				context,
				itemIndex,
				'Task ID',
				`Task ID ${entry} is a number too large to be exact`,
				'Map the taskIds output of Send Work Notification (text keeps every digit).',
			);
		}
		const text = String(entry ?? '')
			.trim()
			.replace(/^["']|["']$/g, '');
		if (text && !ids.includes(text)) ids.push(taskIdOf(context, itemIndex, text));
	}
	if (ids.length === 0) taskIdOf(context, itemIndex, '');
	return ids;
}

/** Runs `fn` for each task ID; a failure names its task (see forEachEntry). */
export async function forEachTask(
	context: IExecuteFunctions,
	taskIds: string[],
	fn: (taskId: string) => Promise<IDataObject>,
): Promise<IDataObject[]> {
	return await forEachEntry(context, taskIds, { field: 'taskId', label: 'task' }, fn);
}

/** A DingTalk task id (work notifications) given by the user. */
export function taskIdOf(context: IExecuteFunctions, itemIndex: number, value: unknown): string {
	const taskId = String(value ?? '').trim();
	if (!/^\d+$/.test(taskId)) {
		throw parameterError(
			context,
			itemIndex,
			'Task ID',
			taskId ? `Task ID "${taskId}" is not a number` : 'No task ID given',
			'Map the taskId output of Send Work Notification.',
		);
	}
	return taskId;
}
