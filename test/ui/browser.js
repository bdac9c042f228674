'use strict';
/**
 * Headless Chromium for the editor tests: Debian's `chromium` package (installed
 * with apt-get when missing, as root: CI starts from a machine without it),
 * driven by playwright-core, which downloads no browser of its own.
 * Shared by the editor journey test (test/ui/journey.test.js) and `npm run screenshot`.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium, selectors } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

// What works on these machines: no sandbox (root), no GPU, no QUIC, and none of the
// background calls a fresh profile would make (network traffic only to 127.0.0.1).
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

function run(command, args) {
	const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

/** The Chromium binary; installs Debian's `chromium` with apt-get when it is missing. */
function ensureChromium(say = (text) => process.stdout.write(`${text}\n`)) {
	if (fs.existsSync(CHROMIUM)) return CHROMIUM;
	if (process.env.CHROMIUM) throw new Error(`CHROMIUM=${CHROMIUM} does not exist`);
	if (process.getuid?.() !== 0) {
		throw new Error(`${CHROMIUM} is missing: install it with "sudo apt-get install -y chromium" (or set CHROMIUM)`);
	}
	say(`${CHROMIUM} is missing: installing Debian's chromium (apt-get update && apt-get install -y chromium)`);
	run('apt-get', ['update']);
	run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']);
	if (!fs.existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but ${CHROMIUM} is still missing`);
	return CHROMIUM;
}

/**
 * A headless Chromium with a fresh profile (a persistent context is playwright's
 * way to pass --user-data-dir); `close()` also removes the profile.
 * `getByTestId` reads n8n's `data-test-id` attribute.
 */
async function launchBrowser({ viewport, deviceScaleFactor = 1, colorScheme = 'light' } = {}) {
	const executablePath = ensureChromium();
	selectors.setTestIdAttribute('data-test-id');
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dollr-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath,
		headless: true,
		args: CHROMIUM_ARGS,
		viewport,
		deviceScaleFactor,
		colorScheme,
	});
	const close = async () => {
		await context.close().catch(() => {});
		fs.rmSync(profile, { recursive: true, force: true });
	};
	return { context, page: context.pages()[0] ?? (await context.newPage()), version: context.browser()?.version(), close };
}

module.exports = { CHROMIUM, ensureChromium, launchBrowser };
