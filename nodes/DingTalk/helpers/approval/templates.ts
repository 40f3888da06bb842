/**
 * The approval templates a user can see (workflow_1_0 userVisibilities/templates), a page at a
 * time: Get Templates and the template picker share it.
 * https://open.dingtalk.com/document/orgapp/obtains-a-list-of-templates-visible-to-the-specified-user
 */
import type { IDataObject } from 'n8n-workflow';

import { type ApiSession, dingTalkApiRequest } from '../../transport';

/** userVisibilities/templates: at most 100 templates a call. */
export const TEMPLATES_MAX = 100;

export interface TemplatesPage {
	templates: IDataObject[];
	/** The next page's token; undefined on the last page. */
	next?: number;
}

export async function visibleTemplatesPage(
	api: ApiSession,
	userId: string,
	nextToken?: number,
	itemIndex?: number,
): Promise<TemplatesPage> {
	const page = await dingTalkApiRequest<{
		result?: { processList?: IDataObject[]; nextToken?: number };
	}>(api, {
		api: 'new',
		method: 'GET',
		path: '/v1.0/workflow/processes/userVisibilities/templates',
		qs: { userId, maxResults: TEMPLATES_MAX, ...(nextToken !== undefined ? { nextToken } : {}) },
		itemIndex,
		idempotent: true,
	});
	return { templates: page.result?.processList ?? [], next: page.result?.nextToken };
}
