/**
 * Sheets (钉钉表格 / workbook): which workbook and sheet an item works on, A1 ranges, and the call
 * (`/v1.0/doc/workbooks/{workbookId}/…` with the operator's unionId as `operatorId`,
 * https://open.dingtalk.com/document/orgapp/obtain-worksheet-properties).
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

import { dingTalkApiRequest, type ApiSession } from '../../transport';
import { parameterError } from '../execution/items';
import type { RunContext } from '../execution/runContext';
import { operatorUnionId } from '../lookups/operator';
import { documentIdOf, locatorValue } from '../notable/target';

export interface WorkbookTarget {
	workbookId: string;
	/** Sheet ID or name: DingTalk takes either [DOC]. */
	sheet: string;
	operatorId: string;
}

/** An A1 range, 0-based and inclusive. */
export interface A1Range {
	r0: number;
	c0: number;
	r1: number;
	c1: number;
}

export function columnLetters(index: number): string {
	let n = index + 1;
	let out = '';
	while (n > 0) {
		const rest = (n - 1) % 26;
		out = String.fromCharCode(65 + rest) + out;
		n = Math.floor((n - 1) / 26);
	}
	return out;
}

/** "A1:C10" or "B2" → the range, or undefined. */
export function parseA1(address: string): A1Range | undefined {
	const match = /^([A-Z]{1,3})([1-9]\d*)(?::([A-Z]{1,3})([1-9]\d*))?$/.exec(
		address.trim().toUpperCase(),
	);
	if (!match) return undefined;
	const column = (letters: string) =>
		[...letters].reduce((n, c) => n * 26 + (c.charCodeAt(0) - 64), 0) - 1;
	const r0 = Number(match[2]) - 1;
	const c0 = column(match[1]);
	const r1 = match[4] ? Number(match[4]) - 1 : r0;
	const c1 = match[3] ? column(match[3]) : c0;
	return r1 < r0 || c1 < c0 ? undefined : { r0, c0, r1, c1 };
}

export const a1 = (range: A1Range): string =>
	`${columnLetters(range.c0)}${range.r0 + 1}:${columnLetters(range.c1)}${range.r1 + 1}`;

function rangeFrom(
	context: IExecuteFunctions,
	itemIndex: number,
	label: string,
	text: string,
	orEmpty: string,
): A1Range {
	const range = parseA1(text);
	if (!range)
		throw parameterError(
			context,
			itemIndex,
			label,
			text ? `"${text.slice(0, 80)}" is not an A1 range` : 'No range given',
			`Enter cells in A1 notation, e.g. A2:C10 (or B4 for one cell)${orEmpty}.`,
		);
	return range;
}

/** The item's Range parameter, checked. */
export function readRange(context: IExecuteFunctions, itemIndex: number): A1Range {
	const text = String(context.getNodeParameter('range', itemIndex, '')).trim();
	return rangeFrom(context, itemIndex, 'Range', text, '');
}

/** A range parameter that may be empty (then undefined: the whole used area), checked. */
export function readOptionalRange(
	context: IExecuteFunctions,
	itemIndex: number,
	name: string,
	label: string,
): A1Range | undefined {
	const text = String(context.getNodeParameter(name, itemIndex, '')).trim();
	return text ? rangeFrom(context, itemIndex, label, text, ', or leave it empty') : undefined;
}

/** Workbook (link or ID), sheet (ID or name) and operator of an item. */
export async function readWorkbookTarget(
	run: RunContext,
	itemIndex: number,
	withSheet = true,
): Promise<WorkbookTarget> {
	const { context } = run;
	const raw = locatorValue(context.getNodeParameter('workbook', itemIndex, '')).trim();
	const workbookId = documentIdOf(raw) ?? '';
	if (!workbookId)
		throw parameterError(
			context,
			itemIndex,
			'Workbook',
			raw ? `"${raw.slice(0, 80)}" is neither a workbook ID nor its link` : 'No workbook given',
			'Paste the link of the sheet document (alidocs.dingtalk.com/i/nodes/…), or enter its ID.',
		);
	const sheet = withSheet
		? locatorValue(context.getNodeParameter('worksheet', itemIndex, '')).trim()
		: '';
	if (withSheet && !sheet)
		throw parameterError(
			context,
			itemIndex,
			'Sheet',
			'No sheet given',
			'Pick a sheet, or enter its ID or name.',
		);
	const operatorId = await operatorUnionId(
		run,
		itemIndex,
		String(context.getNodeParameter('operatorId', itemIndex, '')),
		String(context.getNodeParameter('operatorIdType', itemIndex, 'userId')),
		'Enter the userId (用户ID) of the person the sheet is edited as; they need access to it.',
	);
	return { workbookId, sheet, operatorId };
}

export async function workbookRequest<T = IDataObject>(
	api: ApiSession,
	target: WorkbookTarget,
	method: IHttpRequestMethods,
	rest: string,
	itemIndex: number,
	body?: IDataObject,
): Promise<T> {
	return await dingTalkApiRequest<T>(api, {
		api: 'new',
		method,
		path: `/v1.0/doc/workbooks/${encodeURIComponent(target.workbookId)}/sheets${target.sheet ? `/${encodeURIComponent(target.sheet)}` : ''}${rest}`,
		qs: { operatorId: target.operatorId },
		body,
		itemIndex,
		// Reads, and writes of fixed cells, are safe to repeat; an append is not.
		idempotent: method === 'GET' || method === 'PUT' || rest.endsWith('/clearData'),
	});
}

/** A cell value as the API takes it (text). */
export function cellText(value: unknown): string {
	if (value === null || value === undefined) return '';
	return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The names in the sheet's header row (row 1), left to right, trimmed; [] for an empty sheet. */
export async function headerRow(
	api: ApiSession,
	target: WorkbookTarget,
	itemIndex?: number,
): Promise<string[]> {
	const sheet = await workbookRequest<{ lastNonEmptyColumn?: number }>(
		api,
		target,
		'GET',
		'',
		itemIndex ?? 0,
	);
	const last = Number(sheet.lastNonEmptyColumn ?? -1);
	if (last < 0) return [];
	const answer = await workbookRequest<{ values?: unknown[][] }>(
		api,
		target,
		'GET',
		`/ranges/A1:${columnLetters(last)}1`,
		itemIndex ?? 0,
	);
	return (answer.values?.[0] ?? []).map((cell) => String(cell ?? '').trim());
}
