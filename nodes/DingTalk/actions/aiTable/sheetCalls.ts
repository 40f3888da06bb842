/** The sheet and field operations: one call per item against the item's base (and sheet). */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	INodeExecutionData,
} from 'n8n-workflow';

import { runPerItem } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { notableRequest } from '../../helpers/notable/api';
import { readBase, readOperator, readSheet } from '../../helpers/notable/target';

export interface SheetCall {
	method: IHttpRequestMethods;
	/** Path below the base, given the item's sheet (undefined for calls on the base itself). */
	tail: (sheet: string | undefined, itemIndex: number) => string;
	body?: (itemIndex: number) => IDataObject | undefined;
	/** What the item outputs: DingTalk's answer by default; an array becomes one item per entry. */
	output?: (answer: IDataObject, itemIndex: number, sheet?: string) => IDataObject | IDataObject[];
}

/** Runs `call` for every item; `withSheet` reads the Sheet parameter too. */
export async function runSheetCalls(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
	withSheet: boolean,
	call: SheetCall,
): Promise<INodeExecutionData[]> {
	return await runPerItem(context, items, async (i) => {
		const base = readBase(run, i);
		const sheet = withSheet ? readSheet(run, i, base.sheetId) : undefined;
		const body = call.body?.(i);
		const answer = await notableRequest<IDataObject>(run.api, {
			method: call.method,
			baseId: base.baseId,
			tail: call.tail(sheet, i),
			operatorId: await readOperator(run, i),
			body,
			itemIndex: i,
			idempotent: call.method === 'GET' || call.method === 'PUT',
		});
		return call.output ? call.output(answer ?? {}, i, sheet) : (answer ?? {});
	});
}
