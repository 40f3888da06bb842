/** The panel's parameters as the list searches read them (fixed values only, never expressions). */
import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { locatorOf } from '../helpers/lookups/locators';
import { editorLookups } from '../helpers/lookups/lookups';
import { unionIdOf } from '../helpers/lookups/users';
import type { ApiSession } from '../transport';

/** A parameter's value as the editor holds it, when it is fixed text (not an expression). */
export function fixedText(
	context: ILoadOptionsFunctions,
	name: string,
): { mode: string; text: string } {
	const { mode, value } = locatorOf(context.getCurrentNodeParameter(name));
	const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	return { mode, text: text.startsWith('=') ? '' : text };
}

/**
 * The operator (Operator ID + Operator ID Type) of a document picker (AI Table, Sheets) as a
 * unionId, and the session to ask DingTalk with; `document` says what they must be able to open.
 */
export async function editorOperator(
	context: ILoadOptionsFunctions,
	document: string,
): Promise<{ api: ApiSession; operatorId: string }> {
	const id = String(context.getNodeParameter('operatorId', '')).trim();
	if (!id)
		throw new NodeOperationError(context.getNode(), 'Enter the Operator ID first', {
			description: `DingTalk shows ${document} only to a person who can open it.`,
		});
	const run = editorLookups(context);
	const operatorId =
		context.getNodeParameter('operatorIdType', 'userId') === 'unionId'
			? id
			: await unionIdOf(run, 0, id);
	return { api: run.api, operatorId };
}
