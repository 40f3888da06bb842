import DocClient, {
	AppendRowsHeaders,
	AppendRowsRequest,
	ClearDataHeaders,
	ClearDataRequest,
	CreateSheetHeaders,
	CreateSheetRequest,
	DeleteSheetHeaders,
	DeleteSheetRequest,
	GetAllSheetsHeaders,
	GetAllSheetsRequest,
	GetRangeHeaders,
	GetRangeRequest,
	GetSheetHeaders,
	GetSheetRequest,
	UpdateRangeHeaders,
	UpdateRangeRequest,
} from '@alicloud/dingtalk/dist/doc_1_0/client';

import type { EmulatorWorkbookState } from '../../../emulator';
import { sdkAccessToken, sdkClient, sdkRefusal, sdkRuntime } from '../../../support/officialSdk';
import { useEmulator } from '../../../support/useEmulator';

/**
 * doc_1_0 workbooks (Sheets) through the official SDK: sheets, reading, updating, appending and
 * clearing ranges. The SDK puts operatorId in the query and the values in a JSON body.
 */

const env = useEmulator();
const BOOK = 'WorkbookEmu000000000000000001';

let client: DocClient;
let token: string;
/** user0001, a member of the default workbook. */
let operatorId: string;

const rows = async () =>
	(await env.client.admin<{ workbooks: EmulatorWorkbookState[] }>('GET', 'state')).workbooks[0]
		.sheets[0].rows;
const getRange = (range: string) =>
	client.getRangeWithOptions(
		BOOK,
		'Sheet1',
		range,
		new GetRangeRequest({ operatorId }),
		new GetRangeHeaders({ xAcsDingtalkAccessToken: token }),
		sdkRuntime(),
	);
const updateRange = (range: string, values: string[][]) =>
	client.updateRangeWithOptions(
		BOOK,
		'st0001',
		range,
		new UpdateRangeRequest({ operatorId, values }),
		new UpdateRangeHeaders({ xAcsDingtalkAccessToken: token }),
		sdkRuntime(),
	);

beforeAll(async () => {
	client = sdkClient(DocClient, env.emulator);
	token = await sdkAccessToken(env.emulator);
	const state = await env.client.admin<{ notable: { bases: Array<{ members: string[] }> } }>(
		'GET',
		'state',
	);
	operatorId = state.notable.bases[0].members[0];
});

describe('Sheets (doc_1_0 workbooks) with the official SDK as the client', () => {
	it('lists, gets (last non-empty row and column, 0-based), creates and deletes sheets', async () => {
		const all = await client.getAllSheetsWithOptions(
			BOOK,
			new GetAllSheetsRequest({ operatorId }),
			new GetAllSheetsHeaders({ xAcsDingtalkAccessToken: token }),
			sdkRuntime(),
		);
		expect(all.body?.value?.map((s) => s.name)).toEqual(['Sheet1', 'Notes']);
		const sheet = await client.getSheetWithOptions(
			BOOK,
			'Sheet1',
			new GetSheetRequest({ operatorId }),
			new GetSheetHeaders({ xAcsDingtalkAccessToken: token }),
			sdkRuntime(),
		);
		expect(sheet.body).toMatchObject({ id: 'st0001', lastNonEmptyRow: 2, lastNonEmptyColumn: 2 });
		const created = await client.createSheetWithOptions(
			BOOK,
			new CreateSheetRequest({ operatorId, name: 'Q4' }),
			new CreateSheetHeaders({ xAcsDingtalkAccessToken: token }),
			sdkRuntime(),
		);
		expect(created.body).toMatchObject({ name: 'Q4' });
		await client.deleteSheetWithOptions(
			BOOK,
			'Q4',
			new DeleteSheetRequest({ operatorId }),
			new DeleteSheetHeaders({ xAcsDingtalkAccessToken: token }),
			sdkRuntime(),
		);
		const after = await env.client.admin<{ workbooks: EmulatorWorkbookState[] }>('GET', 'state');
		expect(after.workbooks[0].sheets.map((s) => s.name)).toEqual(['Sheet1', 'Notes']);
	});

	it('reads a range; updates a range of exactly its shape; refuses values of another shape', async () => {
		const read = await getRange('A1:C2');
		expect(read.body?.values).toEqual([
			['Name', 'Team', 'Amount'],
			['Alice', 'Sales', 120],
		]);
		await updateRange('B2:C3', [
			['Support', '130'],
			['Ops', '90'],
		]);
		expect((await rows()).slice(1)).toEqual([
			['Alice', 'Support', 130],
			['Bob', 'Ops', 90],
		]);
		const wrong = await sdkRefusal(updateRange('A1:B1', [['only one']]));
		expect(wrong).toMatchObject({ statusCode: 400, code: 'invalidRequest.inputArgs.invalid' });
		expect(wrong.message).toContain('1 cells, the range 2 columns');
		const notA1 = await sdkRefusal(getRange('row 1'));
		expect(notA1.code).toBe('invalidRequest.inputArgs.invalid');
	});

	it('appends rows after the last non-empty row; clears data; operator rights are checked', async () => {
		await client.appendRowsWithOptions(
			BOOK,
			'Sheet1',
			new AppendRowsRequest({ operatorId, values: [['Carol', 'Sales', '55']] }),
			new AppendRowsHeaders({ xAcsDingtalkAccessToken: token }),
			sdkRuntime(),
		);
		expect((await rows())[3]).toEqual(['Carol', 'Sales', 55]);
		await client.clearDataWithOptions(
			BOOK,
			'Sheet1',
			'A4:C4',
			new ClearDataRequest({ operatorId }),
			new ClearDataHeaders({ xAcsDingtalkAccessToken: token }),
			sdkRuntime(),
		);
		expect((await rows())[3]).toEqual([null, null, null]);
		const outsider = await sdkRefusal(
			client.getRangeWithOptions(
				BOOK,
				'Sheet1',
				'A1',
				new GetRangeRequest({ operatorId: 'unionmanager4220xxxx' }),
				new GetRangeHeaders({ xAcsDingtalkAccessToken: token }),
				sdkRuntime(),
			),
		);
		expect(outsider).toMatchObject({ statusCode: 403, message: 'The operator has no permission' });
	});
});
