'use strict';
/**
 * Workflows for benchmarks in real n8n (`npm run bench:n8n`, and the queue-mode
 * bench may import them): one create per item, made by the Dollr node or by
 * n8n's HTTP Request node the way a user would wire it. Plain objects in n8n's
 * workflow JSON, for `importWorkflows` of test/e2e/n8n-line.js.
 *
 * API (every builder returns a workflow object; `id` is required, 16 characters
 * such as 'dollrBenchFlw001' suit both n8n lines):
 *
 *   dollrCreateWorkflow({ id, name?, credential: { id, name }, items = 1000,
 *       concurrency = 8, referenceId = false, token?, trigger? })
 *     Manual Trigger → Token → Orders → Split Out → Create Checkout (the Dollr node).
 *     Fixed parameters (CHECKOUT below); `referenceId: true` adds one expression
 *     per item, Reference ID `={{ $json.list }}`.
 *
 *   httpRequestCreateWorkflow({ id, name?, token: { baseUrl, clientId, clientSecret },
 *       items = 1000, retry?: { maxTries, waitBetweenTries }, batching?: { batchSize, batchInterval }, trigger? })
 *     Manual Trigger → Token → Orders → Split Out → Create Checkout (HTTP Request
 *     4.2, POST <baseUrl>/v1/checkouts/create, `Authorization: Bearer` from the
 *     Token node's answer and the JSON body by expression, reference_id from the item).
 *     `retry`: the node's Settings › Retry On Fail; `batching`: Options › Batching.
 *
 *   The Token node (HTTP Request: POST <baseUrl>/v1/jwt/client/obtain/token with
 *   the client ID and secret) is in both, so that both runs have the same shape and
 *   the server sees the same first request (bench:n8n starts its CPU reading
 *   there). The Dollr node does not use its answer: its credential fetches and
 *   renews its own token. Pass `token` to dollrCreateWorkflow to include it, or
 *   `token: null` to leave it out (Manual Trigger → Orders directly).
 *   `trigger`: another first node (e.g. a Webhook) instead of the Manual Trigger.
 *
 *   Items are { list: 'order-00001' }, … (`references(items)` lists them), built by
 *   a Set node (one array) and a Split Out node: no Code node, so nothing runs in
 *   n8n's task runner process and the n8n process's CPU is the whole cost.
 *
 *   NAMES: the node names used; CHECKOUT: the create's fixed fields;
 *   httpRequestPredefinedCredentialWorkflow: see its comment (used by the e2e test).
 */
const { NODE_TYPE } = require('../e2e/n8n-line');

const NAMES = {
	trigger: 'Manual Trigger',
	token: 'Token',
	orders: 'Orders',
	splitOut: 'Split Out',
	create: 'Create Checkout',
};

/** The create's fixed fields, the same in both nodes. */
const CHECKOUT = {
	mode: 'HOSTED',
	source_kind: 'ORDER',
	party_phone: '231771234567',
	currency: 'USD',
	items: [{ name: 'Bench order', amount: 10, currency: 'USD' }],
};

const TOKEN_PATH = '/v1/jwt/client/obtain/token';
const CREATE_PATH = '/v1/checkouts/create';

function references(items) {
	return Array.from({ length: items }, (_, i) => `order-${String(i + 1).padStart(5, '0')}`);
}

const uuid = (n) => `be4c0000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function node(n, name, type, typeVersion, parameters, extra = {}) {
	return { parameters, id: uuid(n), name, type, typeVersion, position: [n * 220, 0], ...extra };
}

function tokenNode({ baseUrl, clientId, clientSecret }) {
	return node(2, NAMES.token, 'n8n-nodes-base.httpRequest', 4.2, {
		method: 'POST',
		url: `${baseUrl}${TOKEN_PATH}`,
		sendBody: true,
		contentType: 'json',
		specifyBody: 'json',
		jsonBody: JSON.stringify({ client_id: clientId, client_secret: clientSecret }),
		options: {},
	});
}

/** Trigger → [Token] → Orders (Set: one array of `items` references) → Split Out → create. */
function chain({ id, name, items, token, trigger, create }) {
	const nodes = [
		trigger ?? node(1, NAMES.trigger, 'n8n-nodes-base.manualTrigger', 1, {}),
		...(token ? [tokenNode(token)] : []),
		node(3, NAMES.orders, 'n8n-nodes-base.set', 3.4, {
			mode: 'manual',
			assignments: {
				assignments: [
					{
						id: uuid(100),
						name: 'list',
						value: `={{ Array.from({ length: ${Number(items)} }, (_, i) => 'order-' + String(i + 1).padStart(5, '0')) }}`,
						type: 'array',
					},
				],
			},
			options: {},
		}),
		node(4, NAMES.splitOut, 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'list', options: {} }),
		create,
	];
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { id, name: name ?? id, active: false, nodes, connections, settings: { executionOrder: 'v1' } };
}

function dollrCreateWorkflow({ id, name, credential, items = 1000, concurrency = 8, referenceId = false, token, trigger }) {
	const [line] = CHECKOUT.items;
	const create = node(
		5,
		NAMES.create,
		NODE_TYPE,
		1,
		{
			resource: 'checkout',
			operation: 'create',
			mode: CHECKOUT.mode,
			sourceKind: CHECKOUT.source_kind,
			partyPhone: CHECKOUT.party_phone,
			currency: CHECKOUT.currency,
			items: { item: [{ name: line.name, amount: line.amount, currency: line.currency }] },
			additionalFields: referenceId ? { referenceId: '={{ $json.list }}' } : {},
			options: { concurrency },
		},
		{ credentials: { dollrApi: { id: credential.id, name: credential.name } } },
	);
	return chain({ id, name, items, token, trigger, create });
}

function httpRequestCreateWorkflow({ id, name, token, items = 1000, retry, batching, trigger }) {
	const body = JSON.stringify(CHECKOUT).replace(/}$/, ', reference_id: $json.list }');
	const create = node(
		5,
		NAMES.create,
		'n8n-nodes-base.httpRequest',
		4.2,
		{
			method: 'POST',
			url: `${token.baseUrl}${CREATE_PATH}`,
			sendHeaders: true,
			headerParameters: {
				parameters: [{ name: 'Authorization', value: `=Bearer {{ $('${NAMES.token}').first().json.access_token }}` }],
			},
			sendBody: true,
			contentType: 'json',
			specifyBody: 'json',
			jsonBody: `={{ ${body} }}`,
			options: batching ? { batching: { batch: batching } } : {},
		},
		retry ? { retryOnFail: true, maxTries: retry.maxTries, waitBetweenTries: retry.waitBetweenTries ?? 1000 } : {},
	);
	return chain({ id, name, items, token, trigger, create });
}

/**
 * Manual Trigger → HTTP Request 4.2 with Authentication "Predefined Credential
 * Type" = Dollr API: a create sent by n8n's own node with the Dollr credential,
 * which applies the credential's bearer (and renews it on 401) the way the Dollr
 * node gets it.
 */
function httpRequestPredefinedCredentialWorkflow({ id, name, baseUrl, credential }) {
	return {
		id,
		name: name ?? id,
		active: false,
		nodes: [
			node(1, NAMES.trigger, 'n8n-nodes-base.manualTrigger', 1, {}),
			node(
				2,
				NAMES.create,
				'n8n-nodes-base.httpRequest',
				4.2,
				{
					method: 'POST',
					url: `${baseUrl}${CREATE_PATH}`,
					authentication: 'predefinedCredentialType',
					nodeCredentialType: 'dollrApi',
					sendBody: true,
					contentType: 'json',
					specifyBody: 'json',
					jsonBody: JSON.stringify({ ...CHECKOUT, reference_id: 'http-request-node' }),
					options: {},
				},
				{ credentials: { dollrApi: { id: credential.id, name: credential.name } } },
			),
		],
		connections: { [NAMES.trigger]: { main: [[{ node: NAMES.create, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

module.exports = {
	NAMES,
	CHECKOUT,
	TOKEN_PATH,
	CREATE_PATH,
	references,
	dollrCreateWorkflow,
	httpRequestCreateWorkflow,
	httpRequestPredefinedCredentialWorkflow,
};
