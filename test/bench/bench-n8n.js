#!/usr/bin/env node
'use strict';
/**
 * `npm run bench:n8n`: the cost of a checkout in real n8n 2.41.x (line v2 of
 * test/e2e/install-n8n.sh), the Dollr node beside n8n's HTTP Request node, and
 * what each does against a server that rate-limits. A benchmark that prints
 * figures, not a test.
 *
 *   node test/bench/bench-n8n.js [--no-build] [--runs 2] [--items 1000] [--rate-items 500]
 *                                [--only http,dollr-fixed,dollr-expr] [--no-rate] [--profile DIR] [--keep]
 *
 * Each run is `n8n execute` of Manual Trigger → Token (HTTP Request) → Orders (Set)
 * → Split Out → Create Checkout (test/bench/n8n-workflows.js), against the local
 * Dollr server in another process (test/server/cli.js, 20 ms latency per answer).
 *
 * CPU per item, start-up excluded: n8n's start-up costs 5.5–7 s of CPU and varies
 * by more than the work measured, so the reading starts at the workflow's token
 * request. The server tells this process when it receives it (and holds the answer
 * for its 20 ms latency), and this process reads the n8n process's CPU time then
 * from /proc/<pid>/stat (utime + stime, all threads). The n8n process is started
 * with `-r cpu-at-exit.js`, which writes process.cpuUsage() when it exits. The
 * difference is the run's CPU from the token request to the exit, which still
 * holds fixed costs (saving the execution, shutting down): they cancel out in
 * (CPU of the run with N items − CPU of the run with 1 item) / (N − 1), each the
 * best of --runs runs. Creates/s is the server's count of creates over the time
 * from the first create received to the last answered.
 *
 * The rate-limit scenario: a second server answers 429 (Retry-After: 1) while 10
 * creates are in flight; --rate-items items, each with its own reference_id. It
 * counts the checkouts made, the items left without one, and the items that got
 * two or more (by reference_id), for the HTTP Request node as it is, with Retry
 * On Fail (3 tries, 1 s apart), and the Dollr node at Concurrency 8.
 */
const { fork, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const {
	ROOT,
	installLines,
	packPackage,
	installCommunityPackage,
	n8nEnv,
	importCredentials,
	importWorkflows,
	freePort,
	sleep,
} = require('../e2e/n8n-line');
const { NAMES, dollrCreateWorkflow, httpRequestCreateWorkflow, references } = require('./n8n-workflows');

const argv = process.argv.slice(2);
const option = (name, fallback) => {
	const i = argv.indexOf(`--${name}`);
	return i === -1 ? fallback : argv[i + 1];
};
const flags = new Set(argv.filter((a) => a.startsWith('--')));
const RUNS = Number(option('runs', 2));
const ITEMS = Number(option('items', 1000));
const RATE_ITEMS = Number(option('rate-items', 500));
const ONLY = option('only', 'http,dollr-fixed,dollr-expr').split(',');
const PROFILE_DIR = option('profile', undefined);
const LATENCY_MS = 20;
const RATE_LIMIT_IN_FLIGHT = 10;
// n8n's first command on a new user folder runs its database migrations: minutes on a busy machine.
const IMPORT = { timeoutMs: 900_000 };
const CLK_TCK = 100; // Linux's USER_HZ: /proc/<pid>/stat counts CPU in 1/100 s

function log(...parts) {
	process.stderr.write(`[bench:n8n ${new Date().toISOString().slice(11, 19)}] ${parts.join(' ')}\n`);
}

/** Everything started here, stopped on the way out (also on failure and Ctrl+C). */
const cleanups = [];
async function cleanUp() {
	while (cleanups.length) {
		try {
			await cleanups.pop()();
		} catch (error) {
			log(`clean-up: ${error.message}`);
		}
	}
}
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.once(signal, () => {
		log(`${signal}: stopping`);
		cleanUp().finally(() => process.exit(130));
	});
}

/** The local Dollr server in a process of its own, spoken to over IPC (see test/server/cli.js). */
async function startServer(extraArgs = []) {
	const child = fork(path.join(ROOT, 'test', 'server', 'cli.js'), ['--latency', String(LATENCY_MS), ...extraArgs], {
		stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
	});
	cleanups.push(async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGTERM');
		await Promise.race([exited, sleep(5000)]);
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	});
	const ready = await new Promise((resolve, reject) => {
		child.once('exit', (code) => reject(new Error(`the Dollr server exited ${code} before it was ready`)));
		child.once('message', resolve);
	});
	const ask = (type) =>
		new Promise((resolve) => {
			const onMessage = (message) => {
				if (message.type !== type) return;
				child.off('message', onMessage);
				resolve(message);
			};
			child.on('message', onMessage);
			child.send({ type });
		});
	return { child, ...ready, stats: () => ask('stats'), reset: () => ask('reset') };
}

/** CPU seconds (user + system, all threads) of a live process, from /proc/<pid>/stat. */
function procCpuSeconds(pid) {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
	return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime (14) + stime (15)
}

/**
 * `n8n execute --id=<id>` with the CPU reading described at the top. Resolves with
 * { code, cpuFromToken (s), stats (the server's), ms, output }.
 */
async function executeMeasured(line, userFolder, workflowId, server, { profile = false } = {}) {
	await server.reset();
	const cpuFile = path.join(userFolder, `cpu-${workflowId}-${Date.now()}.json`);
	const nodeArgs = ['-r', path.join(__dirname, 'cpu-at-exit.js')];
	if (profile && PROFILE_DIR) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${path.resolve(PROFILE_DIR)}`);
	const t0 = Date.now();
	const child = spawn(line.node, [...nodeArgs, line.n8n, 'execute', `--id=${workflowId}`], {
		env: n8nEnv(line, userFolder, { DOLLR_BENCH_CPU_FILE: cpuFile, N8N_LOG_LEVEL: 'warn' }),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const stopChild = () => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL');
	cleanups.push(stopChild);
	let cpuAtToken;
	const onMessage = (message) => {
		if (message.type === 'token' && cpuAtToken === undefined) cpuAtToken = procCpuSeconds(child.pid);
	};
	server.child.on('message', onMessage);
	let output = '';
	child.stdout.setEncoding('utf8').on('data', (d) => (output += d));
	child.stderr.setEncoding('utf8').on('data', (d) => (output += d));
	const timer = setTimeout(stopChild, 600_000);
	const code = await new Promise((resolve) => child.once('close', (c, signal) => resolve(c ?? signal)));
	clearTimeout(timer);
	server.child.off('message', onMessage);
	cleanups.splice(cleanups.indexOf(stopChild), 1);
	const atExit = fs.existsSync(cpuFile) ? JSON.parse(fs.readFileSync(cpuFile, 'utf8')) : undefined;
	const cpuAtExit = atExit ? (atExit.user + atExit.system) / 1e6 : undefined;
	const stats = await server.stats();
	return {
		code,
		cpuFromToken: cpuAtToken !== undefined && cpuAtExit !== undefined ? cpuAtExit - cpuAtToken : undefined,
		stats,
		ms: Date.now() - t0,
		output,
	};
}

/** Items with no checkout and items with more than one, by reference_id. */
function outcome(stats, refs) {
	const failed = refs.filter((ref) => !stats.byReference[ref]).length;
	const twice = refs.filter((ref) => (stats.byReference[ref] ?? 0) > 1).length;
	return { made: stats.checkouts, failed, twice };
}

function createsPerSecond(stats) {
	const seconds = (stats.lastAnsweredAt - stats.firstCreateAt) / 1000;
	return seconds > 0 ? stats.checkouts / seconds : undefined;
}

const fmt = (value, digits = 2) => (value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits));

async function main() {
	const [line] = installLines(['v2']);
	line.extraEnv = { N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'dollr-bench-n8n-'));
	cleanups.push(() => (flags.has('--keep') ? log(`kept ${userFolder}`) : fs.rmSync(userFolder, { recursive: true, force: true })));
	const tarball = packPackage({ build: !flags.has('--no-build') });
	cleanups.push(() => fs.rmSync(path.dirname(tarball), { recursive: true, force: true }));
	installCommunityPackage(path.join(userFolder, '.n8n'), tarball);
	log(`n8n ${line.n8nVersion} on ${line.node}; N8N_USER_FOLDER=${userFolder}`);

	const server = await startServer();
	const limited = await startServer(['--max-creates-in-flight', String(RATE_LIMIT_IN_FLIGHT)]);
	const credential = { id: 'dollrBenchCred01', name: 'Dollr bench' };
	const limitedCredential = { id: 'dollrBenchCred02', name: 'Dollr bench (rate-limited)' };
	const data = (s) => ({ baseUrl: s.url, clientId: s.clientId, clientSecret: s.clientSecret });
	await importCredentials(line, userFolder, [
		{ ...credential, type: 'dollrApi', data: data(server) },
		{ ...limitedCredential, type: 'dollrApi', data: data(limited) },
	], IMPORT);

	// Rows of the cost table: a builder of the workflow with n items.
	const rows = [
		{ key: 'http', label: 'HTTP Request node, bearer and body by expression', build: (o) => httpRequestCreateWorkflow({ ...o, token: data(server) }) },
		{ key: 'dollr-fixed', label: 'Dollr node, Concurrency 8, fixed parameters', build: (o) => dollrCreateWorkflow({ ...o, credential, token: data(server) }) },
		{ key: 'dollr-expr', label: 'Dollr node, Concurrency 8, Reference ID {{ $json.list }}', build: (o) => dollrCreateWorkflow({ ...o, credential, token: data(server), referenceId: true }) },
	].filter((row) => ONLY.includes(row.key));
	const rateRows = flags.has('--no-rate')
		? []
		: [
				{ label: 'HTTP Request node', build: (o) => httpRequestCreateWorkflow({ ...o, token: data(limited) }) },
				{ label: 'HTTP Request node, Retry On Fail ×3', build: (o) => httpRequestCreateWorkflow({ ...o, token: data(limited), retry: { maxTries: 3, waitBetweenTries: 1000 } }) },
				{ label: 'Dollr node, Concurrency 8', build: (o) => dollrCreateWorkflow({ ...o, credential: limitedCredential, token: data(limited), referenceId: true }) },
			];
	let n = 0;
	const id = () => `dollrBenchFlw${String(++n).padStart(3, '0')}`;
	for (const row of rows) {
		row.ids = { many: id(), one: id() };
		row.workflows = [row.build({ id: row.ids.many, items: ITEMS }), row.build({ id: row.ids.one, items: 1 })];
	}
	for (const row of rateRows) {
		row.id = id();
		row.workflow = row.build({ id: row.id, items: RATE_ITEMS });
	}
	await importWorkflows(line, userFolder, [...rows.flatMap((r) => r.workflows), ...rateRows.map((r) => r.workflow)], IMPORT);

	// A first run with 1 item, not counted: the Dollr credential gets its token (n8n
	// stores it with the credential) before any measured run.
	const firstDollr = rows.find((row) => row.key.startsWith('dollr'));
	if (firstDollr) await executeMeasured(line, userFolder, firstDollr.ids.one, server);

	for (let run = 1; run <= RUNS; run++) {
		for (const row of rows) {
			for (const size of ['many', 'one']) {
				const r = await executeMeasured(line, userFolder, row.ids[size], server, { profile: size === 'many' && run === 1 });
				const items = size === 'many' ? ITEMS : 1;
				// n8n 2.41 sometimes dies of SIGSEGV while it shuts down, after its exit
				// handlers ran (so after cpu-at-exit.js wrote its figure): the run counts
				// when every checkout was made and the CPU was read at both ends.
				if (r.code !== 0) log(`note: n8n exited ${r.code} after the run`);
				if ((r.code !== 0 && typeof r.code !== 'string') || r.stats.checkouts !== items || r.cpuFromToken === undefined) {
					throw new Error(`${row.label}, ${items} items: exit ${r.code}, ${r.stats.checkouts} checkouts, CPU ${r.cpuFromToken}\n${r.output.slice(-3000)}`);
				}
				(row[size] ??= []).push(r);
				const rate = size === 'many' ? `, ${fmt(createsPerSecond(r.stats), 0)} creates/s` : '';
				log(`run ${run}: ${row.label}, ${items} item(s): ${fmt(r.cpuFromToken)} s CPU from the token request${rate} (${(r.ms / 1000).toFixed(1)} s wall; load ${os.loadavg()[0].toFixed(1)})`);
			}
		}
	}
	for (const row of rows) {
		const best = (list) => Math.min(...list.map((r) => r.cpuFromToken));
		row.cpuPerItemMs = ((best(row.many) - best(row.one)) / (ITEMS - 1)) * 1000;
		row.perRun = row.many.map((r, i) => ((r.cpuFromToken - row.one[i].cpuFromToken) / (ITEMS - 1)) * 1000);
		row.rate = Math.max(...row.many.map((r) => createsPerSecond(r.stats)));
	}

	for (const row of rateRows) {
		const r = await executeMeasured(line, userFolder, row.id, limited);
		row.result = { ...outcome(r.stats, references(RATE_ITEMS)), refused: r.stats.byStatus[429] ?? 0, ok: r.code === 0 || (typeof r.code === 'string' && r.cpuFromToken !== undefined) };
		log(`rate limit: ${row.label}: exit ${r.code}, ${JSON.stringify(row.result)}`);
	}

	const http = rows.find((row) => row.key === 'http');
	const out = [];
	out.push('');
	out.push(`n8n ${line.n8nVersion}, Node ${line.node.includes('node24') ? '24' : process.version}, SQLite, \`n8n execute\`; Dollr server in another process, ${LATENCY_MS} ms per answer.`);
	out.push(`CPU per item: (run with ${ITEMS} items − run with 1 item) / ${ITEMS - 1}, CPU of the n8n process from the token request to its exit, best of ${RUNS}; per-run figures in brackets. Load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} at the end (2 cores).`);
	out.push('');
	out.push('| Scenario | Run | CPU per item | vs HTTP Request | Creates/s | Checkouts made | Items failed | Items created twice |');
	out.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
	for (const row of rows) {
		const ratio = http && row !== http ? `${(row.cpuPerItemMs / http.cpuPerItemMs).toFixed(2)}×` : '—';
		out.push(
			`| ${ITEMS} items | ${row.label} | ${fmt(row.cpuPerItemMs)} ms (${row.perRun.map((v) => fmt(v)).join(', ')}) | ${ratio} | ${fmt(row.rate, 0)} | ${row.many.at(-1).stats.checkouts} | 0 | 0 |`,
		);
	}
	for (const row of rateRows) {
		const { made, failed, twice, refused, ok } = row.result;
		out.push(
			`| ${RATE_ITEMS} items, 429 above ${RATE_LIMIT_IN_FLIGHT} in flight | ${row.label} | — | — | — | ${made} (${refused} refused with 429) | ${failed}${ok ? '' : ' (the run failed)'} | ${twice} |`,
		);
	}
	process.stdout.write(`${out.join('\n')}\n`);
}

main()
	.catch((error) => {
		log(`failed: ${error.stack ?? error}`);
		process.exitCode = 1;
	})
	.finally(cleanUp);
