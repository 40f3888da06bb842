/**
 * Which AI Table (base) and sheet an item works on, and as whom: the base and sheet resource
 * locators (list, URL or ID) and the operator, read and checked per item before anything is sent.
 */
import type { INodeParameterResourceLocator } from 'n8n-workflow';

import { parameterError } from '../execution/items';
import type { RunContext } from '../execution/runContext';
import { operatorUnionId } from '../lookups/operator';

export interface NotableTarget {
	baseId: string;
	/** Sheet ID or name: DingTalk takes either in the path. */
	sheet: string;
	/** The operator's unionId. */
	operatorId: string;
}

/**
 * A base ID out of what the user gave: the ID itself, or an AI Table link
 * (https://alidocs.dingtalk.com/i/nodes/<baseId>…, the document's link; see "Data structure",
 * https://open.dingtalk.com/document/development/notable-data-structure). A link may also name a
 * sheet (`sheetId` in its query or in its `iframeQuery`) [INF].
 */
export function parseBase(
	text: string,
): { baseId: string; sheetId?: string } | { problem: string; fix: string } {
	const value = text.trim();
	if (/^[A-Za-z0-9_-]{6,}$/.test(value)) return { baseId: value };
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return {
			problem: value
				? `"${value.slice(0, 80)}" is neither a base ID nor an AI Table link`
				: 'No base given',
			fix: 'Paste the AI Table link from the browser (alidocs.dingtalk.com/i/nodes/…), or enter its ID.',
		};
	}
	const node = /\/nodes\/([A-Za-z0-9_-]{6,})/.exec(url.pathname)?.[1];
	if (!node) {
		return {
			problem: 'The link names no AI Table',
			fix: 'Open the AI Table and copy the link from the address bar: it contains /i/nodes/<ID>.',
		};
	}
	const inner = new URLSearchParams(url.searchParams.get('iframeQuery') ?? '');
	const sheetId = url.searchParams.get('sheetId') ?? inner.get('sheetId') ?? undefined;
	return { baseId: node, ...(sheetId ? { sheetId } : {}) };
}

/**
 * The ID of a DingTalk document (AI Table, Sheets): the ID itself, or the `<ID>` of its link
 * (https://alidocs.dingtalk.com/i/nodes/<ID>…); undefined when the text is neither.
 */
export function documentIdOf(text: string): string | undefined {
	const value = text.trim();
	if (/^[A-Za-z0-9_-]{6,}$/.test(value)) return value;
	try {
		return /\/nodes\/([A-Za-z0-9_-]{6,})/.exec(new URL(value).pathname)?.[1];
	} catch {
		return undefined;
	}
}

/** The value of a resource locator parameter (or of a plain string, for workflows that give one). */
export function locatorValue(raw: unknown): string {
	if (raw && typeof raw === 'object') {
		const value = (raw as INodeParameterResourceLocator).value;
		return value === undefined || value === null ? '' : String(value);
	}
	return raw === undefined || raw === null ? '' : String(raw);
}

/** The item's base ID (and the sheet its link names, if any). Throws a parameter error. */
export function readBase(run: RunContext, itemIndex: number): { baseId: string; sheetId?: string } {
	const { context } = run;
	const parsed = parseBase(locatorValue(run.read<unknown>('base', itemIndex, '')));
	if ('problem' in parsed)
		throw parameterError(context, itemIndex, 'Base', parsed.problem, parsed.fix);
	return parsed;
}

/** The item's sheet ID or name; a sheet named by the base's link is used when none is given. */
export function readSheet(run: RunContext, itemIndex: number, fromBase?: string): string {
	const { context } = run;
	const sheet = locatorValue(run.read<unknown>('sheet', itemIndex, '')).trim();
	if (sheet) return sheet;
	if (fromBase) return fromBase;
	throw parameterError(
		context,
		itemIndex,
		'Sheet',
		'No sheet given',
		'Pick a sheet (数据表) from the list, or enter its ID or name.',
	);
}

/** The operator's unionId for an item (Operator ID + Operator ID Type), cached per execution. */
export async function readOperator(run: RunContext, itemIndex: number): Promise<string> {
	return await operatorUnionId(
		run,
		itemIndex,
		String(run.read('operatorId', itemIndex, '')),
		String(run.read('operatorIdType', itemIndex, 'userId')),
		'Enter the userId (用户ID) of the person the AI Table is edited as; they need edit rights on it.',
	);
}

/** Base, sheet and operator of an item. */
export async function readTarget(run: RunContext, itemIndex: number): Promise<NotableTarget> {
	const base = readBase(run, itemIndex);
	const sheet = readSheet(run, itemIndex, base.sheetId);
	return { baseId: base.baseId, sheet, operatorId: await readOperator(run, itemIndex) };
}

/** The key items with the same target share (their writes go into the same calls). */
export function targetKey(target: NotableTarget): string {
	return `${target.baseId}\u0000${target.sheet}\u0000${target.operatorId}`;
}
