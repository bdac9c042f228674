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
const { timed, formatTimings, installLines, packPackage } = require('../e2e/n8n-line');
const { log, startCluster, stopAll, fireRequests, percentile, cpuSeconds, loadAverage, track } = require('./cluster');
const { webhookNode, webhookWorkflow, checkoutBodies } = require('./webhook-workflow');
const { NAMES, dollrCreateWorkflow, httpRequestCreateWorkflow } = require('../bench/n8n-workflows');

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
			publish: [WEBHOOK_WORKFLOW_ID, ...itemWorkflows.map((w) => w.workflow.id)],
			webhookPaths: [WEBHOOK_PATH, ...itemWorkflows.map((w) => w.webhookPath)],
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
	for (const w of itemWorkflows) itemRows.push(await measureItems(cluster, server, line, w));
	console.log(`B. One execution of ${ITEMS} items on a worker (started by a webhook), Dollr latency ${LATENCY_MS} ms\n`);
	console.log(
		table(itemRows, [
			['workflow', (r) => r.label],
			['items created', (r) => `${r.created}/${ITEMS}`],
			['node time s', (r) => f(2)(r.nodeSeconds)],
			['items/s (node)', (r) => f(1)(r.itemsPerSecond)],
			['execution s (n8n record)', (r) => f(2)(r.executionSeconds)],
			['webhook call s', (r) => f(2)(r.wallSeconds)],
			['n8n CPU ms/item', (r) => f(2)(r.n8nCpuMsPerItem)],
			['tokens issued', (r) => String(r.tokens)],
		]),
	);

	const jsonFile = option('json', undefined);
	const report = { n8n: line.n8nVersion, requests: REQUESTS, inFlight: IN_FLIGHT, latencyMs: LATENCY_MS, workerConcurrency: WORKER_CONCURRENCY, webhook: [one, two], ratio, items: itemRows };
	if (jsonFile) fs.writeFileSync(jsonFile, JSON.stringify(report, null, 2));
	log(`timings:\n${formatTimings()}`);
}

// ---------------------------------------------------------------------------
// B. One execution of many items: HTTP Request node (Batching) vs Dollr node (Concurrency),
// each started by a webhook so that it runs on a worker like any production execution.

/** The two workflows of part B, built by test/bench/n8n-workflows.js behind a Webhook trigger. */
function itemWorkflowsFor(server) {
	const token = { baseUrl: server.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };
	const trigger = (id, webhookPath) => webhookNode({ workflowId: id, webhookPath, responseMode: 'lastNode', name: 'Webhook' });
	const http = { id: 'dollrQBenchHttp1', webhookPath: 'dollr-bench-http-request' };
	const dollr = { id: 'dollrQBenchDlr01', webhookPath: 'dollr-bench-dollr-node' };
	return [
		{
			label: 'HTTP Request node, bearer from a Token request, Batching 8 per batch',
			webhookPath: http.webhookPath,
			workflow: httpRequestCreateWorkflow({ id: http.id, token, items: ITEMS, batching: { batchSize: 8, batchInterval: 0 }, trigger: trigger(http.id, http.webhookPath) }),
		},
		{
			label: 'Dollr node, Concurrency 8',
			webhookPath: dollr.webhookPath,
			workflow: dollrCreateWorkflow({ id: dollr.id, credential: CREDENTIAL, items: ITEMS, concurrency: 8, referenceId: true, token, trigger: trigger(dollr.id, dollr.webhookPath) }),
		},
	];
}

/** n8n's record of the newest execution of a workflow: the create node's time, the execution's. */
async function lastExecution(cluster, line, workflowId) {
	const id = await cluster.postgres.query(`select id from execution_entity where "workflowId" = '${workflowId}' order by id desc limit 1`);
	const [startedAt, stoppedAt, status] = (await cluster.postgres.query(`select extract(epoch from "startedAt"), extract(epoch from "stoppedAt"), status from execution_entity where id = ${id}`)).split('|');
	const raw = await cluster.postgres.query(`select data from execution_data where "executionId" = ${id}`);
	// n8n stores run data with `flatted`; its own copy parses it.
	const flatted = require(path.join(path.dirname(line.n8n), '..', '..', 'flatted'));
	const run = flatted.parse(raw);
	return { id, status, seconds: Number(stoppedAt) - Number(startedAt), nodeMs: run.resultData.runData[NAMES.create][0].executionTime };
}

async function measureItems(cluster, server, line, { label, webhookPath, workflow }) {
	const from = server.requests.length;
	const created0 = server.checkouts.length;
	const cpu0 = cpuSeconds(cluster.n8nPids());
	const t0 = performance.now();
	const [answer] = await fireRequests(cluster.webhookUrl(webhookPath), [{}], { concurrency: 1, timeoutMs: 600_000 });
	const wallSeconds = (performance.now() - t0) / 1000;
	const cpu = cpuSeconds(cluster.n8nPids()) - cpu0;
	if (answer.status !== 200) throw new Error(`${label}: the webhook answered ${answer.status ?? answer.error} ${answer.text ?? JSON.stringify(answer.json)}`);
	const execution = await lastExecution(cluster, line, workflow.id);
	const tokens = server.requests.slice(from).filter((x) => x.path === '/v1/jwt/client/obtain/token' && x.status === 200).length;
	const row = {
		label,
		created: server.checkouts.length - created0,
		status: execution.status,
		nodeSeconds: execution.nodeMs / 1000,
		itemsPerSecond: ITEMS / (execution.nodeMs / 1000),
		executionSeconds: execution.seconds,
		wallSeconds,
		n8nCpuMsPerItem: (cpu * 1000) / ITEMS,
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
