/**
 * The approval template picker: the templates a user can see
 * (https://open.dingtalk.com/document/orgapp/obtains-a-list-of-templates-visible-to-the-specified-user).
 * DingTalk lists them per user, so the list needs the operation's user: Start's originator, or
 * Get Many's first Filters → Originator User IDs. A name filter is applied to each page (DingTalk has none).
 */
import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { visibleTemplatesPage } from '../helpers/approval/templates';
import { normalizeMobile } from '../helpers/lookups/locators';
import { editorLookups, type Lookups } from '../helpers/lookups/lookups';
import { userIdByMobile } from '../helpers/lookups/users';
import { parseIdList } from '../helpers/messages/recipients';
import { decodeToken, encodeToken } from './pages';
import { fixedText } from './parameters';

/** Pages of 100 read at most per call while a name filter matches nothing. */
const PAGES_PER_CALL = 5;

/** The userId whose templates to list, from the operation's user parameter. */
async function templateUser(context: ILoadOptionsFunctions, run: Lookups): Promise<string> {
	const originator = fixedText(context, 'originatorUserId');
	if (originator.text)
		return originator.mode === 'mobile'
			? String((await userIdByMobile(run, 0, normalizeMobile(originator.text))).userid ?? '')
			: originator.text;
	const filters = context.getCurrentNodeParameter('filters') as IDataObject | undefined;
	const listed = parseIdList(filters?.userIds, 'user ID').ids ?? [];
	const first = listed.find((id) => !id.startsWith('='));
	if (first) return first;
	throw new NodeOperationError(context.getNode(), 'Set the user first', {
		description:
			'DingTalk lists the approval templates a member can see: pick the Originator User ID (Start) or add Filters → Originator User IDs (Get Many) as a fixed value, not an expression, then open this list again. Or enter the processCode By Process Code.',
	});
}

function templateItem(template: IDataObject): INodeListSearchItems {
	const processCode = String(template.processCode ?? '');
	return {
		name: String(template.name ?? processCode),
		value: processCode,
		description: processCode,
		...(template.url ? { url: String(template.url) } : {}),
	};
}

export async function searchApprovalTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const run = editorLookups(this);
	const userId = await templateUser(this, run);
	const query = (filter ?? '').trim().toLowerCase();
	let next = decodeToken<{ next: number }>(paginationToken)?.next;
	const results: INodeListSearchItems[] = [];
	for (let page = 0; page < PAGES_PER_CALL; page++) {
		const answer = await visibleTemplatesPage(run.api, userId, next);
		results.push(
			...answer.templates
				.filter(
					(t) =>
						!query ||
						String(t.name ?? '')
							.toLowerCase()
							.includes(query) ||
						String(t.processCode ?? '')
							.toLowerCase()
							.includes(query),
				)
				.map(templateItem),
		);
		next = answer.next;
		if (next === undefined || results.length > 0) break;
	}
	return { results, paginationToken: next === undefined ? undefined : encodeToken({ next }) };
}
