#!/usr/bin/env node
'use strict';
/**
 * `npm run dev`: the real thing to click through. The built package (dist/,
 * `npm run dev` builds first), packed and installed into a real n8n the way n8n
 * installs community packages, the local Dollr server, a credential pointing at
 * it, the example workflows, and an owner account; n8n on 127.0.0.1:5678.
 * Runs until Ctrl+C, then stops n8n and the server and removes the n8n user folder.
 *
 *   node test/dev/dev.js [--line v1|v2] [--port 5678] [--dollr-port 8787] [--keep] [--verbose]
 *
 *   --line        the n8n line of install-n8n.sh: v2 (n8n 2.x on Node 24, default) or v1 (1.123.x on Node 20)
 *   --port        n8n's port (default 5678; another free port if taken)
 *   --dollr-port  the local Dollr server's port (default 8787; another free port if taken)
 *   --keep        keep the n8n user folder on exit (its path is printed)
 *   --verbose     print n8n's log here too (it always goes to <user folder>/n8n.log)
 *
 * The n8n line is installed by test/e2e/install-n8n.sh when missing (minutes,
 * once); everything else is shared with the end-to-end test (test/e2e/n8n-line.js).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');

const { startDollrServer, seedExampleData, DEFAULT_CLIENTS } = require('../server/dollr-server');
const {
	ROOT,
	formatTimings,
	describeLines,
	installLines,
	packPackage,
	installCommunityPackage,
	importCredentials,
	importWorkflows,
	workflowFor,
	freePort,
	preferredPort,
	startN8n,
	restClient,
	setupOwner,
	timed,
} = require('../e2e/n8n-line');

const OPTIONS = {
	line: { type: 'string', default: 'v2' },
	port: { type: 'string', default: '5678' },
	'dollr-port': { type: 'string', default: '8787' },
	keep: { type: 'boolean', default: false },
	verbose: { type: 'boolean', default: false },
};

/** The login printed at the end; also what the editor journey test (test/ui/journey.test.js) signs in with. */
const OWNER = { email: 'owner@example.com', firstName: 'Dollr', lastName: 'Developer', password: 'Dollr-dev-1234' };
const CREDENTIAL = { id: 'dollrLocalCred1', name: 'Dollr (local server)' };
const WORKFLOWS = [
	{ id: 'dollrDevFlow001', file: 'test/workflows/create-checkout.json' },
	{ id: 'dollrDevFlow002', file: 'test/workflows/invoice-loop.json' },
	{ id: 'dollrDevFlow003', file: 'test/workflows/bill-customer.json' },
];

function say(text) {
	process.stdout.write(`[dev] ${text}\n`);
}

/**
 * Starts the instance: the n8n line (installed when missing), the packed package
 * installed into a new user folder, the local Dollr server, the credential and the
 * example workflows (unless `importDefaults` is false), n8n on `port` (another free
 * port if taken; 0: any; up to `startTimeoutMs` until its editor is up) and its owner. Resolves { line, base, server, clientId,
 * clientSecret, userFolder, logPath, n8n, stop({ keep }) }. Also used by the editor
 * journey test (test/ui/journey.test.js), which reads `server` (the local Dollr
 * server's test API) and `logPath`.
 */
async function startDevInstance({
	lineName = 'v2',
	port = 5678,
	dollrPort = 8787,
	importDefaults = true,
	startTimeoutMs = 120_000,
	onOutput,
} = {}) {
	let line = describeLines().find((l) => l.name === lineName);
	if (!line) throw new Error(`unknown line ${lineName} (v1 or v2)`);
	if (!line.installed) {
		say(`n8n ${line.n8nVersion} (line ${line.name}) is not installed yet: installing it into the cache now.`);
		say('This is slow the first time (about 4-6 minutes, 2-3 GB of disk); later starts take seconds.');
	}
	[line] = timed(`install-n8n.sh ${line.name}`, () => installLines([line.name]));

	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-dollr-dev-${line.name}-`));
	const logPath = path.join(userFolder, 'n8n.log');
	const cleanups = [];
	const stop = async ({ keep = false } = {}) => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error) => say(`cleanup: ${error.message}`));
		if (!keep) fs.rmSync(userFolder, { recursive: true, force: true });
	};
	try {
		// n8n 2.x's task-runner broker (port 5679 by default) must not clash with another n8n.
		line.extraEnv = { N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		say(`n8n ${line.n8nVersion} on ${line.node}, N8N_USER_FOLDER=${userFolder}`);

		const tarball = timed('npm pack', () => packPackage({ build: false }));
		timed('install the package into .n8n/nodes', () => installCommunityPackage(path.join(userFolder, '.n8n'), tarball));
		fs.rmSync(path.dirname(tarball), { recursive: true, force: true });

		// Money executions complete by themselves after 5 s, so a person sees PENDING → COMPLETED.
		const server = await startDollrServer({ port: await preferredPort(dollrPort), record: false, autoSettleMs: 5000 });
		cleanups.push(() => server.close());
		// Counterparties and documents to pick from the node's lists.
		seedExampleData(server);
		const [clientId, clientSecret] = Object.entries(DEFAULT_CLIENTS)[0];

		if (importDefaults) {
			await importCredentials(line, userFolder, [
				// Money out on, with the local server's passcode (test/server/money.js): this server moves no real money.
				{ ...CREDENTIAL, type: 'dollrApi', data: { baseUrl: server.url, clientId, clientSecret, allowMoneyOut: true, passcode: '2468', passcodePhone: '231770000001', clientIp: '127.0.0.1' } },
			]);
			await importWorkflows(
				line,
				userFolder,
				WORKFLOWS.map(({ id, file }) => workflowFor(path.join(ROOT, file), { id, credential: CREDENTIAL })),
			);
		}

		const n8nPort = await preferredPort(port);
		if (port && n8nPort !== port) say(`port ${port} is taken: n8n uses ${n8nPort}`);
		say('starting n8n (10-20 s)...');
		const log = fs.createWriteStream(logPath);
		cleanups.push(() => new Promise((resolve) => log.end(resolve)));
		const n8n = await startN8n(line, userFolder, {
			port: n8nPort,
			timeoutMs: startTimeoutMs,
			onOutput: (chunk) => {
				log.write(chunk);
				onOutput?.(chunk);
			},
		});
		cleanups.push(() => n8n.stop());
		await setupOwner(restClient(n8n.base), OWNER);
		return { line, base: n8n.base, server, clientId, clientSecret, userFolder, logPath, n8n, stop };
	} catch (error) {
		await stop({ keep: true });
		error.message += ` (n8n user folder kept: ${userFolder})`;
		throw error;
	}
}

async function main() {
	const { values: opts } = parseArgs({ options: OPTIONS });
	const dev = await startDevInstance({
		lineName: opts.line,
		port: Number(opts.port),
		dollrPort: Number(opts['dollr-port']),
		onOutput: opts.verbose ? (chunk) => process.stdout.write(chunk) : undefined,
	});
	let stopping = false;
	const stopAll = async (code, keep = opts.keep) => {
		if (stopping) return;
		stopping = true;
		say('stopping n8n and the Dollr server...');
		await dev.stop({ keep });
		if (keep) say(`kept the n8n user folder ${dev.userFolder}`);
		process.exit(code);
	};
	process.on('SIGINT', () => stopAll(0));
	process.on('SIGTERM', () => stopAll(0));
	dev.n8n.proc.once('exit', (code, signal) => {
		if (stopping) return;
		say(`n8n exited (${code ?? signal}); its log: ${dev.logPath}`);
		stopAll(1, true);
	});

	say(`timings:\n${formatTimings()}`);
	const workflowList = WORKFLOWS.map(({ id, file }) => `    ${dev.base}/workflow/${id}   (${file})`).join('\n');
	process.stdout.write(`
  n8n ${dev.line.n8nVersion} with n8n-nodes-dollr is running.

  Editor:    ${dev.base}
  Login:     ${OWNER.email} / ${OWNER.password}
  Workflows:
${workflowList}
  Credential "${CREDENTIAL.name}": ${dev.server.url} (client ${dev.clientId} / ${dev.clientSecret})
  n8n log:   ${dev.logPath}

  Press Ctrl+C to stop n8n and the local Dollr server.

`);
}

module.exports = { OWNER, CREDENTIAL, WORKFLOWS, startDevInstance };

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`[dev] failed: ${error.stack ?? error}\n`);
		process.exit(1);
	});
}
