import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { fetchInstance, normalizeInstance } from '../../helpers/approval/instance';
import { runPerItem, requiredParameter } from '../../helpers/execution/items';
import type { RunContext } from '../../helpers/execution/runContext';
import { instanceIdField } from './instance';

export const description: INodeProperties[] = [instanceIdField(['get'])];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await runPerItem(this, items, async (i) => {
		const instanceId = requiredParameter(
			this,
			i,
			'instanceId',
			'Instance ID',
			'Map the instanceId from Start or from an approval event.',
		);
		return normalizeInstance(
			instanceId,
			await fetchInstance(run.api, instanceId, { itemIndex: i }),
		);
	});
}
