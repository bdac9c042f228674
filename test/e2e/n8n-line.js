'use strict';
/**
 * A real n8n line (installed by install-n8n.sh into the cache) with the packed
 * package installed the way n8n installs community packages. Shared by the
 * end-to-end test (run-e2e.js) and `npm run dev` (test/dev/dev.js).
 * Plain CommonJS, no dependencies.
 */
const { spawn, spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const INSTALL_SCRIPT = path.join(__dirname, 'install-n8n.sh');
const PACKAGE_NAME = 'n8n-nodes-dollr';
const NODE_TYPE = `${PACKAGE_NAME}.dollr`;
const TOOL_TYPE = `${PACKAGE_NAME}.dollrTool`;
const TRIGGER_TYPE = `${PACKAGE_NAME}.dollrTrigger`;

/** Labelled durations of the steps run through `timed`, for a report at the end. */
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

function formatTimings() {
	return timings.map(({ label, ms }) => `  ${(ms / 1000).toFixed(2).padStart(7)} s  ${label}`).join('\n');
}

/** What install-n8n.sh knows of the lines (lines.json), without installing anything. */
function describeLines() {
	const out = spawnSync('bash', [INSTALL_SCRIPT, '--print'], { encoding: 'utf8' });
	if (out.status !== 0) throw new Error(`install-n8n.sh --print failed (exit ${out.status}): ${out.stderr}`);
	return JSON.parse(out.stdout).lines;
}

/** Installs (or finds, when the cache is warm) the n8n lines; returns their descriptions. */
function installLines(names) {
	const result = spawnSync('bash', [INSTALL_SCRIPT, ...names], { stdio: ['ignore', 'inherit', 'inherit'] });
	if (result.status !== 0) throw new Error(`install-n8n.sh ${names.join(' ')} failed (exit ${result.status})`);
	return describeLines().filter((line) => names.includes(line.name));
}

/** Builds (when `build`) and packs the package; returns the tarball path (in a temp folder of its own). */
function packPackage({ build = true } = {}) {
	if (build) {
		timed('npm run build', () => execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] }));
	}
	const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'dollr-pack-'));
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dest], { cwd: ROOT, encoding: 'utf8' });
	const [{ filename }] = JSON.parse(out);
	return path.join(dest, path.basename(filename));
}

/**
 * Installs the tarball into <n8nFolder>/nodes as n8n's own
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

/**
 * The environment of every n8n process: quiet, offline, loopback only.
 * `line.extraEnv` (set by the caller) and `extra` come last.
 */
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
 * Asynchronous on purpose: the Dollr server lives in the caller's process, and
 * a spawnSync would stop it from answering n8n.
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

/** Imports credentials given as plaintext `data` (n8n encrypts them on import). */
async function importCredentials(line, userFolder, credentials) {
	const file = path.join(userFolder, 'credentials.json');
	fs.writeFileSync(file, JSON.stringify(credentials, null, 2));
	await mustRun(line, userFolder, ['import:credentials', `--input=${file}`]);
}

/** Imports workflows (objects with an `id`), all in one n8n start-up (each CLI command costs seconds). */
async function importWorkflows(line, userFolder, workflows) {
	const dir = fs.mkdtempSync(path.join(userFolder, 'workflows-'));
	for (const wf of workflows) fs.writeFileSync(path.join(dir, `${wf.id}.json`), JSON.stringify(wf, null, 2));
	await mustRun(line, userFolder, ['import:workflow', '--separate', `--input=${dir}`]);
}

/**
 * A workflow file of the repo with the given id (and name, if given), every
 * Dollr node (and Dollr Trigger) pointed at the package's node type and the given credential.
 */
function workflowFor(file, { id, name, credential }) {
	const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
	workflow.id = id;
	if (name) workflow.name = name;
	workflow.active = false;
	let dollrNodes = 0;
	for (const node of workflow.nodes) {
		const dollrType = /(?:^|\.)(dollr|dollrTrigger)$/.exec(node.type)?.[1];
		if (dollrType) {
			node.type = `${PACKAGE_NAME}.${dollrType}`;
			node.credentials = { dollrApi: { id: credential.id, name: credential.name } };
			dollrNodes++;
		}
	}
	if (dollrNodes === 0) throw new Error(`${file} has no Dollr node`);
	return workflow;
}

/** Resolves with a port the OS says is free on 127.0.0.1 (`port` 0: any). */
function freePort(port = 0) {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.once('error', reject);
		srv.listen(port, '127.0.0.1', () => {
			const { port: free } = srv.address();
			srv.close(() => resolve(free));
		});
	});
}

/** `wanted` if it is free on 127.0.0.1, else any free port. */
function preferredPort(wanted) {
	return freePort(wanted).catch(() => freePort());
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts `n8n start` on 127.0.0.1:<port> and resolves once the editor is up:
 * { proc, base, output() (all it printed so far), stop() }.
 * `onOutput` receives each chunk it prints (e.g. to write a log).
 */
async function startN8n(line, userFolder, { port, onOutput, timeoutMs = 120_000 } = {}) {
	const base = `http://127.0.0.1:${port}`;
	const env = n8nEnv(line, userFolder, {
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: base,
		WEBHOOK_URL: `${base}/`,
	});
	const t0 = Date.now();
	const proc = spawn(line.node, [line.n8n, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	const collect = (d) => {
		output += d;
		onOutput?.(d);
	};
	proc.stdout.setEncoding('utf8').on('data', collect);
	proc.stderr.setEncoding('utf8').on('data', collect);
	const stop = async () => {
		if (proc.exitCode !== null || proc.signalCode !== null) return;
		const exited = new Promise((resolve) => proc.once('exit', resolve));
		proc.kill('SIGTERM');
		await Promise.race([exited, sleep(20_000)]);
		if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
	};
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (proc.exitCode !== null) throw new Error(`n8n start exited ${proc.exitCode}:\n${output.slice(-4000)}`);
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`n8n start not ready after ${timeoutMs / 1000} s:\n${output.slice(-4000)}`);
		}
		// n8n prints this line once server.start() has registered every REST route.
		// /healthz and even /rest/settings answer earlier: on n8n 1.x /rest/owner/setup
		// was still a 404 at that point (seen in CI).
		if (/Editor is now accessible/.test(output)) break;
		await sleep(250);
	}
	timings.push({ label: `${line.name} n8n start (until the editor is up)`, ms: Date.now() - t0 });
	return { proc, base, output: () => output, stop };
}

/** A small JSON client of n8n's REST API that keeps the n8n-auth cookie once it has one. */
function restClient(base) {
	const client = {
		cookie: undefined,
		async call(method, urlPath, body) {
			const res = await fetch(`${base}${urlPath}`, {
				method,
				headers: {
					'content-type': 'application/json',
					'browser-id': 'dollr-e2e-browser',
					...(client.cookie ? { cookie: client.cookie } : {}),
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
			const setCookie = res.headers.getSetCookie?.() ?? [res.headers.get('set-cookie')];
			const auth = setCookie.find((c) => c && c.startsWith('n8n-auth='));
			if (auth) client.cookie = auth.split(';')[0];
			return { status: res.status, json, text, headers: res.headers };
		},
	};
	return client;
}

/** Creates the instance owner ({ email, firstName, lastName, password }) and logs the client in. */
async function setupOwner(client, owner) {
	const r = await client.call('POST', '/rest/owner/setup', owner);
	if (r.status !== 200) throw new Error(`owner setup answered ${r.status}: ${r.text.slice(0, 2000)}`);
	if (!client.cookie) throw new Error('owner setup set no n8n-auth cookie');
	return r;
}

module.exports = {
	ROOT,
	PACKAGE_NAME,
	NODE_TYPE,
	TOOL_TYPE,
	TRIGGER_TYPE,
	timings,
	timed,
	formatTimings,
	describeLines,
	installLines,
	packPackage,
	installCommunityPackage,
	n8nEnv,
	runN8n,
	mustRun,
	importCredentials,
	importWorkflows,
	workflowFor,
	freePort,
	preferredPort,
	sleep,
	startN8n,
	restClient,
	setupOwner,
};
