import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { setDone, statusDescription } from './status';

export const description = statusDescription('markDone');

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await setDone(this, items, run, true);
}
