import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { notableRequest } from '../../helpers/notable/api';
import { readBase, readOperator } from '../../helpers/notable/target';
import { baseLocator, operatorFields } from './common.description';

const properties: INodeProperties[] = [baseLocator, ...operatorFields];

export const description = updateDisplayOptions(
	{ show: { resource: ['aiTable'], operation: ['getBase'] } },
	properties,
);

/**
 * A base by link or ID: its ID, the sheet the link points at and its sheets
 * (https://open.dingtalk.com/document/development/api-notable-getallsheets), which also proves the
 * operator can open it.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const base = readBase(run, i);
		const operatorId = await readOperator(run, i);
		const answer = await notableRequest<{ value?: Array<{ id: string; name: string }> }>(run.api, {
			method: 'GET',
			baseId: base.baseId,
			tail: 'sheets',
			operatorId,
			itemIndex: i,
		});
		return {
			baseId: base.baseId,
			sheetId: base.sheetId ?? null,
			sheets: answer.value ?? [],
		};
	});
}
