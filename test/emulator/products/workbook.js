'use strict';
// Sheets (钉钉表格 / Workbook, doc_1_0): workbooks → sheets → cells, new API
// /v1.0/doc/workbooks/{workbookId}/…, header token, the operator's unionId as `operatorId` (query)
// on every call (https://open.dingtalk.com/document/orgapp/obtain-worksheet-properties). A sheet is
// addressed by ID or name [DOC]. Ranges are A1 addresses ("A1:C10", "B2"). See
// docs/dingtalk-api-notes.md "Sheets" for what is documented and what is [INF].
// Admin: POST /__emulator/workbook/rows/generate fills a sheet with many rows (benchmarks).
const crypto = require('node:crypto');

const { HttpReply, newApiError } = require('../core');
const { userByUnionId } = require('./contact');

const DEFAULT_ROWS = 1000;
const DEFAULT_COLUMNS = 26;

const invalid = (message) => newApiError(400, 'invalidRequest.inputArgs.invalid', message);
const notFound = (what) =>
	newApiError(400, 'invalidRequest.resource.notFound', `${what} not found`);
const missing = (name) =>
	newApiError(400, `Missing${name}`, `${name} is mandatory for this action.`);

function columnIndex(letters) {
	let n = 0;
	for (const c of letters) n = n * 26 + (c.charCodeAt(0) - 64);
	return n - 1;
}

function columnLetters(index) {
	let n = index + 1;
	let out = '';
	while (n > 0) {
		const rest = (n - 1) % 26;
		out = String.fromCharCode(65 + rest) + out;
		n = Math.floor((n - 1) / 26);
	}
	return out;
}

/** "A1:C3" / "B2" → {r0, c0, r1, c1} (0-based, inclusive), or undefined. */
function parseRange(address) {
	const match = /^([A-Z]{1,3})([1-9]\d*)(?::([A-Z]{1,3})([1-9]\d*))?$/.exec(
		String(address).toUpperCase(),
	);
	if (!match) return undefined;
	const r0 = Number(match[2]) - 1;
	const c0 = columnIndex(match[1]);
	const r1 = match[4] ? Number(match[4]) - 1 : r0;
	const c1 = match[3] ? columnIndex(match[3]) : c0;
	if (r1 < r0 || c1 < c0) return undefined;
	return { r0, c0, r1, c1 };
}

function newSheet(name, rows = []) {
	return {
		id: crypto.randomBytes(4).toString('hex'),
		name,
		rows: rows.map((row) => row.map(cellValue)),
		rowCount: DEFAULT_ROWS,
		columnCount: DEFAULT_COLUMNS,
	};
}

/** [INF] A written cell: numeric text is stored as a number (as the editor does), "" as empty. */
function cellValue(value) {
	if (value === null || value === undefined || value === '') return null;
	if (typeof value === 'number' || typeof value === 'boolean') return value;
	const text = String(value);
	return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
}

function lastNonEmpty(sheet) {
	let row = -1;
	let column = -1;
	sheet.rows.forEach((cells, r) => {
		cells.forEach((value, c) => {
			if (value === null || value === undefined) return;
			row = Math.max(row, r);
			column = Math.max(column, c);
		});
	});
	return { row, column };
}

function defaultWorkbooks(core) {
	const members = new Set();
	for (let n = 1; n <= 10; n++) {
		const user = core.users.get(`user${String(n).padStart(4, '0')}`);
		if (user) members.add(user.unionId);
	}
	const budget = newSheet('Sheet1', [
		['Name', 'Team', 'Amount'],
		['Alice', 'Sales', '120'],
		['Bob', 'Ops', '80'],
	]);
	budget.id = 'st0001';
	const notes = newSheet('Notes');
	notes.id = 'st0002';
	const workbook = {
		workbookId: 'WorkbookEmu000000000000000001',
		name: 'Budget',
		members,
		sheets: new Map([
			[budget.id, budget],
			[notes.id, notes],
		]),
	};
	return new Map([[workbook.workbookId, workbook]]);
}

function checkWorkbook(core, query, workbookId) {
	const unionId = query.get('operatorId');
	if (!unionId) return { error: missing('operatorId') };
	if (!userByUnionId(core, unionId))
		return {
			error: newApiError(400, 'invalidRequest.operatorId.invalid', `operator ${unionId} not found`),
		};
	const workbook = core.workbooks.get(workbookId);
	if (!workbook) return { error: notFound(`workbook ${workbookId}`) };
	// [DOC] "若操作人无权限，接口会报错 The operator has no permission"; the code is [INF].
	if (!workbook.members.has(unionId))
		return {
			error: newApiError(
				403,
				'Forbidden.AccessDenied.NoPermission',
				'The operator has no permission',
			),
		};
	return { workbook };
}

function checkSheet(core, query, params) {
	const checked = checkWorkbook(core, query, params.workbookId);
	if (checked.error) return checked;
	const sheets = [...checked.workbook.sheets.values()];
	const sheet =
		sheets.find((s) => s.id === params.sheetId) || sheets.find((s) => s.name === params.sheetId);
	if (!sheet) return { error: notFound(`sheet ${params.sheetId}`) };
	return { ...checked, sheet };
}

function checkRange(sheet, address) {
	const range = parseRange(address);
	if (!range) return { error: invalid(`rangeAddress ${address} is not an A1 range`) };
	if (range.r1 >= sheet.rowCount || range.c1 >= sheet.columnCount)
		return { error: invalid(`rangeAddress ${address} is outside the sheet`) };
	return { range };
}

function readRange(sheet, { r0, c0, r1, c1 }) {
	const values = [];
	for (let r = r0; r <= r1; r++) {
		const row = [];
		for (let c = c0; c <= c1; c++) {
			const value = (sheet.rows[r] || [])[c];
			row.push(value === null || value === undefined ? '' : value);
		}
		values.push(row);
	}
	return values;
}

function writeCell(sheet, r, c, value) {
	while (sheet.rows.length <= r) sheet.rows.push([]);
	const row = sheet.rows[r];
	while (row.length <= c) row.push(null);
	row[c] = value;
}

/** values: a string[][] of exactly the range's shape [INF: DingTalk's answer to a mismatch is undocumented]. */
function checkValues(values, rows, columns) {
	if (!Array.isArray(values) || !values.every((row) => Array.isArray(row)))
		return 'values must be a two-dimensional array';
	if (rows !== undefined && values.length !== rows)
		return `values has ${values.length} rows, the range ${rows}`;
	for (const [i, row] of values.entries()) {
		if (columns !== undefined && row.length !== columns)
			return `values row ${i} has ${row.length} cells, the range ${columns} columns`;
		if (row.some((cell) => cell !== null && typeof cell === 'object'))
			return `values row ${i} holds an object`;
	}
	return undefined;
}

const sheetView = (sheet) => {
	const last = lastNonEmpty(sheet);
	return {
		id: sheet.id,
		name: sheet.name,
		visibility: 'visible',
		rowCount: sheet.rowCount,
		columnCount: sheet.columnCount,
		lastNonEmptyRow: last.row,
		lastNonEmptyColumn: last.column,
	};
};

const state = {
	init(core) {
		core.workbooks = defaultWorkbooks(core);
	},
	reset(core) {
		core.workbooks = defaultWorkbooks(core);
	},
	snapshot: (core) => ({
		workbooks: [...core.workbooks.values()].map((workbook) => ({
			workbookId: workbook.workbookId,
			name: workbook.name,
			sheets: [...workbook.sheets.values()].map((sheet) => ({
				id: sheet.id,
				name: sheet.name,
				rows: sheet.rows.map((row) => row.map((v) => (v === undefined ? null : v))),
			})),
		})),
	}),
};

const BOOK = '/v1.0/doc/workbooks/:workbookId';
const SHEET = `${BOOK}/sheets/:sheetId`;

module.exports = {
	state,
	parseRange,
	columnLetters,
	adminRoutes: [
		{
			// {workbookId, sheet, count, row: [cell, …]}: appends `count` rows below the last used
			// one; "{n}" in a text cell becomes the row's number (0-based). For paging benchmarks.
			method: 'POST',
			path: '/__emulator/workbook/rows/generate',
			handle({ core, body }) {
				const workbook = core.workbooks.get(body.workbookId);
				const sheet =
					workbook &&
					[...workbook.sheets.values()].find((s) => s.id === body.sheet || s.name === body.sheet);
				if (!sheet) return new HttpReply(404, { message: 'no such workbook or sheet' });
				const start = lastNonEmpty(sheet).row + 1;
				for (let n = 0; n < body.count; n++)
					sheet.rows[start + n] = (body.row || []).map((cell) =>
						cellValue(typeof cell === 'string' ? cell.replace('{n}', String(n)) : cell),
					);
				sheet.rowCount = Math.max(sheet.rowCount, start + body.count);
				return new HttpReply(200, { rows: sheet.rows.length });
			},
		},
	],
	routes: [
		{
			host: 'api',
			method: 'GET',
			path: `${BOOK}/sheets`,
			handle({ core, query, params }) {
				const checked = checkWorkbook(core, query, params.workbookId);
				if (checked.error) return checked.error;
				return new HttpReply(200, {
					value: [...checked.workbook.sheets.values()].map((s) => ({ id: s.id, name: s.name })),
				});
			},
		},
		{
			host: 'api',
			method: 'POST',
			path: `${BOOK}/sheets`,
			handle({ core, query, body, params }) {
				const checked = checkWorkbook(core, query, params.workbookId);
				if (checked.error) return checked.error;
				const name = body && body.name;
				if (typeof name !== 'string' || !name.trim()) return missing('name');
				if ([...checked.workbook.sheets.values()].some((s) => s.name === name))
					return invalid(`sheet name ${name} already exists`);
				const sheet = newSheet(name);
				checked.workbook.sheets.set(sheet.id, sheet);
				return new HttpReply(200, { id: sheet.id, name: sheet.name, visibility: 'visible' });
			},
		},
		{
			host: 'api',
			method: 'GET',
			path: SHEET,
			handle({ core, query, params }) {
				const checked = checkSheet(core, query, params);
				return checked.error || new HttpReply(200, sheetView(checked.sheet));
			},
		},
		{
			host: 'api',
			method: 'DELETE',
			path: SHEET,
			handle({ core, query, params }) {
				const checked = checkSheet(core, query, params);
				if (checked.error) return checked.error;
				if (checked.workbook.sheets.size === 1)
					return invalid('a workbook keeps at least one sheet');
				checked.workbook.sheets.delete(checked.sheet.id);
				return new HttpReply(200, {});
			},
		},
		{
			host: 'api',
			method: 'GET',
			path: `${SHEET}/ranges/:rangeAddress`,
			handle({ core, query, params }) {
				const checked = checkSheet(core, query, params);
				if (checked.error) return checked.error;
				const range = checkRange(checked.sheet, params.rangeAddress);
				if (range.error) return range.error;
				const values = readRange(checked.sheet, range.range);
				return new HttpReply(200, {
					values,
					displayValues: values.map((row) => row.map((v) => String(v))),
				});
			},
		},
		{
			host: 'api',
			method: 'PUT',
			path: `${SHEET}/ranges/:rangeAddress`,
			handle({ core, query, body, params }) {
				const checked = checkSheet(core, query, params);
				if (checked.error) return checked.error;
				const range = checkRange(checked.sheet, params.rangeAddress);
				if (range.error) return range.error;
				const { r0, c0, r1, c1 } = range.range;
				const values = body && body.values;
				if (values === undefined) return invalid('nothing to update: values is missing');
				const problem = checkValues(values, r1 - r0 + 1, c1 - c0 + 1);
				if (problem) return invalid(problem);
				values.forEach((row, i) =>
					row.forEach((value, j) => writeCell(checked.sheet, r0 + i, c0 + j, cellValue(value))),
				);
				return new HttpReply(200, {});
			},
		},
		{
			host: 'api',
			method: 'POST',
			path: `${SHEET}/appendRows`,
			handle({ core, query, body, params }) {
				const checked = checkSheet(core, query, params);
				if (checked.error) return checked.error;
				const values = body && body.values;
				if (values === undefined) return missing('values');
				const problem = checkValues(values);
				if (problem) return invalid(problem);
				if (!values.length) return invalid('values has no rows');
				const start = lastNonEmpty(checked.sheet).row + 1;
				if (start + values.length > checked.sheet.rowCount)
					checked.sheet.rowCount = start + values.length;
				values.forEach((row, i) =>
					row.forEach((value, j) => writeCell(checked.sheet, start + i, j, cellValue(value))),
				);
				return new HttpReply(200, {});
			},
		},
		...['clear', 'clearData'].map((action) => ({
			host: 'api',
			method: 'POST',
			path: `${SHEET}/ranges/:rangeAddress/${action}`,
			handle({ core, query, params }) {
				const checked = checkSheet(core, query, params);
				if (checked.error) return checked.error;
				const range = checkRange(checked.sheet, params.rangeAddress);
				if (range.error) return range.error;
				const { r0, c0, r1, c1 } = range.range;
				for (let r = r0; r <= r1; r++)
					for (let c = c0; c <= c1; c++)
						if (checked.sheet.rows[r] && c < checked.sheet.rows[r].length)
							checked.sheet.rows[r][c] = null;
				return new HttpReply(200, { a1Notation: params.rangeAddress });
			},
		})),
	],
};
