import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	api: 'request';
	card: 'send' | 'update';
	conversation: 'getOpenConversationId';
	customRobot: 'sendMessage';
	file: 'uploadToDrive' | 'sendToGroup' | 'uploadMedia' | 'downloadMessageFile';
	user: 'get' | 'getByMobile';
	message: 'sendToUsers' | 'sendToGroup' | 'sendWorkNotification' | 'getWorkNotificationResult' | 'recall' | 'getReadStatus' | 'sendAndWait' | 'reply';
};

export type DingTalkType = AllEntities<NodeMap>;
