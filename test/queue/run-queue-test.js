#!/usr/bin/env node
'use strict';
/**
 * The Dollr node in n8n's queue mode: Redis, PostgreSQL, an n8n main and two
 * workers (n8n 2.41.x, the e2e line v2), the package installed on each, against
 * the local Dollr server (in this process) with a short token lifetime.
 *
 *   node test/queue/run-queue-test.js [--no-build] [--requests 300] [--in-flight 16] [--no-trigger]
 *
 * 1. REQUESTS webhook calls, IN_FLIGHT at a time; the server revokes every token
 *    it has issued after a third and after two thirds of the creates (events of
 *    the phase, not the clock): every call answered with its checkout, one
 *    checkout per reference, executions on both workers, each refused create
 *    renewed and retried, few tokens per revocation.
 * 2. The same with one worker SIGKILLed midway: each call got its checkout or
 *    failed; for a failed one the server shows at most one create; the other
 *    worker carries on.
 * 3. The killed worker restarted: it takes executions again, all answered.
 *
 * Everything runs on 127.0.0.1 on free ports with temp folders, stopped at the
 * end (also on failure, Ctrl+C or SIGTERM). node:test reports the checks.
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const { startDollrServer } = require('../server/dollr-server');
const { ROOT, timed, formatTimings, installLines, packPackage, workflowFor, sleep } = require('../e2e/n8n-line');
const { log, startCluster, stopAll, fireRequests, percentile, loadAverage, track, processTree, socketOwner } = require('./cluster');
const { webhookWorkflow, checkoutBodies } = require('./webhook-workflow');

const argv = process.argv.slice(2);
const option = (name, fallback) => {
	const i = argv.indexOf(`--${name}`);
	return i === -1 ? fallback : Number(argv[i + 1]);
};
const REQUESTS = option('requests', 300);
const WITH_TRIGGER = !argv.includes('--no-trigger');
const IN_FLIGHT = option('in-flight', 16);
const WORKER_CONCURRENCY = 10;
const LATENCY_MS = 20;
/**
 * Phase 1 revokes every token issued so far when its created checkouts reach these
 * counts (a third and two thirds of the calls). Tokens keep Dollr's hour otherwise,
 * so none expires by the clock, however long the run takes.
 */
const REVOKE_AFTER_CREATES = [Math.round(REQUESTS / 3), Math.round((2 * REQUESTS) / 3)];
/**
 * The most tokens one revocation may cost, at any speed. n8n has no lock around
 * preAuthentication: every execution whose create carries the revoked token meets the
 * 401 and asks for a token of its own. Those are the calls in flight at the revocation
 * (at most IN_FLIGHT) and the calls that took the place of finished ones before the
 * first renewed token was stored (at most IN_FLIGHT more: only calls that created
 * before the revocation can finish in that time); +1 for a poll of the Dollr Trigger on
 * the main. Measured 5 to 14 per revocation (16 in flight, load 5 to 30). Renewals
 * shared within a process would bring it down to about one per process.
 */
const MAX_TOKENS_PER_REVOCATION = 2 * IN_FLIGHT + 1;
const CLIENT_ID = 'queue-client';
const CLIENT_SECRET = 'queue-secret-1234';
const CREDENTIAL = { id: 'dollrQueueCred1', name: 'Dollr queue test' };
const WORKFLOW_ID = 'dollrQueueFlow01';
const WEBHOOK_PATH = 'dollr-queue-checkout';
/** The example Dollr Trigger workflow (every minute, invoices PAID → Get Receipt Link → NoOp). */
const TRIGGER_WORKFLOW_FILE = path.join(ROOT, 'test', 'workflows', 'paid-trigger.json');
const TRIGGER_WORKFLOW_ID = 'dollrQueueTrig01';
const LIST_PATH = '/v1/invoices/list';
/** How long after the payment the trigger's execution may take to ask for the receipt (a poll a minute). */
const RECEIPT_TIMEOUT_MS = 300_000;
const TOKEN_PATH = '/v1/jwt/client/obtain/token';
const CREATE_PATH = '/v1/checkouts/create';

let tarball;
let line;
try {
	[line] = timed('install-n8n.sh v2', () => installLines(['v2']));
	tarball = timed('build + npm pack', () => packPackage({ build: !argv.includes('--no-build') }));
	track(async () => fs.rmSync(path.dirname(tarball), { recursive: true, force: true }));
} catch (error) {
	log(`setup failed, no check was run: ${error.message.split('\n')[0]}`);
	process.exit(1);
}

/** What the server saw for a set of references, and the phase's figures. */
function summarise(server, results, fromRequest, t0, t1) {
	const refs = new Set(results.map((r) => r.body.ref));
	const requests = server.requests.slice(fromRequest);
	const createsArrived = new Map();
	for (const r of requests) {
		if (r.path === CREATE_PATH && refs.has(r.body?.reference_id)) createsArrived.set(r.body.reference_id, (createsArrived.get(r.body.reference_id) ?? 0) + 1);
	}
	const checkouts = new Map();
	for (const c of server.checkouts) {
		if (refs.has(c.request.reference_id)) checkouts.set(c.request.reference_id, [...(checkouts.get(c.request.reference_id) ?? []), c.response]);
	}
	const ok = results.filter((r) => r.status === 200 && r.json?.url);
	const latencies = ok.map((r) => r.ms).sort((a, b) => a - b);
	const seconds = (t1 - t0) / 1000;
	return {
		refs,
		ok,
		failed: results.filter((r) => !(r.status === 200 && r.json?.url)),
		checkouts,
		createsArrived,
		tokens: requests.filter((r) => r.path === TOKEN_PATH && r.status === 200).length,
		refused401: requests.filter((r) => r.path === CREATE_PATH && r.status === 401).length,
		seconds,
		rate: ok.length / seconds,
		p50: percentile(latencies, 50),
		p95: percentile(latencies, 95),
	};
}

/**
 * Revokes every token the server has issued (expireTokens) when the creates of
 * references starting with `prefix` reach each count of `at`: at the first create
 * from that count on with no create left waiting for its retry (a reference refused
 * 401 since the previous revocation and not yet created), so that no request meets
 * two revocations (n8n renews once per request). Fed by the server's onRequest.
 */
function tokenRevoker(server, prefix, at) {
	const revocations = [];
	const waiting = new Set();
	let created = 0;
	return {
		revocations,
		see(record) {
			const ref = record.body?.reference_id;
			if (record.path !== CREATE_PATH || !ref?.startsWith(prefix)) return;
			if (record.status === 401) waiting.add(ref);
			if (record.status !== 200) return;
			created++;
			waiting.delete(ref);
			const next = at[revocations.length];
			if (next !== undefined && created >= next && waiting.size === 0) {
				server.expireTokens();
				// Requests from this index on arrived after the revocation.
				revocations.push({ afterCreates: created, fromRequest: server.requests.length });
			}
		},
	};
}

/**
 * Per revocation: the token requests and refused requests from it to the next one,
 * who asked for the tokens (by process), and whether each refused create was retried.
 */
function describeRevocations(server, revocations, end, processName) {
	return revocations.map((revocation, i) => {
		const requests = server.requests.slice(revocation.fromRequest, revocations[i + 1]?.fromRequest ?? end);
		const tokens = requests.filter((r) => r.path === TOKEN_PATH && r.status === 200);
		const refused = requests.filter((r) => r.path !== TOKEN_PATH && r.status === 401);
		const byProcess = {};
		for (const t of tokens) byProcess[processName(t.pid)] = (byProcess[processName(t.pid)] ?? 0) + 1;
		const retried = refused.filter(
			(r) => r.path === CREATE_PATH && server.requests.some((later) => later.path === CREATE_PATH && later.status === 200 && later.body?.reference_id === r.body?.reference_id && later.receivedAt > r.receivedAt),
		);
		const firstToken = requests.findIndex((r) => r.path === TOKEN_PATH);
		const firstRefused = requests.findIndex((r) => r.status === 401);
		return {
			afterCreates: revocation.afterCreates,
			tokens: tokens.length,
			byProcess,
			refused401: refused.length,
			createsRefused401: refused.filter((r) => r.path === CREATE_PATH).length,
			createsRetried: retried.length,
			tokenAfterRefusal: firstToken > firstRefused && firstRefused !== -1,
		};
	});
}

/** Waits until `check()` holds, at most `timeoutMs` (then the assertions that follow say what is missing). */
async function until(check, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (!check() && Date.now() < deadline) await sleep(200);
}

function describePhase(name, s) {
	log(
		`${name}: ${s.ok.length}/${s.refs.size} answered with a checkout, ${s.failed.length} failed, ` +
			`${s.seconds.toFixed(1)} s, ${s.rate.toFixed(1)} calls/s, p50 ${s.p50?.toFixed(0)} ms, p95 ${s.p95?.toFixed(0)} ms, ` +
			`tokens issued ${s.tokens}, creates refused 401 ${s.refused401}, load ${loadAverage()}`,
	);
}

const figures = {};

describe('Dollr node in n8n queue mode (main + 2 workers, Redis, PostgreSQL)', () => {
	let server;
	let cluster;
	let url;
	let mainUpAt;
	let invoice;
	/** Phase 1's token revocations (see tokenRevoker); unset outside phase 1. */
	let revoker;
	/** 'main', 'worker1', ... for a pid of an n8n process or one of its children. */
	const processName = (pid) => {
		if (pid === undefined) return 'unknown';
		const roots = [['main', cluster.main.proc.pid], ...[...cluster.running.values()].map((w) => [w.name, w.proc.pid])];
		return roots.find(([, root]) => processTree([root]).includes(pid))?.[0] ?? `pid ${pid}`;
	};

	before(async () => {
		server = await startDollrServer({
			clients: { [CLIENT_ID]: CLIENT_SECRET },
			latencyMs: LATENCY_MS,
			onRequest(record) {
				// Which n8n process asked (while its connection is open): tokens and the trigger's polls.
				if (record.path === TOKEN_PATH || record.path === LIST_PATH) {
					record.pid = socketOwner(record.remotePort, server.port, processTree([process.pid]).filter((pid) => pid !== process.pid));
				}
				revoker?.see(record);
			},
		});
		track(() => server.close());
		// An invoice the trigger's poll at activation sees unpaid; test 4 pays it.
		server.seedDocuments('INVOICE', [{ status: 'ACTIVE', currency: 'USD' }]);
		[invoice] = server.documents('INVOICE').slice(-1);
		cluster = await timed('cluster up (redis, postgres, import, main, 2 workers)', () =>
			startCluster({
				line,
				tarball,
				credentials: [{ ...CREDENTIAL, type: 'dollrApi', data: { baseUrl: server.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } }],
				workflows: [
					webhookWorkflow({ id: WORKFLOW_ID, webhookPath: WEBHOOK_PATH, credential: CREDENTIAL }),
					...(WITH_TRIGGER ? [workflowFor(TRIGGER_WORKFLOW_FILE, { id: TRIGGER_WORKFLOW_ID, name: 'Dollr queue: invoice paid', credential: CREDENTIAL })] : []),
				],
				publish: [WORKFLOW_ID, ...(WITH_TRIGGER ? [TRIGGER_WORKFLOW_ID] : [])],
				webhookPaths: [WEBHOOK_PATH],
				workers: 2,
				workerConcurrency: WORKER_CONCURRENCY,
				// A killed worker's executions are failed by Bull once their lock lapses and a
				// stalled-job check runs (defaults 60 s and 30 s): shorter here, so the calls
				// that were on it get their answer within seconds.
				env: { QUEUE_WORKER_LOCK_DURATION: '15000', QUEUE_WORKER_LOCK_RENEW_TIME: '3000', QUEUE_WORKER_STALLED_INTERVAL: '5000' },
			}),
		);
		url = cluster.webhookUrl(WEBHOOK_PATH);
		mainUpAt = Date.now();
	});

	after(async () => {
		await stopAll();
		log(`figures: ${JSON.stringify(figures)}`);
		log(`timings:\n${formatTimings()}`);
	});

	test(`${REQUESTS} webhook calls, ${IN_FLIGHT} in flight, every token revoked after ${REVOKE_AFTER_CREATES.join(' and ')} creates: each answered with its own checkout, created once, the token renewed`, async () => {
		const [w1, w2] = cluster.workers;
		const started = [w1.executionsStarted().length, w2.executionsStarted().length];
		const from = server.requests.length;
		revoker = tokenRevoker(server, 'p1-', REVOKE_AFTER_CREATES);
		const t0 = performance.now();
		const results = await fireRequests(url, checkoutBodies('p1', REQUESTS), { concurrency: IN_FLIGHT });
		const t1 = performance.now();
		const { revocations } = revoker;
		revoker = undefined;
		const end = server.requests.length;
		const s = summarise(server, results, from, t0, t1);
		describePhase('phase 1', s);
		// A worker's "started execution" line may reach us after the call's answer.
		const perWorkerNow = () => [w1.executionsStarted().length - started[0], w2.executionsStarted().length - started[1]];
		await until(() => perWorkerNow()[0] + perWorkerNow()[1] >= REQUESTS, 60_000);
		const perWorker = perWorkerNow();
		log(`phase 1: executions started per worker ${perWorker.join(' / ')}`);

		const phaseRequests = server.requests.slice(from, end);
		const firstUse = phaseRequests.slice(0, (revocations[0]?.fromRequest ?? end) - from).filter((r) => r.path === TOKEN_PATH && r.status === 200).length;
		const perRevocation = describeRevocations(server, revocations, end, processName);
		for (const [i, r] of perRevocation.entries()) {
			log(
				`phase 1: revocation ${i + 1} (after create ${r.afterCreates}): ${r.tokens} tokens issued (${Object.entries(r.byProcess).map(([name, n]) => `${name} ${n}`).join(', ') || 'none'}), ` +
					`${r.createsRefused401} creates refused 401, ${r.createsRetried} of them retried and created; bound ${MAX_TOKENS_PER_REVOCATION} tokens per revocation`,
			);
		}
		log(`phase 1: ${s.tokens} tokens in all for ${REQUESTS} calls: ${firstUse} before the first revocation (first use), ${perRevocation.map((r) => r.tokens).join(' + ')} after the ${revocations.length} revocations`);
		figures.phase1 = {
			ok: s.ok.length,
			seconds: +s.seconds.toFixed(1),
			rate: +s.rate.toFixed(1),
			p50: Math.round(s.p50),
			p95: Math.round(s.p95),
			tokens: s.tokens,
			refused401: s.refused401,
			tokensFirstUse: firstUse,
			tokensPerRevocation: perRevocation.map((r) => r.tokens),
			tokensPerRevocationByProcess: perRevocation.map((r) => r.byProcess),
			createsRefused401PerRevocation: perRevocation.map((r) => r.createsRefused401),
			perWorker,
		};

		assert.deepEqual(
			s.failed.map((r) => `${r.body.ref}: ${r.status ?? r.error} ${r.text ?? JSON.stringify(r.json ?? '').slice(0, 200)}`),
			[],
			'every call answered with a checkout',
		);
		for (const r of results) {
			const created = s.checkouts.get(r.body.ref) ?? [];
			assert.equal(created.length, 1, `${r.body.ref}: ${created.length} checkouts created`);
			assert.equal(r.json.url, created[0].url, `${r.body.ref}: the answer is the checkout created for it`);
			assert.equal(r.json.reference_id, r.body.ref);
		}
		assert.equal(server.checkouts.filter((c) => c.request.reference_id?.startsWith('p1-')).length, REQUESTS, 'no checkout beyond one per reference');
		assert.ok(perWorker[0] > 0 && perWorker[1] > 0, `executions on both workers: ${perWorker.join(' / ')}`);
		assert.equal(perWorker[0] + perWorker[1], REQUESTS, 'one execution per call, all on the workers');

		// n8n's own records, in PostgreSQL.
		const statuses = await cluster.postgres.query("select status || '=' || count(*) from execution_entity group by status order by 1");
		log(`phase 1: n8n's execution records ${statuses.replace(/\n/g, ', ')}`);
		assert.match(statuses, new RegExp(`^success=${REQUESTS}$`, 'm'));

		// Each revocation: creates refused 401, a token asked for after a refusal (not
		// before), every refused create retried with it and created, and at most
		// MAX_TOKENS_PER_REVOCATION tokens (never one per call).
		assert.equal(revocations.length, REVOKE_AFTER_CREATES.length, `tokens revoked ${revocations.length} times`);
		for (const [i, r] of perRevocation.entries()) {
			const which = `revocation ${i + 1} (after create ${r.afterCreates})`;
			assert.ok(r.createsRefused401 > 0, `${which}: no create was refused 401`);
			assert.ok(r.tokens >= 1 && r.tokenAfterRefusal, `${which}: the token was not renewed after the refusal`);
			assert.equal(r.createsRetried, r.createsRefused401, `${which}: every create refused 401 retried and created`);
			assert.ok(r.tokens <= r.refused401, `${which}: ${r.tokens} tokens for ${r.refused401} refusals: a token asked for without a refusal`);
			assert.ok(r.tokens <= MAX_TOKENS_PER_REVOCATION, `${which}: ${r.tokens} tokens > ${MAX_TOKENS_PER_REVOCATION}`);
		}
		assert.ok(firstUse <= MAX_TOKENS_PER_REVOCATION, `${firstUse} tokens at first use > ${MAX_TOKENS_PER_REVOCATION}`);
	});

	test('a worker SIGKILLed mid-run: the other carries on; each call got its checkout or failed, a failed one created at most once', async () => {
		const [w1, w2] = cluster.workers;
		const count = Math.round(REQUESTS / 2);
		const killAfter = Math.round(count / 4);
		const from = server.requests.length;
		let killedAt;
		let w1AtKill;
		const t0 = performance.now();
		const results = await fireRequests(url, checkoutBodies('p2', count), {
			concurrency: IN_FLIGHT,
			onAnswer: async (_, answered) => {
				if (answered === killAfter) {
					log(`phase 2: SIGKILL ${w2.name} (pid ${w2.proc.pid}) after ${answered} answers`);
					await w2.kill();
					killedAt = performance.now();
					w1AtKill = w1.executionsStarted().length;
				}
			},
		});
		const s = summarise(server, results, from, t0, performance.now());
		describePhase('phase 2', s);
		const failedCreated = s.failed.filter((r) => (s.checkouts.get(r.body.ref) ?? []).length === 1);
		const failedNotArrived = s.failed.filter((r) => !s.createsArrived.has(r.body.ref));
		const afterKill = results.filter((r) => r.startedAt > killedAt);
		const rateAfterKill = afterKill.filter((r) => r.json?.url).length / ((Math.max(...afterKill.map((r) => r.answeredAt)) - killedAt) / 1000);
		await until(() => w1.executionsStarted().length - w1AtKill >= afterKill.length, 60_000);
		log(
			`phase 2: ${s.ok.length} answered, ${s.failed.length} failed (${failedCreated.length} of them with a checkout created at Dollr, ` +
				`${failedNotArrived.length} whose create never reached Dollr); after the kill ${afterKill.length} calls sent, ${rateAfterKill.toFixed(1)} calls/s on one worker`,
		);
		for (const r of s.failed) log(`phase 2: failed ${r.body.ref}: ${r.status ?? ''} ${r.error ?? r.text ?? JSON.stringify(r.json).slice(0, 200)} after ${(r.ms / 1000).toFixed(1)} s; creates at Dollr: ${(s.checkouts.get(r.body.ref) ?? []).length}`);
		figures.phase2 = {
			sent: count,
			ok: s.ok.length,
			failed: s.failed.length,
			failedWithCheckout: failedCreated.length,
			failedCreateNeverArrived: failedNotArrived.length,
			sentAfterKill: afterKill.length,
			rateAfterKill: +rateAfterKill.toFixed(1),
			worker1AfterKill: w1.executionsStarted().length - w1AtKill,
		};

		assert.ok(killedAt, 'the worker was killed during the run');
		for (const r of results) {
			const created = s.checkouts.get(r.body.ref) ?? [];
			assert.ok(created.length <= 1, `${r.body.ref}: created ${created.length} times`);
			if (r.json?.url) assert.equal(r.json.url, created[0]?.url, `${r.body.ref}: answered with its own checkout`);
		}
		assert.ok(s.failed.length <= IN_FLIGHT, `only calls in flight at the kill fail: ${s.failed.length}`);
		assert.deepEqual(afterKill.filter((r) => !r.json?.url).map((r) => r.body.ref), [], 'every call sent after the kill answered by the other worker');
		assert.ok(w1.executionsStarted().length - w1AtKill >= afterKill.length, 'the surviving worker ran them');
	});

	test('the killed worker restarted: it takes executions again, every call answered', async () => {
		const w1 = cluster.workers[0];
		const w2 = await cluster.startWorker(cluster.workers[1].name);
		const count = Math.round(REQUESTS / 3);
		const started1 = w1.executionsStarted().length;
		const from = server.requests.length;
		const t0 = performance.now();
		const results = await fireRequests(url, checkoutBodies('p3', count), { concurrency: IN_FLIGHT });
		const s = summarise(server, results, from, t0, performance.now());
		describePhase('phase 3', s);
		await until(() => w1.executionsStarted().length - started1 + w2.executionsStarted().length >= count, 60_000);
		const perWorker = [w1.executionsStarted().length - started1, w2.executionsStarted().length];
		log(`phase 3: executions per worker ${perWorker.join(' / ')}; calls/s ${s.rate.toFixed(1)} (phase 1: ${figures.phase1?.rate}, one worker after the kill: ${figures.phase2?.rateAfterKill})`);
		figures.phase3 = { ok: s.ok.length, rate: +s.rate.toFixed(1), p50: Math.round(s.p50), p95: Math.round(s.p95), perWorker };
		assert.equal(s.ok.length, count, 'every call answered with a checkout');
		for (const r of results) assert.equal((s.checkouts.get(r.body.ref) ?? []).length, 1, `${r.body.ref}: created once`);
		// The surviving worker runs at most WORKER_CONCURRENCY of the IN_FLIGHT calls at once,
		// so the restarted one gets the rest: a share that does not depend on speed.
		assert.ok(perWorker[1] >= count * 0.2, `the restarted worker took its share: ${perWorker.join(' / ')}`);
	});

	// --no-trigger skips it (it waits for the poll after the payment: up to a minute).
	test('Dollr Trigger: polls from the main only (not once per process); its executions run on workers', { skip: !WITH_TRIGGER && '--no-trigger' }, async () => {
		const lists = () => server.requests.filter((r) => r.path === LIST_PATH);
		const receipts = () => server.requests.filter((r) => r.path === '/v1/links/receipt' && r.query.source_number === invoice.invoice_number);
		// Each poll is told by the process that sent it (its connection's owner, read while it
		// was answered), not by the clock: a poller per process would show worker pids here.
		const polls = lists();
		const byProcess = {};
		for (const r of polls) byProcess[processName(r.pid)] = (byProcess[processName(r.pid)] ?? 0) + 1;
		const minutes = (Date.now() - mainUpAt) / 60_000;
		log(`trigger: ${polls.length} polls in ${minutes.toFixed(1)} min since the main was up, by ${Object.entries(byProcess).map(([name, n]) => `${name} ${n}`).join(', ')} (main + ${cluster.running.size} workers)`);
		assert.ok(polls.length >= 1, 'the trigger polled');
		assert.deepEqual(Object.keys(byProcess), ['main'], 'every poll sent by the main');

		server.setSourceStatus('INVOICE', invoice.id, 'PAID');
		const paidAt = Date.now();
		// The next poll (a minute at most) sees it, and a worker runs the execution; generous
		// for a slow machine (measured here: 22 s), as it costs nothing when the receipt comes.
		await until(() => receipts().length > 0, RECEIPT_TIMEOUT_MS);
		assert.ok(receipts().length >= 1, `no execution asked for the receipt of ${invoice.invoice_number} within ${RECEIPT_TIMEOUT_MS / 1000} s of its payment`);
		log(`trigger: ${invoice.invoice_number} paid → its receipt asked ${((Date.now() - paidAt) / 1000).toFixed(1)} s later`);

		const ids = (await cluster.postgres.query(`select id from execution_entity where "workflowId" = '${TRIGGER_WORKFLOW_ID}' order by id`)).split('\n').filter(Boolean);
		const ranOnWorker = (id) => [...cluster.running.values()].some((w) => w.executionsStarted().includes(id));
		await until(() => ids.every(ranOnWorker), 60_000);
		const onWorkers = ids.filter(ranOnWorker);
		log(`trigger: executions ${ids.join(', ')}; run by a worker: ${onWorkers.join(', ')}`);
		figures.trigger = { polls: polls.length, pollsByProcess: byProcess, minutes: +minutes.toFixed(1), executions: ids.length, onWorkers: onWorkers.length };
		assert.equal(ids.length, 1, 'one execution for the one invoice paid');
		assert.deepEqual(onWorkers, ids, 'the execution ran on a worker');
	});
});
