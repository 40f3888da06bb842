import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	message: 'sendToUsers';
};

export type DingTalkType = AllEntities<NodeMap>;
