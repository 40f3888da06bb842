/**
 * The Custom Form's field parameters, in the shape of n8n's Form node (defineForm,
 * formFields.values, jsonOutput), limited to the field types the form page offers.
 */
import type { INodeProperties } from 'n8n-workflow';

const customForm = { show: { responseType: ['customForm'] } };
const withOptions = { show: { fieldType: ['dropdown', 'radio', 'checkbox'] } };

export const customFormProperties: INodeProperties[] = [
	{
		displayName: 'Define Form',
		name: 'defineForm',
		type: 'options',
		noDataExpression: true,
		default: 'fields',
		displayOptions: customForm,
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{ name: 'Using JSON', value: 'json' },
		],
	},
	{
		displayName: 'Form Fields',
		name: 'jsonOutput',
		type: 'json',
		typeOptions: { rows: 5 },
		default:
			'[\n  {\n    "fieldLabel": "Reason",\n    "fieldType": "textarea",\n    "requiredField": true\n  },\n  {\n    "fieldLabel": "Decision",\n    "fieldType": "radio",\n    "fieldOptions": { "values": [{ "option": "Approve" }, { "option": "Reject" }] },\n    "requiredField": true\n  }\n]\n',
		description:
			"The fields as n8n's Form node takes them in JSON: fieldLabel, fieldType, placeholder, requiredField, fieldOptions.values[].option",
		displayOptions: { show: { responseType: ['customForm'], defineForm: ['json'] } },
	},
	{
		displayName: 'Form Elements',
		name: 'formFields',
		placeholder: 'Add Form Element',
		type: 'fixedCollection',
		default: {},
		typeOptions: { multipleValues: true, sortable: true },
		displayOptions: { show: { responseType: ['customForm'], defineForm: ['fields'] } },
		options: [
			{
				displayName: 'Values',
				name: 'values',
				values: [
					{
						displayName: 'Element Type',
						name: 'fieldType',
						type: 'options',
						default: 'text',
						options: [
							{ name: 'Checkboxes', value: 'checkbox' },
							{ name: 'Date', value: 'date' },
							{ name: 'Dropdown', value: 'dropdown' },
							{ name: 'Email', value: 'email' },
							{ name: 'Hidden Field', value: 'hiddenField' },
							{ name: 'Number', value: 'number' },
							{ name: 'Password', value: 'password' },
							{ name: 'Radio Buttons', value: 'radio' },
							{ name: 'Text Input', value: 'text' },
							{ name: 'Textarea', value: 'textarea' },
						],
					},
					{
						displayName: 'Field Name',
						name: 'fieldLabel',
						type: 'string',
						default: '',
						placeholder: 'e.g. What is your name?',
						description: 'Label that appears above the input field, and its key in the output',
						required: true,
						displayOptions: { hide: { fieldType: ['hiddenField'] } },
					},
					{
						displayName: 'Field Name',
						name: 'fieldName',
						type: 'string',
						default: '',
						description: 'The key of the hidden value in the output',
						displayOptions: { show: { fieldType: ['hiddenField'] } },
					},
					{
						displayName: 'Field Options',
						name: 'fieldOptions',
						placeholder: 'Add Field Option',
						type: 'fixedCollection',
						default: { values: [{ option: '' }] },
						typeOptions: { multipleValues: true, sortable: true },
						displayOptions: withOptions,
						options: [
							{
								displayName: 'Values',
								name: 'values',
								values: [{ displayName: 'Option', name: 'option', type: 'string', default: '' }],
							},
						],
					},
					{
						displayName: 'Field Value',
						name: 'fieldValue',
						type: 'string',
						default: '',
						description: 'The value the output always has for this field',
						displayOptions: { show: { fieldType: ['hiddenField'] } },
					},
					{
						displayName: 'Placeholder',
						name: 'placeholder',
						type: 'string',
						default: '',
						displayOptions: {
							show: { fieldType: ['text', 'textarea', 'number', 'email', 'password'] },
						},
					},
					{
						displayName: 'Required Field',
						name: 'requiredField',
						type: 'boolean',
						default: false,
						description: 'Whether to require the user to enter a value for this field',
						displayOptions: { hide: { fieldType: ['hiddenField'] } },
					},
				],
			},
		],
	},
];
