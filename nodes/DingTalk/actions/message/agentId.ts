import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { parameterError } from '../../helpers/execution/items';

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
