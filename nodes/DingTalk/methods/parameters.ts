/** The panel's parameters as the list searches read them (fixed values only, never expressions). */
import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { locatorOf } from '../helpers/lookups/locators';

/** A parameter's value as the editor holds it, when it is fixed text (not an expression). */
export function fixedText(
	context: ILoadOptionsFunctions,
	name: string,
): { mode: string; text: string } {
	const { mode, value } = locatorOf(context.getCurrentNodeParameter(name));
	const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	return { mode, text: text.startsWith('=') ? '' : text };
}
