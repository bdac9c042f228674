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

/** The login printed at the end; also what test/dev/screenshot.js uses. */
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

async function main() {
	const { values: opts } = parseArgs({ options: OPTIONS });
	let line = describeLines().find((l) => l.name === opts.line);
	if (!line) throw new Error(`unknown line ${opts.line} (v1 or v2)`);
	if (!line.installed) {
		say(`n8n ${line.n8nVersion} (line ${line.name}) is not installed yet: installing it into the cache now.`);
		say('This is slow the first time (about 4-6 minutes, 2-3 GB of disk); later starts take seconds.');
	}
	[line] = timed(`install-n8n.sh ${line.name}`, () => installLines([line.name]));

	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-dollr-dev-${line.name}-`));
	const cleanups = [];
	let stopping = false;
	const stopAll = async (code) => {
		if (stopping) return;
		stopping = true;
		say('stopping n8n and the Dollr server...');
		for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => say(`cleanup: ${error.message}`));
		if (opts.keep) say(`kept the n8n user folder ${userFolder}`);
		else fs.rmSync(userFolder, { recursive: true, force: true });
		process.exit(code);
	};
	process.on('SIGINT', () => stopAll(0));
	process.on('SIGTERM', () => stopAll(0));

	try {
		// n8n 2.x's task-runner broker (port 5679 by default) must not clash with another n8n.
		line.extraEnv = { N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		say(`n8n ${line.n8nVersion} on ${line.node}, N8N_USER_FOLDER=${userFolder}`);

		const tarball = timed('npm pack', () => packPackage({ build: false }));
		timed('install the package into .n8n/nodes', () => installCommunityPackage(path.join(userFolder, '.n8n'), tarball));
		fs.rmSync(path.dirname(tarball), { recursive: true, force: true });

		const server = await startDollrServer({ port: await preferredPort(Number(opts['dollr-port'])), record: false });
		cleanups.push(() => server.close());
		// Counterparties and documents to pick from the node's lists.
		seedExampleData(server);
		const [clientId, clientSecret] = Object.entries(DEFAULT_CLIENTS)[0];

		await importCredentials(line, userFolder, [
			{ ...CREDENTIAL, type: 'dollrApi', data: { baseUrl: server.url, clientId, clientSecret } },
		]);
		await importWorkflows(
			line,
			userFolder,
			WORKFLOWS.map(({ id, file }) => workflowFor(path.join(ROOT, file), { id, credential: CREDENTIAL })),
		);

		const port = await preferredPort(Number(opts.port));
		if (String(port) !== opts.port) say(`port ${opts.port} is taken: n8n uses ${port}`);
		say('starting n8n (10-20 s)...');
		const log = fs.createWriteStream(path.join(userFolder, 'n8n.log'));
		const n8n = await startN8n(line, userFolder, {
			port,
			onOutput: (chunk) => {
				log.write(chunk);
				if (opts.verbose) process.stdout.write(chunk);
			},
		});
		cleanups.push(() => n8n.stop());
		n8n.proc.once('exit', (code, signal) => {
			if (stopping) return;
			say(`n8n exited (${code ?? signal}); its log: ${path.join(userFolder, 'n8n.log')}`);
			opts.keep = true;
			stopAll(1);
		});
		await setupOwner(restClient(n8n.base), OWNER);

		say(`timings:\n${formatTimings()}`);
		const workflowList = WORKFLOWS.map(({ id, file }) => `    ${n8n.base}/workflow/${id}   (${file})`).join('\n');
		process.stdout.write(`
  n8n ${line.n8nVersion} with n8n-nodes-dollr is running.

  Editor:    ${n8n.base}
  Login:     ${OWNER.email} / ${OWNER.password}
  Workflows:
${workflowList}
  Credential "${CREDENTIAL.name}": ${server.url} (client ${clientId} / ${clientSecret})
  n8n log:   ${path.join(userFolder, 'n8n.log')}

  Press Ctrl+C to stop n8n and the local Dollr server.

`);
	} catch (error) {
		say(`failed: ${error.message}`);
		opts.keep = true;
		await stopAll(1);
	}
}

module.exports = { OWNER, CREDENTIAL, WORKFLOWS };

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`[dev] ${error.stack ?? error}\n`);
		process.exit(1);
	});
}
