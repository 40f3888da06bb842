'use strict';
// AI Table (AI 表格, 多维表, "notable"): bases → sheets (数据表) → fields and records, new API
// /v1.0/notable/bases/{baseId}/…, header token, the operator's unionId as the required `operatorId`
// query parameter on every call (https://open.dingtalk.com/document/development/api-notable-listrecords).
// Field values are written and read in the record value format of
// https://open.dingtalk.com/document/development/notable-record-value-format; see
// docs/dingtalk-api-notes.md "AI Table" for what is documented and what is [INF].
// Admin: POST /__emulator/notable/bases adds a base; POST /__emulator/notable/records/generate fills
// a sheet with many records (benchmarks).
const crypto = require('node:crypto');

const { HttpReply, newApiError } = require('../core');
const { assembleUpload, createUploadSession, issueQueryPut } = require('../oss');
const { userByUnionId } = require('./contact');

/** Documented: records/list and GET records take maxResults 1..100 (default 100). */
const MAX_PAGE = 100;
/** [INF] Records per insert / update and recordIds per delete: the page maximum, 100. */
const MAX_WRITE = 100;
/** Documented: fieldIdOrNames takes at most 100 names. */
const MAX_FIELD_NAMES = 100;
const READ = 'Notable.Base.Read.All';
const WRITE = 'Notable.Base.Write.All';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const FIELD_TYPES = new Set([
	'text',
	'number',
	'singleSelect',
	'multipleSelect',
	'date',
	'user',
	'department',
	'attachment',
	'url',
	'unidirectionalLink',
	'bidirectionalLink',
]);
const OPERATORS = new Set([
	'equal',
	'notEqual',
	'greater',
	'greaterEqual',
	'less',
	'lessEqual',
	'contain',
	'notContain',
	'empty',
	'notEmpty',
]);

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function randomId(length) {
	return [...crypto.randomBytes(length)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

// ---- errors ([INF] codes beyond invalidRequest.inputArgs.invalid, which the docs list) ---------
const invalid = (message) => newApiError(400, 'invalidRequest.inputArgs.invalid', message);
const notFound = (what) =>
	newApiError(400, 'invalidRequest.resource.notFound', `${what} not found`);
const missing = (name) =>
	newApiError(400, `Missing${name}`, `${name} is mandatory for this action.`);

// ---- directory ---------------------------------------------------------------------------------
function newSheet(notable, name, fields = []) {
	const sheet = { id: randomId(7), name, fields: [], records: new Map() };
	for (const spec of fields.length ? fields : [{ name: 'Title', type: 'text' }]) {
		sheet.fields.push(newField(spec));
	}
	return sheet;
}

function newField(spec) {
	const property = { ...(spec.property || {}) };
	if (spec.type === 'singleSelect' || spec.type === 'multipleSelect') {
		property.choices = (property.choices || []).map((choice) => ({
			id: choice.id || randomId(10),
			name: String(choice.name),
		}));
	}
	return { id: randomId(7), name: spec.name, type: spec.type, property };
}

/**
 * The default base "Project tracker" (members user0001..user0010): a sheet "Tasks" with a field of
 * every common type, and an empty sheet "Archive".
 */
function defaultNotable(core) {
	const members = new Set();
	for (let n = 1; n <= 10; n++) {
		const user = core.users.get(`user${String(n).padStart(4, '0')}`);
		if (user) members.add(user.unionId);
	}
	const notable = { bases: new Map(), clientTokens: new Map(), uploads: new Map() };
	const base = { baseId: 'NotableEmuBase00000000000000001', name: 'Project tracker', members };
	base.sheets = new Map();
	const tasks = newSheet(notable, 'Tasks', [
		{ name: 'Title', type: 'text' },
		{ name: 'Count', type: 'number', property: { formatter: 'INT' } },
		{
			name: 'Status',
			type: 'singleSelect',
			property: { choices: [{ name: 'Todo' }, { name: 'Doing' }, { name: 'Done' }] },
		},
		{
			name: 'Tags',
			type: 'multipleSelect',
			property: { choices: [{ name: 'red' }, { name: 'green' }, { name: 'blue' }] },
		},
		{ name: 'Due', type: 'date', property: { formatter: 'YYYY-MM-DD' } },
		{ name: 'Owner', type: 'user' },
		{ name: 'Files', type: 'attachment' },
		{ name: 'Link', type: 'url' },
	]);
	tasks.id = 'TasksS1';
	const archive = newSheet(notable, 'Archive');
	archive.id = 'ArchivS';
	base.sheets.set(tasks.id, tasks);
	base.sheets.set(archive.id, archive);
	notable.bases.set(base.baseId, base);
	return notable;
}

const byIdOrName = (list, key) =>
	list.find((entry) => entry.id === key) || list.find((entry) => entry.name === key);

/** operatorId, the operator, the base and the operator's rights on it: {error} or {base, unionId}. */
function checkBase(core, query, baseId) {
	const unionId = query.get('operatorId');
	if (!unionId) return { error: missing('operatorId') };
	if (!userByUnionId(core, unionId))
		return {
			error: newApiError(400, 'invalidRequest.operatorId.invalid', `operator ${unionId} not found`),
		};
	const base = core.notable.bases.get(baseId);
	if (!base) return { error: notFound(`base ${baseId}`) };
	if (!base.members.has(unionId))
		return {
			error: newApiError(
				403,
				'Forbidden.AccessDenied.NoPermission',
				`操作人没有该AI表格的权限 (the operator has no permission on base ${baseId})`,
			),
		};
	return { base, unionId };
}

function checkSheet(core, query, params) {
	const checked = checkBase(core, query, params.baseId);
	if (checked.error) return checked;
	const sheet = byIdOrName([...checked.base.sheets.values()], params.sheetIdOrName);
	if (!sheet) return { error: notFound(`sheet ${params.sheetIdOrName}`) };
	return { ...checked, sheet };
}

// ---- values ------------------------------------------------------------------------------------
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Parses a written date: ms timestamp, "YYYY-MM-DD[ HH:mm[:ss]]" (UTC+8) or ISO 8601. */
function parseDate(value) {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value !== 'string') return undefined;
	if (/^\d{12,14}$/.test(value)) return Number(value);
	const local = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value);
	if (local) {
		const [, y, mo, d, h = '0', mi = '0', s = '0'] = local;
		return Date.UTC(+y, +mo - 1, +d, +h - 8, +mi, +s);
	}
	const parsed = Date.parse(value);
	return Number.isNaN(parsed) ? undefined : parsed;
}

function choiceOf(field, value) {
	if (typeof value !== 'string') return undefined;
	return (field.property.choices || []).find((c) => c.name === value || c.id === value);
}

/** A written value → the stored one, or {error}. null clears the cell. */
function writeValue(field, value, core) {
	if (value === null) return { value: null };
	const bad = (what) => ({ error: `field ${field.name} (${field.type}): ${what}` });
	switch (field.type) {
		case 'text':
			return typeof value === 'string' ? { value } : bad('expects a string');
		case 'number': {
			const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
			return typeof n === 'number' && Number.isFinite(n) ? { value: n } : bad('expects a number');
		}
		case 'singleSelect': {
			const choice = choiceOf(field, value);
			return choice ? { value: choice.id } : bad(`no option ${JSON.stringify(value)}`);
		}
		case 'multipleSelect': {
			if (!Array.isArray(value)) return bad('expects an array of option names');
			const ids = [];
			for (const entry of value) {
				const choice = choiceOf(field, entry);
				if (!choice) return bad(`no option ${JSON.stringify(entry)}`);
				ids.push(choice.id);
			}
			return { value: ids };
		}
		case 'date': {
			const ms = parseDate(value);
			return ms === undefined ? bad('expects a timestamp or a date string') : { value: ms };
		}
		case 'user':
			return Array.isArray(value) &&
				value.every((u) => isObject(u) && typeof u.unionId === 'string')
				? { value: value.map((u) => ({ unionId: u.unionId })) }
				: bad('expects [{unionId}]');
		case 'department':
			return Array.isArray(value) && value.every((d) => isObject(d) && d.deptId !== undefined)
				? { value: value.map((d) => ({ deptId: String(d.deptId) })) }
				: bad('expects [{deptId}]');
		case 'attachment': {
			if (
				!Array.isArray(value) ||
				!value.every((a) => isObject(a) && typeof a.url === 'string' && a.filename)
			)
				return bad('expects [{filename, size, type, url, resourceId}]');
			// [INF] An uploaded resource must have been PUT, and its url is the resourceUrl handed out.
			for (const a of value) {
				if (a.resourceId === undefined) continue;
				const upload = core.notable.uploads.get(String(a.resourceId));
				if (!upload || upload.url !== a.url) return bad(`unknown resourceId ${a.resourceId}`);
				if (!upload.session.parts.size) return bad(`resource ${a.resourceId} was never uploaded`);
			}
			return {
				value: value.map((a) => ({
					filename: String(a.filename),
					size: Number(a.size) || 0,
					type: String(a.type || ''),
					url: a.url,
					resourceId: a.resourceId,
				})),
			};
		}
		case 'url':
			return isObject(value) && typeof value.link === 'string'
				? { value: { text: String(value.text ?? value.link), link: value.link } }
				: bad('expects {text, link}');
		default:
			return isObject(value) && Array.isArray(value.linkedRecordIds)
				? { value: { linkedRecordIds: value.linkedRecordIds.map(String) } }
				: bad('expects {linkedRecordIds}');
	}
}

/** The stored value as DingTalk returns it (numbers as strings, options as {id, name}). */
function readValue(field, value) {
	if (value === null || value === undefined) return undefined;
	const option = (id) => {
		const choice = (field.property.choices || []).find((c) => c.id === id);
		return choice ? { id: choice.id, name: choice.name } : { id, name: '' };
	};
	switch (field.type) {
		case 'number':
			return String(value);
		case 'singleSelect':
			return option(value);
		case 'multipleSelect':
			return value.map(option);
		case 'attachment':
			return value.map(({ filename, size, type, url }) => ({ filename, size, type, url }));
		default:
			return value;
	}
}

/** {fields} of a write request → the stored cells, or {error}. Keys are field names or ids. */
function writeFields(sheet, fields, core) {
	if (!isObject(fields)) return { error: 'fields must be an object' };
	const cells = {};
	for (const [key, value] of Object.entries(fields)) {
		const field = byIdOrName(sheet.fields, key);
		if (!field) return { error: `field ${key} not found` };
		const written = writeValue(field, value, core);
		if (written.error) return written;
		cells[field.id] = written.value;
	}
	return { cells };
}

function recordView(sheet, record, names) {
	const fields = {};
	for (const field of sheet.fields) {
		if (names && !names.has(field.id) && !names.has(field.name)) continue;
		const value = readValue(field, record.cells[field.id]);
		if (value !== undefined) fields[field.name] = value;
	}
	return {
		id: record.id,
		fields,
		createdBy: { unionId: record.createdBy },
		createdTime: record.createdTime,
		lastModifiedBy: { unionId: record.lastModifiedBy },
		lastModifiedTime: record.lastModifiedTime,
	};
}

// ---- filters -----------------------------------------------------------------------------------
function isEmptyCell(value) {
	return (
		value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)
	);
}

/** Whether a record's cell meets one condition (documented operators per field type). */
function meets(field, stored, operator, values) {
	if (operator === 'empty') return isEmptyCell(stored);
	if (operator === 'notEmpty') return !isEmptyCell(stored);
	if (isEmptyCell(stored)) return operator === 'notEqual' || operator === 'notContain';
	const wanted = values[0];
	switch (field.type) {
		case 'number':
		case 'date': {
			const a = Number(stored);
			const b = field.type === 'date' ? parseDate(wanted) : Number(wanted);
			const dayOnly = field.type === 'date' && typeof wanted === 'string' && wanted.length === 10;
			const cmp = dayOnly
				? Math.floor((a + 8 * 3600e3) / 86400e3) - Math.floor((b + 8 * 3600e3) / 86400e3)
				: a - b;
			return {
				equal: cmp === 0,
				notEqual: cmp !== 0,
				greater: cmp > 0,
				greaterEqual: cmp >= 0,
				less: cmp < 0,
				lessEqual: cmp <= 0,
			}[operator];
		}
		case 'singleSelect':
		case 'multipleSelect': {
			const have = new Set([stored].flat());
			const ids = values.map((v) => (choiceOf(field, v) || {}).id).filter(Boolean);
			const any = ids.some((id) => have.has(id));
			if (operator === 'contain') return any;
			if (operator === 'notContain') return !any;
			const same = ids.length === have.size && ids.every((id) => have.has(id));
			return operator === 'equal' ? same : !same;
		}
		case 'user': {
			const have = new Set(stored.map((u) => u.unionId));
			const ids = values.map((v) => (isObject(v) ? v.unionId : v));
			const any = ids.some((id) => have.has(id));
			if (operator === 'contain' || operator === 'equal') return any;
			return !any;
		}
		default: {
			const text = typeof stored === 'string' ? stored : JSON.stringify(stored);
			const target = String(wanted ?? '');
			if (operator === 'equal') return text === target;
			if (operator === 'notEqual') return text !== target;
			if (operator === 'contain') return text.includes(target);
			if (operator === 'notContain') return !text.includes(target);
			return false;
		}
	}
}

/** The filter of records/list → a predicate, or {error}. */
function compileFilter(sheet, filter) {
	if (filter === undefined || filter === null) return { test: () => true };
	if (!isObject(filter) || !Array.isArray(filter.conditions))
		return { error: 'filter.conditions is required' };
	const combination = filter.combination === undefined ? 'and' : filter.combination;
	if (combination !== 'and' && combination !== 'or')
		return { error: `filter.combination must be and or or, not ${combination}` };
	const tests = [];
	for (const [i, condition] of filter.conditions.entries()) {
		if (!isObject(condition)) return { error: `filter.conditions[${i}] must be an object` };
		const field = byIdOrName(sheet.fields, String(condition.field ?? ''));
		if (!field) return { error: `filter.conditions[${i}].field ${condition.field} not found` };
		if (!OPERATORS.has(condition.operator))
			return { error: `filter.conditions[${i}].operator ${condition.operator} is not supported` };
		const values = condition.value === undefined ? [] : condition.value;
		if (!Array.isArray(values)) return { error: `filter.conditions[${i}].value must be an array` };
		if (!['empty', 'notEmpty'].includes(condition.operator) && !values.length)
			return { error: `filter.conditions[${i}].value is required for ${condition.operator}` };
		tests.push((record) => meets(field, record.cells[field.id], condition.operator, values));
	}
	return {
		test: (record) =>
			combination === 'and' ? tests.every((t) => t(record)) : tests.some((t) => t(record)),
	};
}

// ---- paging ------------------------------------------------------------------------------------
/** maxResults: {value} or {error}. */
function pageSizeOf(raw) {
	if (raw === undefined || raw === null || raw === '') return { value: MAX_PAGE };
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE)
		return { error: invalid(`maxResults must be an integer from 1 to ${MAX_PAGE}, got ${raw}`) };
	return { value: n };
}

/** A page of records from `nextToken` (opaque: the sheet and the id of the next record). */
function page(sheet, predicate, nextToken, size) {
	const ids = [...sheet.records.keys()];
	let start = 0;
	if (nextToken) {
		let decoded = '';
		try {
			decoded = Buffer.from(String(nextToken), 'base64url').toString('utf8');
		} catch {
			decoded = '';
		}
		const [sheetId, recordId] = decoded.split(':');
		start = sheetId === sheet.id ? ids.indexOf(recordId) : -1;
		if (start < 0) return { error: invalid('nextToken is invalid or expired') };
	}
	const records = [];
	let i = start;
	for (; i < ids.length && records.length < size; i++) {
		const record = sheet.records.get(ids[i]);
		if (predicate(record)) records.push(record);
	}
	// Skip non-matching records so hasMore is exact.
	while (i < ids.length && !predicate(sheet.records.get(ids[i]))) i++;
	const hasMore = i < ids.length;
	return {
		records,
		hasMore,
		nextToken: hasMore ? Buffer.from(`${sheet.id}:${ids[i]}`).toString('base64url') : undefined,
	};
}

function fieldNamesOf(raw) {
	if (raw === undefined || raw === null) return {};
	if (!Array.isArray(raw) || raw.some((name) => typeof name !== 'string'))
		return { error: invalid('fieldIdOrNames must be an array of strings') };
	if (raw.length > MAX_FIELD_NAMES)
		return { error: invalid(`fieldIdOrNames takes at most ${MAX_FIELD_NAMES} names`) };
	return { names: new Set(raw) };
}

// ---- writes ------------------------------------------------------------------------------------
function recordsOf(body, withId) {
	const records = body && body.records;
	if (!Array.isArray(records) || !records.length) return { error: missing('records') };
	if (records.length > MAX_WRITE)
		return { error: invalid(`records size ${records.length} exceeds the limit ${MAX_WRITE}`) };
	for (const [i, record] of records.entries()) {
		if (!isObject(record) || !isObject(record.fields))
			return { error: invalid(`records[${i}].fields is required`) };
		if (withId && (typeof record.id !== 'string' || !record.id))
			return { error: invalid(`records[${i}].id is required`) };
	}
	return { records };
}

function insert({ core, query, body, params }) {
	const checked = checkSheet(core, query, params);
	if (checked.error) return checked.error;
	const clientToken = query.get('clientToken');
	if (clientToken && !UUID_V4.test(clientToken)) return invalid('clientToken must be a UUID v4');
	const key = clientToken && `${params.baseId}|${checked.sheet.id}|${clientToken}`;
	if (key && core.notable.clientTokens.has(key)) {
		core.notable.replays++;
		return new HttpReply(200, core.notable.clientTokens.get(key));
	}
	const given = recordsOf(body, false);
	if (given.error) return given.error;
	const rows = [];
	for (const [i, record] of given.records.entries()) {
		const written = writeFields(checked.sheet, record.fields, core);
		if (written.error) return invalid(`records[${i}]: ${written.error}`);
		rows.push(written.cells);
	}
	const now = Date.now();
	const value = rows.map((cells) => {
		const id = randomId(10);
		checked.sheet.records.set(id, {
			id,
			cells,
			createdBy: checked.unionId,
			createdTime: now,
			lastModifiedBy: checked.unionId,
			lastModifiedTime: now,
		});
		return { id };
	});
	if (key) core.notable.clientTokens.set(key, { value });
	return new HttpReply(200, { value });
}

function update({ core, query, body, params }) {
	const checked = checkSheet(core, query, params);
	if (checked.error) return checked.error;
	const given = recordsOf(body, true);
	if (given.error) return given.error;
	const changes = [];
	for (const [i, record] of given.records.entries()) {
		const stored = checked.sheet.records.get(record.id);
		if (!stored) return notFound(`record ${record.id}`);
		const written = writeFields(checked.sheet, record.fields, core);
		if (written.error) return invalid(`records[${i}]: ${written.error}`);
		changes.push([stored, written.cells]);
	}
	const now = Date.now();
	for (const [stored, cells] of changes) {
		Object.assign(stored.cells, cells);
		stored.lastModifiedBy = checked.unionId;
		stored.lastModifiedTime = now;
	}
	return new HttpReply(200, { value: given.records.map((r) => ({ id: r.id })) });
}

function remove({ core, query, body, params }) {
	const checked = checkSheet(core, query, params);
	if (checked.error) return checked.error;
	const ids = body && body.recordIds;
	if (!Array.isArray(ids) || !ids.length) return missing('recordIds');
	if (ids.length > MAX_WRITE)
		return invalid(`recordIds size ${ids.length} exceeds the limit ${MAX_WRITE}`);
	for (const id of ids) if (!checked.sheet.records.has(id)) return notFound(`record ${id}`);
	for (const id of ids) checked.sheet.records.delete(id);
	return new HttpReply(200, { success: true });
}

function listAnswer(sheet, result, names) {
	return new HttpReply(200, {
		hasMore: result.hasMore,
		...(result.nextToken ? { nextToken: result.nextToken } : {}),
		records: result.records.map((record) => recordView(sheet, record, names)),
	});
}

// ---- sheets and fields -------------------------------------------------------------------------
const sheetView = (sheet) => ({ id: sheet.id, name: sheet.name });
const fieldView = (field) => ({
	id: field.id,
	name: field.name,
	type: field.type,
	property: field.property,
});

function checkFieldSpec(spec, where) {
	if (!isObject(spec)) return `${where} must be an object`;
	if (typeof spec.name !== 'string' || !spec.name.trim()) return `${where}.name is required`;
	if (!FIELD_TYPES.has(spec.type)) return `${where}.type ${spec.type} is not supported`;
	if (spec.property !== undefined && !isObject(spec.property))
		return `${where}.property must be an object`;
	return undefined;
}

const state = {
	init(core) {
		core.notable = defaultNotable(core);
		core.notable.replays = 0;
	},
	reset(core) {
		core.notable = defaultNotable(core);
		core.notable.replays = 0;
	},
	snapshot: (core) => ({
		notable: {
			replays: core.notable.replays,
			clientTokens: core.notable.clientTokens.size,
			uploads: [...core.notable.uploads.entries()].map(([resourceId, upload]) => {
				const stored = upload.session.parts.size ? assembleUpload(upload.session) : null;
				return {
					resourceId,
					resourceName: upload.resourceName,
					mediaType: upload.mediaType,
					size: upload.size,
					uploaded: stored ? { size: stored.size, sha256: stored.sha256 } : null,
				};
			}),
			bases: [...core.notable.bases.values()].map((base) => ({
				baseId: base.baseId,
				name: base.name,
				members: [...base.members],
				sheets: [...base.sheets.values()].map((sheet) => ({
					...sheetView(sheet),
					fields: sheet.fields.map(fieldView),
					records: [...sheet.records.values()].map((record) => recordView(sheet, record)),
				})),
			})),
		},
	}),
};

const BASE = '/v1.0/notable/bases/:baseId';
const SHEET = `${BASE}/sheets/:sheetIdOrName`;

module.exports = {
	state,
	MAX_PAGE,
	MAX_WRITE,
	routes: [
		{
			host: 'api',
			method: 'GET',
			path: `${BASE}/sheets`,
			scope: READ,
			handle({ core, query, params }) {
				const checked = checkBase(core, query, params.baseId);
				if (checked.error) return checked.error;
				return new HttpReply(200, { value: [...checked.base.sheets.values()].map(sheetView) });
			},
		},
		{
			host: 'api',
			method: 'GET',
			path: SHEET,
			scope: READ,
			handle({ core, query, params }) {
				const checked = checkSheet(core, query, params);
				return checked.error || new HttpReply(200, sheetView(checked.sheet));
			},
		},
		{
			host: 'api',
			method: 'POST',
			path: `${BASE}/sheets`,
			scope: WRITE,
			handle({ core, query, body, params }) {
				const checked = checkBase(core, query, params.baseId);
				if (checked.error) return checked.error;
				const given = body || {};
				if (typeof given.name !== 'string' || !given.name.trim()) return missing('name');
				const sheets = [...checked.base.sheets.values()];
				if (sheets.some((s) => s.name === given.name))
					return invalid(`sheet name ${given.name} already exists`);
				const fields = given.fields === undefined ? [] : given.fields;
				if (!Array.isArray(fields)) return invalid('fields must be an array');
				for (const [i, spec] of fields.entries()) {
					const problem = checkFieldSpec(spec, `fields[${i}]`);
					if (problem) return invalid(problem);
				}
				const sheet = newSheet(core.notable, given.name, fields);
				checked.base.sheets.set(sheet.id, sheet);
				return new HttpReply(200, sheetView(sheet));
			},
		},
		{
			host: 'api',
			method: 'PUT',
			path: SHEET,
			scope: WRITE,
			handle({ core, query, body, params }) {
				const checked = checkSheet(core, query, params);
				if (checked.error) return checked.error;
				if (!body || typeof body.name !== 'string' || !body.name.trim()) return missing('name');
				checked.sheet.name = body.name;
				return new HttpReply(200, sheetView(checked.sheet));
			},
		},
		{
			host: 'api',
			method: 'DELETE',
			path: SHEET,
			scope: WRITE,
			handle({ core, query, params }) {
				const checked = checkSheet(core, query, params);
				if (checked.error) return checked.error;
				if (checked.base.sheets.size === 1) return invalid('a base must keep at least one sheet');
				checked.base.sheets.delete(checked.sheet.id);
				return new HttpReply(200, { success: true });
			},
		},
		{
			host: 'api',
			method: 'GET',
			path: `${SHEET}/fields`,
			scope: READ,
			handle({ core, query, params }) {
				const checked = checkSheet(core, query, params);
				return checked.error || new HttpReply(200, { value: checked.sheet.fields.map(fieldView) });
			},
		},
		{
			host: 'api',
			method: 'POST',
			path: `${SHEET}/fields`,
			scope: WRITE,
			handle({ core, query, body, params }) {
				const checked = checkSheet(core, query, params);
				if (checked.error) return checked.error;
				if (!body || !body.name) return missing('name');
				if (!body.type) return missing('type');
				const problem = checkFieldSpec(body, 'field');
				if (problem) return invalid(problem);
				if (checked.sheet.fields.some((f) => f.name === body.name))
					return invalid(`field name ${body.name} already exists`);
				const field = newField(body);
				checked.sheet.fields.push(field);
				return new HttpReply(200, fieldView(field));
			},
		},
		{
			host: 'api',
			method: 'PUT',
			path: `${SHEET}/fields/:fieldIdOrName`,
			scope: WRITE,
			handle({ core, query, body, params }) {
				const checked = checkSheet(core, query, params);
				if (checked.error) return checked.error;
				const field = byIdOrName(checked.sheet.fields, params.fieldIdOrName);
				if (!field) return notFound(`field ${params.fieldIdOrName}`);
				if (!body || typeof body.name !== 'string' || !body.name.trim()) return missing('name');
				if (body.property !== undefined && !isObject(body.property))
					return invalid('property must be an object');
				field.name = body.name;
				if (body.property)
					field.property = newField({ type: field.type, property: body.property }).property;
				return new HttpReply(200, { id: field.id });
			},
		},
		{
			host: 'api',
			method: 'DELETE',
			path: `${SHEET}/fields/:fieldIdOrName`,
			scope: WRITE,
			handle({ core, query, params }) {
				const checked = checkSheet(core, query, params);
				if (checked.error) return checked.error;
				const field = byIdOrName(checked.sheet.fields, params.fieldIdOrName);
				if (!field) return notFound(`field ${params.fieldIdOrName}`);
				if (checked.sheet.fields[0] === field)
					return invalid('the primary field cannot be deleted');
				checked.sheet.fields = checked.sheet.fields.filter((f) => f !== field);
				for (const record of checked.sheet.records.values()) delete record.cells[field.id];
				return new HttpReply(200, { success: true });
			},
		},
		{
			// Attachment step 1 (notable-upload-attachment; doc_1_0 GetResourceUploadInfo): a signed
			// PUT URL for the base. [INF] The permission is not stated: the AI Table write permission.
			host: 'api',
			method: 'POST',
			path: '/v1.0/doc/docs/resources/:docId/uploadInfos/query',
			scope: WRITE,
			handle({ core, query, body, params }) {
				const checked = checkBase(core, query, params.docId);
				if (checked.error) return checked.error;
				const given = body || {};
				if (typeof given.resourceName !== 'string' || !given.resourceName)
					return missing('resourceName');
				if (typeof given.mediaType !== 'string' || !given.mediaType) return missing('mediaType');
				if (!Number.isInteger(given.size) || given.size < 0)
					return invalid(`size must be a whole number of bytes, got ${given.size}`);
				const resourceId = crypto.randomUUID();
				const session = createUploadSession({
					uploadKey: resourceId,
					unionId: checked.unionId,
					multipart: false,
				});
				const uploadUrl = issueQueryPut(
					core,
					`notable/${resourceId}`,
					{ session, partNumber: 1 },
					given.mediaType,
				);
				const url = `/core/api/resources/img/${resourceId}`;
				core.notable.uploads.set(resourceId, {
					session,
					url,
					resourceName: given.resourceName,
					mediaType: given.mediaType,
					size: given.size,
				});
				return new HttpReply(200, {
					success: true,
					result: { uploadUrl, resourceUrl: url, resourceId },
				});
			},
		},
		{ host: 'api', method: 'POST', path: `${SHEET}/records`, scope: WRITE, handle: insert },
		{ host: 'api', method: 'PUT', path: `${SHEET}/records`, scope: WRITE, handle: update },
		{ host: 'api', method: 'POST', path: `${SHEET}/records/delete`, scope: WRITE, handle: remove },
		{
			host: 'api',
			method: 'GET',
			path: `${SHEET}/records/:recordId`,
			scope: READ,
			handle({ core, query, params }) {
				const checked = checkSheet(core, query, params);
				if (checked.error) return checked.error;
				const record = checked.sheet.records.get(params.recordId);
				if (!record) return notFound(`record ${params.recordId}`);
				return new HttpReply(200, recordView(checked.sheet, record));
			},
		},
		{
			host: 'api',
			method: 'GET',
			path: `${SHEET}/records`,
			scope: READ,
			handle({ core, query, params }) {
				const checked = checkSheet(core, query, params);
				if (checked.error) return checked.error;
				const size = pageSizeOf(query.get('maxResults'));
				if (size.error) return size.error;
				const result = page(checked.sheet, () => true, query.get('nextToken'), size.value);
				return result.error || listAnswer(checked.sheet, result);
			},
		},
		{
			host: 'api',
			method: 'POST',
			path: `${SHEET}/records/list`,
			scope: READ,
			handle({ core, query, body, params }) {
				const checked = checkSheet(core, query, params);
				if (checked.error) return checked.error;
				const given = body || {};
				const size = pageSizeOf(given.maxResults);
				if (size.error) return size.error;
				const names = fieldNamesOf(given.fieldIdOrNames);
				if (names.error) return names.error;
				const filter = compileFilter(checked.sheet, given.filter);
				if (filter.error) return invalid(filter.error);
				const result = page(checked.sheet, filter.test, given.nextToken, size.value);
				return result.error || listAnswer(checked.sheet, result, names.names);
			},
		},
	],
	adminRoutes: [
		{
			// {baseId?, name?, memberUserIds?: [userId], sheets?: [{name, fields?: [{name, type, property?}]}]}
			method: 'POST',
			path: '/__emulator/notable/bases',
			handle({ core, body }) {
				const baseId = body.baseId || `NotableEmuBase${randomId(17)}`;
				const members = new Set();
				for (const userId of body.memberUserIds || ['user0001']) {
					const user = core.users.get(String(userId));
					if (user) members.add(user.unionId);
				}
				const base = { baseId, name: body.name || 'Base', members, sheets: new Map() };
				for (const spec of body.sheets || [{ name: 'Sheet1' }]) {
					const sheet = newSheet(core.notable, spec.name, spec.fields || []);
					base.sheets.set(sheet.id, sheet);
				}
				core.notable.bases.set(baseId, base);
				return new HttpReply(200, {
					baseId,
					sheets: [...base.sheets.values()].map((sheet) => ({
						...sheetView(sheet),
						fields: sheet.fields.map(fieldView),
					})),
				});
			},
		},
		{
			// {baseId, sheet, count, fields: {name: value}}: adds `count` records; "{n}" in a text
			// value becomes the record's number (0-based). For paging benchmarks.
			method: 'POST',
			path: '/__emulator/notable/records/generate',
			handle({ core, body }) {
				const base = core.notable.bases.get(body.baseId);
				const sheet = base && byIdOrName([...base.sheets.values()], body.sheet);
				if (!sheet) return new HttpReply(404, { message: 'no such base or sheet' });
				const owner = [...base.members][0];
				const now = Date.now();
				const start = sheet.records.size;
				for (let n = 0; n < body.count; n++) {
					const fields = {};
					for (const [key, value] of Object.entries(body.fields || {}))
						fields[key] =
							typeof value === 'string' ? value.replace('{n}', String(start + n)) : value;
					const written = writeFields(sheet, fields, core);
					if (written.error) return new HttpReply(400, { message: written.error });
					const id = randomId(10);
					sheet.records.set(id, {
						id,
						cells: written.cells,
						createdBy: owner,
						createdTime: now,
						lastModifiedBy: owner,
						lastModifiedTime: now,
					});
				}
				return new HttpReply(200, { records: sheet.records.size });
			},
		},
	],
};
