import type { DingTalkPermission } from '../../../nodes/DingTalk/transport/permissions';
import {
	PERMISSIONS,
	permissionForPath,
	permissionHint,
} from '../../../nodes/DingTalk/transport/permissions';

type PermissionKey = keyof typeof PERMISSIONS;

/** Realistic endpoint paths the package calls (or will call), with the permission each needs (and the method, where it matters). */
const CASES: Array<[string, PermissionKey, string?]> = [
	['/v1.0/robot/oToMessages/batchSend', 'robotSend'],
	['/v1.0/robot/groupMessages/send', 'robotSend'],
	['/v1.0/robot/oToMessages/batchRecall', 'robotSend'],
	['/v1.0/im/v1.0/robot/interactiveCards/send', 'cardWrite'],
	['/v1.0/im/robots/interactiveCards', 'cardWrite'],
	['/v1.0/card/instances', 'cardWrite'],
	['/v1.0/card/instances/deliver', 'cardWrite'],
	['/v1.0/card/instances/createAndDeliver', 'cardWrite'],
	['/v1.0/card/streaming', 'cardStreaming'],
	['/v1.0/im/chat/CHATID/convertToOpenConversationId', 'chatRead'],
	['/v1.0/storage/spaces/123/files/uploadInfos/query', 'storageUploadInfo'],
	['/v1.0/storage/spaces/files/multiPartUploadInfos/init', 'storageUploadInfo'],
	['/v1.0/storage/spaces/files/multiPartUploadInfos/query', 'storageUploadInfo'],
	['/v1.0/storage/spaces/123/files/multiPartUploadInfos/init', 'storageUploadInfo'],
	['/v1.0/storage/spaces/123/files/commit', 'storageWrite'],
	['/v1.0/storage/spaces/123/dentries/0/folders', 'storageWrite'],
	['/v1.0/storage/spaces/123/dentries', 'storageRead'],
	['/v1.0/storage/spaces/123/dentries/456', 'storageRead'],
	['/v1.0/convFile/conversations/spaces/query', 'convFileSpace'],
	['/v1.0/convFile/conversations/files/send', 'convFileSend'],
	['/topapi/v2/user/getbymobile', 'memberByMobile'],
	['/topapi/v2/user/get', 'memberRead'],
	['/topapi/v2/user/list', 'departmentMembers'],
	['/topapi/v2/department/listsub', 'departmentRead'],
	['/topapi/v2/department/get', 'departmentRead'],
	['/v1.0/contact/users/search', 'contactSearch'],
	['/v1.0/contact/departments/search', 'contactSearch'],
	['/v1.0/drive/spaces', 'driveSpaceRead'],
	['/topapi/user/listid', 'memberRead'],
	['/topapi/message/corpconversation/asyncsend_v2', 'base'],
	['/topapi/message/corpconversation/getsendresult', 'base'],
	['/media/upload', 'base'],
	['/v1.0/workflow/processes/userVisibilities/templates', 'workflowTemplateRead', 'GET'],
	['/v1.0/workflow/forms/schemas/processCodes', 'workflowTemplateRead', 'GET'],
	['/v1.0/workflow/processInstances', 'workflowRead', 'GET'],
	['/v1.0/workflow/processes/instanceIds/query', 'workflowRead', 'POST'],
	['/v1.0/workflow/processInstances/spaces/files/urls/download', 'workflowRead', 'POST'],
	['/v1.0/workflow/processInstances', 'workflowWrite', 'POST'],
	['/v1.0/workflow/processInstances/execute', 'workflowWrite', 'POST'],
	['/v1.0/workflow/tasks/redirect', 'workflowWrite', 'POST'],
	['/v1.0/workflow/processInstances/comments', 'workflowWrite', 'POST'],
	['/v1.0/workflow/processInstances/terminate', 'workflowWrite', 'POST'],
	['/v1.0/calendar/users/UNION/calendars/primary/events', 'calendarWrite', 'POST'],
	['/v1.0/calendar/users/UNION/calendars/primary/events', 'calendarRead', 'GET'],
	['/v1.0/calendar/users/UNION/calendars/primary/events/EV1', 'calendarRead', 'GET'],
	['/v1.0/calendar/users/UNION/calendars/primary/events/EV1', 'calendarWrite', 'PUT'],
	['/v1.0/calendar/users/UNION/calendars/primary/events/EV1', 'calendarWrite', 'DELETE'],
	['/v1.0/calendar/users/UNION/calendars/primary/events/EV1/meetingRooms', 'calendarWrite', 'POST'],
	['/v1.0/calendar/users/UNION/querySchedule', 'calendarFreeBusy', 'POST'],
	['/v1.0/todo/users/UNION/tasks', 'todoWrite', 'POST'],
	['/v1.0/todo/users/UNION/tasks/task123', 'todoRead', 'GET'],
	['/v1.0/todo/users/UNION/tasks/sources/erp-1', 'todoRead', 'GET'],
	['/v1.0/todo/users/UNION/tasks/task123', 'todoWrite', 'PUT'],
	['/v1.0/todo/users/UNION/tasks/task123', 'todoWrite', 'DELETE'],
	['/v1.0/todo/users/UNION/tasks/task123/executorStatus', 'todoWrite', 'PUT'],
	['/v1.0/todo/users/UNION/org/tasks/query', 'todoRead', 'POST'],
	['/v1.0/notable/bases/BASE/sheets/Tasks/records/list', 'notableRead'],
	['/v1.0/notable/bases/BASE/sheets/Tasks/records', 'notableWrite'],
	['/v1.0/notable/bases/BASE/sheets/Tasks/records/delete', 'notableWrite'],
];

describe('permissionForPath', () => {
	// Every row has three entries (a missing method is "any"): jest passes a done callback for a missing one.
	it.each(CASES.map(([path, key, method]) => [path, key, method ?? 'any'] as const))(
		'%s needs %s (%s)',
		(path, key, method) => {
			expect(permissionForPath(path, method === 'any' ? undefined : method)).toBe(PERMISSIONS[key]);
		},
	);

	it('tells AI Table reads (GET, records/list) from writes on the same path by the method', () => {
		const sheets = '/v1.0/notable/bases/BASE/sheets';
		expect(permissionForPath(sheets, 'GET')).toBe(PERMISSIONS.notableRead);
		expect(permissionForPath(sheets, 'POST')).toBe(PERMISSIONS.notableWrite);
		expect(permissionForPath(`${sheets}/S/fields/F`, 'DELETE')).toBe(PERMISSIONS.notableWrite);
		expect(permissionForPath(`${sheets}/S/records/R?operatorId=u`, 'GET')).toBe(
			PERMISSIONS.notableRead,
		);
		expect(permissionForPath(`${sheets}/S/records/list`, 'POST')).toBe(PERMISSIONS.notableRead);
		expect(permissionForPath('/v1.0/robot/groupMessages/send', 'POST')).toBe(PERMISSIONS.robotSend);
	});

	it('reaches every entry of PERMISSIONS from at least one realistic path', () => {
		const reached = new Set(CASES.map(([path, , method]) => permissionForPath(path, method)));
		for (const key of Object.keys(PERMISSIONS) as PermissionKey[]) {
			expect({ key, reached: reached.has(PERMISSIONS[key]) }).toEqual({ key, reached: true });
		}
	});

	it('maps getbymobile to the mobile-lookup permission, not the general member read permission', () => {
		const permission = permissionForPath('/topapi/v2/user/getbymobile');
		expect(permission?.scope).toBe('qyapi_get_member_by_mobile');
		expect(permission).not.toBe(PERMISSIONS.memberRead);
	});

	it('maps the robot send API to qyapi_robot_sendmsg', () => {
		expect(permissionForPath('/v1.0/robot/oToMessages/batchSend')).toEqual({
			scope: 'qyapi_robot_sendmsg',
			name: '企业内机器人发送消息权限',
			english: 'send messages as the internal robot',
		});
	});

	it('ignores the query string', () => {
		expect(permissionForPath('/topapi/v2/user/get?access_token=abc&x=1')).toBe(
			PERMISSIONS.memberRead,
		);
		expect(permissionForPath('/topapi/v2/user/getbymobile?access_token=abc')).toBe(
			PERMISSIONS.memberByMobile,
		);
		expect(permissionForPath('/media/upload?access_token=abc&type=file')).toBe(PERMISSIONS.base);
		expect(permissionForPath('/v1.0/storage/spaces/123/files/commit?unionId=u1')).toBe(
			PERMISSIONS.storageWrite,
		);
	});

	it('does not let a query string pretend to be a known path', () => {
		expect(permissionForPath('/unknown?/v1.0/robot/oToMessages/batchSend')).toBeUndefined();
	});

	it.each([
		'/v1.0/oauth2/accessToken',
		'/v2.0/robot/x',
		'/unknown/path',
		'',
		'/',
		'v1.0/robot/oToMessages/batchSend',
		'/prefix/v1.0/robot/oToMessages/batchSend',
	])('returns undefined for the unknown path %p', (path) => {
		expect(permissionForPath(path)).toBeUndefined();
	});

	it('gives every permission a scope, a Chinese name and an English gloss', () => {
		for (const permission of Object.values(PERMISSIONS) as DingTalkPermission[]) {
			expect(permission.scope).toMatch(/\S/);
			expect(permission.name).toMatch(/[\u4e00-\u9fff]/);
			expect(permission.english).toMatch(/[a-z]/);
		}
	});
});

describe('permissionHint', () => {
	it('names the permission, its scope and its English gloss, and where to enable it', () => {
		const hint = permissionHint(PERMISSIONS.robotSend);
		expect(hint).toContain('企业内机器人发送消息权限');
		expect(hint).toContain('qyapi_robot_sendmsg');
		expect(hint).toContain('send messages as the internal robot');
		expect(hint).toContain('developer console');
		expect(hint).toContain('权限管理');
	});

	it('still tells where to go when the permission is unknown', () => {
		const hint = permissionHint(undefined);
		expect(hint).toContain('Enable the permission this API needs');
		expect(hint).toContain('developer console');
		expect(hint).toContain('Permissions (权限管理)');
		expect(hint).toContain('publish');
	});
});
