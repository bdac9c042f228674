#!/usr/bin/env node
'use strict';
/**
 * The demo: the built node (dist/) in n8n's own execution engine runs the
 * example workflow test/workflows/create-checkout.json (orders → Dollr Create
 * Checkout) against the local Dollr server, and prints the checkouts it got.
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
	} finally {
		await harness.close();
	}
}

main().catch((error) => {
	console.error(`Demo failed: ${error.message}${error.description ? `\n${error.description}` : ''}`);
	process.exitCode = 1;
});
