'use strict';
/**
 * One benchmark contestant in its own process (forked by bench.js), so that its
 * CPU time and RSS are its own: the built Dollr node or the reference node
 * through n8n's engine, or raw axios POSTs, against the server it is given.
 * bench.js sends commands (setup, time, memory) over IPC; reports go back the same way.
 */
const http = require('node:http');
const path = require('node:path');
const axios = require('axios');

const { NodeTypes, runWorkflow, outputOf, errorOf } = require('../harness/n8n-engine');
const { dollrCredentials, singleNodeWorkflow, NODE_TYPE } = require('../harness/dollr');
const { invoiceItems, dollrParameters, referenceBodies, referenceNode, REFERENCE_TYPE } = require('./workload');

const DIST = path.join(__dirname, '..', '..', 'dist');
const { Dollr } = require(path.join(DIST, 'nodes/Dollr/Dollr.node.js'));
const { DollrApi } = require(path.join(DIST, 'credentials/DollrApi.credentials.js'));

/**
 * A runner is { prepare(invoices) → input, run(input) → { output } }; only `run` is timed.
 * Engine runs are Start → node, the invoices pinned on Start; the reference
 * node's bodies are built in `prepare`.
 */
function engineRunner({ url, kind, concurrency, expressions }) {
	const reference = referenceNode();
	const nodeTypes = new NodeTypes({ [NODE_TYPE]: new Dollr(), [REFERENCE_TYPE]: reference });
	const credentialsHelper = dollrCredentials(DollrApi, url);
	return {
		prepare(invoices) {
			if (kind === 'dollr') return singleNodeWorkflow(dollrParameters({ concurrency }, expressions), invoices);
			reference.bodies = referenceBodies(invoices);
			const workflow = singleNodeWorkflow({ concurrency }, invoices);
			workflow.nodes[1].type = REFERENCE_TYPE;
			return workflow;
		},
		async run(workflow) {
			const run = await runWorkflow({ workflow, nodeTypes, credentialsHelper });
			const error = errorOf(run, 'Dollr');
			if (error) throw new Error(`${kind} run failed: ${error.message}`);
			return { run, output: outputOf(run, 'Dollr') };
		},
	};
}

/** Sequential (or `concurrency` lanes of sequential) axios POSTs of the same bodies. */
function axiosRunner({ url, clientId, clientSecret, concurrency, keepAlive }) {
	const client = axios.create({ baseURL: url, httpAgent: new http.Agent({ keepAlive }) });
	let authorization;
	return {
		prepare: referenceBodies,
		async run(bodies) {
			if (authorization === undefined) {
				const token = await client.post('/v1/jwt/client/obtain/token', { client_id: clientId, client_secret: clientSecret });
				authorization = `Bearer ${token.data.access_token}`;
			}
			const output = new Array(bodies.length);
			let next = 0;
			const lane = async () => {
				while (next < bodies.length) {
					const index = next++;
					const response = await client.post('/v1/checkouts/create', bodies[index], { headers: { authorization } });
					output[index] = { json: response.data };
				}
			};
			await Promise.all(Array.from({ length: concurrency }, lane));
			return { output };
		},
	};
}

function gc() {
	if (!global.gc) throw new Error('memory runs need --expose-gc');
	global.gc();
	global.gc();
}

/**
 * Peak RSS while `fn` runs (sampled every 5 ms, and the kernel's max RSS if it
 * rose during the run), and the peak size of V8's heap, to tell heap from native.
 */
async function withPeaks(fn) {
	const maxRssBefore = process.resourceUsage().maxRSS * 1024;
	const peak = { rss: 0, heapTotal: 0 };
	const sample = () => {
		const { rss, heapTotal } = process.memoryUsage();
		peak.rss = Math.max(peak.rss, rss);
		peak.heapTotal = Math.max(peak.heapTotal, heapTotal);
	};
	sample();
	const timer = setInterval(sample, 5);
	try {
		const result = await fn();
		sample();
		const maxRssAfter = process.resourceUsage().maxRSS * 1024;
		if (maxRssAfter > maxRssBefore) peak.rss = Math.max(peak.rss, maxRssAfter);
		return { result, peak };
	} finally {
		clearInterval(timer);
	}
}

/** Wall and CPU time (this process, all threads) of one run of `input`. */
async function timeRun(runner, input) {
	const cpu = process.cpuUsage();
	const started = process.hrtime.bigint();
	const { output } = await runner.run(input);
	const wall = Number(process.hrtime.bigint() - started) / 1e6;
	const { user, system } = process.cpuUsage(cpu);
	return { wall, cpu: (user + system) / 1000, outputs: output.length };
}

/**
 * Memory: RSS after a full GC with the inputs built, the peak during one run,
 * then (the run's result still held, another full GC) the heap the result keeps,
 * i.e. what the output costs.
 */
async function memoryRun(runner, input) {
	gc();
	const baseline = process.memoryUsage();
	const { result, peak } = await withPeaks(() => runner.run(input));
	gc();
	const after = process.memoryUsage();
	return {
		outputs: result.output.length,
		baselineRss: baseline.rss,
		peakRss: peak.rss,
		baselineHeap: baseline.heapTotal,
		peakHeap: peak.heapTotal,
		retained: after.heapUsed + after.external - (baseline.heapUsed + baseline.external),
		outputJsonBytes: Buffer.byteLength(JSON.stringify(result.output)),
	};
}

let runner;
let input;

/** Commands from bench.js: setup (build the runner, warm up, prepare the input), time, memory. */
async function handle({ command, job }) {
	if (command === 'setup') {
		runner = job.kind === 'axios' ? axiosRunner(job) : engineRunner(job);
		// Warm-up: the token, the JIT, the engine's lazily loaded modules.
		await runner.run(runner.prepare(invoiceItems(job.warmup, !job.expressions)));
		input = runner.prepare(invoiceItems(job.items, !job.expressions));
		return {};
	}
	if (command === 'time') return await timeRun(runner, input);
	if (command === 'memory') return await memoryRun(runner, input);
	throw new Error(`Unknown command ${command}`);
}

process.on('message', (message) => {
	handle(message).then(
		(report) => process.send({ report }),
		(error) => process.send({ error: String(error?.stack ?? error) }),
	);
});
