/**
 * The Start operation's Form (a resource mapper): one field per input control of the approval
 * template's form schema (https://open.dingtalk.com/document/orgapp/obtain-the-form-schema-by-process-code),
 * keyed by the control's label, the name DingTalk takes in `formComponentValues`.
 */
import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodePropertyOptions,
	ResourceMapperField,
	ResourceMapperFields,
	FieldType,
} from 'n8n-workflow';

import { ApiSession, dingTalkApiRequest } from '../transport';
import { fixedText } from './parameters';

/** Control types → the mapper's input widget; JSON for attachments, tables and ranges. */
const TYPES: Record<string, { type: FieldType; hint?: string }> = {
	TextField: { type: 'string' },
	TextareaField: { type: 'string' },
	NumberField: { type: 'number' },
	MoneyField: { type: 'number' },
	DDDateField: { type: 'dateTime' },
	DDSelectField: { type: 'options' },
	DDMultiSelectField: { type: 'string', hint: 'JSON array' },
	DDDateRangeField: { type: 'string', hint: 'JSON ["start", "end"]' },
	DDAttachment: { type: 'string', hint: 'JSON array of files' },
	DDPhotoField: { type: 'string', hint: 'JSON array of image URLs' },
	InnerContactField: { type: 'string', hint: 'JSON array of userIds' },
	DepartmentField: { type: 'string', hint: 'JSON array of department IDs' },
	TableField: { type: 'string', hint: 'JSON rows of {name, value}' },
};

/** A select's options: DingTalk lists them as JSON text {"key","value"} or plain text. */
function selectOptions(raw: unknown): INodePropertyOptions[] {
	const list = Array.isArray(raw) ? raw : [];
	return list.map((option) => {
		let text = String(option);
		try {
			const parsed = JSON.parse(text) as IDataObject;
			if (parsed && typeof parsed === 'object' && parsed.value !== undefined)
				text = String(parsed.value);
		} catch {
			// plain text option
		}
		return { name: text, value: text };
	});
}

export async function getApprovalFormFields(
	this: ILoadOptionsFunctions,
): Promise<ResourceMapperFields> {
	// A resource locator ({ mode, value }); plain text in workflows saved before it was one.
	const { text: processCode } = fixedText(this, 'processCode');
	if (!processCode)
		return {
			fields: [],
			emptyFieldsNotice: 'Pick the template (Template Process Code) to load its form',
		};
	const answer = await dingTalkApiRequest<{
		result?: { schemaContent?: { items?: IDataObject[] } };
	}>(new ApiSession(this), {
		api: 'new',
		method: 'GET',
		path: '/v1.0/workflow/forms/schemas/processCodes',
		qs: { processCode },
		idempotent: true,
	});
	const fields: ResourceMapperField[] = [];
	for (const item of answer.result?.schemaContent?.items ?? []) {
		const props = (item.props ?? {}) as IDataObject;
		const kind = TYPES[String(item.componentName)];
		const label = String(props.label ?? '');
		if (!kind || !label) continue;
		fields.push({
			id: label,
			displayName: kind.hint ? `${label} (${kind.hint})` : label,
			required: props.required === true,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type: kind.type,
			...(kind.type === 'options' ? { options: selectOptions(props.options) } : {}),
		});
	}
	return fields.length
		? { fields }
		: { fields, emptyFieldsNotice: 'This template has no fields the API can fill' };
}
