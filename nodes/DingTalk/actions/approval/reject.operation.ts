import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { RunContext } from '../../helpers/execution/runContext';
import { act, actDescription } from './act';

export const description = actDescription('reject');

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await act(this, items, run, 'refuse');
}
