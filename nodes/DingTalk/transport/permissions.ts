/**
 * Which DingTalk permission (权限点) each endpoint needs, so a permission error can tell the
 * user exactly what to enable. One table for every endpoint the package calls
 * (https://open.dingtalk.com/document/orgapp/add-api-permission); matched by path, most specific first.
 */
export interface DingTalkPermission {
	/** Scope code shown in the developer console, e.g. `qyapi_robot_sendmsg`. */
	scope: string;
	/** Chinese name of the permission as the console lists it. */
	name: string;
	/** English gloss for the error text. */
	english: string;
}

const P = (scope: string, name: string, english: string): DingTalkPermission => ({
	scope,
	name,
	english,
});

export const PERMISSIONS = {
	robotSend: P(
		'qyapi_robot_sendmsg',
		'企业内机器人发送消息权限',
		'send messages as the internal robot',
	),
	base: P('qyapi_base', '调用企业API基础权限', 'basic enterprise API access'),
	memberRead: P('qyapi_get_member', '成员信息读权限', 'read member information'),
	departmentMembers: P(
		'qyapi_get_department_member',
		'通讯录部门成员读权限',
		'read the members of Contacts departments',
	),
	departmentRead: P(
		'qyapi_get_department_list',
		'通讯录部门信息读权限',
		'read Contacts department information',
	),
	contactSearch: P(
		'qyapi_addresslist_search',
		'企业通讯录搜索权限',
		"search the organisation's Contacts",
	),
	driveSpaceRead: P('Drive.Space.Read', '钉盘应用空间读权限', 'read Drive spaces'),
	memberByMobile: P(
		'qyapi_get_member_by_mobile',
		'根据手机号获取成员基本信息权限',
		'look up members by mobile number',
	),
	chatRead: P('qyapi_chat_read', '钉钉群基础信息读权限', 'read group chat information'),
	storageUploadInfo: P(
		'Storage.UploadInfo.Read',
		'企业存储文件上传信息读权限',
		'read upload information of enterprise storage',
	),
	storageWrite: P('Storage.File.Write', '企业存储文件写权限', 'write enterprise storage files'),
	storageRead: P('Storage.File.Read', '企业存储文件读权限', 'read enterprise storage files'),
	convFileSpace: P('ConvFile.Space.Read', '群文件空间读权限', 'read group file spaces'),
	convFileSend: P('ConvFile.File.Send', '群文件发送权限', 'send files into group conversations'),
	cardWrite: P('Card.Instance.Write', '互动卡片实例写权限', 'create and update interactive cards'),
	workflowTemplateRead: P(
		'Workflow.Process.Read',
		'审批模板读权限',
		'read approval templates and their forms',
	),
	workflowRead: P('Workflow.Instance.Read', '审批实例读权限', 'read approval instances'),
	workflowWrite: P(
		'Workflow.Instance.Write',
		'审批实例写权限',
		'start, approve, transfer, comment on and terminate approvals',
	),
	calendarRead: P('Calendar.Event.Read', '日程读权限', 'read calendar events'),
	calendarWrite: P(
		'Calendar.Event.Write',
		'日程写权限',
		'create, change and delete calendar events',
	),
	calendarFreeBusy: P(
		'Calendar.EventSchedule.Read',
		'日程忙闲读权限',
		"read users' free/busy times",
	),
	todoRead: P('Todo.Todo.Read', '待办应用中待办读权限', 'read to-dos'),
	todoWrite: P('Todo.Todo.Write', '待办应用中待办写权限', 'create, update and delete to-dos'),
	// https://open.dingtalk.com/document/development/api-notable-listrecords (read) and
	// https://open.dingtalk.com/document/development/api-notable-insertrecords (write).
	notableRead: P('Notable.Base.Read.All', 'AI表格应用读权限', 'read AI Tables'),
	notableWrite: P('Notable.Base.Write.All', 'AI表格应用写权限', 'write AI Tables'),
	cardStreaming: P('Card.Streaming.Write', 'AI卡片流式更新权限', 'stream text into AI cards'),
} as const;

/** Path pattern, permission, and the methods it applies to (any method when absent). */
const TABLE: Array<[RegExp, DingTalkPermission, string[]?]> = [
	// AI Table: reads are GETs plus the records/list POST; every other call writes.
	[/^\/v1\.0\/notable\/bases\/[^/]+\/sheets\/[^/]+\/records\/list$/, PERMISSIONS.notableRead],
	[/^\/v1\.0\/notable\//, PERMISSIONS.notableRead, ['GET']],
	[/^\/v1\.0\/notable\//, PERMISSIONS.notableWrite],
	[/^\/v1\.0\/robot\//, PERMISSIONS.robotSend],
	[/^\/v1\.0\/im\/(v1\.0\/)?robots?\/interactiveCards/, PERMISSIONS.cardWrite],
	[/^\/v1\.0\/card\/streaming/, PERMISSIONS.cardStreaming],
	[/^\/v1\.0\/card\//, PERMISSIONS.cardWrite],
	[/^\/v1\.0\/im\/chat\/[^/]+\/convertToOpenConversationId/, PERMISSIONS.chatRead],
	[
		/^\/v1\.0\/storage\/spaces\/[^/]+\/files\/(uploadInfos|multiPartUploadInfos)/,
		PERMISSIONS.storageUploadInfo,
	],
	[/^\/v1\.0\/storage\/spaces\/files\/multiPartUploadInfos/, PERMISSIONS.storageUploadInfo],
	[
		/^\/v1\.0\/storage\/spaces\/[^/]+\/(files\/commit|dentries\/[^/]+\/folders)/,
		PERMISSIONS.storageWrite,
	],
	[/^\/v1\.0\/storage\//, PERMISSIONS.storageRead],
	[/^\/v1\.0\/drive\/spaces$/, PERMISSIONS.driveSpaceRead],
	[/^\/v1\.0\/contact\/(users|departments)\/search/, PERMISSIONS.contactSearch],
	[/^\/v1\.0\/convFile\/conversations\/spaces/, PERMISSIONS.convFileSpace],
	[/^\/v1\.0\/convFile\//, PERMISSIONS.convFileSend],
	[/^\/topapi\/v2\/user\/getbymobile/, PERMISSIONS.memberByMobile],
	[/^\/topapi\/v2\/user\/list/, PERMISSIONS.departmentMembers],
	[/^\/topapi\/v2\/department\/(listsub|get)/, PERMISSIONS.departmentRead],
	[/^\/topapi\/(v2\/)?user\//, PERMISSIONS.memberRead],
	[/^\/topapi\/message\/corpconversation\//, PERMISSIONS.base],
	[/^\/media\/upload/, PERMISSIONS.base],
	// https://open.dingtalk.com/document/orgapp/create-an-approval-instance (and its sibling pages)
	[
		/^\/v1\.0\/workflow\/(processes\/userVisibilities|forms\/schemas)\//,
		PERMISSIONS.workflowTemplateRead,
	],
	[/^\/v1\.0\/workflow\/processes\/instanceIds\/query$/, PERMISSIONS.workflowRead],
	[/^\/v1\.0\/workflow\/processInstances$/, PERMISSIONS.workflowRead, ['GET']],
	[
		/^\/v1\.0\/workflow\/processInstances\/spaces\/files\/urls\/download$/,
		PERMISSIONS.workflowRead,
	],
	[/^\/v1\.0\/workflow\//, PERMISSIONS.workflowWrite],
	// https://open.dingtalk.com/document/orgapp/create-event (and its sibling pages)
	[/^\/v1\.0\/calendar\/users\/[^/]+\/querySchedule$/, PERMISSIONS.calendarFreeBusy],
	[/^\/v1\.0\/calendar\//, PERMISSIONS.calendarRead, ['GET']],
	[/^\/v1\.0\/calendar\//, PERMISSIONS.calendarWrite],
	// https://open.dingtalk.com/document/orgapp/add-dingtalk-to-do-task (and its sibling pages):
	// reads are GET plus the list query (a POST); every other call writes.
	[/^\/v1\.0\/todo\/users\/[^/]+\/org\/tasks\/query$/, PERMISSIONS.todoRead],
	[/^\/v1\.0\/todo\//, PERMISSIONS.todoRead, ['GET']],
	[/^\/v1\.0\/todo\//, PERMISSIONS.todoWrite],
];

/**
 * The permission an endpoint needs, or undefined when the table has no entry for it. `method`
 * tells reads from writes where both share a path (to-dos, AI Tables).
 */
export function permissionForPath(path: string, method?: string): DingTalkPermission | undefined {
	const pathOnly = path.split('?')[0];
	const verb = method?.toUpperCase();
	return TABLE.find(
		([pattern, , methods]) =>
			pattern.test(pathOnly) && (!methods || (verb !== undefined && methods.includes(verb))),
	)?.[1];
}

/** The sentence a permission error carries: what to enable, and where. */
export function permissionHint(permission: DingTalkPermission | undefined): string {
	const what = permission
		? `Enable ${permission.name} (${permission.scope}) — "${permission.english}" —`
		: 'Enable the permission this API needs';
	return `${what} in the DingTalk developer console → your app → Permissions (权限管理), then publish the app version again if the console asks you to.`;
}
