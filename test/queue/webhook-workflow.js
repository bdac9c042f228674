'use strict';
/**
 * The queue test's and benchmark's workflow: Webhook (POST /webhook/<path>,
 * answered by the Respond node) → Dollr Create Checkout (Reference ID from the
 * request body's `ref`) → Respond to Webhook with the checkout (the first item).
 * Request body: { ref, phone, currency, amount, description }.
 */
const crypto = require('node:crypto');
const { NODE_TYPE } = require('../e2e/n8n-line');

/**
 * A Webhook node (POST /webhook/<webhookPath>) named `name`: answered by a Respond
 * node (`responseMode` 'responseNode') or with the last node's first item ('lastNode').
 */
function webhookNode({ workflowId, webhookPath, responseMode = 'responseNode', name = 'Webhook' }) {
	const webhookId = crypto.createHash('md5').update(`${workflowId}:${webhookPath}`).digest('hex');
	return {
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode, ...(responseMode === 'lastNode' ? { responseData: 'firstEntryJson' } : {}), options: {} },
		id: webhookId.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: webhookId.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
	};
}

function webhookWorkflow({ id, name = 'Dollr queue: webhook → create checkout → respond', webhookPath, credential }) {
	const uuid = (n) => `5a1e0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
	return {
		id,
		name,
		active: false,
		nodes: [
			webhookNode({ workflowId: id, webhookPath }),
			{
				parameters: {
					resource: 'checkout',
					operation: 'create',
					mode: 'HOSTED',
					sourceKind: 'INVOICE',
					partyPhone: '={{ $json.body.phone }}',
					currency: '={{ $json.body.currency }}',
					items: { item: [{ name: '={{ $json.body.description }}', amount: '={{ $json.body.amount }}', currency: '' }] },
					additionalFields: { referenceId: '={{ $json.body.ref }}' },
				},
				id: uuid(2),
				name: 'Create Checkout',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [220, 0],
				credentials: { dollrApi: { id: credential.id, name: credential.name } },
			},
			{
				parameters: { respondWith: 'firstIncomingItem', options: {} },
				id: uuid(3),
				name: 'Respond to Webhook',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.1,
				position: [440, 0],
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Create Checkout', type: 'main', index: 0 }]] },
			'Create Checkout': { main: [[{ node: 'Respond to Webhook', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** Request bodies with references `<prefix>-0001`, `<prefix>-0002`, ... */
function checkoutBodies(prefix, count) {
	return Array.from({ length: count }, (_, i) => ({
		ref: `${prefix}-${String(i + 1).padStart(4, '0')}`,
		phone: '+231 77 123 4567',
		currency: 'USD',
		amount: 10 + (i % 50),
		description: `Queue test order ${i + 1}`,
	}));
}

module.exports = { webhookNode, webhookWorkflow, checkoutBodies };
