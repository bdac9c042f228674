#!/usr/bin/env node
'use strict';
/**
 * The example workflow test/workflows/bill-customer.json in real n8n (its own
 * Code, Loop Over Items, If and Edit Fields nodes, which the jest harness only
 * stands in for), run by `n8n execute` against the local Dollr server seeded
 * with seedExampleData: Amara Kamara is found by name, Jean Mugisha is created
 * (party + counterparty), each gets a published invoice and a payment link.
 *
 *   node test/e2e/bill-customer.js [v1] [v2] [--no-build]
 *
 * Uses the install cache and plumbing of n8n-line.js (see run-e2e.js).
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startDollrServer, seedExampleData } = require('../server/dollr-server');
const { ROOT, installLines, packPackage, installCommunityPackage, runN8n, importCredentials, importWorkflows, workflowFor, freePort } = require('./n8n-line');

const WORKFLOW_FILE = path.join(ROOT, 'test', 'workflows', 'bill-customer.json');
const CREDENTIAL = { id: 'dollrBillCred001', name: 'Dollr (local server)' };
const WORKFLOW_ID = 'dollrBillFlow001';

function log(text) {
	process.stderr.write(`[bill-customer] ${text}\n`);
}

/** One line's run: install the package, import, execute, check what Dollr holds afterwards. */
async function runLine(line, tarball) {
	line.extraEnv = { N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `dollr-bill-${line.name}-`));
	const server = await startDollrServer({ clients: { 'bill-client': 'bill-secret' } });
	try {
		installCommunityPackage(path.join(userFolder, '.n8n'), tarball);
		seedExampleData(server);
		const before = { parties: server.parties().length, invoices: server.documents('INVOICE').length };
		await importCredentials(line, userFolder, [
			{ ...CREDENTIAL, type: 'dollrApi', data: { baseUrl: server.url, clientId: 'bill-client', clientSecret: 'bill-secret' } },
		]);
		await importWorkflows(line, userFolder, [workflowFor(WORKFLOW_FILE, { id: WORKFLOW_ID, credential: CREDENTIAL })]);
		const r = await runN8n(line, userFolder, ['execute', `--id=${WORKFLOW_ID}`, '--rawOutput'], 'execute bill-customer');
		assert.equal(r.code, 0, `n8n execute exited ${r.code}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
		const run = JSON.parse(r.stdout.slice(r.stdout.search(/^\{/m), r.stdout.lastIndexOf('}') + 1));
		assert.equal(run.status, 'success', JSON.stringify(run.data.resultData.error));

		// What the workflow hands on: one payment link per customer, for the invoice Dollr holds.
		const links = run.data.resultData.runData['Payment links to send'][0].data.main[0].map((item) => item.json);
		const invoices = server.documents('INVOICE').slice(before.invoices);
		assert.deepEqual(
			links.map(({ customer, invoice_number, total_amount, currency }) => [customer, invoice_number, total_amount, currency]),
			[
				['Amara Kamara', invoices[0].invoice_number, 340, 'USD'],
				['Jean Mugisha', invoices[1].invoice_number, 10000, 'RWF'],
			],
		);
		for (const link of links) assert.match(link.url, /^http:\/\/127\.0\.0\.1:\d+\/checkout\//);
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
		const failed = server.requests.filter((request) => request.status >= 400);
		assert.deepEqual(failed, [], 'no call was refused');
		log(`${line.name} (n8n ${line.n8nVersion}): ok in ${r.ms} ms, ${server.requests.filter((q) => !q.path.startsWith('/v1/jwt/')).length} API calls`);
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

main().catch((error) => {
	log(`FAILED: ${error.stack ?? error}`);
	process.exit(1);
});
