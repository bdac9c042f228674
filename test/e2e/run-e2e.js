#!/usr/bin/env node
'use strict';
/**
 * End-to-end test in real n8n: the packed package, installed the way n8n installs
 * community packages, run by the n8n CLI and by a running `n8n start`, against the
 * local Dollr server.
 *
 *   node test/e2e/run-e2e.js [v1] [v2] [--no-build] [--no-start] [--keep]
 *
 *   v1, v2      the n8n lines to run (default: both); see install-n8n.sh
 *   --no-build  pack what dist/ holds now (no `npm run build` first)
 *   --no-start  skip the checks through `n8n start` (REST) and the Dollr Trigger's
 *   --keep      keep the n8n user folders (their paths are printed)
 *
 * Env: N8N_E2E_CACHE (the install cache), N8N_E2E_LINES=v1,v2 (same as the args),
 * N8N_E2E_WORKFLOW (another workflow file than test/workflows/create-checkout.json).
 * Each line is installed first by install-n8n.sh (seconds when the cache is warm).
 * Written with node:test so its report is the usual one; plain CommonJS, no deps
 * beyond the repo's own (the local Dollr server).
 */
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startDollrServer } = require('../server/dollr-server');
const { runTriggerScenario } = require('./trigger-e2e');
const {
	ROOT,
	NODE_TYPE,
	TOOL_TYPE,
	TRIGGER_TYPE,
	timings,
	timed,
	formatTimings,
	installLines,
	packPackage,
	installCommunityPackage,
	runN8n,
	mustRun,
	importCredentials,
	importWorkflows,
	workflowFor,
	freePort,
	startN8n,
	restClient,
	setupOwner,
} = require('./n8n-line');
const { NAMES, httpRequestPredefinedCredentialWorkflow } = require('../bench/n8n-workflows');

const WORKFLOW_FILE = process.env.N8N_E2E_WORKFLOW ?? path.join(ROOT, 'test', 'workflows', 'create-checkout.json');
const CLIENT_ID = 'e2e-client';
const CLIENT_SECRET = 'e2e-secret-1234';
const GOOD_CRED = { id: 'dollrE2eGood001', name: 'Dollr e2e' };
const BAD_CRED = { id: 'dollrE2eBad0001', name: 'Dollr e2e wrong secret' };
const WORKFLOW_ID = 'dollrE2eFlow001';
const BAD_WORKFLOW_ID = 'dollrE2eFlow002';
const HTTP_WORKFLOW_ID = 'dollrE2eFlow003';
const OWNER = { email: 'owner@example.com', firstName: 'E2e', lastName: 'Owner', password: 'E2e-Passw0rd!' };

const argv = process.argv.slice(2);
const flags = new Set(argv.filter((a) => a.startsWith('--')));
let wantedLines = argv.filter((a) => !a.startsWith('--'));
if (wantedLines.length === 0 && process.env.N8N_E2E_LINES) wantedLines = process.env.N8N_E2E_LINES.split(',');
if (wantedLines.length === 0) wantedLines = ['v1', 'v2'];

function log(...parts) {
	process.stderr.write(`[e2e] ${parts.join(' ')}\n`);
}

/** `execute --rawOutput` prints the run as JSON (after any log lines): take the last top-level object. */
function parseRun(stdout) {
	const start = stdout.search(/^\{/m);
	if (start === -1) throw new Error(`no JSON in the output of n8n execute:\n${stdout.slice(-4000)}`);
	return JSON.parse(stdout.slice(start, stdout.lastIndexOf('}') + 1));
}

function dollrNodeNames(workflow) {
	return workflow.nodes.filter((node) => node.type === NODE_TYPE).map((node) => node.name);
}

/** The requests the server saw since index `from`, reduced to what the checks read. */
function seen(server, from) {
	return server.requests.slice(from).map((r) => ({
		route: `${r.method} ${r.path}`,
		status: r.status,
		body: r.body,
		bearer: /^Bearer (.+)$/.exec(r.headers.authorization ?? '')?.[1],
	}));
}

/** The token requests among them. */
function tokensIssued(server, from) {
	return seen(server, from).filter((r) => r.route === 'POST /v1/jwt/client/obtain/token');
}

// Installed and packed before any test is declared: a failed install step stops the
// run here with one line saying what failed, instead of a report of cancelled checks.
let tarball;
let lines = [];
try {
	lines = timed('install-n8n.sh (lines)', () => installLines(wantedLines));
	tarball = timed('build + npm pack', () => packPackage({ build: !flags.has('--no-build') }));
	log(`packed ${tarball}`);
} catch (error) {
	log(`setup failed, no check was run: ${error.message.split('\n')[0]}`);
	process.exit(1);
}

// The Dollr Trigger in an active workflow needs two to three poll intervals (a minute
// each) per line: every line's scenario starts now and runs beside the other checks.
const triggerRuns = new Map();
if (!flags.has('--no-start')) {
	for (const line of lines) {
		const started = Date.now();
		const run = runTriggerScenario({ line, tarball, keep: flags.has('--keep'), log }).then(
			(result) => ({ result, ms: Date.now() - started }),
			(error) => ({ error, ms: Date.now() - started }),
		);
		triggerRuns.set(line.name, run);
	}
}

after(async () => {
	// n8n and the servers of the trigger scenarios are stopped by the time these settle.
	for (const [name, run] of triggerRuns) {
		const { ms } = await run;
		timings.push({ label: `${name} Dollr Trigger scenario (beside the other checks)`, ms });
	}
	log(`timings:\n${formatTimings()}`);
	if (tarball) fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
});

for (const lineName of wantedLines) {
	describe(`n8n line ${lineName}`, () => {
		let line;
		let userFolder;
		let server;
		let workflow;
		let badWorkflow;

		before(async () => {
			line = lines.find((l) => l.name === lineName);
			assert.ok(line, `unknown line ${lineName}`);
			// n8n 2.x starts a task-runner broker (default port 5679) in every CLI command:
			// a free port, so that a running n8n (npm run dev) does not make them fail.
			line.extraEnv = { N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
			userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `dollr-e2e-${lineName}-`));
			log(`${lineName}: n8n ${line.n8nVersion}, node ${line.node}, N8N_USER_FOLDER=${userFolder}`);
			timed(`${lineName} install package into .n8n/nodes`, () => installCommunityPackage(path.join(userFolder, '.n8n'), tarball));
			server = await startDollrServer({ clients: { [CLIENT_ID]: CLIENT_SECRET } });

			const data = { baseUrl: server.url, clientId: CLIENT_ID };
			// The first command on a new user folder runs n8n's migrations: minutes on a busy machine.
			await importCredentials(line, userFolder, [
				{ ...GOOD_CRED, type: 'dollrApi', data: { ...data, clientSecret: CLIENT_SECRET } },
				{ ...BAD_CRED, type: 'dollrApi', data: { ...data, clientSecret: 'not-the-secret' } },
			], { timeoutMs: 900_000 });
			workflow = workflowFor(WORKFLOW_FILE, { id: WORKFLOW_ID, name: 'Dollr e2e: create checkout', credential: GOOD_CRED });
			badWorkflow = workflowFor(WORKFLOW_FILE, { id: BAD_WORKFLOW_ID, name: 'Dollr e2e: wrong secret', credential: BAD_CRED });
			// n8n's own HTTP Request node with Authentication "Predefined Credential Type" = Dollr API.
			const httpWorkflow = httpRequestPredefinedCredentialWorkflow({
				id: HTTP_WORKFLOW_ID,
				name: 'Dollr e2e: HTTP Request node with the Dollr credential',
				baseUrl: server.url,
				credential: GOOD_CRED,
			});
			await importWorkflows(line, userFolder, [workflow, badWorkflow, httpWorkflow], { timeoutMs: 900_000 });
		});

		after(async () => {
			await server?.close();
			if (userFolder && !flags.has('--keep')) fs.rmSync(userFolder, { recursive: true, force: true });
			else if (userFolder) log(`${lineName}: kept ${userFolder}`);
		});

		test('n8n --version is the line installed', async () => {
			const r = await mustRun(line, userFolder, ['--version']);
			assert.equal(r.stdout.trim().split('\n').pop(), line.n8nVersion);
		});

		/** Runs the example workflow and checks the checkout and the server's view. */
		async function executeAndCheck(label) {
			const from = server.requests.length;
			const r = await runN8n(line, userFolder, ['execute', `--id=${WORKFLOW_ID}`, '--rawOutput'], `execute (${label})`);
			log(`${lineName}: execute (${label}) exit ${r.code} in ${r.ms} ms`);
			assert.equal(r.code, 0, `n8n execute exited ${r.code}\n--- stdout\n${r.stdout.slice(-4000)}\n--- stderr\n${r.stderr.slice(-4000)}`);
			const run = parseRun(r.stdout);
			assert.equal(run.status, 'success');
			const names = dollrNodeNames(workflow);
			const outputs = names.flatMap((name) => run.data.resultData.runData[name]?.[0]?.data?.main?.[0] ?? []);
			assert.ok(outputs.length > 0, `no output from the Dollr node(s) ${names.join(', ')}`);
			for (const item of outputs) {
				assert.match(String(item.json.url), /^http:\/\/127\.0\.0\.1:\d+\/checkout\//, `checkout url in ${JSON.stringify(item.json)}`);
				assert.ok(item.json.source_id !== undefined && item.json.source_number, `source id/number in ${JSON.stringify(item.json)}`);
				assert.equal(typeof item.json.total_amount, 'number');
			}
			const requests = seen(server, from);
			const creates = requests.filter((x) => x.route === 'POST /v1/checkouts/create');
			const created = server.checkouts.slice(-outputs.length).map((c) => c.response.url);
			assert.deepEqual(outputs.map((item) => item.json.url).sort(), created.sort(), 'the node output is what the server created');
			return { requests, creates, outputs, ms: r.ms };
		}

		test('execute: token exchange with the Client ID/secret, then the create with that bearer', async () => {
			const { requests, creates, outputs } = await executeAndCheck('first');
			const tokenRequests = requests.filter((x) => x.route === 'POST /v1/jwt/client/obtain/token');
			assert.ok(tokenRequests.length >= 1, `no token request in ${JSON.stringify(requests.map((x) => x.route))}`);
			assert.deepEqual(tokenRequests[0].body, { client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
			assert.equal(tokenRequests[0].status, 200);
			const firstToken = requests.indexOf(tokenRequests[0]);
			const firstCreate = requests.indexOf(creates[0]);
			assert.ok(firstToken < firstCreate, 'the token request comes before the create');
			const okCreates = creates.filter((x) => x.status === 200);
			assert.equal(okCreates.length, outputs.length, 'one accepted create per output item');
			for (const create of okCreates) assert.ok(create.bearer, 'the create carries a bearer');
			// The bearer is a token this server issued to this client (its payload names the client).
			const payload = JSON.parse(Buffer.from(okCreates[0].bearer.split('.')[1], 'base64url').toString());
			assert.equal(payload.sub, CLIENT_ID);
		});

		test('execute after the token expired: n8n renews it and succeeds', async () => {
			server.expireTokens();
			const { requests } = await executeAndCheck('after expiry');
			const routes = requests.map((x) => `${x.route} ${x.status}`);
			log(`${lineName}: after expiry the server saw: ${routes.join(' | ')}`);
			// n8n kept the token of the first run with the credential: the create is
			// refused (401), n8n calls preAuthentication for a new token, and retries.
			const firstToken = requests.findIndex((x) => x.route === 'POST /v1/jwt/client/obtain/token');
			assert.ok(firstToken >= 0, `a new token was requested: ${routes.join(' | ')}`);
			assert.equal(requests[firstToken].status, 200);
			assert.deepEqual(requests[firstToken].body, { client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
			const before = requests.slice(0, firstToken);
			assert.ok(
				before.length > 0 && before.every((x) => x.route === 'POST /v1/checkouts/create' && x.status === 401),
				`the stored, expired token was tried first and refused: ${routes.join(' | ')}`,
			);
			const after = requests.slice(firstToken + 1);
			assert.ok(after.length > 0 && after.every((x) => x.route === 'POST /v1/checkouts/create' && x.status === 200 && x.bearer), routes.join(' | '));
			assert.equal(new Set(after.map((x) => x.bearer)).size, 1, 'every create after the renewal uses the new bearer');
			assert.ok(!before.some((x) => x.bearer === after[0].bearer), 'the new bearer is not the expired one');
		});

		test("execute: Dollr's 422 is shown with the user's field names, not n8n's generic text", async () => {
			// Guards the error reading on both lines: n8n 1.x keeps no `cause` on the helper's error.
			server.injectFaults('/v1/checkouts/create', [
				{ status: 422, body: { detail: [{ loc: ['body', 'items', 0, 'amount'], msg: 'Amount exceeds the merchant limit', type: 'value_error' }] } },
			]);
			const r = await runN8n(line, userFolder, ['execute', `--id=${WORKFLOW_ID}`, '--rawOutput'], 'execute (422)');
			assert.notEqual(r.code, 0, 'n8n execute must fail');
			const { message } = executionError(r.stdout);
			log(`${lineName}: 422 → message "${message}"`);
			assert.equal(message, 'Dollr rejected the request: Items › 1 › Amount: Amount exceeds the merchant limit [item 0]');
		});

		test('execute with a wrong secret fails with a clear message', async () => {
			const from = server.requests.length;
			const r = await runN8n(line, userFolder, ['execute', `--id=${BAD_WORKFLOW_ID}`, '--rawOutput'], 'execute (wrong secret)');
			log(`${lineName}: execute (wrong secret) exit ${r.code} in ${r.ms} ms`);
			assert.notEqual(r.code, 0, 'n8n execute must fail');
			const requests = seen(server, from);
			log(`${lineName}: wrong secret, the server saw: ${requests.map((x) => `${x.route} ${x.status}`).join(' | ')}`);
			assert.ok(requests.some((x) => x.route === 'POST /v1/jwt/client/obtain/token' && x.status === 401), 'the token request was refused');
			assert.ok(!requests.some((x) => x.route === 'POST /v1/checkouts/create' && x.status === 200), 'no checkout was created');
			const { message, description } = executionError(r.stdout);
			log(`${lineName}: wrong secret → message "${message}", description "${description}"`);
			// The node's own message (from the credential's token error), not n8n's generic 401 text.
			assert.match(message, /^Dollr refused the Client ID or Client Secret \(HTTP 401/, `no clear message in:\n${(r.stdout + r.stderr).slice(-3000)}`);
			assert.match(String(description), /merchant portal/, 'the description says where to get the ID and secret');
		});

		test("n8n's HTTP Request node with the Dollr credential sends its bearer, and renews it after expiry", async () => {
			const execute = async (label) => {
				const from = server.requests.length;
				const r = await runN8n(line, userFolder, ['execute', `--id=${HTTP_WORKFLOW_ID}`, '--rawOutput'], `execute (HTTP Request, ${label})`);
				assert.equal(r.code, 0, `n8n execute exited ${r.code}\n--- stdout\n${r.stdout.slice(-4000)}\n--- stderr\n${r.stderr.slice(-4000)}`);
				const [item] = parseRun(r.stdout).data.resultData.runData[NAMES.create][0].data.main[0];
				assert.equal(item.json.reference_id, 'http-request-node');
				assert.equal(item.json.url, server.checkouts.at(-1).response.url, 'the output is the checkout the server made');
				const requests = seen(server, from);
				log(`${lineName}: HTTP Request node (${label}), the server saw: ${requests.map((x) => `${x.route} ${x.status}`).join(' | ')}`);
				return requests;
			};
			const bearerOf = (request) => JSON.parse(Buffer.from(request.bearer.split('.')[1], 'base64url').toString());

			// The credential holds the token of the Dollr node's runs above (or gets one now).
			const first = await execute('stored token');
			const created = first.filter((x) => x.route === 'POST /v1/checkouts/create');
			assert.deepEqual(created.map((x) => x.status), [200]);
			assert.equal(bearerOf(created[0]).sub, CLIENT_ID, 'the bearer is a token this server issued to the client');

			server.expireTokens();
			const renewed = await execute('after expiry');
			assert.deepEqual(
				renewed.map((x) => `${x.route} ${x.status}`),
				['POST /v1/checkouts/create 401', 'POST /v1/jwt/client/obtain/token 200', 'POST /v1/checkouts/create 200'],
			);
			assert.equal(renewed[0].bearer, created[0].bearer, 'the expired token was tried first');
			assert.notEqual(renewed[2].bearer, renewed[0].bearer, 'the retry carries the renewed token');
			assert.equal(bearerOf(renewed[2]).sub, CLIENT_ID);
		});

		if (!flags.has('--no-start')) {
			describe('through n8n start (REST)', () => {
				let n8n;
				let client;

				before(async () => {
					n8n = await startN8n(line, userFolder, { port: await freePort() });
					client = restClient(n8n.base);
				});

				after(async () => {
					await n8n?.stop();
				});

				const rest = (method, urlPath, body) => client.call(method, urlPath, body);

				test('owner setup', async () => {
					const r = await setupOwner(client, OWNER);
					assert.equal(r.status, 200);
					assert.match(client.cookie, /^n8n-auth=/);
				});

				test('/types/nodes.json lists the node, its AI-tool variant and the trigger', async () => {
					const r = await rest('GET', '/types/nodes.json');
					assert.equal(r.status, 200, r.text.slice(0, 500));
					const types = r.json.map((t) => t.name);
					assert.ok(types.includes(NODE_TYPE), `${NODE_TYPE} not in /types/nodes.json (${types.length} types)`);
					assert.ok(types.includes(TOOL_TYPE), `${TOOL_TYPE} not in /types/nodes.json`);
					assert.ok(types.includes(TRIGGER_TYPE), `${TRIGGER_TYPE} not in /types/nodes.json`);
					const r2 = await rest('GET', '/types/credentials.json');
					assert.equal(r2.status, 200);
					assert.ok(r2.json.some((c) => c.name === 'dollrApi'), 'dollrApi in /types/credentials.json');
				});

				test('POST /rest/credentials/test: OK for a good ID/secret, an error for a bad one', async () => {
					const data = { baseUrl: server.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };
					let from = server.requests.length;
					const good = await rest('POST', '/rest/credentials/test', {
						credentials: { ...GOOD_CRED, type: 'dollrApi', data },
					});
					assert.equal(good.status, 200, good.text.slice(0, 2000));
					assert.equal(good.json.data.status, 'OK', good.text);
					// n8n runs preAuthentication and then the credential's test request: both hit the token endpoint.
					const goodTokens = tokensIssued(server, from);
					log(`${lineName}: credential test (good) → token endpoint answers ${goodTokens.map((x) => x.status).join(', ')}`);
					assert.ok(goodTokens.length >= 1);
					for (const x of goodTokens) {
						assert.equal(x.status, 200);
						assert.deepEqual(x.body, { client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
					}

					from = server.requests.length;
					const bad = await rest('POST', '/rest/credentials/test', {
						credentials: { ...BAD_CRED, type: 'dollrApi', data: { ...data, clientSecret: 'not-the-secret' } },
					});
					assert.equal(bad.status, 200, bad.text.slice(0, 2000));
					assert.equal(bad.json.data.status, 'Error', bad.text);
					const badTokens = tokensIssued(server, from);
					log(`${lineName}: credential test (bad) → token endpoint answers ${badTokens.map((x) => x.status).join(', ')}; n8n says "${bad.json.data.message}"`);
					assert.ok(badTokens.length >= 1);
					for (const x of badTokens) {
						assert.equal(x.status, 401);
						assert.equal(x.body.client_secret, 'not-the-secret');
					}
					assert.ok(bad.json.data.message, 'the error has a message');
				});
			});

			test('Dollr Trigger, active workflow: an invoice paid after activation starts exactly one execution carrying it; one paid before starts none', async () => {
				const { result, error } = await triggerRuns.get(lineName);
				if (error) throw error;
				log(`${lineName}: trigger polls ${result.polls.map((p) => p.status).join(', ')}; executions ${JSON.stringify(result.executions)}`);
				assert.ok(result.polls.every((p) => p.query.status === 'PAID' && p.status === 200), JSON.stringify(result.polls));
				assert.ok(result.polls.length >= result.activationPolls + 3, 'a poll fired and two more followed');
				assert.deepEqual(result.receiptsAfter, [200], `one execution asked for the receipt of ${result.after.invoice_number}`);
				assert.equal(result.receiptsBefore, 0, `nothing ran for ${result.before.invoice_number}, paid before activation`);
				assert.equal(result.restStatus, 200);
				assert.equal(result.executions.length, 1, JSON.stringify(result.executions));
				assert.equal(result.executions[0].status, 'success');
				assert.equal(result.executions[0].mode, 'trigger');
			});
		}
	});
}

/**
 * The error of a failed `n8n execute`: it logs the run as JSON after
 * "Execution error:" and a line of "=", then the stack. Returns { message, description }.
 */
function executionError(stdout) {
	const start = stdout.search(/^\{/m);
	const end = stdout.search(/^\}/m);
	if (start !== -1 && end > start) {
		try {
			const run = JSON.parse(stdout.slice(start, end + 1));
			const error = run.data?.resultData?.error;
			if (error) return { message: String(error.message ?? ''), description: String(error.description ?? '') };
		} catch {
			// fall through to the text
		}
	}
	const message = /^\w*Error: (.+)$/m.exec(stdout)?.[1] ?? '';
	return { message, description: '' };
}
