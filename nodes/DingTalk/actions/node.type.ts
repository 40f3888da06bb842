import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	message: 'sendToUsers' | 'sendToGroup' | 'sendWorkNotification' | 'getWorkNotificationResult' | 'recall' | 'getReadStatus';
};

export type DingTalkType = AllEntities<NodeMap>;
