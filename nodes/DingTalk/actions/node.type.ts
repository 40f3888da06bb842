import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	api: 'request';
	customRobot: 'sendMessage';
	message: 'sendToUsers' | 'sendToGroup' | 'sendWorkNotification' | 'getWorkNotificationResult' | 'recall' | 'getReadStatus';
};

export type DingTalkType = AllEntities<NodeMap>;
