#!/usr/bin/env node
'use strict';
/**
 * `npm run screenshot`: docs/dollr-node.png, the Dollr node open in the n8n
 * editor with its fields, taken with headless Chromium (Debian's `chromium`
 * package, driven by playwright-core, which downloads no browser).
 *
 *   node test/dev/screenshot.js [--url http://127.0.0.1:5678] [--out docs/dollr-node.png] [--line v2]
 *
 * Without --url it starts its own `npm run dev` instance (test/dev/dev.js, so
 * dist/ must be built: the npm script builds first) and stops it at the end;
 * with --url it uses a running one (started by `npm run dev`, whose login it knows).
 * Env: CHROMIUM (default /usr/bin/chromium).
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { chromium, selectors } = require('playwright-core');

const { ROOT } = require('../e2e/n8n-line');
const { OWNER, WORKFLOWS } = require('./dev');

const { values: opts } = parseArgs({
	options: {
		url: { type: 'string' },
		out: { type: 'string', default: path.join(ROOT, 'docs', 'dollr-node.png') },
		line: { type: 'string', default: 'v2' },
	},
});
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// The picture is 1400x900 pixels; drawn at 0.8 so that the panel shows the node's fields
// from the credential down to Additional Fields (at 1.0 they need twice the height).
const PICTURE = { width: 1400, height: 900 };
const SCALE = 0.8;
const NODE_NAME = 'Create Checkout';

function say(text) {
	process.stdout.write(`[screenshot] ${text}\n`);
}

/** Starts test/dev/dev.js and resolves { base, stop } once it printed the editor URL. */
function startDev() {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [path.join(__dirname, 'dev.js'), '--line', opts.line], { stdio: ['ignore', 'pipe', 'inherit'] });
		let output = '';
		const stop = () =>
			new Promise((done) => {
				if (child.exitCode !== null) return done();
				child.once('exit', done);
				child.kill('SIGINT');
			});
		child.stdout.setEncoding('utf8').on('data', (chunk) => {
			output += chunk;
			process.stdout.write(chunk);
			const editor = /Editor:\s+(http:\/\/\S+)/.exec(output);
			if (editor) resolve({ base: editor[1], stop });
		});
		child.once('exit', (code) => reject(new Error(`test/dev/dev.js exited ${code} before n8n was up`)));
	});
}

async function shoot(base) {
	selectors.setTestIdAttribute('data-test-id'); // n8n's editor marks its elements with data-test-id
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dollr-chromium-'));
	// A persistent context is playwright's way to pass a fresh --user-data-dir.
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		viewport: { width: Math.round(PICTURE.width / SCALE), height: Math.round(PICTURE.height / SCALE) },
		deviceScaleFactor: SCALE,
	});
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		page.setDefaultTimeout(60_000);

		say(`signing in to ${base} as ${OWNER.email}`);
		await page.goto(`${base}/signin`);
		await page.locator('input[name="emailOrLdapLoginId"], input[name="email"]').first().fill(OWNER.email);
		await page.locator('input[name="password"]').fill(OWNER.password);
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'));

		const { id } = WORKFLOWS.find((wf) => wf.file.endsWith('create-checkout.json'));
		say(`opening workflow ${id} and its node "${NODE_NAME}"`);
		await page.goto(`${base}/workflow/${id}`);
		const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${NODE_NAME}"]`);
		await node.waitFor();
		await node.dblclick();
		const panel = page.getByTestId('ndv');
		await panel.waitFor();
		// The fields the picture is for: wait until the parameter list shows them.
		for (const label of ['Mode', 'Source Kind', 'Party Phone', 'Currency', 'Items', 'Additional Fields']) {
			await panel.getByText(label, { exact: true }).first().waitFor();
		}
		// Run the step (the Orders node has pinned data): the output pane shows the checkouts
		// the local Dollr server created.
		await panel.getByTestId('node-execute-button').click();
		await panel.getByText('2 items').first().waitFor();
		// The "Node executed successfully" toast would cover the output pane.
		await page.locator('.el-notification__closeBtn').first().click({ timeout: 5000 }).catch(() => {});
		await page.waitForTimeout(1000); // let the editor finish drawing (fonts, expression previews)
		fs.mkdirSync(path.dirname(opts.out), { recursive: true });
		await page.screenshot({ path: opts.out });
		say(`saved ${path.relative(process.cwd(), opts.out)} (${PICTURE.width}x${PICTURE.height})`);
	} finally {
		await context.close();
		fs.rmSync(profile, { recursive: true, force: true });
	}
}

async function main() {
	const dev = opts.url ? { base: opts.url.replace(/\/$/, ''), stop: async () => {} } : await startDev();
	try {
		await shoot(dev.base);
	} finally {
		await dev.stop();
	}
}

main().catch((error) => {
	process.stderr.write(`[screenshot] ${error.stack ?? error}\n`);
	process.exitCode = 1;
});
