#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: the built Dollr node (dist/) in n8n's real engine against the
 * local Dollr server, compared with a bare reference node (same helper, same
 * engine, pre-built bodies) and with raw axios POSTs of the same bodies.
 *
 * The server runs in its own process (one per latency, requests not recorded).
 * Each contestant runs in its own worker process (worker.js), warmed up first;
 * timed runs are interleaved round by round (Dollr, reference, axios, Dollr, …)
 * so that a busy machine slows them alike; the median is reported. CPU time is
 * the worker's own (all its threads), which other load hardly changes.
 * Memory runs use fresh workers, so that RSS is that run's alone; raw axios and a
 * run with V8's old space capped tell V8's lazy collection from memory really needed.
 *
 * Options: --items 1000  --big 10000  --repeats 5  --latency 20  --only time|memory
 */
const { fork, spawn } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');

const { startDollrHarness } = require('../harness/dollr');
const { invoiceItems, dollrParameters, referenceBodies } = require('./workload');

const DIST = path.join(__dirname, '..', '..', 'dist');
const TARGETS = { overheadVsReference: 1.1, speedUp: 6, bytesPerItem: 2048 };
const met = (ok) => (ok ? 'met' : 'MISSED');

function option(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? fallback : process.argv[index + 1];
}

const ITEMS = Number(option('items', 1000));
const BIG = Number(option('big', 10000));
const REPEATS = Number(option('repeats', 5));
const LATENCY = Number(option('latency', 20));
const ONLY = option('only', 'all');

/** The local Dollr server in a child process (test/server/cli.js); resolves with its address. */
function startServerProcess(latencyMs) {
	const child = spawn(process.execPath, [path.join(__dirname, '..', 'server', 'cli.js'), '--latency', String(latencyMs)], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.stdout.once('data', (chunk) => resolve({ ...JSON.parse(String(chunk).split('\n')[0]), child }));
	});
}

/** A worker process holding one contestant; `ask(command)` resolves with its report. */
async function startWorker(job, execArgv = []) {
	const child = fork(path.join(__dirname, 'worker.js'), [], { execArgv, stdio: 'inherit' });
	let pending;
	child.on('message', ({ report, error }) => pending?.(error ? { error } : { report }));
	child.on('exit', (code) => pending?.({ error: `worker exited with ${code}` }));
	const ask = (command) =>
		new Promise((resolve, reject) => {
			pending = ({ report, error }) => (error ? reject(new Error(`${job.label}: ${error}`)) : resolve(report));
			child.send({ command, job });
		});
	await ask('setup');
	return { job, ask, stop: () => child.kill() };
}

/** Median over rounds of a ÷ b measured in the same round (close in time, so under similar load). */
const pairedRatio = (a, b, key) => median(a.runs.map((run, round) => run[key] / b.runs[round][key]));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value) => `${Math.round(value)} ms`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function table(rows) {
	const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
	return rows.map((row) => row.map((cell, column) => String(cell).padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}

/** The reference bodies must be exactly what the Dollr node sends, or the comparison means nothing. */
async function checkBodies() {
	const { Dollr } = require(path.join(DIST, 'nodes/Dollr/Dollr.node.js'));
	const { DollrApi } = require(path.join(DIST, 'credentials/DollrApi.credentials.js'));
	const harness = await startDollrHarness({ Dollr, DollrApi });
	try {
		for (const expressions of [true, false]) {
			harness.server.reset();
			const invoices = invoiceItems(3, !expressions);
			const { error } = await harness.run(dollrParameters({}, expressions), invoices);
			if (error) throw new Error(`Dollr node failed: ${error.message}`);
			const sent = harness.server.requests.filter((r) => r.path === '/v1/checkouts/create').map((r) => r.body);
			if (JSON.stringify(sent) !== JSON.stringify(referenceBodies(invoices))) {
				throw new Error(`The reference bodies differ from the Dollr node's: ${JSON.stringify([sent[0], referenceBodies(invoices)[0]])}`);
			}
		}
	} finally {
		await harness.close();
	}
}

const CONTESTANTS = {
	dollr: { kind: 'dollr', expressions: true, label: 'Dollr node, 6 expressions/item' },
	dollrFixed: { kind: 'dollr', expressions: false, label: 'Dollr node, fixed parameters' },
	reference: { kind: 'reference', label: 'reference node' },
	axiosKeepAlive: { kind: 'axios', keepAlive: true, label: 'axios, keep-alive' },
	axiosClose: { kind: 'axios', keepAlive: false, label: 'axios, no keep-alive' },
};

/**
 * Timed runs of `names` at one latency and concurrency: median wall and CPU ms each.
 * Rounds are interleaved (one run of each, then the next round); with `sideBySide`
 * the contestants run at the same time instead (for long, mostly idle runs).
 */
async function timeSection(server, { latency, concurrency, names, repeats, warmup, sideBySide = false }) {
	const workers = [];
	try {
		const start = (name) =>
			startWorker({ ...CONTESTANTS[name], url: server.url, clientId: server.clientId, clientSecret: server.clientSecret, items: ITEMS, concurrency, warmup });
		for (const name of names) workers.push(await start(name));
		const runs = Object.fromEntries(names.map((name) => [name, []]));
		const time = async (worker, index) => {
			const report = await worker.ask('time');
			if (report.outputs !== ITEMS) throw new Error(`${worker.job.label}: ${report.outputs} outputs for ${ITEMS} items`);
			runs[names[index]].push(report);
		};
		for (let round = 0; round < repeats; round++) {
			if (sideBySide) await Promise.all(workers.map(time));
			else for (const [index, worker] of workers.entries()) await time(worker, index);
		}
		const result = Object.fromEntries(
			names.map((name) => {
				const walls = runs[name].map((r) => r.wall);
				return [name, { wall: median(walls), cpu: median(runs[name].map((r) => r.cpu)), walls, runs: runs[name] }];
			}),
		);
		const rows = names.map((name) => {
			const { wall, cpu, walls } = result[name];
			return [
				`${latency} ms`,
				concurrency,
				CONTESTANTS[name].label,
				ms(wall),
				walls.length > 1 ? `${Math.round(Math.min(...walls))}–${ms(Math.max(...walls))}` : sideBySide ? '(side by side)' : '',
				`${(wall / ITEMS).toFixed(2)} ms`,
				`${(cpu / ITEMS).toFixed(2)} ms`,
				result.reference ? ratio(wall, result.reference.wall) : '',
				result.reference ? ratio(cpu, result.reference.cpu) : '',
				result.axiosKeepAlive ? ratio(wall, result.axiosKeepAlive.wall) : '',
				result.axiosClose ? ratio(wall, result.axiosClose.wall) : '',
			];
		});
		return { rows, result };
	} finally {
		for (const worker of workers) worker.stop();
	}
}

/** A V8 old-space cap for the capped memory run: below n8n's own baseline heap plus the run's output. */
const HEAP_CAP_MB = 128;

async function memoryRun(server, name, execArgv = []) {
	const job = { ...CONTESTANTS[name], url: server.url, clientId: server.clientId, clientSecret: server.clientSecret, items: BIG, concurrency: 8, warmup: 300 };
	const worker = await startWorker(job, ['--expose-gc', ...execArgv]);
	try {
		const report = await worker.ask('memory');
		if (report.outputs !== BIG) throw new Error(`${job.label}: ${report.outputs} outputs for ${BIG} items`);
		return report;
	} finally {
		worker.stop();
	}
}

/**
 * The Dollr node, the reference node and raw axios (no n8n at all) under V8's default
 * heap sizing; then the Dollr node again with the old space capped, which shows how
 * much of the peak V8 needs rather than merely had not collected yet.
 */
async function memorySection(server) {
	const dollr = await memoryRun(server, 'dollr');
	const reference = await memoryRun(server, 'reference');
	const axiosClose = await memoryRun(server, 'axiosClose');
	const capped = await memoryRun(server, 'dollr', [`--max-old-space-size=${HEAP_CAP_MB}`]);
	const perItem = (bytes) => kb(bytes / BIG);
	const row = (label, m) => [
		label,
		mb(m.baselineRss),
		mb(m.peakRss),
		perItem(m.peakRss - m.baselineRss),
		perItem(m.peakHeap - m.baselineHeap),
		perItem(m.retained),
		perItem(m.outputJsonBytes),
		perItem(m.peakRss - m.baselineRss - m.retained),
	];
	const header = ['run', 'RSS before', 'peak RSS', 'RSS growth/item', 'V8 heap growth/item', 'kept/item', 'output JSON/item', '(RSS growth − kept)/item'];
	return {
		dollr,
		reference,
		axiosClose,
		capped,
		rows: [
			header,
			row(CONTESTANTS.dollr.label, dollr),
			row(CONTESTANTS.reference.label, reference),
			row(`${CONTESTANTS.axiosClose.label} (no n8n)`, axiosClose),
			row(`${CONTESTANTS.dollr.label}, --max-old-space-size=${HEAP_CAP_MB}`, capped),
		],
	};
}

async function main() {
	const started = Date.now();
	const cpus = os.cpus();
	console.log(
		`Dollr benchmark — ${cpus.length} × ${cpus[0].model.trim()}, ${mb(os.totalmem())} RAM, Node ${process.version}, n8n-core ${require('n8n-core/package.json').version}, load average ${os.loadavg()[0].toFixed(1)}`,
	);
	await checkBodies();
	const fast = await startServerProcess(0);
	const slow = await startServerProcess(LATENCY);
	const summary = [];
	try {
		if (ONLY !== 'memory') {
			const header = ['latency', 'conc.', 'run', `${ITEMS} items`, 'min–max', 'wall/item', 'CPU/item', 'wall ÷ ref.', 'CPU ÷ ref.', '÷ axios k-a', '÷ axios no k-a'];
			const zero = await timeSection(fast, {
				latency: 0,
				concurrency: 1,
				names: ['dollr', 'dollrFixed', 'reference', 'axiosKeepAlive', 'axiosClose'],
				repeats: REPEATS,
				warmup: 300,
			});
			// At concurrency 1 and 20 ms the runs wait ~90% of the time: run them side by side to save half a minute.
			const sequential = await timeSection(slow, { latency: LATENCY, concurrency: 1, names: ['dollr', 'dollrFixed', 'reference'], repeats: 1, warmup: 30, sideBySide: true });
			const parallel = await timeSection(slow, { latency: LATENCY, concurrency: 8, names: ['dollr', 'dollrFixed', 'reference', 'axiosKeepAlive'], repeats: 3, warmup: 50 });
			console.log(
				`\nTime: ${ITEMS} creates. 0 ms: median of ${REPEATS} interleaved rounds. ${LATENCY} ms: concurrency 1 one round (the three side by side), concurrency 8 median of 3 interleaved rounds.\nCPU = the measured process's own user+system time.\n`,
			);
			console.log(table([header, ...zero.rows, ...sequential.rows, ...parallel.rows]));
			const z = zero.result;
			const wallOverhead = pairedRatio(z.dollrFixed, z.reference, 'wall');
			const cpuOverhead = pairedRatio(z.dollrFixed, z.reference, 'cpu');
			const perExpression = (z.dollr.cpu - z.dollrFixed.cpu) / ITEMS / 6;
			const speedUp = (name) => sequential.result[name].wall / parallel.result[name].wall;
			// The most concurrency 8 can give if the n8n process has a core to itself: 8×, or less if its CPU time per item is the limit.
			const bound = (name) => Math.min(8, sequential.result[name].wall / parallel.result[name].cpu);
			summary.push(
				`Dollr (fixed parameters) ÷ reference at 0 ms, concurrency 1, median of per-round ratios: wall ${wallOverhead.toFixed(3)}, CPU ${cpuOverhead.toFixed(3)} (target ≤ ${TARGETS.overheadVsReference}) ${met(wallOverhead <= TARGETS.overheadVsReference)}`,
				`n8n's expression evaluation: ${perExpression.toFixed(3)} ms CPU per expression; Dollr with 6 expressions/item ÷ reference: wall ${pairedRatio(z.dollr, z.reference, 'wall').toFixed(2)}`,
				`Speed-up, concurrency 8 over 1 at ${LATENCY} ms: Dollr ${speedUp('dollr').toFixed(2)}× (target ≥ ${TARGETS.speedUp}×) ${met(speedUp('dollr') >= TARGETS.speedUp)}, Dollr with fixed parameters ${speedUp('dollrFixed').toFixed(2)}×, reference ${speedUp('reference').toFixed(2)}×`,
				`  upper bound if the n8n process had a core to itself, min(8, wall at 1 ÷ CPU at 8): Dollr ${bound('dollr').toFixed(1)}×, fixed ${bound('dollrFixed').toFixed(1)}×, reference ${bound('reference').toFixed(1)}×`,
			);
		}
		if (ONLY !== 'time') {
			const memory = await memorySection(fast);
			console.log(
				`\nMemory: ${BIG} creates at concurrency 8, 0 ms, each node in a fresh process. growth = peak during the run − before it (after a full GC);\nkept = heap still held with the run's result after a full GC (the output items and n8n's run data).\n`,
			);
			console.log(table(memory.rows));
			const growth = (m) => m.peakRss - m.baselineRss;
			const beyond = (growth(memory.dollr) - memory.dollr.retained) / BIG;
			const own = (growth(memory.dollr) - growth(memory.reference)) / BIG;
			const cappedBeyond = (growth(memory.capped) - memory.capped.retained) / BIG;
			summary.push(
				`Peak RSS growth beyond the kept output: Dollr ${kb(beyond)}/item (target ≤ ${kb(TARGETS.bytesPerItem)}) ${met(beyond <= TARGETS.bytesPerItem)}; the Dollr node's own share (its growth − the reference node's): ${kb(own)}/item`,
				`  for context: raw axios without n8n grows ${kb(growth(memory.axiosClose) / BIG)}/item; the Dollr node with V8's old space capped at ${HEAP_CAP_MB} MB completes the same run with ${kb(cappedBeyond)}/item beyond the kept output`,
			);
		}
	} finally {
		fast.child.kill();
		slow.child.kill();
	}
	console.log(`\n${summary.join('\n')}\nTotal ${Math.round((Date.now() - started) / 1000)} s, load average now ${os.loadavg()[0].toFixed(1)}`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
