/**
 * Every place where the DingTalk node relies on how n8n's engine behaves beyond what its node API
 * promises. Each is small, says what it relies on, and names the test that fails if n8n changes it.
 * Nothing else in the package reaches into the engine's objects.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	ResourceMapperField,
} from 'n8n-workflow';
import { deepCopy } from 'n8n-workflow';

import { jsonPathOf } from './parameters';

/** A parameter read: `getNodeParameter(name, itemIndex, fallback)`, possibly faster. */
export type ParameterReader = <T>(name: string, itemIndex: number, fallback: T) => T;

/** Whether a raw parameter value contains an n8n expression (then it may differ per item). */
function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (value && typeof value === 'object') return JSON.stringify(value).includes('"=');
	return false;
}

function readPath(json: IDataObject, path: string[]): unknown {
	let value: unknown = json;
	for (const key of path) {
		if (
			value === null ||
			typeof value !== 'object' ||
			!Object.prototype.hasOwnProperty.call(value, key)
		)
			return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

/**
 * getNodeParameter for operations that read the same parameters for thousands of items:
 * - a parameter without an expression has the same value for every item: read once;
 * - a parameter that is only `{{ $json.field }}` is read from the item directly, without a
 *   round through n8n's expression sandbox (the same value, a fraction of the time);
 * - anything else is evaluated per item by n8n as usual.
 *
 * Relies on: `getNode().parameters` holding the raw values (expressions as `=…` strings), and
 * `{{ $json.a.b }}` evaluating to `getInputData()[i].json.a.b` for the item being processed.
 * Guarded by test/engine/message/sendToUsers.test.ts ("accepts a JSON array string, an array from
 * an expression …") and test/engine/badInput.test.ts (values mapped per item). In a real n8n,
 * test/e2e/sendToUsers.e2e.test.js and allTypes.e2e.test.js read their parameters through it; no
 * e2e test maps a bare `{{ $json.field }}` into a field read this way.
 */
export function shortcutParameterReader(
	context: IExecuteFunctions,
	asText: (name: string, itemIndex: number, value: unknown) => unknown,
): ParameterReader {
	const constant = new Map<string, unknown>();
	const paths = new Map<string, string[] | undefined>();
	const raw = context.getNode().parameters;
	const items = context.getInputData();
	return <T>(name: string, itemIndex: number, fallback: T): T => {
		if (constant.has(name)) return constant.get(name) as T;
		const rawValue = name.includes('.') ? undefined : raw[name];
		if (!paths.has(name)) paths.set(name, jsonPathOf(rawValue));
		const path = paths.get(name);
		if (path && items[itemIndex]) {
			const value = readPath(items[itemIndex].json, path);
			return (value === undefined ? fallback : asText(name, itemIndex, value)) as T;
		}
		const value = context.getNodeParameter(name, itemIndex, fallback as never) as T;
		if (!hasExpression(readPath(raw, name.split('.')))) constant.set(name, value);
		return value;
	};
}

/**
 * Whether n8n's check of a resource mapper value against the column's type (strict off, strings
 * not parsed: what the node's resource mappers set) returns `value` unchanged: text, a finite
 * number, a boolean or one of the column's options, and no type n8n would convert it to.
 */
function keptByMapperCheck(value: unknown, column: ResourceMapperField | undefined): boolean {
	const kind = typeof value;
	if (kind === 'number' ? Number.isNaN(value) : kind !== 'string' && kind !== 'boolean')
		return false;
	switch (column?.type) {
		case undefined:
		case 'string':
			return true;
		case 'number':
		case 'boolean':
			return kind === column.type;
		case 'options':
			return (column.options ?? []).some((option) => option.value === value);
		default:
			return false;
	}
}

/**
 * The `value` of resource mapper parameter `name` per item, for thousands of items: n8n
 * evaluates each mapped column in its expression sandbox (about 0.3 ms a column in n8n 2.41). A
 * column whose value is a bare `{{ $json.field }}` is read from the item instead, and a column
 * without an expression takes the value n8n gave it for the first item. An item falls back to
 * n8n's own evaluation when any other expression is mapped, or when n8n's type check would
 * change or refuse a value read (a text into a number or date column, an unknown option, an
 * object, a missing field): the values are n8n's either way.
 *
 * Relies on: what `shortcutParameterReader` relies on, plus n8n checking `<name>.value` against the
 * parameter's `schema` with strict off and strings not parsed (validateValueAgainstSchema in
 * n8n-core). Guarded by test/engine/aiTable/mapperValues.test.ts (typed columns read both ways
 * give the same records); in a real n8n, test/e2e/aiTable.e2e.test.js maps typed columns through it.
 */
export function shortcutMapperValues(
	context: IExecuteFunctions,
	name: string,
): (itemIndex: number) => IDataObject {
	const raw = (context.getNode().parameters[name] ?? {}) as IDataObject;
	const mapped = (raw.value ?? {}) as IDataObject;
	const schema = new Map(((raw.schema ?? []) as ResourceMapperField[]).map((f) => [f.id, f]));
	const items = context.getInputData();
	const keys = Object.keys(mapped);
	const paths = new Map(keys.map((key) => [key, jsonPathOf(mapped[key])]));
	const fixed = keys.filter((key) => !hasExpression(mapped[key]));
	const shortcut = keys.every((key) => paths.get(key) || fixed.includes(key));
	let constants: IDataObject | undefined;
	const evaluate = (itemIndex: number): IDataObject => {
		const values =
			(context.getNodeParameter(`${name}.value`, itemIndex, {}) as IDataObject | null) ?? {};
		constants ??= Object.fromEntries(fixed.map((key) => [key, values[key]]));
		return { ...values };
	};
	return (itemIndex) => {
		const json = items[itemIndex]?.json;
		if (!shortcut || !constants || !json) return evaluate(itemIndex);
		const values: IDataObject = {};
		for (const key of keys) {
			const path = paths.get(key);
			if (!path) {
				values[key] = deepCopy(constants[key]);
				continue;
			}
			const value = readPath(json, path);
			if (!keptByMapperCheck(value, schema.get(key))) return evaluate(itemIndex);
			values[key] = value as IDataObject[string];
		}
		return values;
	};
}

/**
 * Passes every value getNodeParameter returns through `transform`, by replacing the method on this
 * execution's context object itself (not a copy), so whatever the operations hand the context to
 * sees the same reads.
 *
 * Relies on: the execute context being a plain object whose `getNodeParameter` may be redefined,
 * and n8n not reading parameters through it on the node's behalf after `execute` returns.
 * Guarded by test/engine/badInput.test.ts (numbers mapped into text become text, objects a
 * parameter error). Every e2e test reads its parameters through the replacement; none maps a
 * non-text value into a text parameter.
 */
export function transformNodeParameters(
	context: IExecuteFunctions,
	transform: (name: string, itemIndex: number, value: unknown) => unknown,
): void {
	const read = context.getNodeParameter.bind(context) as (
		name: string,
		itemIndex: number,
		fallback?: unknown,
		options?: IDataObject,
	) => unknown;
	const getNodeParameter = (
		name: string,
		itemIndex: number,
		fallback?: unknown,
		options?: IDataObject,
	) => transform(name, itemIndex, read(name, itemIndex, fallback, options));
	Object.defineProperty(context, 'getNodeParameter', {
		value: getNodeParameter,
		enumerable: false,
		configurable: true,
		writable: true,
	});
}

/**
 * Makes `item` what n8n outputs when a wait put in place by this node times out. n8n resumes a
 * timed-out wait by passing the waiting node's input through; the node therefore replaces that
 * input in its own stack entry (the previous node's output is not touched).
 *
 * Relies on: `getExecuteData()` returning the engine's live stack entry, whose `data.main` n8n
 * outputs when `waitTill` passes without a resume. Guarded by test/engine/message/sendAndWait.test.ts
 * ("a time limit sets waitTill and leaves the timeout result …") and
 * test/e2e/humanInTheLoop.e2e.test.js ("resumes with the timeout result when nobody answers …").
 */
export function setWaitTimeoutOutput(context: IExecuteFunctions, item: INodeExecutionData): void {
	const entry = context.getExecuteData();
	entry.data = { ...entry.data, main: [[item]] };
}

/**
 * Outlives a run BY NATURE, so it is module-level: what earlier tries of one node run delivered.
 * n8n's Retry On Fail runs the node again with a new execute context but the very same stack
 * entry, so the ledger is keyed by that entry; a new run of the node (next execution, next loop
 * iteration) gets a new entry and starts empty, and the ledger is dropped with its entry.
 */
const retryOnFailLedgers = new WeakMap<object, Map<string, unknown>>();

/**
 * The Retry On Fail ledger of the node run `context` belongs to.
 *
 * Relies on: `getExecuteData()` returning the same object for every try of one node run, and a
 * new object for every other run. Guarded by test/faults/sends.faults.ts, "with n8n's Retry On
 * Fail (3 tries)" (WorkflowExecute re-running the node: nothing is sent twice); no e2e test
 * covers it.
 */
export function retryOnFailLedger<T>(context: IExecuteFunctions): Map<string, T> {
	const entry = context.getExecuteData() as object;
	let ledger = retryOnFailLedgers.get(entry);
	if (!ledger) {
		ledger = new Map();
		retryOnFailLedgers.set(entry, ledger);
	}
	return ledger as Map<string, T>;
}
