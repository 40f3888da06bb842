import {
	readFormAnswer,
	readFormFields,
} from '../../../../nodes/DingTalk/actions/message/sendAndWait.form';
import { customFormPage } from '../../../../nodes/DingTalk/actions/message/responsePages';

const fields = readFormFields(
	'json',
	{},
	JSON.stringify([
		{ fieldLabel: 'Name', requiredField: true },
		{
			fieldLabel: 'Size',
			fieldType: 'dropdown',
			fieldOptions: { values: [{ option: 'S' }, { option: 'M' }] },
		},
		{
			fieldLabel: 'Extras',
			fieldType: 'checkbox',
			fieldOptions: { values: [{ option: 'a' }, { option: 'b' }] },
		},
		{ fieldLabel: 'When', fieldType: 'date' },
		{ fieldLabel: 'Mail', fieldType: 'email' },
	]),
).fields!;

describe('Custom Form: reading the definition and the answer', () => {
	it('reads n8n Form JSON (text by default) and the fixed collection the same way', () => {
		expect(fields.map((f) => [f.fieldLabel, f.fieldType])).toEqual([
			['Name', 'text'],
			['Size', 'dropdown'],
			['Extras', 'checkbox'],
			['When', 'date'],
			['Mail', 'email'],
		]);
		const fromCollection = readFormFields(
			'fields',
			{ values: [{ fieldLabel: 'Name', fieldType: 'text' }] },
			'',
		);
		expect(fromCollection.fields).toEqual([
			expect.objectContaining({ fieldLabel: 'Name', fieldType: 'text' }),
		]);
		expect(readFormFields('fields', {}, '').problem).toBe('The form has no fields');
		expect(readFormFields('json', {}, '[{"fieldType":"text"}]').problem).toBe(
			'Field 1 has no label',
		);
	});

	it('an answer comes out keyed by label; empty optional fields are null (checkboxes [])', () => {
		expect(readFormAnswer(fields, { 'field-0': 'Ann', 'field-2': 'b' })).toEqual({
			answer: { Name: 'Ann', Size: null, Extras: ['b'], When: null, Mail: null },
		});
	});

	it.each([
		[{}, 'Please fill in "Name".'],
		[{ 'field-0': 'Ann', 'field-1': 'XL' }, '"XL" is not an option of "Size".'],
		[{ 'field-0': 'Ann', 'field-2': ['a', 'z'] }, '"z" is not an option of "Extras".'],
		[{ 'field-0': 'Ann', 'field-3': 'tomorrow' }, '"When" must be a date.'],
		[{ 'field-0': 'Ann', 'field-4': 'nobody' }, '"Mail" must be an email address.'],
	])('%j → %s', (body, problem) => {
		expect(readFormAnswer(fields, body).problem).toBe(problem);
	});

	it('the page escapes labels, options and texts, and carries the confirmation value', () => {
		const page = customFormPage({
			title: '<T>',
			description: 'a & b',
			buttonLabel: 'Go"',
			confirmation: 'c0ffee',
			fields: [{ fieldLabel: '<b>', fieldType: 'dropdown', options: ['"x"'], requiredField: true }],
		});
		expect(page).toContain('<h1>&lt;T&gt;</h1>');
		expect(page).toContain('a &amp; b');
		expect(page).toContain('<option value="&quot;x&quot;">&quot;x&quot;</option>');
		expect(page).toContain('<input type="hidden" name="confirmation" value="c0ffee">');
		expect(page).toContain('Go&quot;</button>');
		expect(page).not.toContain('<b>');
	});
});
