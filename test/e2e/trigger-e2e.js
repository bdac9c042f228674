'use strict';
/**
 * The Dollr Trigger in a real, running n8n: the example workflow
 * test/workflows/paid-trigger.json (Dollr Trigger every minute → Get Receipt Link
 * → NoOp) imported, activated (1.x `update:workflow --active=true`, 2.x
 * `publish:workflow`), and `n8n start`ed against a Dollr server of its own.
 *
 * One invoice is PAID before activation, one is paid after the poll at
 * activation. Each execution asks Dollr for the receipt link of the invoice it
 * carries, so the server's log shows which invoices started an execution; n8n's
 * REST API counts the executions. Exactly once needs two more scheduled polls after
 * the one that fired (the second tells that the first's work is done), so a scenario
 * takes two to three poll intervals (120-180 s):
 * run-e2e.js starts it for every line at the beginning, beside the other checks.
 *
 * Resolves with what the checks read; n8n, the server and the folder are gone by then.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startDollrServer } = require('../server/dollr-server');
const n8nLine = require('./n8n-line');

const WORKFLOW_FILE = path.join(n8nLine.ROOT, 'test', 'workflows', 'paid-trigger.json');
const WORKFLOW_ID = 'dollrE2eTrigger1';
const CREDENTIAL = { id: 'dollrE2eTrigCred', name: 'Dollr e2e (trigger)' };
const CLIENT = { id: 'e2e-trigger-client', secret: 'e2e-trigger-secret' };
/**
 * How long a step may take: a poll comes every minute, but a loaded machine (CI, or
 * several n8n at once) can take minutes to start n8n. Only a failure waits this long.
 */
const WAIT_MS = 300_000;
const OWNER = { email: 'owner@example.com', firstName: 'E2e', lastName: 'Owner', password: 'E2e-Passw0rd!' };

async function waitFor(what, condition, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await n8nLine.sleep(250);
	}
}

async function runTriggerScenario({ line: baseLine, tarball, keep = false, log = () => {} }) {
	const name = baseLine.name;
	// Its own task-broker port: it runs beside the line's other n8n commands.
	const line = { ...baseLine, extraEnv: { N8N_RUNNERS_BROKER_PORT: String(await n8nLine.freePort()) } };
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `dollr-e2e-trigger-${name}-`));
	const server = await startDollrServer({ clients: { [CLIENT.id]: CLIENT.secret } });
	const t0 = Date.now();
	const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
	const lists = () => server.requests.filter((r) => r.path === '/v1/invoices/list');
	const receipts = (number) => server.requests.filter((r) => r.path === '/v1/links/receipt' && r.query.source_number === number);
	let n8n;
	try {
		server.seedDocuments('INVOICE', [
			{ status: 'PAID', currency: 'USD' },
			{ status: 'ACTIVE', currency: 'USD' },
		]);
		const [before, after] = server.documents('INVOICE').slice(-2);
		n8nLine.installCommunityPackage(path.join(userFolder, '.n8n'), tarball);
		await n8nLine.importCredentials(line, userFolder, [
			{ ...CREDENTIAL, type: 'dollrApi', data: { baseUrl: server.url, clientId: CLIENT.id, clientSecret: CLIENT.secret } },
		]);
		await n8nLine.importWorkflows(line, userFolder, [
			n8nLine.workflowFor(WORKFLOW_FILE, { id: WORKFLOW_ID, name: 'Dollr e2e: invoice paid', credential: CREDENTIAL }),
		]);
		const major = Number(String(line.n8nVersion).split('.')[0]);
		await n8nLine.mustRun(line, userFolder, major >= 2 ? ['publish:workflow', `--id=${WORKFLOW_ID}`] : ['update:workflow', `--id=${WORKFLOW_ID}`, '--active=true']);
		log(`${name} trigger: imported and activated in ${since()}`);

		n8n = await n8nLine.startN8n(line, userFolder, { port: await n8nLine.freePort(), timeoutMs: WAIT_MS });
		await waitFor('the poll at activation', () => lists().length >= 1, WAIT_MS);
		const activationPolls = lists().length;
		log(`${name} trigger: poll at activation after ${since()}; paying ${after.invoice_number}`);
		server.setSourceStatus('INVOICE', after.id, 'PAID');
		const paidAt = Date.now();
		await waitFor(`an execution for ${after.invoice_number}`, () => receipts(after.invoice_number).length >= 1, WAIT_MS);
		const firedAfterMs = Date.now() - paidAt;
		const pollsAtFire = lists().length;
		log(`${name} trigger: ${after.invoice_number} started an execution ${(firedAfterMs / 1000).toFixed(1)} s after it was paid`);
		// Exactly once: the next scheduled poll must start nothing more. Whatever it started is
		// in n8n's executions once the poll after it has come (a minute later, at any speed),
		// not after a wait sized for this machine.
		await waitFor('the next scheduled poll', () => lists().length > pollsAtFire, WAIT_MS);
		await waitFor('the scheduled poll after that', () => lists().length > pollsAtFire + 1, WAIT_MS);

		const client = n8nLine.restClient(n8n.base);
		await n8nLine.setupOwner(client, OWNER);
		const filter = encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID }));
		const listed = await client.call('GET', `/rest/executions?filter=${filter}`);
		const results = listed.json?.data?.results ?? listed.json?.data ?? [];
		log(`${name} trigger: done after ${since()}, ${lists().length} polls, ${results.length} execution(s)`);
		return {
			before,
			after,
			activationPolls,
			polls: lists().map((r) => ({ query: r.query, status: r.status })),
			receiptsAfter: receipts(after.invoice_number).map((r) => r.status),
			receiptsBefore: receipts(before.invoice_number).length,
			executions: results.map((e) => ({ id: e.id, status: e.status, mode: e.mode })),
			restStatus: listed.status,
			firedAfterMs,
			totalMs: Date.now() - t0,
		};
	} finally {
		await n8n?.stop();
		await server.close();
		if (!keep) fs.rmSync(userFolder, { recursive: true, force: true });
		else log(`${name} trigger: kept ${userFolder}`);
	}
}

module.exports = { runTriggerScenario, WORKFLOW_ID };
