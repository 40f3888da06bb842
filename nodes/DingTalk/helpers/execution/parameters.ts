import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parameterError } from './items';

/**
 * `={{ $json.a.b }}` / `={{ $json["a"] }}`: an expression that only reads a field of the item.
 * Returns the path, or undefined for anything else.
 */
export function jsonPathOf(raw: unknown): string[] | undefined {
	if (typeof raw !== 'string') return undefined;
	const match =
		/^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[\s*(?:"[^"\\]*"|'[^'\\]*')\s*\])+)\s*\}\}$/.exec(raw);
	if (!match) return undefined;
	const path: string[] = [];
	const segment = /\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\]/g;
	let part: RegExpExecArray | null;
	while ((part = segment.exec(match[1])) !== null) path.push(part[1] ?? part[2] ?? part[3]);
	return path;
}

/** Text parameters that also take a list: an array from an expression is what the user means there. */
const LIST_PARAMETERS = new Set([
	'userIds',
	'approvers',
	'deptIds',
	'processQueryKeys',
	'processQueryKey',
	'taskId',
	'executorUserIds',
]);

function shownFor(property: INodeProperties, resource: string, operation: string): boolean {
	const show = property.displayOptions?.show;
	if (!show) return true;
	const matches = (key: string, value: string) =>
		!Array.isArray(show[key]) || (show[key] as unknown[]).includes(value);
	return matches('resource', resource) && matches('operation', operation);
}

/** Top-level text parameters of one resource and operation → display name. */
export function textParameterNames(
	properties: INodeProperties[],
	resource: string,
	operation: string,
): Map<string, string> {
	const names = new Map<string, string>();
	for (const property of properties) {
		if (
			property.type !== 'string' ||
			LIST_PARAMETERS.has(property.name) ||
			!shownFor(property, resource, operation)
		)
			continue;
		names.set(property.name, property.displayName);
	}
	return names;
}

/**
 * A value mapped into a text parameter (one of `names`): numbers and booleans become their text,
 * null and undefined an empty text; an object or an array is refused with a parameter error (it
 * would otherwise reach DingTalk as "[object Object]", or crash on .trim()). Other parameters'
 * values pass unchanged.
 */
export function asText(
	context: IExecuteFunctions,
	names: Map<string, string>,
	name: string,
	itemIndex: number,
	value: unknown,
): unknown {
	const displayName = names.get(name);
	if (displayName === undefined || typeof value === 'string') return value;
	if (value === null || value === undefined) return '';
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
		return String(value);
	const kind = Array.isArray(value)
		? 'an array'
		: typeof value === 'object'
			? 'an object'
			: `a ${typeof value}`;
	throw parameterError(
		context,
		itemIndex,
		displayName,
		`Expected text but got ${kind}`,
		'Map a field that holds text (e.g. {{ $json.order.title }}), or turn the value into text yourself, e.g. {{ JSON.stringify($json.order) }}.',
	);
}
