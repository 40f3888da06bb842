/** Shared pieces of the AI Table engine tests: the emulator's default base and node parameters. */
import type { IDataObject } from 'n8n-workflow';

import type { EmulatorNotableRecord, EmulatorNotableState } from '../../emulator';
import type { EmulatorEnv } from '../../support/useEmulator';

export const BASE_ID = 'NotableEmuBase00000000000000001';
export const BASE_URL = `https://alidocs.dingtalk.com/i/nodes/${BASE_ID}?utm_scene=team_space&iframeQuery=sheetId%3DTasksS1%26viewId%3Dv1`;
export const TASKS = 'TasksS1';
export const RECORDS_PATH = `/v1.0/notable/bases/${BASE_ID}/sheets/${TASKS}/records`;

/** Parameters every AI Table operation shares: the base by link, the sheet from the list, the operator. */
export function target(operation: string, extra: IDataObject = {}): IDataObject {
	return {
		resource: 'aiTable',
		operation,
		base: { __rl: true, mode: 'url', value: BASE_URL },
		sheet: { __rl: true, mode: 'list', value: TASKS },
		operatorId: 'user0001',
		...extra,
	};
}

/** Columns defined below (values may be expressions). */
export function columns(value: IDataObject, matchingColumns: string[] = []): IDataObject {
	return { mappingMode: 'defineBelow', value, matchingColumns, schema: [] };
}

export async function notableState(env: EmulatorEnv): Promise<EmulatorNotableState> {
	return (await env.client.admin<{ notable: EmulatorNotableState }>('GET', 'state')).notable;
}

/** The records of the default base's Tasks sheet, in insertion order. */
export async function tasks(env: EmulatorEnv): Promise<EmulatorNotableRecord[]> {
	const base = (await notableState(env)).bases.find((b) => b.baseId === BASE_ID)!;
	return base.sheets.find((s) => s.id === TASKS)!.records;
}

/** Fills Tasks with `count` records (Title "t{n}", Count n) through the emulator's admin route. */
export async function seed(
	env: EmulatorEnv,
	count: number,
	fields: IDataObject = {},
): Promise<void> {
	await env.client.admin('POST', 'notable/records/generate', {
		baseId: BASE_ID,
		sheet: TASKS,
		count,
		fields: { Title: 't{n}', ...fields },
	});
}
