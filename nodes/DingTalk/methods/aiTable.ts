/**
 * What the editor asks of an AI Table while a workflow is built: the base's sheets (Sheet → From
 * List), the sheet's fields (field pickers) and the Columns of the resource mapper, typed from
 * the sheet's fields. Each asks DingTalk as the node's operator.
 */
import type {
	FieldType,
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
	ResourceMapperField,
	ResourceMapperFields,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { editorOperator } from './parameters';
import { notableRequest, sheetPath } from '../helpers/notable/api';
import type { NotableField } from '../helpers/notable/fields';
import { locatorValue, parseBase } from '../helpers/notable/target';
import type { ApiSession } from '../transport';

interface EditorTarget {
	api: ApiSession;
	baseId: string;
	sheet?: string;
	operatorId: string;
}

async function editorTarget(
	context: ILoadOptionsFunctions,
	withSheet: boolean,
): Promise<EditorTarget> {
	const base = parseBase(locatorValue(context.getNodeParameter('base', '')));
	if ('problem' in base)
		throw new NodeOperationError(context.getNode(), `${base.problem} in parameter "Base"`, {
			description: base.fix,
		});
	const sheet = locatorValue(context.getNodeParameter('sheet', '')).trim() || base.sheetId;
	if (withSheet && !sheet)
		throw new NodeOperationError(context.getNode(), 'Pick a sheet first', {
			description: 'The fields come from the sheet chosen in Sheet.',
		});
	const { api, operatorId } = await editorOperator(context, 'an AI Table, its sheets and fields');
	return { api, baseId: base.baseId, sheet, operatorId };
}

async function fieldsOf(context: ILoadOptionsFunctions): Promise<NotableField[]> {
	const target = await editorTarget(context, true);
	const answer = await notableRequest<{ value?: NotableField[] }>(target.api, {
		method: 'GET',
		baseId: target.baseId,
		tail: sheetPath(target.sheet!, 'fields'),
		operatorId: target.operatorId,
	});
	return answer.value ?? [];
}

/** Sheet → From List. */
export async function searchAiTableSheets(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const target = await editorTarget(this, false);
	const answer = await notableRequest<{ value?: Array<{ id: string; name: string }> }>(target.api, {
		method: 'GET',
		baseId: target.baseId,
		tail: 'sheets',
		operatorId: target.operatorId,
	});
	const wanted = (filter ?? '').toLowerCase();
	return {
		results: (answer.value ?? [])
			.filter((sheet) => !wanted || sheet.name.toLowerCase().includes(wanted))
			.map((sheet) => ({ name: sheet.name, value: sheet.id })),
	};
}

/** Field pickers (filters, sort, field operations). */
export async function getAiTableFields(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return (await fieldsOf(this)).map((field) => ({
		name: field.name,
		value: field.name,
		description: field.type,
	}));
}

/** n8n's type for a field, so the editor and n8n's checks treat values as the field holds them. */
const TYPES: Record<string, FieldType> = {
	text: 'string',
	number: 'number',
	date: 'dateTime',
	singleSelect: 'options',
	multipleSelect: 'array',
	user: 'array',
	department: 'array',
	attachment: 'array',
	url: 'string',
	unidirectionalLink: 'array',
	bidirectionalLink: 'array',
};

/** Fields a key can match on: their values compare as text with DingTalk's `equal` filter. */
const MATCHABLE = new Set(['text', 'number']);

function column(field: NotableField): ResourceMapperField {
	const choices = ((field.property?.choices as IDataObject[] | undefined) ?? []).map((choice) => ({
		name: String(choice.name),
		value: String(choice.name),
	}));
	return {
		id: field.name,
		displayName: field.name,
		required: false,
		defaultMatch: false,
		canBeUsedToMatch: MATCHABLE.has(field.type),
		display: true,
		type: TYPES[field.type] ?? 'string',
		...(field.type === 'singleSelect' ? { options: choices } : {}),
	};
}

/** Columns of Create and Create or Update. */
export async function getAiTableColumns(
	this: ILoadOptionsFunctions,
): Promise<ResourceMapperFields> {
	return { fields: (await fieldsOf(this)).map(column) };
}

/** Columns of Update: the Record ID the update is matched on, then the fields. */
export async function getAiTableColumnsWithRecordId(
	this: ILoadOptionsFunctions,
): Promise<ResourceMapperFields> {
	const fields = (await fieldsOf(this)).map((field) => ({
		...column(field),
		canBeUsedToMatch: false,
	}));
	return {
		fields: [
			{
				id: 'id',
				displayName: 'Record ID',
				required: true,
				defaultMatch: true,
				canBeUsedToMatch: true,
				display: true,
				type: 'string',
			},
			...fields,
		],
	};
}
