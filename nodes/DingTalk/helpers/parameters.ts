import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parameterError } from './items';

/** Whether a raw parameter value contains an n8n expression (then it may differ per item). */
function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (value && typeof value === 'object') return JSON.stringify(value).includes('"=');
	return false;
}

/**
 * `={{ $json.a.b }}` / `={{ $json["a"] }}`: an expression that only reads a field of the item.
 * Returns the path, or undefined for anything else.
 */
export function jsonPathOf(raw: unknown): string[] | undefined {
	if (typeof raw !== 'string') return undefined;
	const match = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[\s*(?:"[^"\\]*"|'[^'\\]*')\s*\])+)\s*\}\}$/.exec(raw);
	if (!match) return undefined;
	const path: string[] = [];
	const segment = /\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\]/g;
	let part: RegExpExecArray | null;
	while ((part = segment.exec(match[1])) !== null) path.push(part[1] ?? part[2] ?? part[3]);
	return path;
}

function readPath(json: IDataObject, path: string[]): unknown {
	let value: unknown = json;
	for (const key of path) {
		if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

type Reader = <T>(name: string, itemIndex: number, fallback: T) => T;

const readers = new WeakMap<object, Reader>();

/**
 * getNodeParameter for operations that read the same parameters for thousands of items:
 * - a parameter without an expression has the same value for every item: read once;
 * - a parameter that is only `{{ $json.field }}` is read from the item directly, without a
 *   round through n8n's expression sandbox (the same value, a fraction of the time);
 * - anything else is evaluated per item by n8n as usual.
 */
export function parameterReader(context: IExecuteFunctions): Reader {
	let reader = readers.get(context);
	if (!reader) {
		const constant = new Map<string, unknown>();
		const paths = new Map<string, string[] | undefined>();
		const raw = context.getNode().parameters;
		const items = context.getInputData();
		reader = <T>(name: string, itemIndex: number, fallback: T): T => {
			if (constant.has(name)) return constant.get(name) as T;
			const rawValue = name.includes('.') ? undefined : raw[name];
			if (!paths.has(name)) paths.set(name, jsonPathOf(rawValue));
			const path = paths.get(name);
			if (path && items[itemIndex]) {
				const value = readPath(items[itemIndex].json, path);
				return (value === undefined ? fallback : asText(context, name, itemIndex, value)) as T;
			}
			const value = context.getNodeParameter(name, itemIndex, fallback as never) as T;
			if (!hasExpression(raw[name.split('.')[0]])) constant.set(name, value);
			return value;
		};
		readers.set(context, reader);
	}
	return reader;
}

/** Text parameters that also take a list: an array from an expression is what the user means there. */
const LIST_PARAMETERS = new Set(['userIds', 'deptIds', 'processQueryKeys']);

interface TextParameters {
	/** Top-level text parameters of the current resource and operation → display name. */
	names: Map<string, string>;
}

const textParameters = new WeakMap<object, TextParameters>();

function shownFor(property: INodeProperties, resource: string, operation: string): boolean {
	const show = property.displayOptions?.show;
	if (!show) return true;
	const matches = (key: string, value: string) => !Array.isArray(show[key]) || (show[key] as unknown[]).includes(value);
	return matches('resource', resource) && matches('operation', operation);
}

/**
 * A value mapped into a text parameter: numbers and booleans become their text, null and
 * undefined an empty text; an object or an array is refused with a parameter error (it would
 * otherwise reach DingTalk as "[object Object]", or crash on .trim()).
 */
function asText(context: IExecuteFunctions, name: string, itemIndex: number, value: unknown): unknown {
	const displayName = textParameters.get(context)?.names.get(name);
	if (displayName === undefined || typeof value === 'string') return value;
	if (value === null || value === undefined) return '';
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
	const kind = Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
	throw parameterError(
		context,
		itemIndex,
		displayName,
		`Expected text but got ${kind}`,
		'Map a field that holds text (e.g. {{ $json.order.title }}), or turn the value into text yourself, e.g. {{ JSON.stringify($json.order) }}.',
	);
}

/**
 * Makes every text parameter an operation reads from `context` (directly or through
 * parameterReader) text: numbers and booleans as their text, objects and arrays refused with a
 * parameter error. The one place where mapped values meet the operations, so no operation has to
 * guard its own .trim(). Wraps getNodeParameter on this execution's context itself (not a copy),
 * so state kept per context stays shared.
 */
export function withTextParameters(context: IExecuteFunctions, properties: INodeProperties[]): IExecuteFunctions {
	if (textParameters.has(context)) return context;
	const resource = String(context.getNodeParameter('resource', 0, ''));
	const operation = String(context.getNodeParameter('operation', 0, ''));
	const names = new Map<string, string>();
	for (const property of properties) {
		if (property.type !== 'string' || LIST_PARAMETERS.has(property.name) || !shownFor(property, resource, operation)) continue;
		names.set(property.name, property.displayName);
	}
	const read = context.getNodeParameter.bind(context) as (name: string, itemIndex: number, fallback?: unknown, options?: IDataObject) => unknown;
	const getNodeParameter = (name: string, itemIndex: number, fallback?: unknown, options?: IDataObject) =>
		asText(context, name, itemIndex, read(name, itemIndex, fallback, options));
	Object.defineProperty(context, 'getNodeParameter', { value: getNodeParameter, enumerable: false, configurable: true, writable: true });
	textParameters.set(context, { names });
	return context;
}
