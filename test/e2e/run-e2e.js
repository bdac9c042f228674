#!/usr/bin/env node
'use strict';
/**
 * End-to-end test in real n8n: the packed package, installed the way n8n installs
 * community packages, run by the n8n CLI and by a running `n8n start`, against the
 * local Dollr server.
 *
 *   node test/e2e/run-e2e.js [v1] [v2] [--no-build] [--no-start] [--keep]
 *
 *   v1, v2      the n8n lines to run (default: both); see install-n8n.sh
 *   --no-build  pack what dist/ holds now (no `npm run build` first)
 *   --no-start  skip the checks through `n8n start` (REST)
 *   --keep      keep the n8n user folders (their paths are printed)
 *
 * Env: N8N_E2E_CACHE (the install cache), N8N_E2E_LINES=v1,v2 (same as the args),
 * N8N_E2E_WORKFLOW (another workflow file than test/workflows/create-checkout.json).
 * Each line is installed first by install-n8n.sh (seconds when the cache is warm).
 * Written with node:test so its report is the usual one; plain CommonJS, no deps
 * beyond the repo's own (the local Dollr server).
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { startDollrServer } = require('../server/dollr-server');

const ROOT = path.resolve(__dirname, '..', '..');
const WORKFLOW_FILE = process.env.N8N_E2E_WORKFLOW ?? path.join(ROOT, 'test', 'workflows', 'create-checkout.json');
const INSTALL_SCRIPT = path.join(__dirname, 'install-n8n.sh');
const PACKAGE_NAME = 'n8n-nodes-dollr';
const NODE_TYPE = `${PACKAGE_NAME}.dollr`;
const TOOL_TYPE = `${PACKAGE_NAME}.dollrTool`;
const CLIENT_ID = 'e2e-client';
const CLIENT_SECRET = 'e2e-secret-1234';
const GOOD_CRED_ID = 'dollrE2eGood001';
const BAD_CRED_ID = 'dollrE2eBad0001';
const WORKFLOW_ID = 'dollrE2eFlow001';
const BAD_WORKFLOW_ID = 'dollrE2eFlow002';
const OWNER = { email: 'owner@example.com', firstName: 'E2e', lastName: 'Owner', password: 'E2e-Passw0rd!' };

const argv = process.argv.slice(2);
const flags = new Set(argv.filter((a) => a.startsWith('--')));
let wantedLines = argv.filter((a) => !a.startsWith('--'));
if (wantedLines.length === 0 && process.env.N8N_E2E_LINES) wantedLines = process.env.N8N_E2E_LINES.split(',');
if (wantedLines.length === 0) wantedLines = ['v1', 'v2'];

const timings = [];
function timed(label, fn) {
	const t0 = process.hrtime.bigint();
	const result = fn();
	const done = (value) => {
		timings.push({ label, ms: Number(process.hrtime.bigint() - t0) / 1e6 });
		return value;
	};
	return result && typeof result.then === 'function' ? result.then(done) : done(result);
}

function log(...parts) {
	process.stderr.write(`[e2e] ${parts.join(' ')}\n`);
}

/** Installs (or finds, when the cache is warm) the n8n lines; returns their descriptions. */
function installLines(names) {
	const result = spawnSync('bash', [INSTALL_SCRIPT, ...names], { stdio: ['ignore', 'inherit', 'inherit'] });
	if (result.status !== 0) throw new Error(`install-n8n.sh ${names.join(' ')} failed (exit ${result.status})`);
	const out = spawnSync('bash', [INSTALL_SCRIPT, '--print'], { encoding: 'utf8' });
	const { lines } = JSON.parse(out.stdout);
	return lines.filter((line) => names.includes(line.name));
}

/** Builds (unless --no-build) and packs the package; returns the tarball path. */
function packPackage() {
	if (!flags.has('--no-build')) {
		timed('npm run build', () => execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] }));
	}
	const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'dollr-e2e-pack-'));
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dest], { cwd: ROOT, encoding: 'utf8' });
	const [{ filename }] = JSON.parse(out);
	return path.join(dest, path.basename(filename));
}

/**
 * Installs the tarball into <userFolder>/.n8n/nodes as n8n's own
 * CommunityPackagesService.downloadPackage does (1.123 and 2.x alike): an
 * `installed-nodes` package.json, the tarball unpacked into
 * node_modules/<name>, its dev/peer/optional dependencies dropped (n8n-workflow
 * must come from n8n itself, never from a copy beside the package), then
 * `npm install` of its own dependencies with scripts off, and the dependency
 * written into the installed-nodes package.json.
 */
function installCommunityPackage(n8nFolder, tarball) {
	const nodesDir = path.join(n8nFolder, 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.mkdirSync(packageDir, { recursive: true });
	const manifestPath = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(manifestPath)) {
		fs.writeFileSync(manifestPath, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	}
	execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	const pkgPath = path.join(packageDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
	fs.writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
	execFileSync(
		'npm',
		['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
		{ cwd: packageDir, stdio: ['ignore', 'ignore', 'inherit'] },
	);
	const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
	manifest.dependencies[PACKAGE_NAME] = pkg.version;
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	return packageDir;
}

/** The environment of every n8n process: quiet, offline, loopback only. */
function n8nEnv(line, userFolder, extra = {}) {
	const env = { ...process.env };
	// Leave no variable of the caller's n8n or npm around (nodedir, a different user folder...).
	for (const key of Object.keys(env)) if (/^(N8N_|DB_|npm_)/.test(key)) delete env[key];
	return {
		...env,
		PATH: `${path.dirname(line.node)}:${process.env.PATH}`,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'dollr-e2e-encryption-key',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_COMMUNITY_PACKAGES_ALLOW_TOOL_USAGE: 'true',
		N8N_LOG_LEVEL: 'info',
		...line.env,
		...line.extraEnv,
		...extra,
	};
}

/**
 * Runs one n8n CLI command to its end; resolves { code, signal, stdout, stderr, ms }.
 * Asynchronous on purpose: the Dollr server lives in this process, and a
 * spawnSync would stop it from answering n8n.
 */
function runN8n(line, userFolder, args, label) {
	return timed(`${line.name} n8n ${label ?? args[0]}`, () => new Promise((resolve, reject) => {
		const t0 = Date.now();
		const child = spawn(line.node, [line.n8n, ...args], { env: n8nEnv(line, userFolder), stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
		child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
		const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
		child.once('error', reject);
		child.once('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr, ms: Date.now() - t0 });
		});
	}));
}

async function mustRun(line, userFolder, args, label) {
	const r = await runN8n(line, userFolder, args, label);
	if (r.code !== 0) {
		throw new Error(`n8n ${args.join(' ')} exited ${r.code ?? r.signal}\n--- stdout\n${r.stdout.slice(-4000)}\n--- stderr\n${r.stderr.slice(-4000)}`);
	}
	return r;
}

/** `execute --rawOutput` prints the run as JSON (after any log lines): take the last top-level object. */
function parseRun(stdout) {
	const start = stdout.search(/^\{/m);
	if (start === -1) throw new Error(`no JSON in the output of n8n execute:\n${stdout.slice(-4000)}`);
	return JSON.parse(stdout.slice(start, stdout.lastIndexOf('}') + 1));
}

/** The workflow file of the repo, pointed at the package's node type and the given credential. */
function workflowFor(id, name, credentialId, credentialName) {
	const workflow = JSON.parse(fs.readFileSync(WORKFLOW_FILE, 'utf8'));
	workflow.id = id;
	workflow.name = name;
	workflow.active = false;
	let dollrNodes = 0;
	for (const node of workflow.nodes) {
		if (/(^|\.)dollr$/.test(node.type)) {
			node.type = NODE_TYPE;
			node.credentials = { dollrApi: { id: credentialId, name: credentialName } };
			dollrNodes++;
		}
	}
	assert.ok(dollrNodes > 0, `${WORKFLOW_FILE} has no Dollr node`);
	return workflow;
}

function dollrNodeNames(workflow) {
	return workflow.nodes.filter((node) => node.type === NODE_TYPE).map((node) => node.name);
}

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The requests the server saw since index `from`, reduced to what the checks read. */
function seen(server, from) {
	return server.requests.slice(from).map((r) => ({
		route: `${r.method} ${r.path}`,
		status: r.status,
		body: r.body,
		bearer: /^Bearer (.+)$/.exec(r.headers.authorization ?? '')?.[1],
	}));
}

/** The token requests among them. */
function tokensIssued(server, from) {
	return seen(server, from).filter((r) => r.route === 'POST /v1/jwt/client/obtain/token');
}

let tarball;
let lines = [];

before(() => {
	lines = timed('install-n8n.sh (lines)', () => installLines(wantedLines));
	tarball = timed('build + npm pack', () => packPackage());
	log(`packed ${tarball}`);
});

after(() => {
	const rows = timings.map(({ label, ms }) => `  ${(ms / 1000).toFixed(2).padStart(7)} s  ${label}`);
	log(`timings:\n${rows.join('\n')}`);
	if (tarball) fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
});

for (const lineName of wantedLines) {
	describe(`n8n line ${lineName}`, () => {
		let line;
		let userFolder;
		let server;
		let workflow;
		let badWorkflow;

		before(async () => {
			line = lines.find((l) => l.name === lineName);
			assert.ok(line, `unknown line ${lineName}`);
			// n8n 2.x starts a task-runner broker (default port 5679) in every CLI command:
			// a free port, so that a running n8n (npm run dev) does not make them fail.
			line.extraEnv = { N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
			userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `dollr-e2e-${lineName}-`));
			log(`${lineName}: n8n ${line.n8nVersion}, node ${line.node}, N8N_USER_FOLDER=${userFolder}`);
			timed(`${lineName} install package into .n8n/nodes`, () => installCommunityPackage(path.join(userFolder, '.n8n'), tarball));
			server = await startDollrServer({ clients: { [CLIENT_ID]: CLIENT_SECRET } });

			const credentials = [
				{ id: GOOD_CRED_ID, name: 'Dollr e2e', type: 'dollrApi', data: { baseUrl: server.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } },
				{ id: BAD_CRED_ID, name: 'Dollr e2e wrong secret', type: 'dollrApi', data: { baseUrl: server.url, clientId: CLIENT_ID, clientSecret: 'not-the-secret' } },
			];
			const credFile = path.join(userFolder, 'credentials.json');
			fs.writeFileSync(credFile, JSON.stringify(credentials, null, 2));
			await mustRun(line, userFolder, ['import:credentials', `--input=${credFile}`]);

			workflow = workflowFor(WORKFLOW_ID, 'Dollr e2e: create checkout', GOOD_CRED_ID, 'Dollr e2e');
			badWorkflow = workflowFor(BAD_WORKFLOW_ID, 'Dollr e2e: wrong secret', BAD_CRED_ID, 'Dollr e2e wrong secret');
			const workflowDir = path.join(userFolder, 'workflows');
			fs.mkdirSync(workflowDir);
			for (const wf of [workflow, badWorkflow]) fs.writeFileSync(path.join(workflowDir, `${wf.id}.json`), JSON.stringify(wf, null, 2));
			// One n8n start-up for both (each CLI command costs seconds).
			await mustRun(line, userFolder, ['import:workflow', '--separate', `--input=${workflowDir}`]);
		});

		after(async () => {
			await server?.close();
			if (userFolder && !flags.has('--keep')) fs.rmSync(userFolder, { recursive: true, force: true });
			else if (userFolder) log(`${lineName}: kept ${userFolder}`);
		});

		test('n8n --version is the line installed', async () => {
			const r = await mustRun(line, userFolder, ['--version']);
			assert.equal(r.stdout.trim().split('\n').pop(), line.n8nVersion);
		});

		/** Runs the example workflow and checks the checkout and the server's view. */
		async function executeAndCheck(label) {
			const from = server.requests.length;
			const r = await runN8n(line, userFolder, ['execute', `--id=${WORKFLOW_ID}`, '--rawOutput'], `execute (${label})`);
			log(`${lineName}: execute (${label}) exit ${r.code} in ${r.ms} ms`);
			assert.equal(r.code, 0, `n8n execute exited ${r.code}\n--- stdout\n${r.stdout.slice(-4000)}\n--- stderr\n${r.stderr.slice(-4000)}`);
			const run = parseRun(r.stdout);
			assert.equal(run.status, 'success');
			const names = dollrNodeNames(workflow);
			const outputs = names.flatMap((name) => run.data.resultData.runData[name]?.[0]?.data?.main?.[0] ?? []);
			assert.ok(outputs.length > 0, `no output from the Dollr node(s) ${names.join(', ')}`);
			for (const item of outputs) {
				assert.match(String(item.json.url), /^http:\/\/127\.0\.0\.1:\d+\/checkout\//, `checkout url in ${JSON.stringify(item.json)}`);
				assert.ok(item.json.source_id !== undefined && item.json.source_number, `source id/number in ${JSON.stringify(item.json)}`);
				assert.equal(typeof item.json.total_amount, 'number');
			}
			const requests = seen(server, from);
			const creates = requests.filter((x) => x.route === 'POST /v1/checkouts/create');
			const created = server.checkouts.slice(-outputs.length).map((c) => c.response.url);
			assert.deepEqual(outputs.map((item) => item.json.url).sort(), created.sort(), 'the node output is what the server created');
			return { requests, creates, outputs, ms: r.ms };
		}

		test('execute: token exchange with the Client ID/secret, then the create with that bearer', async () => {
			const { requests, creates, outputs } = await executeAndCheck('first');
			const tokenRequests = requests.filter((x) => x.route === 'POST /v1/jwt/client/obtain/token');
			assert.ok(tokenRequests.length >= 1, `no token request in ${JSON.stringify(requests.map((x) => x.route))}`);
			assert.deepEqual(tokenRequests[0].body, { client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
			assert.equal(tokenRequests[0].status, 200);
			const firstToken = requests.indexOf(tokenRequests[0]);
			const firstCreate = requests.indexOf(creates[0]);
			assert.ok(firstToken < firstCreate, 'the token request comes before the create');
			const okCreates = creates.filter((x) => x.status === 200);
			assert.equal(okCreates.length, outputs.length, 'one accepted create per output item');
			for (const create of okCreates) assert.ok(create.bearer, 'the create carries a bearer');
			// The bearer is a token this server issued to this client (its payload names the client).
			const payload = JSON.parse(Buffer.from(okCreates[0].bearer.split('.')[1], 'base64url').toString());
			assert.equal(payload.sub, CLIENT_ID);
		});

		test('execute after the token expired: n8n renews it and succeeds', async () => {
			server.expireTokens();
			const { requests } = await executeAndCheck('after expiry');
			const routes = requests.map((x) => `${x.route} ${x.status}`);
			log(`${lineName}: after expiry the server saw: ${routes.join(' | ')}`);
			// n8n kept the token of the first run with the credential: the create is
			// refused (401), n8n calls preAuthentication for a new token, and retries.
			const firstToken = requests.findIndex((x) => x.route === 'POST /v1/jwt/client/obtain/token');
			assert.ok(firstToken >= 0, `a new token was requested: ${routes.join(' | ')}`);
			assert.equal(requests[firstToken].status, 200);
			assert.deepEqual(requests[firstToken].body, { client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
			const before = requests.slice(0, firstToken);
			assert.ok(
				before.length > 0 && before.every((x) => x.route === 'POST /v1/checkouts/create' && x.status === 401),
				`the stored, expired token was tried first and refused: ${routes.join(' | ')}`,
			);
			const after = requests.slice(firstToken + 1);
			assert.ok(after.length > 0 && after.every((x) => x.route === 'POST /v1/checkouts/create' && x.status === 200 && x.bearer), routes.join(' | '));
			assert.equal(new Set(after.map((x) => x.bearer)).size, 1, 'every create after the renewal uses the new bearer');
			assert.ok(!before.some((x) => x.bearer === after[0].bearer), 'the new bearer is not the expired one');
		});

		test('execute with a wrong secret fails with a clear message', async () => {
			const from = server.requests.length;
			const r = await runN8n(line, userFolder, ['execute', `--id=${BAD_WORKFLOW_ID}`, '--rawOutput'], 'execute (wrong secret)');
			log(`${lineName}: execute (wrong secret) exit ${r.code} in ${r.ms} ms`);
			assert.notEqual(r.code, 0, 'n8n execute must fail');
			const requests = seen(server, from);
			log(`${lineName}: wrong secret, the server saw: ${requests.map((x) => `${x.route} ${x.status}`).join(' | ')}`);
			assert.ok(requests.some((x) => x.route === 'POST /v1/jwt/client/obtain/token' && x.status === 401), 'the token request was refused');
			assert.ok(!requests.some((x) => x.route === 'POST /v1/checkouts/create' && x.status === 200), 'no checkout was created');
			const { message, description } = executionError(r.stdout);
			log(`${lineName}: wrong secret → message "${message}", description "${description}"`);
			// Whatever the wording, the message must name the cause: the credentials were refused.
			assert.match(message, /(credential|client id|client secret)/i, `no clear message in:\n${(r.stdout + r.stderr).slice(-3000)}`);
		});

		if (!flags.has('--no-start')) {
			describe('through n8n start (REST)', () => {
				let proc;
				let base;
				let cookie;
				let output = '';

				before(async () => {
					const port = await freePort();
					base = `http://127.0.0.1:${port}`;
					const env = n8nEnv(line, userFolder, {
						N8N_PORT: String(port),
						N8N_LISTEN_ADDRESS: '127.0.0.1',
						N8N_HOST: '127.0.0.1',
						N8N_PROTOCOL: 'http',
						N8N_EDITOR_BASE_URL: base,
						WEBHOOK_URL: `${base}/`,
					});
					const t0 = Date.now();
					proc = spawn(line.node, [line.n8n, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
					proc.stdout.on('data', (d) => (output += d));
					proc.stderr.on('data', (d) => (output += d));
					const deadline = Date.now() + 120_000;
					for (;;) {
						if (proc.exitCode !== null) throw new Error(`n8n start exited ${proc.exitCode}:\n${output.slice(-4000)}`);
						if (Date.now() > deadline) throw new Error(`n8n start not ready after 120 s:\n${output.slice(-4000)}`);
						// /healthz/readiness answers before the REST routes exist: wait for the editor.
						if (/Editor is now accessible/.test(output)) break;
						try {
							const res = await fetch(`${base}/rest/settings`);
							if (res.ok) break;
						} catch {
							// not listening yet
						}
						await sleep(250);
					}
					timings.push({ label: `${lineName} n8n start (until the editor is up)`, ms: Date.now() - t0 });
				});

				after(async () => {
					if (proc && proc.exitCode === null) {
						const exited = new Promise((resolve) => proc.once('exit', resolve));
						proc.kill('SIGTERM');
						await Promise.race([exited, sleep(20_000)]);
						if (proc.exitCode === null) proc.kill('SIGKILL');
					}
				});

				async function rest(method, urlPath, body) {
					const res = await fetch(`${base}${urlPath}`, {
						method,
						headers: {
							'content-type': 'application/json',
							'browser-id': 'dollr-e2e-browser',
							...(cookie ? { cookie } : {}),
						},
						body: body === undefined ? undefined : JSON.stringify(body),
					});
					const text = await res.text();
					let json;
					try {
						json = JSON.parse(text);
					} catch {
						json = undefined;
					}
					return { status: res.status, json, text, headers: res.headers };
				}

				test('owner setup', async () => {
					const r = await rest('POST', '/rest/owner/setup', OWNER);
					assert.equal(r.status, 200, r.text.slice(0, 2000));
					const setCookie = r.headers.getSetCookie?.() ?? [r.headers.get('set-cookie')];
					const auth = setCookie.find((c) => c && c.startsWith('n8n-auth='));
					assert.ok(auth, `no n8n-auth cookie in ${JSON.stringify(setCookie)}`);
					cookie = auth.split(';')[0];
				});

				test('/types/nodes.json lists the node and its AI-tool variant', async () => {
					const r = await rest('GET', '/types/nodes.json');
					assert.equal(r.status, 200, r.text.slice(0, 500));
					const types = r.json.map((t) => t.name);
					assert.ok(types.includes(NODE_TYPE), `${NODE_TYPE} not in /types/nodes.json (${types.length} types)`);
					assert.ok(types.includes(TOOL_TYPE), `${TOOL_TYPE} not in /types/nodes.json`);
					const r2 = await rest('GET', '/types/credentials.json');
					assert.equal(r2.status, 200);
					assert.ok(r2.json.some((c) => c.name === 'dollrApi'), 'dollrApi in /types/credentials.json');
				});

				test('POST /rest/credentials/test: OK for a good ID/secret, an error for a bad one', async () => {
					const data = { baseUrl: server.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };
					let from = server.requests.length;
					const good = await rest('POST', '/rest/credentials/test', {
						credentials: { id: GOOD_CRED_ID, name: 'Dollr e2e', type: 'dollrApi', data },
					});
					assert.equal(good.status, 200, good.text.slice(0, 2000));
					assert.equal(good.json.data.status, 'OK', good.text);
					// n8n runs preAuthentication and then the credential's test request: both hit the token endpoint.
					const goodTokens = tokensIssued(server, from);
					log(`${lineName}: credential test (good) → token endpoint answers ${goodTokens.map((x) => x.status).join(', ')}`);
					assert.ok(goodTokens.length >= 1);
					for (const x of goodTokens) {
						assert.equal(x.status, 200);
						assert.deepEqual(x.body, { client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
					}

					from = server.requests.length;
					const bad = await rest('POST', '/rest/credentials/test', {
						credentials: { id: BAD_CRED_ID, name: 'Dollr e2e wrong secret', type: 'dollrApi', data: { ...data, clientSecret: 'not-the-secret' } },
					});
					assert.equal(bad.status, 200, bad.text.slice(0, 2000));
					assert.equal(bad.json.data.status, 'Error', bad.text);
					const badTokens = tokensIssued(server, from);
					log(`${lineName}: credential test (bad) → token endpoint answers ${badTokens.map((x) => x.status).join(', ')}; n8n says "${bad.json.data.message}"`);
					assert.ok(badTokens.length >= 1);
					for (const x of badTokens) {
						assert.equal(x.status, 401);
						assert.equal(x.body.client_secret, 'not-the-secret');
					}
					assert.ok(bad.json.data.message, 'the error has a message');
				});
			});
		}
	});
}

/**
 * The error of a failed `n8n execute`: it logs the run as JSON after
 * "Execution error:" and a line of "=", then the stack. Returns { message, description }.
 */
function executionError(stdout) {
	const start = stdout.search(/^\{/m);
	const end = stdout.search(/^\}/m);
	if (start !== -1 && end > start) {
		try {
			const run = JSON.parse(stdout.slice(start, end + 1));
			const error = run.data?.resultData?.error;
			if (error) return { message: String(error.message ?? ''), description: String(error.description ?? '') };
		} catch {
			// fall through to the text
		}
	}
	const message = /^\w*Error: (.+)$/m.exec(stdout)?.[1] ?? '';
	return { message, description: '' };
}
