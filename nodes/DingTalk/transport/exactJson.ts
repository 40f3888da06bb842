/**
 * JSON with int64 integers kept exact. DingTalk's ids are int64 (a work notification's task_id,
 * https://open.dingtalk.com/document/orgapp/asynchronous-sending-of-enterprise-session-messages),
 * but a JavaScript number keeps only 2^53: 9007199254740993 would become …992.
 */
import type { IDataObject } from 'n8n-workflow';

/** A JSON string, or an integer literal of 16+ digits (not inside a string, not part of a float). */
const STRING_OR_LONG_INTEGER = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/g;

/** Parses JSON; integers a number cannot hold exactly arrive as their decimal strings. */
export function parseExactJson(text: string): unknown {
	return JSON.parse(
		text.replace(STRING_OR_LONG_INTEGER, (token) =>
			token.startsWith('"') || Number.isSafeInteger(Number(token)) ? token : `"${token}"`,
		),
	);
}

/**
 * The body as JSON text, with each of `fields` (top level, a decimal integer string) written as
 * a bare JSON number with all its digits.
 */
export function stringifyWithInt64(body: IDataObject, fields: string[]): string {
	const marked: IDataObject = { ...body };
	for (const field of fields) {
		const value = body[field];
		if (typeof value === 'string' && /^-?\d+$/.test(value)) marked[field] = `\u0000int64:${value}`;
	}
	return JSON.stringify(marked).replace(/"\\u0000int64:(-?\d+)"/g, '$1');
}
