import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	api: 'request';
	conversation: 'getOpenConversationId';
	customRobot: 'sendMessage';
	user: 'get' | 'getByMobile';
	message: 'sendToUsers' | 'sendToGroup' | 'sendWorkNotification' | 'getWorkNotificationResult' | 'recall' | 'getReadStatus';
};

export type DingTalkType = AllEntities<NodeMap>;
