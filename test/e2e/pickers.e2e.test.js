'use strict';
// The pickers in a real n8n: n8n's own REST route for resource locators
// (/rest/dynamic-node-parameters/resource-locator-results) calls the packed node's list searches,
// and n8n's editor in headless Chromium (playwright-core, /usr/bin/chromium) searches a user by
// name and picks a Drive folder. Its screenshots go to a temp folder, or to docs/images/picker-*.png
// with DINGTALK_E2E_SCREENSHOTS=1. The browser is Debian's Chromium (apt-get install chromium;
// CHROMIUM_PATH for another one): without one the editor test is reported as skipped (.ci/run
// installs it, so CI always runs it).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { useRealN8n } = require('./setup');
const { scaled } = require('./machine');
const { REPO } = require('./n8n');

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
	(file) => file && fs.existsSync(file),
);
if (!CHROMIUM)
	process.stderr.write(
		'[e2e] pickers: no Chromium (apt-get install chromium, or set CHROMIUM_PATH): the editor test is skipped\n',
	);
const browserIt = CHROMIUM ? it : it.skip;

const NODE_TYPE = 'n8n-nodes-dingtalk-app.dingTalk';
const CREDENTIAL = { dingTalkApi: { id: 'dingTalkEmu00001', name: 'DingTalk (emulator)' } };
const rl = (mode, value) => ({ __rl: true, mode, value });

const WORKFLOW = {
	id: 'dtE2ePickers00001',
	name: 'Pickers',
	active: false,
	settings: { executionOrder: 'v1' },
	connections: {
		Start: { main: [[{ node: 'Find a Person', type: 'main', index: 0 }]] },
		'Find a Person': { main: [[{ node: 'Upload Report', type: 'main', index: 0 }]] },
	},
	nodes: [
		{
			id: 'p-start',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'p-user',
			name: 'Find a Person',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [260, 0],
			credentials: CREDENTIAL,
			parameters: { resource: 'user', operation: 'get', userId: rl('list', '') },
		},
		{
			id: 'p-upload',
			name: 'Upload Report',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [520, 0],
			credentials: CREDENTIAL,
			parameters: {
				resource: 'file',
				operation: 'uploadToDrive',
				operatorId: rl('list', 'user0001'),
				spaceId: rl('list', '1000001'),
				parentId: rl('list', ''),
			},
		},
	],
};

const env = useRealN8n(async ({ n8n }) => {
	await n8n.importWorkflow(WORKFLOW);
	await n8n.start();
	await n8n.setupOwner();
});

async function locatorResults(methodName, currentNodeParameters, filter) {
	const { status, body } = await env.n8n.rest(
		'POST',
		'/dynamic-node-parameters/resource-locator-results',
		{
			path: 'parameters.x',
			methodName,
			filter,
			credentials: CREDENTIAL,
			currentNodeParameters,
			nodeTypeAndVersion: { name: NODE_TYPE, version: 1 },
		},
	);
	expect(status).toBe(200);
	return body.data ?? body;
}

describe('pickers in real n8n 2.41', () => {
	it("answers n8n's resource locator route: users by name, Drive folders", async () => {
		const users = await locatorResults(
			'searchUsers',
			WORKFLOW.nodes[1].parameters,
			'Emulated User 12',
		);
		expect(users.results[0]).toEqual({
			name: 'Emulated User 12',
			value: 'user0012',
			description: 'user0012',
		});
		expect(users.paginationToken).toBeDefined();
		const folders = await locatorResults('searchDriveFolders', WORKFLOW.nodes[2].parameters);
		expect(folders.results.map((r) => r.name)).toEqual(['/ (Root of the Space)', '/Reports']);
	});

	it("answers n8n's resource locator route: approval templates the originator can see", async () => {
		const start = { resource: 'approval', operation: 'start' };
		const templates = await locatorResults('searchApprovalTemplates', {
			...start,
			originatorUserId: rl('list', 'user0003'),
		});
		expect(templates.results.map((r) => [r.name, r.value])).toEqual([
			['Leave request', 'PROC-LEAVE-0001'],
		]);
		const byMobile = await locatorResults(
			'searchApprovalTemplates',
			{ ...start, originatorUserId: rl('mobile', '18500000000') },
			'expense',
		);
		expect(byMobile.results.map((r) => r.value)).toEqual(['PROC-EXPENSE-0002']);
		const { status, body } = await env.n8n.rest(
			'POST',
			'/dynamic-node-parameters/resource-locator-results',
			{
				path: 'parameters.processCode',
				methodName: 'searchApprovalTemplates',
				credentials: CREDENTIAL,
				currentNodeParameters: start,
				nodeTypeAndVersion: { name: NODE_TYPE, version: 1 },
			},
		);
		expect(status).toBeGreaterThanOrEqual(400);
		expect(JSON.stringify(body)).toContain('Set the user first');
	});

	browserIt(
		'in the editor: searches a user by name and picks a Drive folder (headless Chromium)',
		async () => {
			let chromium;
			try {
				({ chromium } = require('playwright-core'));
			} catch {
				throw new Error('playwright-core is missing: run npm install (it is a devDependency)');
			}
			const images =
				process.env.DINGTALK_E2E_SCREENSHOTS === '1'
					? path.join(REPO, 'docs', 'images')
					: fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-pickers-'));
			fs.mkdirSync(images, { recursive: true });
			const browser = await chromium.launch({
				executablePath: CHROMIUM,
				args: ['--no-sandbox'],
			});
			try {
				const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
				page.setDefaultTimeout(scaled(30000));
				await page.goto(`${env.n8n.baseUrl}/signin`);
				const field = (name) =>
					page.locator(`[data-test-id="${name}"] input, input[name="${name}"]`).first();
				await field('emailOrLdapLoginId').fill(env.n8n.owner.email);
				await field('password').fill(env.n8n.owner.password);
				await page.click('[data-test-id="form-submit-button"]');
				await page.waitForURL((url) => !url.pathname.startsWith('/signin'));

				await page.goto(`${env.n8n.baseUrl}/workflow/${WORKFLOW.id}`);
				// The dropdown's content is teleported to the page's end: look for its parts there.
				const visible = (selector) => page.locator(selector).filter({ visible: true });
				const item = (text) =>
					visible('[data-test-id="rlc-item"]').filter({ hasText: text }).first();
				try {
					await page
						.locator('[data-test-id="canvas-node"][data-node-name="Find a Person"]')
						.dblclick();
					const user = page.locator('[data-test-id="resource-locator-userId"]');
					await user.locator('[data-test-id="rlc-input"]').click();
					const search = visible(
						'[data-test-id="rlc-search"] input, input[data-test-id="rlc-search"]',
					);
					await search.first().fill('Emulated User 12');
					await item('Emulated User 12').waitFor();
					await page.screenshot({ path: path.join(images, 'picker-user-search.png') });
					await item('Emulated User 12').click();
					await expect(user.locator('[data-test-id="rlc-input"]').inputValue()).resolves.toContain(
						'Emulated User 12',
					);
					await page.keyboard.press('Escape');

					await page
						.locator('[data-test-id="canvas-node"][data-node-name="Upload Report"]')
						.dblclick();
					const folder = page.locator('[data-test-id="resource-locator-parentId"]');
					await folder.locator('[data-test-id="rlc-input"]').click();
					await item('/Reports').waitFor();
					await page.screenshot({ path: path.join(images, 'picker-drive-folder.png') });
					await item('/Reports').click();
					await expect(
						folder.locator('[data-test-id="rlc-input"]').inputValue(),
					).resolves.toContain('Reports');
				} catch (error) {
					// What the editor showed when a step failed (not committed: a failure's evidence).
					await page.screenshot({ path: path.join(os.tmpdir(), 'dingtalk-pickers-failure.png') });
					throw error;
				}
			} finally {
				await browser.close();
			}
			const state = await (await fetch(`${env.emulator.apiBaseUrl}/__emulator/state`)).json();
			const paths = state.requests.map((r) => r.path);
			expect(paths).toContain('/v1.0/contact/users/search');
			expect(paths).toContain('/v1.0/storage/spaces/1000001/dentries');
		},
	);
});
