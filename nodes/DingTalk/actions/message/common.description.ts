import type { INodeProperties } from 'n8n-workflow';

export const taskIdField: INodeProperties = {
	displayName: 'Task ID',
	name: 'taskId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 256271667526',
	description: 'The taskId that Send Work Notification returned',
};

/** Recipients by userId (用户ID), as people type them. */
export function userIdsField(extra: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'User IDs',
		name: 'userIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. manager4220, 0123456789',
		description:
			'UserIds (用户ID, not unionIds) of the recipients: comma or newline separated, a JSON array like ["id1","id2"], or an array from an expression. People picked under Users are added.',
		...extra,
	};
}
