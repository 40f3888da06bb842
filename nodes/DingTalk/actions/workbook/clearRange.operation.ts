import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { a1, readRange, readWorkbookTarget, workbookRequest } from '../../helpers/workbook/sheet';
import { rangeField, workbookTarget } from './common.description';

export const description = updateDisplayOptions(
	{ show: { resource: ['workbook'], operation: ['clearRange'] } },
	[...workbookTarget, rangeField] as INodeProperties[],
);

/** Empties the cells of a range, keeping their formats (https://open.dingtalk.com/document/orgapp/clear-range-data). */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const range = readRange(this, i);
		const target = await readWorkbookTarget(run, i);
		await workbookRequest(run.api, target, 'POST', `/ranges/${a1(range)}/clearData`, i);
		return { range: a1(range), cleared: true };
	});
}
