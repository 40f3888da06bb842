/** The sheet operations of a workbook: one call per item on the workbook (and sheet). */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	INodeExecutionData,
} from 'n8n-workflow';

import { parameterError, runPerItem } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { readWorkbookTarget, workbookRequest } from '../../helpers/workbook/sheet';

/**
 * Runs one call per item. Without `withSheet` the call is on the workbook's sheet list (the Sheet
 * parameter is not shown, so its value is a placeholder and the path ends at `/sheets`).
 */
export async function runWorkbookCalls(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
	call: {
		method: IHttpRequestMethods;
		withSheet: boolean;
		body?: (itemIndex: number) => IDataObject;
		output: (answer: IDataObject, itemIndex: number, sheet: string) => IDataObject | IDataObject[];
	},
): Promise<INodeExecutionData[]> {
	return await runPerItem(context, items, async (i) => {
		const body = call.body?.(i);
		const target = await readWorkbookTarget(run, i, call.withSheet);
		const answer = await workbookRequest<IDataObject>(
			run.api,
			call.withSheet ? target : { ...target, sheet: '' },
			call.method,
			'',
			i,
			body,
		);
		return call.output(answer ?? {}, i, target.sheet);
	});
}

/** The Sheet Name parameter of Create Sheet, required. */
export function sheetName(context: IExecuteFunctions, itemIndex: number): string {
	const name = String(context.getNodeParameter('sheetName', itemIndex, '')).trim();
	if (!name)
		throw parameterError(
			context,
			itemIndex,
			'Sheet Name',
			'No name given',
			'Enter the name of the new sheet.',
		);
	return name;
}
