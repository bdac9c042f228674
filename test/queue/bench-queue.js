#!/usr/bin/env node
'use strict';
/**
 * Queue-mode benchmark (prints figures; asserts nothing):
 *
 * A. The webhook workload of the queue test (Webhook → Dollr Create Checkout →
 *    Respond) against 1 worker, then 2 workers, in one run, the Dollr server
 *    answering after 20 ms: calls/s, p50/p95, CPU per call (n8n's processes,
 *    and PostgreSQL + Redis), database transactions and Redis commands per call.
 * B. One execution of 1 000 items: n8n's HTTP Request node (bearer from a token
 *    request earlier in the workflow, Batching 8 per batch) against the Dollr node
 *    at Concurrency 8: items/s of the node.
 *
 *   node test/queue/bench-queue.js [--no-build] [--requests 300] [--in-flight 16] [--items 1000] [--json FILE]
 */
const fs = require('node:fs');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');

const { startDollrServer } = require('../server/dollr-server');
const { timed, formatTimings, installLines, packPackage, runN8n } = require('../e2e/n8n-line');
const { log, startCluster, stopAll, fireRequests, percentile, cpuSeconds, loadAverage, track } = require('./cluster');
const { webhookWorkflow, checkoutBodies } = require('./webhook-workflow');

const execFileAsync = promisify(execFile);
const argv = process.argv.slice(2);
const option = (name, fallback) => {
	const i = argv.indexOf(`--${name}`);
	return i === -1 ? fallback : argv[i + 1];
};
const REQUESTS = Number(option('requests', 300));
const IN_FLIGHT = Number(option('in-flight', 16));
const ITEMS = Number(option('items', 1000));
const WARMUP = 30;
const WORKER_CONCURRENCY = 10;
const LATENCY_MS = 20;
const CLIENT_ID = 'bench-client';
const CLIENT_SECRET = 'bench-secret-1234';
const CREDENTIAL = { id: 'dollrBenchCred1', name: 'Dollr queue bench' };
const WEBHOOK_WORKFLOW_ID = 'dollrBenchHook1';
const WEBHOOK_PATH = 'dollr-bench-checkout';

async function redisCommands(port) {
	const { stdout } = await execFileAsync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'info', 'stats']);
	return Number(/total_commands_processed:(\d+)/.exec(stdout)[1]);
}

async function pgCounters(postgres) {
	const row = await postgres.query(
		"select xact_commit, tup_inserted, tup_updated, tup_deleted from pg_stat_database where datname = 'n8n'",
	);
	const [commits, inserted, updated, deleted] = row.split('|').map(Number);
	return { commits, rowsWritten: inserted + updated + deleted };
}

/** Runs the webhook workload once against the workers now running; returns its figures. */
async function measureWebhooks(cluster, server, label, prefix) {
	const url = cluster.webhookUrl(WEBHOOK_PATH);
	await fireRequests(url, checkoutBodies(`${prefix}-warm`, WARMUP), { concurrency: IN_FLIGHT });
	// pg_stat_database lags up to 0.5 s behind the backends.
	await new Promise((resolve) => setTimeout(resolve, 1000));
	const infraPids = [cluster.postgres.pid(), cluster.redis.pid];
	const before = { n8n: cpuSeconds(cluster.n8nPids()), infra: cpuSeconds(infraPids), pg: await pgCounters(cluster.postgres), redis: await redisCommands(cluster.redis.port) };
	const t0 = performance.now();
	const results = await fireRequests(url, checkoutBodies(prefix, REQUESTS), { concurrency: IN_FLIGHT });
	const seconds = (performance.now() - t0) / 1000;
	const n8nCpu = cpuSeconds(cluster.n8nPids()) - before.n8n;
	const infraCpu = cpuSeconds(infraPids) - before.infra;
	const redis = (await redisCommands(cluster.redis.port)) - before.redis;
	await new Promise((resolve) => setTimeout(resolve, 1000));
	const pg = await pgCounters(cluster.postgres);
	const ok = results.filter((r) => r.status === 200 && r.json?.url);
	const latencies = ok.map((r) => r.ms).sort((a, b) => a - b);
	const created = new Set(server.checkouts.filter((c) => c.request.reference_id?.startsWith(`${prefix}-0`)).map((c) => c.request.reference_id));
	const row = {
		label,
		calls: REQUESTS,
		ok: ok.length,
		created: created.size,
		seconds: seconds,
		rate: ok.length / seconds,
		p50: percentile(latencies, 50),
		p95: percentile(latencies, 95),
		n8nCpuMsPerCall: (n8nCpu * 1000) / REQUESTS,
		infraCpuMsPerCall: (infraCpu * 1000) / REQUESTS,
		pgCommitsPerCall: (pg.commits - before.pg.commits) / REQUESTS,
		pgRowsPerCall: (pg.rowsWritten - before.pg.rowsWritten) / REQUESTS,
		redisCommandsPerCall: redis / REQUESTS,
		load: loadAverage(),
	};
	log(`${label}: ${JSON.stringify(row, (k, v) => (typeof v === 'number' ? +v.toFixed(2) : v))}`);
	return row;
}

function table(rows, columns) {
	const head = `| ${columns.map((c) => c[0]).join(' | ')} |`;
	const rule = `| ${columns.map(() => '---').join(' | ')} |`;
	const body = rows.map((row) => `| ${columns.map(([, f]) => f(row)).join(' | ')} |`);
	return [head, rule, ...body].join('\n');
}

async function main() {
	const [line] = timed('install-n8n.sh v2', () => installLines(['v2']));
	const tarball = timed('build + npm pack', () => packPackage({ build: !argv.includes('--no-build') }));
	track(async () => fs.rmSync(path.dirname(tarball), { recursive: true, force: true }));
	const server = await startDollrServer({ clients: { [CLIENT_ID]: CLIENT_SECRET }, latencyMs: LATENCY_MS, record: true });
	track(() => server.close());
	const credentials = [{ ...CREDENTIAL, type: 'dollrApi', data: { baseUrl: server.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } }];
	const itemWorkflows = itemWorkflowsFor(server);
	const cluster = await timed('cluster up (1 worker)', () =>
		startCluster({
			line,
			tarball,
			credentials,
			workflows: [webhookWorkflow({ id: WEBHOOK_WORKFLOW_ID, webhookPath: WEBHOOK_PATH, credential: CREDENTIAL }), ...itemWorkflows.map((w) => w.workflow)],
			publish: [WEBHOOK_WORKFLOW_ID],
			workers: 1,
			workerConcurrency: WORKER_CONCURRENCY,
		}),
	);

	log(`A. webhook workload: ${REQUESTS} calls, ${IN_FLIGHT} in flight, ${LATENCY_MS} ms server latency, worker --concurrency=${WORKER_CONCURRENCY}; load ${loadAverage()}`);
	const one = await measureWebhooks(cluster, server, '1 worker', 'b1');
	await cluster.startWorker('worker2');
	const two = await measureWebhooks(cluster, server, '2 workers', 'b2');
	const f = (digits) => (v) => v.toFixed(digits);
	const webhookTable = table([one, two], [
		['workers', (r) => r.label],
		['answered', (r) => `${r.ok}/${r.calls}`],
		['calls/s', (r) => f(1)(r.rate)],
		['p50 ms', (r) => f(0)(r.p50)],
		['p95 ms', (r) => f(0)(r.p95)],
		['n8n CPU ms/call', (r) => f(1)(r.n8nCpuMsPerCall)],
		['Postgres+Redis CPU ms/call', (r) => f(1)(r.infraCpuMsPerCall)],
		['DB commits/call', (r) => f(1)(r.pgCommitsPerCall)],
		['DB rows written/call', (r) => f(1)(r.pgRowsPerCall)],
		['Redis commands/call', (r) => f(1)(r.redisCommandsPerCall)],
		['load avg (1/5/15 min)', (r) => r.load],
	]);
	const ratio = two.rate / one.rate;
	console.log(`\nA. Webhook → Create Checkout → Respond, queue mode (n8n ${line.n8nVersion}), ${REQUESTS} calls at ${IN_FLIGHT} in flight, Dollr latency ${LATENCY_MS} ms\n`);
	console.log(webhookTable);
	console.log(`\n2 workers / 1 worker: ${ratio.toFixed(2)}× calls/s (target ≥ 1.6×)\n`);

	const itemRows = [];
	for (const w of itemWorkflows) itemRows.push(await measureItems(cluster, server, w));
	console.log(`B. One execution of ${ITEMS} items (n8n execute on the main's database, Dollr latency ${LATENCY_MS} ms)\n`);
	console.log(
		table(itemRows, [
			['workflow', (r) => r.label],
			['items created', (r) => `${r.created}/${ITEMS}`],
			['node time s', (r) => f(2)(r.nodeSeconds)],
			['items/s (node)', (r) => f(1)(r.itemsPerSecond)],
			['execution s (CLI start to end)', (r) => f(1)(r.cliSeconds)],
			['tokens issued', (r) => String(r.tokens)],
		]),
	);

	const jsonFile = option('json', undefined);
	const report = { n8n: line.n8nVersion, requests: REQUESTS, inFlight: IN_FLIGHT, latencyMs: LATENCY_MS, workerConcurrency: WORKER_CONCURRENCY, webhook: [one, two], ratio, items: itemRows };
	if (jsonFile) fs.writeFileSync(jsonFile, JSON.stringify(report, null, 2));
	log(`timings:\n${formatTimings()}`);
}

// ---------------------------------------------------------------------------
// B. One execution of many items: HTTP Request node (Batching) vs Dollr node (Concurrency).

/** The two workflows of part B, from test/bench/n8n-workflows.js. */
function itemWorkflowsFor(server) {
	const builders = require('../bench/n8n-workflows');
	return builders.sideBySide({ baseUrl: server.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, credential: CREDENTIAL, items: ITEMS, concurrency: 8 });
}

async function measureItems(cluster, server, { label, workflow, node }) {
	const from = server.requests.length;
	const created0 = server.checkouts.length;
	const r = await runN8n(cluster.mainProcess.line, cluster.mainProcess.userFolder, ['execute', `--id=${workflow.id}`, '--rawOutput'], `execute ${label}`);
	if (r.code !== 0) throw new Error(`${label}: n8n execute exited ${r.code}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
	const run = JSON.parse(r.stdout.slice(r.stdout.search(/^\{/m), r.stdout.lastIndexOf('}') + 1));
	const nodeRun = run.data.resultData.runData[node][0];
	const tokens = server.requests.slice(from).filter((x) => x.path === '/v1/jwt/client/obtain/token' && x.status === 200).length;
	const row = {
		label,
		created: server.checkouts.length - created0,
		nodeSeconds: nodeRun.executionTime / 1000,
		itemsPerSecond: ITEMS / (nodeRun.executionTime / 1000),
		cliSeconds: r.ms / 1000,
		tokens,
	};
	log(`${label}: ${JSON.stringify(row)}`);
	return row;
}

main()
	.catch((error) => {
		process.exitCode = 1;
		log(`bench failed: ${error.stack}`);
	})
	.finally(() => stopAll());
