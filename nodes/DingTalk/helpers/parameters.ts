import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

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
				return (value === undefined ? fallback : value) as T;
			}
			const value = context.getNodeParameter(name, itemIndex, fallback as never) as T;
			if (!hasExpression(raw[name.split('.')[0]])) constant.set(name, value);
			return value;
		};
		readers.set(context, reader);
	}
	return reader;
}
