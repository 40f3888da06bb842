import type { AllEntities, INodePropertyOptions } from 'n8n-workflow';

/** Every resource and its operations: the router's table and the descriptions' options are checked against it. */
type NodeMap = {
	aiTable:
		| 'createRecord'
		| 'upsertRecord'
		| 'getManyRecords'
		| 'getRecord'
		| 'updateRecord'
		| 'deleteRecord'
		| 'getManySheets'
		| 'getSheet'
		| 'createSheet'
		| 'updateSheet'
		| 'deleteSheet'
		| 'getManyFields'
		| 'createField'
		| 'updateField'
		| 'deleteField'
		| 'getBase';
	aiCard: 'create' | 'stream' | 'finish' | 'fail' | 'update';
	api: 'request';
	card: 'send' | 'update';
	conversation: 'getOpenConversationId';
	customRobot: 'sendMessage';
	file: 'uploadToDrive' | 'sendToGroup' | 'uploadMedia' | 'downloadMessageFile';
	approval:
		| 'start'
		| 'get'
		| 'getAll'
		| 'approve'
		| 'reject'
		| 'transfer'
		| 'comment'
		| 'terminate'
		| 'downloadAttachment'
		| 'getTemplates';
	calendar: 'create' | 'get' | 'getAll' | 'update' | 'delete' | 'getFreeBusy';
	todo: 'create' | 'get' | 'getAll' | 'update' | 'markDone' | 'markUndone' | 'delete';
	user: 'get' | 'getByMobile' | 'search' | 'getManyInDepartment' | 'getSubDepartments';
	workbook:
		| 'appendRows'
		| 'readRows'
		| 'updateRange'
		| 'clearRange'
		| 'getManySheets'
		| 'createSheet'
		| 'deleteSheet';
	message:
		| 'sendToUsers'
		| 'sendToGroup'
		| 'sendWorkNotification'
		| 'getWorkNotificationResult'
		| 'recall'
		| 'getReadStatus'
		| 'sendAndWait'
		| 'reply';
};

export type DingTalkType = AllEntities<NodeMap>;

export type Resource = keyof NodeMap;

export type OperationOf<R extends Resource> = NodeMap[R];

/** An option of a resource's Operation parameter: its value must be one of the resource's operations. */
export type OperationOption<R extends Resource> = INodePropertyOptions & { value: OperationOf<R> };

/** An option of the Resource parameter. */
export type ResourceOption = INodePropertyOptions & { value: Resource };
