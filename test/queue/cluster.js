'use strict';
/**
 * n8n in queue mode on 127.0.0.1, for the queue test and the queue benchmark:
 * Redis and PostgreSQL (Debian's packages, installed with apt-get when missing),
 * an n8n main (`n8n start`, EXECUTIONS_MODE=queue, DB_TYPE=postgresdb) and
 * workers (`n8n worker`), each n8n process with its own user folder holding
 * the package installed the way n8n installs community packages, and one
 * shared N8N_ENCRYPTION_KEY (n8n-line.js sets it). Free ports, temp folders;
 * `stop()` ends everything, and so do Ctrl+C, SIGTERM and the process exit.
 *
 * Builds on test/e2e/n8n-line.js (install, env, import, start); plain CommonJS.
 */
const { spawn, spawnSync, execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');

const {
	timed,
	installCommunityPackage,
	mustRun,
	importCredentials,
	importWorkflows,
	freePort,
	sleep,
	startN8nProcess,
	startN8n,
} = require('../e2e/n8n-line');

const execFileAsync = promisify(execFile);
const isRoot = process.getuid?.() === 0;
/**
 * How long an n8n main or worker may take to be ready. Generous: on a shared 2-core
 * machine at load 15 one n8n CLI start took 78 s, and the workers start while the
 * main imports (each waits for n8n's database migration lock in turn); at load 30
 * an n8n start took over 300 s.
 */
const START_TIMEOUT_MS = 600_000;

function log(...parts) {
	process.stderr.write(`[queue ${new Date().toISOString().slice(11, 19)}] ${parts.join(' ')}\n`);
}

// ---------------------------------------------------------------------------
// Cleanup: whatever was started is stopped on stop(), Ctrl+C, SIGTERM or exit.

/** Emergency stops (synchronous, SIGKILL/SIGQUIT), run at process exit for anything still up. */
const onExitKills = new Set();
/** Orderly stops, run by stopAll() (and by SIGINT/SIGTERM), newest first. */
const stoppers = [];

process.on('exit', () => {
	for (const kill of onExitKills) {
		try {
			kill();
		} catch {
			// already gone
		}
	}
	killDescendants();
});

/** SIGKILL of every process this one started that is still there (e.g. an n8n CLI command cut short). */
function killDescendants() {
	for (const pid of processTree([process.pid])) {
		if (pid === process.pid) continue;
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// gone meanwhile
		}
	}
}

let signalled = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		if (signalled) process.exit(1);
		signalled = true;
		log(`${signal}: stopping everything`);
		Promise.race([stopAll(), sleep(45_000)]).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
	});
}

function track(stop, emergency) {
	stoppers.push(stop);
	if (emergency) onExitKills.add(emergency);
	return async () => {
		const i = stoppers.indexOf(stop);
		if (i !== -1) stoppers.splice(i, 1);
		await stop();
		if (emergency) onExitKills.delete(emergency);
	};
}

async function stopAll() {
	while (stoppers.length) {
		const stop = stoppers.pop();
		try {
			await stop();
		} catch (error) {
			log(`stop failed: ${error.message}`);
		}
	}
	killDescendants();
}

/** A temp folder others can traverse (PostgreSQL runs as its own user below it); removed at the end. */
function tempFolder(prefix) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	fs.chmodSync(dir, 0o755);
	const remove = () => fs.rmSync(dir, { recursive: true, force: true });
	track(async () => remove(), remove);
	return dir;
}

// ---------------------------------------------------------------------------
// Debian's Redis and PostgreSQL.

function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const versions = fs
		.readdirSync(root)
		.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

function haveRedis() {
	return spawnSync('redis-server', ['--version']).status === 0;
}

/** Installs redis-server and postgresql with apt-get when missing (CI runs as root). */
function ensureServices() {
	const missing = [];
	if (!haveRedis()) missing.push('redis-server');
	if (!postgresBinDir()) missing.push('postgresql');
	if (missing.length === 0) return;
	if (!isRoot) throw new Error(`missing Debian packages: ${missing.join(' ')} (run: sudo apt-get install -y ${missing.join(' ')})`);
	timed(`apt-get install ${missing.join(' ')}`, () => {
		log(`installing ${missing.join(' ')} with apt-get`);
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', ...missing]]) {
			const r = spawnSync('apt-get', args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
			if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${r.status})`);
		}
	});
	if (!haveRedis() || !postgresBinDir()) throw new Error('redis-server or postgresql still missing after apt-get');
}

async function waitFor(what, check, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await check()) return;
		if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs / 1000} s`);
		await sleep(200);
	}
}

function collectOutput(proc) {
	let output = '';
	proc.stdout?.setEncoding('utf8').on('data', (d) => (output += d));
	proc.stderr?.setEncoding('utf8').on('data', (d) => (output += d));
	return () => output;
}

/** Stops a child with SIGTERM (then SIGKILL after `graceMs`). */
async function terminate(proc, graceMs = 15_000, signal = 'SIGTERM') {
	if (proc.exitCode !== null || proc.signalCode !== null) return;
	const exited = new Promise((resolve) => proc.once('exit', resolve));
	proc.kill(signal);
	await Promise.race([exited, sleep(graceMs)]);
	if (proc.exitCode === null && proc.signalCode === null) {
		proc.kill('SIGKILL');
		await exited;
	}
}

async function startRedis(parent) {
	const dir = path.join(parent, 'redis');
	fs.mkdirSync(dir);
	const port = await freePort();
	const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const output = collectOutput(proc);
	const stop = track(() => terminate(proc, 5_000), () => proc.kill('SIGKILL'));
	await waitFor('redis-server', () => {
		if (proc.exitCode !== null) throw new Error(`redis-server exited ${proc.exitCode}:\n${output().slice(-2000)}`);
		return /Ready to accept connections/.test(output());
	});
	return { port, pid: proc.pid, stop };
}

/** Runs a PostgreSQL binary as the postgres user (PostgreSQL refuses root). */
function asPostgres(bin, args) {
	return isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

async function startPostgres(parent) {
	const bin = postgresBinDir();
	const data = path.join(parent, 'pgdata');
	fs.mkdirSync(data, { mode: 0o700 });
	if (isRoot) {
		const id = (flag) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout);
		const [uid, gid] = [id('-u'), id('-g')];
		fs.chownSync(data, uid, gid);
	}
	const [initCmd, initArgs] = asPostgres(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
	await timed('initdb', () => execFileAsync(initCmd, initArgs));
	const port = await freePort();
	const [cmd, args] = asPostgres(path.join(bin, 'postgres'), [
		'-D', data,
		'-p', String(port),
		'-h', '127.0.0.1',
		'-c', "unix_socket_directories=",
		'-c', 'max_connections=200',
	]);
	const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
	const output = collectOutput(proc);
	// The postmaster is runuser's child: signal it by the pid it writes (SIGINT: fast shutdown, SIGQUIT: immediate).
	const postmasterPid = () => {
		try {
			return Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
		} catch {
			return undefined;
		}
	};
	const signalPostmaster = (signal) => {
		const pid = postmasterPid();
		if (pid) process.kill(pid, signal);
	};
	const stop = track(
		async () => {
			try {
				signalPostmaster('SIGINT');
			} catch {
				// not running
			}
			await terminate(proc, 20_000, 'SIGINT');
		},
		() => signalPostmaster('SIGQUIT'),
	);
	const psql = (sql, database = 'postgres') =>
		execFileAsync('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
			env: { ...process.env, PGPASSWORD: 'postgres' },
		}).then((r) => r.stdout.trim());
	await waitFor('postgres', async () => {
		if (proc.exitCode !== null) throw new Error(`postgres exited ${proc.exitCode}:\n${output().slice(-2000)}`);
		return psql('select 1').then(
			() => true,
			() => false,
		);
	});
	await psql('create database n8n');
	return { port, database: 'n8n', user: 'postgres', password: 'postgres', stop, pid: postmasterPid, query: (sql) => psql(sql, 'n8n') };
}

// ---------------------------------------------------------------------------
// n8n: main and workers.

/**
 * Starts Redis, PostgreSQL, imports `credentials` and `workflows` (publishing
 * those listed in `publish`, so that the main activates them; ready once the
 * POST webhooks `webhookPaths` are registered) and starts the
 * main and `workers` workers (`n8n worker --concurrency=<workerConcurrency>`).
 * `env` is added to every n8n process (e.g. execution-saving settings).
 */
async function startCluster({ line, tarball, credentials, workflows = [], publish = [], webhookPaths = [], workers = 2, workerConcurrency = 10, env = {} }) {
	ensureServices();
	const root = tempFolder('dollr-queue-');
	log(`cluster folder ${root}`);
	const [redis, postgres] = await Promise.all([timed('redis start', () => startRedis(root)), timed('postgres initdb + start', () => startPostgres(root))]);
	log(`redis 127.0.0.1:${redis.port}, postgres 127.0.0.1:${postgres.port}`);

	// Each n8n process's output, kept after the run (the cluster folder is removed).
	const logs = fs.mkdtempSync(path.join(os.tmpdir(), 'dollr-queue-logs-'));
	log(`n8n logs in ${logs}`);
	const logTo = (name) => (chunk) => fs.appendFileSync(path.join(logs, `${name}.log`), chunk);

	const queueEnv = {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
		// n8n's defaults are a pool of 2 connections per process and a database ping
		// every 2 s that may fail 3 times: on our loaded 2-core machines pings timed out
		// and the main answered webhooks 503 "Database is not ready!".
		DB_POSTGRESDB_POOL_SIZE: '5',
		DB_PING_TIMEOUT_MS: '30000',
		DB_PING_MAX_FAILURES_BEFORE_RECOVERY: '10',
		...env,
	};
	/** Each n8n process: its own user folder with the package installed, its own task-runner broker port. */
	const processLine = async (name) => {
		const userFolder = path.join(root, name);
		fs.mkdirSync(userFolder);
		timed(`install package into ${name}/.n8n/nodes`, () => installCommunityPackage(path.join(userFolder, '.n8n'), tarball));
		return { userFolder, line: { ...line, cliTimeoutMs: START_TIMEOUT_MS, extraEnv: { ...queueEnv, N8N_RUNNERS_BROKER_PORT: String(await freePort()) } } };
	};

	const main = await processLine('main');
	// Each CLI command runs n8n's migrations first: the first one sets up the database,
	// after which the workers start while the main imports, publishes and starts.
	await importCredentials(main.line, main.userFolder, credentials);

	const running = new Map(); // name → worker
	async function startWorker(name) {
		const folder = running.get(name)?.folder ?? (await processLine(name));
		// A restarted worker gets a new broker port: the killed one's may linger a moment.
		folder.line.extraEnv.N8N_RUNNERS_BROKER_PORT = String(await freePort());
		const healthPort = await freePort();
		const n8n = await startN8nProcess(folder.line, folder.userFolder, {
			args: ['worker', `--concurrency=${workerConcurrency}`],
			label: `worker ${name} (until ready)`,
			ready: /n8n worker is now ready/,
			env: { QUEUE_HEALTH_CHECK_PORT: String(healthPort), N8N_PORT: String(healthPort) },
			onSpawn: (proc) => onExitKills.add(() => killTree(proc.pid)),
			onOutput: logTo(name),
			timeoutMs: START_TIMEOUT_MS,
		});
		const stop = track(() => n8n.stop(), () => killTree(n8n.proc.pid));
		const worker = {
			name,
			folder,
			proc: n8n.proc,
			output: n8n.output,
			stop,
			/** Execution ids this worker started (its "Worker started execution <id>" lines). */
			executionsStarted: () => [...n8n.output().matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]),
			/** SIGKILL of the worker and its children, as when its container or machine dies. */
			kill() {
				killTree(n8n.proc.pid);
				return new Promise((resolve) => (n8n.proc.exitCode !== null || n8n.proc.signalCode !== null ? resolve() : n8n.proc.once('exit', resolve)));
			},
		};
		running.set(name, worker);
		log(`worker ${name} ready (pid ${n8n.proc.pid}, concurrency ${workerConcurrency})`);
		return worker;
	}
	const workersUp = Promise.all(Array.from({ length: workers }, (_, i) => startWorker(`worker${i + 1}`)));

	const mainUp = (async () => {
		if (workflows.length) await importWorkflows(main.line, main.userFolder, workflows);
		// n8n 2.x activates only published workflows.
		for (const id of publish) await mustRun(main.line, main.userFolder, ['publish:workflow', `--id=${id}`], `publish:workflow ${id}`);
		const port = await freePort();
		const n8n = await startN8n(main.line, main.userFolder, {
			port,
			onSpawn: (proc) => onExitKills.add(() => killTree(proc.pid)),
			onOutput: logTo('main'),
			timeoutMs: START_TIMEOUT_MS,
		});
		const stop = track(() => n8n.stop(), () => killTree(n8n.proc.pid));
		// n8n 2.x activates published workflows after the editor is up (its publication
		// service, logging at debug level only): a webhook called in between gets a 404.
		// A GET to a POST-only webhook answers "not registered for GET requests" once the
		// path is registered, and runs nothing.
		const registered = async (webhookPath) => {
			const res = await fetch(`${n8n.base}/webhook/${webhookPath}`).catch(() => undefined);
			return res !== undefined && /not registered for GET requests/.test(await res.text());
		};
		await waitFor(`webhooks ${webhookPaths.join(', ')}`, async () => (await Promise.all(webhookPaths.map(registered))).every(Boolean), START_TIMEOUT_MS);
		log(`main up on ${n8n.base}, webhooks registered: ${webhookPaths.join(', ')}`);
		return { ...n8n, stop };
	})();
	const [mainN8n, workerList] = await Promise.all([mainUp, workersUp]);

	return {
		root,
		logs,
		redis,
		postgres,
		main: mainN8n,
		/** The main's { line, userFolder }: for n8n CLI commands against the same database. */
		mainProcess: main,
		workers: workerList,
		running,
		startWorker,
		webhookUrl: (webhookPath) => `${mainN8n.base}/webhook/${webhookPath}`,
		/** Pids of the n8n processes now running (main and workers), for CPU accounting. */
		n8nPids: () => [mainN8n.proc.pid, ...[...running.values()].filter((w) => w.proc.exitCode === null && w.proc.signalCode === null).map((w) => w.proc.pid)],
		stop: stopAll,
	};
}

// ---------------------------------------------------------------------------
// Load and measurement helpers.

/**
 * POSTs `bodies` to `url`, at most `concurrency` in flight; resolves one result
 * per body, in order: { body, status, json, ms, error }. `onAnswer(result, answeredCount)`
 * runs after each answer (e.g. to kill a worker midway).
 */
async function fireRequests(url, bodies, { concurrency = 16, timeoutMs = 90_000, onAnswer } = {}) {
	const results = new Array(bodies.length);
	let next = 0;
	let answered = 0;
	async function lane() {
		while (next < bodies.length) {
			const index = next++;
			const body = bodies[index];
			const t0 = performance.now();
			const result = { body, startedAt: t0 };
			try {
				const res = await fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body),
					signal: AbortSignal.timeout(timeoutMs),
				});
				result.status = res.status;
				const text = await res.text();
				try {
					result.json = JSON.parse(text);
				} catch {
					result.text = text.slice(0, 500);
				}
			} catch (error) {
				result.error = error.name === 'TimeoutError' ? `no answer in ${timeoutMs / 1000} s` : String(error.cause?.code ?? error.message);
			}
			result.ms = performance.now() - t0;
			result.answeredAt = performance.now();
			results[index] = result;
			answered++;
			await onAnswer?.(result, answered);
		}
	}
	await Promise.all(Array.from({ length: Math.min(concurrency, bodies.length) }, lane));
	return results;
}

function percentile(sorted, p) {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Every process now: pid → { ppid, cpu (user + system seconds) }, from /proc. */
function processTable() {
	const ticks = 100; // USER_HZ on Linux
	const table = new Map();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let stat;
		try {
			stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue;
		}
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		table.set(Number(entry), { ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / ticks });
	}
	return table;
}

/** The given pids and all their descendants (e.g. n8n's task runners). */
function processTree(pids, table = processTable()) {
	const children = new Map();
	for (const [pid, { ppid }] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
	const tree = new Set();
	const walk = (pid) => {
		if (tree.has(pid) || !table.has(pid)) return;
		tree.add(pid);
		for (const child of children.get(pid) ?? []) walk(child);
	};
	for (const pid of pids) walk(pid);
	return [...tree];
}

/**
 * The pid of the process that holds the client end of a TCP connection on
 * 127.0.0.1 from `clientPort` to `serverPort`, among `pids`; undefined when none
 * does. Read from /proc (the socket's inode in /proc/net/tcp*, then each
 * process's fds), so it must be asked while the connection is open, e.g. while
 * its request is being answered.
 */
function socketOwner(clientPort, serverPort, pids) {
	const hex = (port) => `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
	let inode;
	for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let rows = [];
		try {
			rows = fs.readFileSync(file, 'utf8').split('\n').slice(1);
		} catch {
			// no IPv6
		}
		for (const row of rows) {
			const fields = row.trim().split(/\s+/);
			if (fields[1]?.endsWith(hex(clientPort)) && fields[2]?.endsWith(hex(serverPort))) inode = fields[9];
		}
	}
	if (!inode) return undefined;
	const socket = `socket:[${inode}]`;
	for (const pid of pids) {
		let fds = [];
		try {
			fds = fs.readdirSync(`/proc/${pid}/fd`);
		} catch {
			// gone, or not ours to read
		}
		for (const fd of fds) {
			try {
				if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === socket) return pid;
			} catch {
				// closed meanwhile
			}
		}
	}
	return undefined;
}

/** SIGKILL of a process and its descendants. */
function killTree(pid) {
	for (const p of processTree([pid])) {
		try {
			process.kill(p, 'SIGKILL');
		} catch {
			// gone meanwhile
		}
	}
}

/** CPU seconds (user + system) used so far by the given processes and their descendants. */
function cpuSeconds(pids) {
	const table = processTable();
	return processTree(pids, table).reduce((sum, pid) => sum + table.get(pid).cpu, 0);
}

function loadAverage() {
	return os.loadavg().map((x) => x.toFixed(2)).join(' ');
}

module.exports = { log, ensureServices, startRedis, startPostgres, startCluster, stopAll, fireRequests, percentile, cpuSeconds, processTree, socketOwner, loadAverage, tempFolder, track };
