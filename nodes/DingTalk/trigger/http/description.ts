/** What the HTTP trigger asks for: the callback source, filters and security options. */
import type { INodeProperties } from 'n8n-workflow';

import { approvalFilterProperty } from '../approvalFilter';
import { includeInstanceProperty } from '../approvalInstance';
import { DEFAULT_MAX_SKEW_SECONDS, MAX_MAX_SKEW_SECONDS, MIN_MAX_SKEW_SECONDS } from './options';

/** Event types offered in the filter (free text covers the rest). */
const EVENT_TYPES = [
	['Check URL (Console Verification)', 'check_url'],
	['Group: Name Changed', 'chat_update_title'],
	['Group: Cool App Installed', 'im_cool_app_install'],
	['Group: Cool App Uninstalled', 'im_cool_app_uninstall'],
	['Group: Member Added', 'chat_add_member'],
	['Group: Member Removed', 'chat_remove_member'],
	['Group: Disbanded', 'chat_disband'],
	['Approval: Instance Changed', 'bpms_instance_change'],
	['Approval: Task Changed', 'bpms_task_change'],
	['Contacts: User Added', 'user_add_org'],
	['Contacts: User Modified', 'user_modify_org'],
	['Contacts: User Left', 'user_leave_org'],
	['Contacts: Department Created', 'org_dept_create'],
	['Contacts: Department Modified', 'org_dept_modify'],
	['Contacts: Department Removed', 'org_dept_remove'],
	['Attendance: Check-In', 'attendance_check_record'],
];

export const httpTriggerProperties: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		default: 'events',
		options: [
			{
				name: 'Event Subscription',
				value: 'events',
				description:
					'Events & Callbacks (事件与回调) pushed over HTTP, encrypted with the aes_key and signed with the token from the credential',
			},
			{
				name: 'Robot Messages',
				value: 'robot',
				description:
					"Messages people send to the app robot, when the robot's message receiving mode is HTTP",
			},
		],
	},
	{
		displayName:
			"Paste this node's production URL into the developer console: Events & Callbacks → request URL (events), or Robot → message receiving address (robot messages). Activate the workflow first: DingTalk verifies the URL when you save.",
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Event Types',
		name: 'eventTypes',
		type: 'multiOptions',
		default: [],
		description:
			'Only these start the workflow (others are acknowledged and dropped). Empty: every event.',
		options: EVENT_TYPES.map(([name, value]) => ({ name, value })),
		displayOptions: { show: { source: ['events'] } },
	},
	{
		displayName: 'Other Event Types',
		name: 'otherEventTypes',
		type: 'string',
		default: '',
		placeholder: 'e.g. label_user_change, hrm_user_record_change',
		description: 'More EventType values to accept, comma-separated',
		displayOptions: { show: { source: ['events'] } },
	},
	approvalFilterProperty({ show: { source: ['events'] } }),
	includeInstanceProperty({ show: { source: ['events'] } }),
	{
		displayName: 'Message Types',
		name: 'messageTypes',
		type: 'multiOptions',
		default: [],
		description: 'Only these start the workflow. Empty: every type.',
		options: [
			{ name: 'Audio', value: 'audio' },
			{ name: 'File', value: 'file' },
			{ name: 'Picture', value: 'picture' },
			{ name: 'Rich Text', value: 'richText' },
			{ name: 'Text', value: 'text' },
			{ name: 'Video', value: 'video' },
		],
		displayOptions: { show: { source: ['robot'] } },
	},
	{
		displayName: 'Conversation Type',
		name: 'conversationType',
		type: 'options',
		default: 'any',
		options: [
			{ name: 'Any', value: 'any' },
			{ name: '1:1 Chats Only', value: 'oneToOne' },
			{ name: 'Groups Only', value: 'group' },
		],
		displayOptions: { show: { source: ['robot'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Include Raw Payload',
				name: 'includeRaw',
				type: 'boolean',
				default: false,
				description: 'Whether to add the decrypted payload as DingTalk sent it, under "raw"',
			},
			{
				displayName: 'Max Clock Skew (Seconds)',
				name: 'maxSkewSeconds',
				type: 'number',
				default: DEFAULT_MAX_SKEW_SECONDS,
				typeOptions: { minValue: MIN_MAX_SKEW_SECONDS, maxValue: MAX_MAX_SKEW_SECONDS },
				description:
					'Callbacks whose signed timestamp is further from now are refused (10–3600). A replayed callback is refused while it is inside this window; outside it, as stale.',
			},
			{
				displayName: 'Owner Key',
				name: 'ownerKey',
				type: 'options',
				default: 'appKey',
				description: 'What encrypted events must be addressed to',
				options: [
					{
						name: 'Client ID (AppKey)',
						value: 'appKey',
						description: 'Events configured in the developer console',
					},
					{
						name: 'CorpId',
						value: 'corpId',
						description: 'Callbacks registered with the old register_call_back API',
					},
				],
			},
		],
	},
];
