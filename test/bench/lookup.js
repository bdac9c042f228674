#!/usr/bin/env node
'use strict';
/**
 * `npm run bench:lookup`: what If Already in Dollr (Reuse It / Fail) costs when
 * Dollr holds many invoices. Dollr's list has no pagination and no Reference ID
 * filter, so a run with the option reads the whole list once.
 *
 * The local Dollr server runs in a child process (this file with --server),
 * seeded with --documents invoices (default 100 000), each with a Reference ID,
 * requests not recorded. This process runs the built node (dist/) in n8n's engine
 * and measures:
 *   1. memory of this process during its first Reuse It run (peak RSS and heap,
 *      sampled every 10 ms) and after it (heap after a forced GC: the index does not stay);
 *   2. a node run of --items new rows with Reuse It against Create Another
 *      (median of --repeats each, interleaved): the look-up's cost per run;
 *   3. the list request alone: time (median of --repeats), bytes, JSON.parse.
 *
 * Options: --documents 100000  --items 10  --repeats 5
 * It cannot measure what it cannot cause: two executions racing on one row at the
 * same moment both read the list before either creates, so both create.
 */
const { fork } = require('node:child_process');
const path = require('node:path');
const v8 = require('node:v8');

function option(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? fallback : Number(process.argv[index + 1]);
}

const DOCUMENTS = option('documents', 100_000);
const ITEMS = option('items', 10);
const REPEATS = option('repeats', 5);

// ---- the server process ------------------------------------------------------

async function serve() {
	const { startDollrServer } = require('../server/dollr-server');
	const server = await startDollrServer({ record: false });
	const [party] = server.seedParties([{ fullname: 'Bench Customer', phone: '231771234567' }]);
	const [counterparty] = server.seedCounterparties([{ relationship_type: 'CUSTOMER', party_id: party.id }]);
	const started = performance.now();
	server.seedDocuments(
		'INVOICE',
		Array.from({ length: DOCUMENTS }, (_, i) => ({
			status: i % 3 === 0 ? 'PAID' : 'ACTIVE',
			currency: 'USD',
			note: `Invoice for row ${i}`,
			fee_bearer: 'PAYEE',
			counterparty_id: counterparty.id,
			reference_id: `crm-${i}`,
			total_amount: 100 + (i % 500),
		})),
	);
	process.send({ url: server.url, counterpartyId: counterparty.id, seedMs: performance.now() - started });
}

// ---- the measuring process ----------------------------------------------------

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (value) => `${value.toFixed(0)} ms`;

async function token(url) {
	const { DEFAULT_CLIENTS } = require('../server/dollr-server');
	const [clientId, clientSecret] = Object.entries(DEFAULT_CLIENTS)[0];
	const answer = await fetch(`${url}/v1/jwt/client/obtain/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ client_id: clientId, client_secret: clientSecret }),
	});
	return (await answer.json()).access_token;
}

async function measure() {
	const child = fork(__filename, ['--server', ...process.argv.slice(2)], { stdio: 'inherit' });
	const ready = await new Promise((resolve, reject) => {
		child.once('message', resolve);
		child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
	});
	try {
		console.log(`Dollr server: ${DOCUMENTS} invoices seeded in ${ms(ready.seedMs)} (its own process)`);

		// The built node in n8n's engine, against the server process.
		const { runWorkflow } = require('../harness/n8n-engine');
		const { singleNodeWorkflow, dollrCredentials, NODE_TYPE } = require('../harness/dollr');
		const { NodeTypes } = require('../harness/n8n-engine');
		const dist = path.join(__dirname, '..', '..', 'dist');
		const { Dollr } = require(path.join(dist, 'nodes', 'Dollr', 'Dollr.node.js'));
		const { DollrApi } = require(path.join(dist, 'credentials', 'DollrApi.credentials.js'));
		const nodeTypes = new NodeTypes({ [NODE_TYPE]: new Dollr() });
		const credentialsHelper = dollrCredentials(DollrApi, ready.url);
		let row = 0;
		const run = async (onExisting) => {
			const rows = Array.from({ length: ITEMS }, () => ({ ref: `bench-${row++}` }));
			const parameters = {
				resource: 'invoice',
				operation: 'create',
				counterpartyId: { __rl: true, mode: 'id', value: String(ready.counterpartyId) },
				currency: 'USD',
				note: 'Bench',
				feeBearer: 'PAYEE',
				items: { item: [{ name: 'Lamp', qty: 1, amount: 45, currency: '' }] },
				publish: true,
				additionalFields: { referenceId: '={{ $json.ref }}' },
				options: { onExisting },
			};
			const started = performance.now();
			const result = await runWorkflow({ workflow: singleNodeWorkflow(parameters, rows), nodeTypes, credentialsHelper });
			const elapsed = performance.now() - started;
			const error = result.data.resultData.error;
			if (error) throw new Error(`${onExisting} run failed: ${error.message}`);
			return elapsed;
		};
		await run('create'); // warm-up: the token, n8n's first-run costs
		// 1. Memory of this process during and after its first Reuse It run (before any other has grown the heap).
		global.gc?.();
		const before = process.memoryUsage();
		let peakRss = before.rss;
		let peakHeap = before.heapUsed;
		const sampler = setInterval(() => {
			const now = process.memoryUsage();
			peakRss = Math.max(peakRss, now.rss);
			peakHeap = Math.max(peakHeap, now.heapUsed);
		}, 10);
		await run('reuse');
		clearInterval(sampler);
		const end = process.memoryUsage();
		peakRss = Math.max(peakRss, end.rss);
		peakHeap = Math.max(peakHeap, end.heapUsed);
		global.gc?.();
		const afterGc = process.memoryUsage();
		console.log(
			`Memory of the n8n side in a Reuse It run: peak RSS +${mb(peakRss - before.rss)}, peak heap +${mb(peakHeap - before.heapUsed)} ` +
				`(sampled every 10 ms; heap limit ${mb(v8.getHeapStatistics().heap_size_limit)}); ` +
				(global.gc ? `heap after the run and a GC +${mb(afterGc.heapUsed - before.heapUsed)}` : 'run with --expose-gc for the heap after a GC'),
		);
		// 2. Reuse It against Create Another, new rows (so both create).
		await run('reuse');
		const times = { create: [], reuse: [] };
		for (let i = 0; i < REPEATS; i++) {
			times.create.push(await run('create'));
			times.reuse.push(await run('reuse'));
		}
		const create = median(times.create);
		const reuse = median(times.reuse);
		console.log(
			`Node run of ${ITEMS} new rows (create + 1 line + publish each): Create Another ${ms(create)}, Reuse It ${ms(reuse)} ` +
				`→ the look-up adds ${ms(reuse - create)} per run (once, whatever the row count), median of ${REPEATS}`,
		);

		// 3. The list request alone.
		const bearer = await token(ready.url);
		const listTimes = [];
		let bytes = 0;
		for (let i = 0; i < REPEATS; i++) {
			const started = performance.now();
			const answer = await fetch(`${ready.url}/v1/invoices/list`, { headers: { authorization: `Bearer ${bearer}` } });
			const text = await answer.text();
			listTimes.push(performance.now() - started);
			bytes = Buffer.byteLength(text);
		}
		const listText = await (await fetch(`${ready.url}/v1/invoices/list`, { headers: { authorization: `Bearer ${bearer}` } })).text();
		const parseStarted = performance.now();
		JSON.parse(listText);
		const parseMs = performance.now() - parseStarted;
		console.log(
			`GET /v1/invoices/list: ${mb(bytes)} (${Math.round(bytes / DOCUMENTS)} bytes per invoice), ` +
				`${ms(median(listTimes))} median over ${REPEATS} (local server, no network), ` +
				`JSON.parse of it ${ms(parseMs)}`,
		);

		console.log(
			'Not covered: two executions racing on one row at the same moment (both read the list before either creates, so both create); ' +
				'Dollr has no idempotency key or unique Reference ID to stop that.',
		);
	} finally {
		child.kill();
	}
}

if (process.argv.includes('--server')) {
	serve().catch((error) => {
		console.error(error);
		process.exit(1);
	});
} else {
	measure().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
