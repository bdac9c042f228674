#!/usr/bin/env node
'use strict';
/**
 * `npm run bench:money`: what exactly-once costs. The built Dollr node (dist/)
 * in n8n's real engine sends payouts with a Reference ID from each row
 * (the Pay Supplier node of test/workflows/pay-suppliers.json, one beneficiary
 * per row, so each payout makes its payout account) to the local Dollr server with 20 ms latency, at concurrency 1 and
 * 8; then the same rows again, which must make no payout at all.
 *
 * The server runs in its own process (test/server/cli.js, over IPC), so the CPU
 * time measured here is the engine's and the node's alone. Prints figures; it is
 * not a test (only the counts of payouts are checked).
 *
 * Options: --payouts 500  --latency 20  --concurrency 1,8
 */
const { fork } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

process.env.N8N_USER_FOLDER ??= fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-dollr-bench-money-'));

const { NodeTypes, runWorkflow, outputOf, errorOf } = require('../harness/n8n-engine');
const { dollrCredentials, singleNodeWorkflow, NODE_TYPE } = require('../harness/dollr');

const DIST = path.join(__dirname, '..', '..', 'dist');
const { Dollr } = require(path.join(DIST, 'nodes/Dollr/Dollr.node.js'));
const { DollrApi } = require(path.join(DIST, 'credentials/DollrApi.credentials.js'));

function option(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? fallback : process.argv[index + 1];
}

const PAYOUTS = Number(option('payouts', 500));
const LATENCY = Number(option('latency', 20));
const CONCURRENCIES = String(option('concurrency', '1,8')).split(',').map(Number);
const WARMUP = 100;
/** The local server's passcode (test/server/money.js) and money out on. */
const MONEY_OUT = { allowMoneyOut: true, passcode: '2468', passcodePhone: '231770000001', clientIp: '127.0.0.1' };

/** The server in a child process with --seed (parties 1–3 to pay); `ask('stats' | 'reset')` over IPC. */
function startServer() {
	const child = fork(path.join(__dirname, '..', 'server', 'cli.js'), ['--latency', String(LATENCY), '--seed', '--auto-settle-ms', '0'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
	let waiting;
	child.on('message', (message) => {
		if (message.type === 'ready' || message.type === 'stats' || message.type === 'reset') waiting?.(message);
	});
	const next = () => new Promise((resolve) => (waiting = resolve));
	const ask = (type) => {
		const answer = next();
		child.send({ type });
		return answer;
	};
	return next().then((ready) => ({ url: ready.url, ask, stop: () => child.kill() }));
}

/** Rows of a payout sheet: a row ID (the Reference ID), a beneficiary (party 1–3) with a wallet of their own, an amount. */
function rows(label, count) {
	return Array.from({ length: count }, (_, i) => ({
		row_id: `${label}-row-${String(i + 1).padStart(4, '0')}`,
		supplier: `Supplier ${i + 1}`,
		party_id: 1 + (i % 3),
		phone: `2318800${String(i).padStart(5, '0')}`,
		amount: 1 + (i % 9),
		currency: 'USD',
	}));
}

/** The Pay Supplier node of the example workflow test/workflows/pay-suppliers.json, with a concurrency. */
const PAY_SUPPLIER = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'workflows', 'pay-suppliers.json'), 'utf8')).nodes.find((node) => node.name === 'Pay Supplier');

function payoutParameters(concurrency) {
	return { ...PAY_SUPPLIER.parameters, options: { concurrency } };
}

/** One run of the node over `input`: wall and CPU ms, the outputs, and what the server saw. */
async function run(server, engine, input, concurrency) {
	await server.ask('reset');
	const before = await server.ask('stats');
	const workflow = singleNodeWorkflow(payoutParameters(concurrency), input);
	const cpu = process.cpuUsage();
	const started = performance.now();
	const result = await runWorkflow({ workflow, ...engine });
	const wall = performance.now() - started;
	const used = process.cpuUsage(cpu);
	const error = errorOf(result, 'Dollr');
	if (error) throw new Error(`the node failed: ${error.message}`);
	const output = outputOf(result, 'Dollr');
	const after = await server.ask('stats');
	return { wall, cpu: (used.user + used.system) / 1000, output, requests: after.requests, byRoute: after.byRoute, payouts: after.payouts - before.payouts };
}

const fixed = (value, digits = 2) => value.toFixed(digits);

function table(rowsOfCells) {
	const widths = rowsOfCells[0].map((_, column) => Math.max(...rowsOfCells.map((row) => String(row[column]).length)));
	return rowsOfCells.map((row) => row.map((cell, column) => String(cell).padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}

async function main() {
	const server = await startServer();
	try {
		const engine = { nodeTypes: new NodeTypes({ [NODE_TYPE]: new Dollr() }), credentialsHelper: dollrCredentials(DollrApi, server.url, MONEY_OUT) };
		// Warm-up (JIT, token): its own rows, not counted.
		await run(server, engine, rows('warmup', WARMUP), 4);
		const lines = [['run', 'concurrency', 'payouts made', 'requests', 'requests/payout', 'wall', 'payouts/s', 'CPU/payout', 'per route']];
		for (const concurrency of CONCURRENCIES) {
			const sheet = rows(`c${concurrency}`, PAYOUTS);
			const first = await run(server, engine, sheet, concurrency);
			const again = await run(server, engine, sheet, concurrency);
			if (first.payouts !== PAYOUTS) throw new Error(`first run: ${first.payouts} payouts for ${PAYOUTS} rows`);
			if (again.payouts !== 0) throw new Error(`re-run: ${again.payouts} payouts made again`);
			const known = again.output.filter(({ json }) => String(json.note ?? '').startsWith('Dollr already has')).length;
			if (known !== PAYOUTS) throw new Error(`re-run: ${known} of ${PAYOUTS} outputs say the payout was found`);
			for (const [label, r] of [
				['first', first],
				['re-run', again],
			]) {
				const routes = Object.entries(r.byRoute)
					.map(([route, count]) => `${route.replace(/^(GET|POST) \/v1\//, '')} ×${count}`)
					.join(', ');
				lines.push([
					label,
					concurrency,
					r.payouts,
					r.requests,
					fixed(r.requests / PAYOUTS),
					`${Math.round(r.wall)} ms`,
					fixed(PAYOUTS / (r.wall / 1000), 1),
					`${fixed(r.cpu / PAYOUTS)} ms`,
					routes,
				]);
			}
		}
		console.log(`${PAYOUTS} payouts (Payout › Send, Reference ID from the row, a new beneficiary wallet per row) against the local server with ${LATENCY} ms latency`);
		console.log(`Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
		console.log(table(lines));
		console.log('\nrequests: every request the server saw during the run (token included); CPU: this process (n8n engine + node), the server runs apart.');
	} finally {
		server.stop();
	}
}

main().catch((error) => {
	console.error(`bench:money failed: ${error.message}`);
	process.exitCode = 1;
});
