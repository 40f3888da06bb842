import type { INodeProperties } from 'n8n-workflow';

/**
 * Resource locators for parameters that name a DingTalk object: pick from a searchable list
 * (methods/), paste a link, or type the ID. Each keeps the name of the text
 * parameter it replaces, and operations read plain text there as the ID mode
 * (helpers/lookups/locators.ts), so workflows saved before still run.
 */

/** One user: from the list (search by name), by mobile number, or by userId. */
export function userLocator(extra: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'User',
		name: 'userId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The member (成员): pick from the list, or give their mobile number or userId',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Search by name…',
				typeOptions: { searchListMethod: 'searchUsers', searchable: true },
			},
			{
				displayName: 'By Mobile',
				name: 'mobile',
				type: 'string',
				placeholder: 'e.g. 13800000000',
				hint: 'The member with this mobile number, looked up when the workflow runs',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\s*\\+?[\\d\\s-]{5,24}\\s*$',
							errorMessage: 'Enter a mobile number, e.g. 13800000000',
						},
					},
				],
			},
			{
				displayName: 'By User ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. manager4220',
				hint: 'The userId (用户ID), not the unionId',
			},
		],
		...extra,
	};
}

/** Users picked one by one (added to whatever "User IDs" holds). */
export function usersPickerField(extra: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Users',
		name: 'userList',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add User',
		default: {},
		description: 'Recipients picked from the list, by mobile or by userId; added to User IDs',
		options: [
			{
				displayName: 'User',
				name: 'users',
				values: [userLocator({ displayName: 'User', name: 'user', required: false })],
			},
		],
		...extra,
	};
}

/** One department: from the list (the tree, or search by name), or by department ID. */
export function departmentLocator(extra: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Department',
		name: 'deptId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The department (部门); 1 is the whole organisation',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Search by name…',
				typeOptions: { searchListMethod: 'searchDepartments', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 12345678',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^\\s*\\d+\\s*$', errorMessage: 'A department ID is a number' },
					},
				],
			},
		],
		...extra,
	};
}

/** The group a message goes to: its openConversationId, or an old chatId (converted). */
export function conversationLocator(extra: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Conversation',
		name: 'conversationId',
		type: 'resourceLocator',
		default: { mode: 'id', value: '' },
		required: true,
		description:
			'The group (群会话): its openConversationId (starts with "cid", e.g. from a DingTalk Trigger), an old chatId (starts with "chat", converted automatically), or a department group from the list. DingTalk lists no other groups for an app.',
		modes: [
			{
				displayName: 'By Open Conversation ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. cidXXXXXXXX+XXXX==',
			},
			{
				displayName: 'By Chat ID',
				name: 'chatId',
				type: 'string',
				placeholder: 'e.g. chatxxxxxxxx',
				hint: 'Converted to the openConversationId when the workflow runs',
			},
			{
				displayName: 'From Department Groups',
				name: 'list',
				type: 'list',
				placeholder: 'Select a department group…',
				typeOptions: { searchListMethod: 'searchDepartmentGroups', searchable: true },
			},
		],
		...extra,
	};
}

/** Departments picked one by one (added to whatever "Department IDs" holds). */
export function departmentsPickerField(extra: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Departments',
		name: 'departmentList',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Department',
		default: {},
		description: 'Departments picked from the list or by ID; added to Department IDs',
		options: [
			{
				displayName: 'Department',
				name: 'departments',
				values: [departmentLocator({ name: 'department', required: false })],
			},
		],
		...extra,
	};
}

/** An approval template (审批模板): from the templates a user sees, or by its processCode. */
export function approvalTemplateLocator(extra: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Template',
		name: 'processCode',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description:
			'The approval template (审批模板): pick one the user of this operation can see, or give its processCode',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a template…',
				typeOptions: { searchListMethod: 'searchApprovalTemplates', searchable: true },
			},
			{
				displayName: 'By Process Code',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. PROC-EF6YJL35',
				hint: "The processCode: in the template's edit URL, or from Get Templates",
			},
		],
		...extra,
	};
}
