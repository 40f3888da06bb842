/** Sheet → From List of the Sheets (Workbook) resource: the workbook's sheets, asked as the operator. */
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { unionIdOf } from '../helpers/lookups/users';
import { locatorValue } from '../helpers/notable/target';
import { dingTalkApiRequest, ApiSession } from '../transport';

export async function searchWorkbookSheets(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const raw = locatorValue(this.getNodeParameter('workbook', '')).trim();
	const workbookId = /\/nodes\/([A-Za-z0-9_-]{6,})/.exec(raw)?.[1] ?? raw;
	const id = String(this.getNodeParameter('operatorId', '')).trim();
	if (!workbookId || !id)
		throw new NodeOperationError(this.getNode(), 'Enter the Workbook and the Operator ID first', {
			description: 'DingTalk lists sheets only to a person who can open the document.',
		});
	const api = new ApiSession(this);
	const operatorId =
		this.getNodeParameter('operatorIdType', 'userId') === 'unionId'
			? id
			: await unionIdOf({ api, users: new Map() }, 0, id);
	const answer = await dingTalkApiRequest<{ value?: Array<{ id: string; name: string }> }>(api, {
		api: 'new',
		method: 'GET',
		path: `/v1.0/doc/workbooks/${encodeURIComponent(workbookId)}/sheets`,
		qs: { operatorId },
		idempotent: true,
	});
	const wanted = (filter ?? '').toLowerCase();
	return {
		results: (answer.value ?? [])
			.filter((sheet) => !wanted || sheet.name.toLowerCase().includes(wanted))
			.map((sheet) => ({ name: sheet.name, value: sheet.id })),
	};
}
