'use strict';
/**
 * What the benchmark sends: month-end invoices, the Dollr node's parameters for
 * them (expressions on the item fields, as in test/workflows/create-checkout.json),
 * the same request bodies built by hand, and the bare reference node.
 */
const path = require('node:path');

const DIST = path.join(__dirname, '..', '..', 'dist');
const { forEachConcurrently } = require(path.join(DIST, 'nodes/Dollr/helpers/pool.js'));

const REFERENCE_TYPE = 'n8n-nodes-dollr.benchReference';

/**
 * `count` invoices as they would come from an upstream node; with `same`, all
 * equal to the first (for the Dollr node with fixed parameters).
 */
function invoiceItems(count, same = false) {
	return Array.from({ length: count }, (_, index) => invoice(same ? 0 : index));
}

function invoice(i) {
	return {
		invoiceNumber: `inv-2026-11-${String(i).padStart(5, '0')}`,
		customer: `Customer ${i}`,
		phone: `2317712${String(i % 100000).padStart(5, '0')}`,
		currency: i % 2 === 0 ? 'USD' : 'LRD',
		description: 'Monthly subscription, November',
		amount: 10 + (i % 90) + 0.5,
	};
}

/**
 * The Dollr node's parameters: with `expressions`, six expressions on the item's
 * fields (what a real workflow does); without, the first invoice's values typed
 * in, so that only the node's own work is measured, not n8n's expression engine.
 */
function dollrParameters(options = {}, expressions = true) {
	const fixed = invoice(0);
	const field = (name) => (expressions ? `={{ $json.${name} }}` : fixed[name]);
	return {
		resource: 'checkout',
		operation: 'create',
		mode: 'HOSTED',
		sourceKind: 'INVOICE',
		partyPhone: field('phone'),
		currency: field('currency'),
		itemsInput: 'defineBelow',
		items: { item: [{ name: field('description'), amount: field('amount'), currency: '' }] },
		additionalFields: {
			partyName: field('customer'),
			partyRelationship: 'CUSTOMER',
			referenceId: field('invoiceNumber'),
		},
		options,
	};
}

/** The bodies the Dollr node builds from `dollrParameters` for these invoices, built by hand. */
function referenceBodies(invoices) {
	return invoices.map((invoice) => ({
		mode: 'HOSTED',
		source_kind: 'INVOICE',
		party_phone: invoice.phone,
		currency: invoice.currency,
		items: [{ name: invoice.description, amount: invoice.amount, currency: invoice.currency }],
		party_name: invoice.customer,
		party_relationship: 'CUSTOMER',
		reference_id: invoice.invoiceNumber,
	}));
}

/**
 * The least a node can do: POST a pre-built body per input item through the
 * same authenticated helper and output the answer paired to the item. Its input
 * items are the same invoices the Dollr node gets (so the engine's share is the
 * same); `bodies` are built before the run. Concurrency with the Dollr node's
 * own pool, so that only the per-item work differs.
 */
function referenceNode() {
	const node = {
		/** Set before each run, one per input item. */
		bodies: [],
		description: {
			displayName: 'Bench Reference',
			name: 'benchReference',
			group: ['transform'],
			version: 1,
			description: 'A bare node that sends pre-built Dollr bodies',
			defaults: { name: 'Bench Reference' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'dollrApi', required: true }],
			properties: [{ displayName: 'Concurrency', name: 'concurrency', type: 'number', default: 1 }],
		},
		// n8n calls it with the execution context as `this`.
		async execute() {
			const items = this.getInputData();
			const concurrency = this.getNodeParameter('concurrency', 0);
			const { baseUrl } = await this.getCredentials('dollrApi');
			const output = new Array(items.length);
			await forEachConcurrently(items.length, concurrency, async (item) => {
				const json = await this.helpers.httpRequestWithAuthentication.call(this, 'dollrApi', {
					method: 'POST',
					url: `${baseUrl}/v1/checkouts/create`,
					body: node.bodies[item],
					json: true,
				});
				output[item] = { json, pairedItem: { item } };
			});
			return [output];
		},
	};
	return node;
}

module.exports = { invoiceItems, dollrParameters, referenceBodies, referenceNode, REFERENCE_TYPE };
