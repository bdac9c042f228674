#!/usr/bin/env node
'use strict';
/**
 * The example workflow test/workflows/bill-customer.json in real n8n (its own
 * Code, Loop Over Items, If and Edit Fields nodes, which the jest harness only
 * stands in for), run by `n8n execute` against the local Dollr server seeded
 * with seedExampleData: Amara Kamara is found by name, Jean Mugisha is created
 * (party + counterparty), each gets a published invoice and a payment link.
 * Then the same workflow runs again over the same rows: its creates are set to
 * If Already in Dollr = Reuse It, so Dollr still holds one invoice per row and the
 * second run hands on the same invoices and links.
 *
 *   node test/e2e/bill-customer.js [v1] [v2] [--no-build]
 *
 * Uses the install cache and plumbing of n8n-line.js (see run-e2e.js), which also
 * runs this check (`billCustomerTwice`) in `npm run test:e2e`.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startDollrServer, seedExampleData } = require('../server/dollr-server');
const { ROOT, installLines, packPackage, installCommunityPackage, runN8n, importCredentials, importWorkflows, workflowFor, freePort } = require('./n8n-line');

const BILL_WORKFLOW_FILE = path.join(ROOT, 'test', 'workflows', 'bill-customer.json');
const CREDENTIAL = { id: 'dollrBillCred001', name: 'Dollr (local server)' };
const BILL_WORKFLOW_ID = 'dollrBillFlow001';
const BILL_CLIENT = { clientId: 'bill-client', clientSecret: 'bill-secret' };

function log(text) {
	process.stderr.write(`[bill-customer] ${text}\n`);
}

/** The workflow as `n8n import:workflow` takes it, with `credential`. */
function billWorkflow(credential, id = BILL_WORKFLOW_ID) {
	return workflowFor(BILL_WORKFLOW_FILE, { id, credential });
}

/** The credential for a Dollr server started with BILL_CLIENT. */
function billCredential(server, credential = CREDENTIAL) {
	return { ...credential, type: 'dollrApi', data: { baseUrl: server.url, ...BILL_CLIENT } };
}

async function execute(line, userFolder, workflowId, label) {
	const r = await runN8n(line, userFolder, ['execute', `--id=${workflowId}`, '--rawOutput'], `execute bill-customer (${label})`);
	assert.equal(r.code, 0, `n8n execute (${label}) exited ${r.code}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
	const run = JSON.parse(r.stdout.slice(r.stdout.search(/^\{/m), r.stdout.lastIndexOf('}') + 1));
	assert.equal(run.status, 'success', JSON.stringify(run.data.resultData.error));
	return { run, ms: r.ms };
}

/** What the workflow hands on: one payment link per customer. */
const linksOf = (run) =>
	run.data.resultData.runData['Payment links to send'][0].data.main[0].map(({ json }) => [json.customer, json.invoice_number, json.total_amount, json.currency, json.url]);

/**
 * Seeds the server (a fresh one, started with BILL_CLIENT), runs the imported
 * workflow twice and checks: the first run bills both rows, the second creates
 * nothing and hands on the same invoices and links. Resolves the run times.
 */
async function billCustomerTwice({ line, userFolder, server, workflowId = BILL_WORKFLOW_ID }) {
	seedExampleData(server);
	const before = { parties: server.parties().length, counterparties: server.counterparties().length, invoices: server.documents('INVOICE').length };
	const first = await execute(line, userFolder, workflowId, 'first run');

	const links = linksOf(first.run);
	const invoices = server.documents('INVOICE').slice(before.invoices);
	assert.deepEqual(
		links.map(([customer, number, total, currency]) => [customer, number, total, currency]),
		[
			['Amara Kamara', invoices[0].invoice_number, 340, 'USD'],
			['Jean Mugisha', invoices[1].invoice_number, 10000, 'RWF'],
		],
	);
	for (const link of links) assert.match(link[4], /^http:\/\/127\.0\.0\.1:\d+\/checkout\//);
	assert.deepEqual(invoices.map((invoice) => invoice.status), ['ACTIVE', 'ACTIVE']);
	assert.deepEqual(server.documentDetail('INVOICE', invoices[0].id).invoice_items.map((item) => [item.name, item.qty, item.amount]), [
		['Consulting (hours)', 4, 75],
		['Travel', 1, 40],
	]);
	// Amara's counterparty (seeded) was found by name; only Jean was created.
	const amara = server.counterparties().find((c) => server.parties()[c.party_id - 1]?.fullname === 'Amara Kamara');
	assert.equal(invoices[0].counterparty_id, amara.id);
	assert.deepEqual(server.parties().slice(before.parties).map((party) => [party.fullname, party.phone, party.country_code]), [['Jean Mugisha', '250788123456', 'RW']]);
	assert.equal(server.counterparties().find((c) => c.id === invoices[1].counterparty_id).party_id, server.parties().length);
	assert.deepEqual(server.requests.filter((request) => request.status >= 400), [], 'no call was refused');

	// The same rows again: Reuse It finds each row's invoice by its Reference ID.
	const from = server.requests.length;
	const second = await execute(line, userFolder, workflowId, 'second run, same rows');
	const again = server.requests.slice(from).filter((q) => !q.path.startsWith('/v1/jwt/'));
	assert.deepEqual(linksOf(second.run), links, 'the second run hands on the same invoices and links');
	assert.equal(server.documents('INVOICE').length, before.invoices + 2, 'one invoice per row on the server');
	assert.deepEqual(invoices.map((invoice) => invoice.reference_id), ['crm-1042', 'crm-1043']);
	assert.equal(server.parties().length, before.parties + 1);
	assert.equal(server.counterparties().length, before.counterparties + 1);
	assert.deepEqual(again.filter((q) => q.method !== 'GET').map((q) => `${q.method} ${q.path}`), [], 'the second run writes nothing');
	const reused = second.run.data.resultData.runData['Create Invoice'].map((node) => node.data.main[0][0].json.reused);
	assert.deepEqual(reused, [true, true]);
	assert.deepEqual(again.filter((q) => q.status >= 400), [], 'no call was refused');
	return { firstMs: first.ms, secondMs: second.ms, calls: again.length };
}

/** Standalone: one line's run in its own user folder, with its own server. */
async function runLine(line, tarball) {
	line.extraEnv = { N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `dollr-bill-${line.name}-`));
	const server = await startDollrServer({ clients: { [BILL_CLIENT.clientId]: BILL_CLIENT.clientSecret } });
	try {
		installCommunityPackage(path.join(userFolder, '.n8n'), tarball);
		await importCredentials(line, userFolder, [billCredential(server)]);
		await importWorkflows(line, userFolder, [billWorkflow(CREDENTIAL)]);
		const { firstMs, secondMs, calls } = await billCustomerTwice({ line, userFolder, server });
		log(`${line.name} (n8n ${line.n8nVersion}): ok, first run ${firstMs} ms, second run ${secondMs} ms with ${calls} API calls, no write`);
	} finally {
		await server.close();
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

async function main() {
	const argv = process.argv.slice(2);
	const names = argv.filter((a) => !a.startsWith('--'));
	const lines = installLines(names.length ? names : ['v1', 'v2']);
	const tarball = packPackage({ build: !argv.includes('--no-build') });
	try {
		for (const line of lines) await runLine(line, tarball);
	} finally {
		fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
	}
}

if (require.main === module) {
	main().catch((error) => {
		log(`FAILED: ${error.stack ?? error}`);
		process.exit(1);
	});
}

module.exports = { billCustomerTwice, billWorkflow, billCredential, BILL_CLIENT, BILL_WORKFLOW_ID };
