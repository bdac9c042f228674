#!/usr/bin/env node
'use strict';
/**
 * `npm run bench:trigger`: what one poll of the built Dollr Trigger (dist/) costs,
 * and how big its saved state gets, at 1 000, 10 000 and 100 000 documents in
 * the list, half of them PAID.
 *
 * The trigger runs through n8n-core's poll path (test/harness/poll.js) in this
 * process; the local Dollr server runs in a child (trigger-server.js), so the CPU
 * time measured here (process.cpuUsage: every thread of this process, which
 * other load on the machine hardly changes) is n8n's side alone: the request
 * through n8n's helper, the JSON parse, and the node. "Node's part" is the
 * trigger's own work on the parsed list (compareList: IDs, comparison, encoding).
 * Medians of --repeats runs.
 *
 * Budget (issue 14): static data ≤ 64 KB and one poll ≤ 1 s of CPU at 100 000
 * documents, 50 000 of them paid.
 *
 * Options: --sizes 1000,10000,100000  --repeats 5
 */
const { fork } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const axios = require('axios');

const { NodeTypes } = require('../harness/n8n-engine');
const { dollrCredentials, triggerWorkflow, TRIGGER_TYPE } = require('../harness/dollr');
const { createPoller } = require('../harness/poll');
const { DEFAULT_CLIENTS } = require('../server/dollr-server');
const { seededRandom } = require('./trigger-server');

const DIST = path.join(__dirname, '..', '..', 'dist');
const { DollrTrigger } = require(path.join(DIST, 'nodes/DollrTrigger/DollrTrigger.node.js'));
const { DollrApi } = require(path.join(DIST, 'credentials/DollrApi.credentials.js'));
const { compareList } = require(path.join(DIST, 'nodes/DollrTrigger/watch.js'));
const { IdRuns } = require(path.join(DIST, 'nodes/DollrTrigger/seen-ids.js'));

const BUDGET = { staticDataBytes: 64 * 1024, cpuMs: 1000 };

function option(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? fallback : process.argv[index + 1];
}
const SIZES = String(option('sizes', '1000,10000,100000')).split(',').map(Number);
const REPEATS = Number(option('repeats', 5));

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** CPU milliseconds (user + system, all threads of this process) and wall ms of `fn`. */
async function measure(fn) {
	const cpu0 = process.cpuUsage();
	const wall0 = process.hrtime.bigint();
	const result = await fn();
	const { user, system } = process.cpuUsage(cpu0);
	return { cpu: (user + system) / 1000, wall: Number(process.hrtime.bigint() - wall0) / 1e6, result };
}

/** The server child; `ask(command)` resolves with its answer. */
async function startServer() {
	const child = fork(path.join(__dirname, 'trigger-server.js'), [], { stdio: 'inherit' });
	let pending;
	child.on('message', (message) => pending?.(message));
	const next = () => new Promise((resolve) => (pending = resolve));
	const { url } = await next();
	return {
		url,
		ask: (command) => {
			const answer = next();
			child.send(command);
			return answer;
		},
		stop: () => child.disconnect(),
	};
}

const bytes = (value) => Buffer.byteLength(JSON.stringify(value));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n) => `${n.toFixed(1)} ms`;

async function runSize(size, types) {
	const server = await startServer();
	try {
		let seeded;
		for (const type of types) seeded = await server.ask({ seed: { type, count: size, paidShare: 0.5 } });
		const nodeTypes = new NodeTypes({ [TRIGGER_TYPE]: new DollrTrigger() });
		const credentialsHelper = dollrCredentials(DollrApi, server.url);
		const poller = createPoller({
			workflow: triggerWorkflow({ sourceTypes: types, status: 'PAID' }),
			nodeName: 'Dollr Trigger',
			nodeTypes,
			credentialsHelper,
		});
		const activation = await measure(() => poller.activate());
		if (activation.result.length !== 0) throw new Error('the activation poll emitted items');
		const steady = [];
		for (let i = 0; i < REPEATS + 1; i++) {
			const run = await measure(() => poller.tick());
			if (run.result.error) throw run.result.error;
			if (run.result.items.length !== 0) throw new Error('a poll without changes emitted items');
			if (i > 0) steady.push(run); // the first is a warm-up
		}
		// Ten more paid per type: the poll that emits them.
		for (const type of types) await server.ask({ pay: { type, count: 10 } });
		const firing = await measure(() => poller.tick());
		if (firing.result.items.length !== 10 * types.length) throw new Error(`expected ${10 * types.length} items, got ${firing.result.items.length}`);

		// The node's own part, on the list as the poll parsed it.
		const [clientId, clientSecret] = Object.entries(DEFAULT_CLIENTS)[0];
		const { data: token } = await axios.post(`${server.url}/v1/jwt/client/obtain/token`, { client_id: clientId, client_secret: clientSecret });
		const { data: list, headers } = await axios.get(`${server.url}/v1/invoices/list`, {
			params: { status: 'PAID' },
			headers: { authorization: `Bearer ${token.access_token}` },
		});
		const stored = poller.saved['node:Dollr Trigger'].INVOICE;
		const watch = { type: 'INVOICE', status: 'PAID', currency: '' };
		const own = [];
		for (let i = 0; i < REPEATS + 1; i++) {
			const run = await measure(() => compareList(watch, stored, list, false));
			if (i > 0) own.push(run.cpu);
		}
		const baselineOwn = median(await Promise.all(Array.from({ length: REPEATS }, async () => (await measure(() => compareList(watch, undefined, list, false))).cpu)));
		return {
			size,
			types: types.join('+'),
			paid: list.length,
			answerBytes: Number(headers['content-length']) || bytes(list),
			staticData: bytes(poller.saved),
			activationCpu: activation.cpu,
			steadyCpu: median(steady.map((r) => r.cpu)),
			steadyWall: median(steady.map((r) => r.wall)),
			firingCpu: firing.cpu,
			ownCpu: median(own),
			baselineOwnCpu: baselineOwn,
			seeded,
		};
	} finally {
		server.stop();
	}
}

/** State size alone (no server): 50 000 paid IDs laid out in other ways Dollr could number them. */
function layouts() {
	const random = seededRandom(9);
	const pick = (count, spread) => {
		const ids = new Set();
		while (ids.size < count) ids.add(1 + Math.floor(random() * spread));
		return [...ids].sort((a, b) => a - b);
	};
	const mostlyPaid = Array.from({ length: 100_000 }, (_, i) => i + 1).filter(() => random() < 0.95).slice(0, 50_000);
	return [
		['50 000 paid: IDs 1..50 000, all paid', Array.from({ length: 50_000 }, (_, i) => i + 1)],
		['50 000 paid: 95 % of a run of IDs paid', mostlyPaid],
		['50 000 paid out of 100 000 IDs, at random', pick(50_000, 100_000)],
		['50 000 paid, IDs spread over 1 000 000 (one sequence shared by 10 merchants)', pick(50_000, 1_000_000)],
		['50 000 paid, IDs spread over 10 000 000', pick(50_000, 10_000_000)],
	].map(([label, ids]) => [label, Buffer.byteLength(IdRuns.fromSorted(ids).encode())]);
}

async function main() {
	const load = os.loadavg().map((n) => n.toFixed(1)).join(' ');
	console.log(`Dollr Trigger benchmark: Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model}, load ${load}, ${REPEATS} repeats\n`);
	const rows = [];
	for (const size of SIZES) rows.push(await runSize(size, ['INVOICE']));
	rows.push(await runSize(SIZES[SIZES.length - 1], ['INVOICE', 'ORDER']));

	const header = ['documents per type', 'types', 'PAID listed', 'answer', 'static data', 'activation poll CPU', 'poll CPU (no change)', 'wall', 'poll CPU (10 paid/type)', "node's part", "node's part (baseline)"];
	const table = rows.map((r) => [
		r.size.toLocaleString('en'),
		r.types,
		r.paid.toLocaleString('en'),
		kb(r.answerBytes),
		kb(r.staticData),
		ms(r.activationCpu),
		ms(r.steadyCpu),
		ms(r.steadyWall),
		ms(r.firingCpu),
		ms(r.ownCpu),
		ms(r.baselineOwnCpu),
	]);
	console.log(`| ${header.join(' | ')} |\n| ${header.map(() => '---').join(' | ')} |`);
	for (const row of table) console.log(`| ${row.join(' | ')} |`);

	console.log('\nSaved state for other ID layouts (IdRuns text, bytes):\n');
	for (const [label, size] of layouts()) console.log(`  ${kb(size).padStart(9)}  ${label}`);

	const worst = rows[rows.length - 1];
	const worstCpu = Math.max(...rows.map((r) => Math.max(r.steadyCpu, r.firingCpu, r.activationCpu)));
	const worstBytes = Math.max(...rows.map((r) => r.staticData));
	console.log(
		`\nBudget: static data ${kb(worstBytes)} (≤ ${kb(BUDGET.staticDataBytes)}: ${worstBytes <= BUDGET.staticDataBytes ? 'met' : 'MISSED'}), ` +
			`CPU per poll ${ms(worstCpu)} at most (≤ ${BUDGET.cpuMs} ms: ${worstCpu <= BUDGET.cpuMs ? 'met' : 'MISSED'}); ` +
			`the largest run listed ${worst.paid.toLocaleString('en')} paid documents per type.`,
	);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
