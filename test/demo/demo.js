#!/usr/bin/env node
'use strict';
/**
 * The demo: the built node (dist/) in n8n's own execution engine runs the
 * example workflow test/workflows/create-checkout.json (orders → Dollr Create
 * Checkout) against the local Dollr server, and prints the checkouts it got.
 * Then the document flow, one Dollr node step at a time: Party › Create →
 * Counterparty › Create → Invoice › Create (two lines, Publish) → Payment
 * Source › Get Payment Link → (the server marks it PAID) → Invoice › Get Receipt.
 * Then money: an invoice → Collection › Request Payment → (the server approves)
 * → Collection › Get Status COMPLETED, the invoice PAID; and a payout sheet of
 * three rows run twice through Payout › Send: three payouts, not six.
 * Run it with `npm run demo` (which builds first).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// n8n-core writes its instance settings into N8N_USER_FOLDER on first use.
process.env.N8N_USER_FOLDER ??= fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-dollr-demo-'));

const root = path.join(__dirname, '..', '..');
const { Dollr } = require(path.join(root, 'dist/nodes/Dollr/Dollr.node.js'));
const { DollrApi } = require(path.join(root, 'dist/credentials/DollrApi.credentials.js'));
const { startDollrHarness } = require('../harness/dollr');
const { outputOf, errorOf } = require('../harness/n8n-engine');

const WORKFLOW = path.join(root, 'test/workflows/create-checkout.json');
const NODE = 'Create Checkout';
const PAYOUT_WORKFLOW = path.join(root, 'test/workflows/pay-suppliers.json');

async function main() {
	const harness = await startDollrHarness({ Dollr, DollrApi });
	try {
		const workflow = JSON.parse(fs.readFileSync(WORKFLOW, 'utf8'));
		console.log(`Local Dollr API: ${harness.server.url}`);
		console.log(`Workflow: ${workflow.name} (${path.relative(process.cwd(), WORKFLOW)})\n`);
		const run = await harness.runWorkflow(workflow);
		const error = errorOf(run, NODE);
		if (error) throw error;
		const checkouts = outputOf(run, NODE);
		for (const [index, { json, pairedItem }] of checkouts.entries()) {
			console.log(`Checkout ${index + 1} of ${checkouts.length} (input item ${pairedItem.item})`);
			console.log(`  url:           ${json.url}`);
			console.log(`  number:        ${json.source_number} (${json.source_type} ${json.source_id})`);
			console.log(`  status:        ${json.source_status}`);
			console.log(`  total:         ${json.total_amount} ${json.currency}`);
			console.log(`  reference:     ${json.reference_id}\n`);
		}
		const sent = harness.server.requests.map((r) => `${r.method} ${r.path} → ${r.status}`);
		console.log(`Requests the server saw:\n  ${sent.join('\n  ')}`);
		console.log('\nFull answer of the first checkout:');
		console.log(JSON.stringify(checkouts[0].json, null, 2));
		await invoiceFlow(harness);
		await collectionFlow(harness);
		await payoutSheet(harness);
	} finally {
		await harness.close();
	}
}

/** One Dollr node step in n8n's engine, fed `input`; its first output item, or its error thrown. */
async function step(harness, label, parameters, input) {
	const { items, error } = await harness.run(parameters, input ? [input] : [{}]);
	if (error) throw error;
	console.log(`  ${label.padEnd(36)} ${summary(items[0].json)}`);
	return items[0].json;
}

function summary(json) {
	const number = json.invoice_number ?? json.receipt_number;
	if (json.fullname) return `party ${json.id} (${json.fullname})`;
	if (json.relationship_type) return `counterparty ${json.id} (${json.relationship_type} of party ${json.party_id})`;
	if (number) return `${number}: ${json.status}, ${json.total_amount} ${json.currency}`;
	if (json.operation_type) return `${json.operation_type} ${json.status}, ${json.payer_amount} ${json.payer_currency}, reference ${json.reference_id}`;
	return json.url ?? JSON.stringify(json);
}

/** Billing a customer with Dollr nodes alone (see test/workflows/bill-customer.json for the workflow). */
async function invoiceFlow(harness) {
	harness.server.reset();
	console.log('\nThe invoice flow, one Dollr node step at a time:');
	const party = await step(harness, 'Party › Create', {
		resource: 'party',
		operation: 'create',
		fullname: 'Amara Kamara',
		phone: '+231 77 123 4567',
		additionalFields: { email: 'amara@example.com', countryCode: 'lr' },
	});
	const counterparty = await step(
		harness,
		'Counterparty › Create',
		{ resource: 'counterparty', operation: 'create', relationshipType: 'CUSTOMER', additionalFields: { partyId: '={{ $json.id }}' } },
		party,
	);
	const invoice = await step(
		harness,
		'Invoice › Create (2 lines, Publish)',
		{
			resource: 'invoice',
			operation: 'create',
			counterpartyId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
			currency: 'USD',
			note: 'Consulting, November',
			feeBearer: 'PAYER',
			items: { item: [{ name: 'Consulting (hours)', qty: 4, amount: 75 }, { name: 'Travel', qty: 1, amount: 20.5 }] },
			publish: true,
			additionalFields: { referenceId: 'demo-row-1' },
		},
		counterparty,
	);
	await step(
		harness,
		'Payment Source › Get Payment Link',
		{ resource: 'paymentSource', operation: 'getPaymentLink', sourceType: 'INVOICE', sourceNumber: '={{ $json.invoice_number }}' },
		invoice,
	);
	harness.server.setSourceStatus('INVOICE', invoice.id, 'PAID');
	console.log('  (the local server marks the invoice PAID, as Dollr does once the payer has paid)');
	await step(
		harness,
		'Invoice › Get Receipt',
		{ resource: 'invoice', operation: 'getReceipt', invoiceId: { __rl: true, mode: 'number', value: '={{ $json.invoice_number }}' } },
		invoice,
	);
	const sent = harness.server.requests.map((r) => `${r.method} ${r.path} → ${r.status}`);
	console.log(`Requests the server saw:\n  ${sent.join('\n  ')}`);
}

/** Money out needs the owner's consent and the passcode in the credential (the local server's passcode). */
const MONEY_CREDENTIAL = { allowMoneyOut: true, passcode: '2468', passcodePhone: '231770000001', clientIp: '127.0.0.1' };

/** An invoice paid by a mobile-money prompt: Request Payment, the payer approves, Get Status. */
async function collectionFlow(harness) {
	harness.server.reset();
	console.log('\nAsking for a mobile-money payment, one Dollr node step at a time:');
	const [party] = harness.server.seedParties([{ fullname: 'Comfort Kollie', phone: '231771234999', country_code: 'LR' }]);
	const [counterparty] = harness.server.seedCounterparties([{ relationship_type: 'CUSTOMER', party_id: party.id }]);
	const invoice = await step(harness, 'Invoice › Create (Publish)', {
		resource: 'invoice',
		operation: 'create',
		counterpartyId: { __rl: true, mode: 'id', value: counterparty.id },
		currency: 'USD',
		note: 'Solar lamps',
		feeBearer: 'PAYEE',
		items: { item: [{ name: 'Solar lamp', qty: 2, amount: 45 }] },
		publish: true,
	});
	const requested = await step(
		harness,
		'Collection › Request Payment',
		{ resource: 'collection', operation: 'create', sourceType: 'INVOICE', sourceId: '={{ $json.id }}', payerPhone: '231771234999', currency: 'USD', method: 'ORANGE_MONEY_LBR' },
		invoice,
	);
	console.log(`  (the invoice is now ${harness.server.documentDetail('INVOICE', invoice.id).status}; the payer approves on the phone, the local server completes the collection)`);
	harness.server.settleExecution('collection', requested.reference_id, 'COMPLETED');
	await step(harness, 'Collection › Get Status', { resource: 'collection', operation: 'getStatus', referenceId: '={{ $json.reference_id }}' }, requested);
	await step(harness, 'Invoice › Get', { resource: 'invoice', operation: 'get', invoiceId: { __rl: true, mode: 'id', value: invoice.id } });
}

/** A sheet of three payouts, the Reference ID from each row's ID, run twice: three payouts, not six. */
async function payoutSheet(harness) {
	harness.server.reset();
	harness.setCredential(MONEY_CREDENTIAL);
	const suppliers = harness.server.seedParties([
		{ fullname: 'Kollie Supplies Inc.', phone: '231886543210', country_code: 'LR' },
		{ fullname: 'Musu Flomo', phone: '231881112222', country_code: 'LR' },
		{ fullname: 'Jallah Transport', phone: '231885550000', country_code: 'LR' },
	]);
	const rows = suppliers.map((party, index) => ({ row_id: `sheet-row-${index + 2}`, supplier: party.fullname, party_id: party.id, phone: party.phone, amount: [120, 45.5, 80][index], currency: 'USD' }));
	// The Pay Supplier node of the example workflow (Reference ID = {{ $json.row_id }}).
	const { parameters } = JSON.parse(fs.readFileSync(PAYOUT_WORKFLOW, 'utf8')).nodes.find((node) => node.name === 'Pay Supplier');
	console.log('\nA payout sheet of three rows (Reference ID = {{ $json.row_id }}), run twice:');
	for (const attempt of ['first run', 'second run']) {
		const before = harness.server.requests.length;
		const { items, error } = await harness.run(parameters, rows);
		if (error) throw error;
		const executes = harness.server.requests.slice(before).filter((r) => r.path === '/v1/executions/payout').length;
		console.log(`  ${attempt} (${executes} payout executions sent):`);
		for (const [index, { json }] of items.entries()) {
			const known = json.note?.startsWith('Dollr already has') ? '  already known to Dollr: not paid again' : '';
			console.log(`    ${rows[index].row_id} → ${json.reference_id}  ${json.status.padEnd(8)} ${json.payee_amount} ${json.payee_currency}${known}`);
		}
	}
	const payouts = harness.server.executions('payout');
	console.log(`  The server holds ${payouts.length} payouts for ${rows.length} rows; the USD wallet holds ${harness.server.wallets().find((w) => w.currency === 'USD').balance}.`);
	if (payouts.length !== rows.length) throw new Error(`expected ${rows.length} payouts, the server holds ${payouts.length}`);
}

main().catch((error) => {
	console.error(`Demo failed: ${error.message}${error.description ? `\n${error.description}` : ''}`);
	process.exitCode = 1;
});
