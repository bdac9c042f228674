'use strict';
/**
 * The Dollr node in n8n's engine against the local Dollr server: what every
 * test, the benchmark and the demo share. `load` gives the node and credential
 * classes (the TypeScript sources in tests, `dist/` in the demo).
 */
const { CredentialsHelper, NodeTypes, runWorkflow, listSearch, testCredential, outputOf, errorOf, MANUAL_TRIGGER } = require('./n8n-engine');
const { startDollrServer, DEFAULT_CLIENTS } = require('../server/dollr-server');

const NODE_TYPE = 'n8n-nodes-dollr.dollr';
const CREDENTIAL_ID = 'dollr-local';

/** A credentials helper holding one Dollr credential pointed at `baseUrl`. */
function dollrCredentials(DollrApi, baseUrl, data = {}) {
	const helper = new CredentialsHelper({ dollrApi: new DollrApi() });
	const [clientId, clientSecret] = Object.entries(DEFAULT_CLIENTS)[0];
	helper.add(CREDENTIAL_ID, 'dollrApi', { baseUrl, clientId, clientSecret, ...data });
	return helper;
}

/** Manual Trigger → Dollr, with `items` pinned on the trigger as the Dollr node's input. */
function singleNodeWorkflow(parameters, items, nodeSettings = {}) {
	return {
		name: 'Dollr test',
		nodes: [
			{ id: 'start', name: 'Start', type: MANUAL_TRIGGER, typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'dollr',
				name: 'Dollr',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [200, 0],
				parameters,
				credentials: { dollrApi: { id: CREDENTIAL_ID, name: 'Dollr (local server)' } },
				...nodeSettings,
			},
		],
		connections: { Start: { main: [[{ node: 'Dollr', type: 'main', index: 0 }]] } },
		pinData: { Start: items.map((json) => ({ json })) },
		settings: { executionOrder: 'v1' },
	};
}

/**
 * A local server plus an engine wired to it. `run(parameters, items, settings)`
 * runs Start → Dollr and returns { items, error, run }.
 */
async function startDollrHarness({ Dollr, DollrApi, server: serverOptions = {} }) {
	const server = await startDollrServer(serverOptions);
	const nodeTypes = new NodeTypes({ [NODE_TYPE]: new Dollr() });
	const harness = {
		server,
		nodeTypes,
		credentials: dollrCredentials(DollrApi, server.url),
		/** Replaces the stored credential, e.g. with a wrong secret. */
		setCredential(data) {
			harness.credentials = dollrCredentials(DollrApi, server.url, data);
		},
		async runWorkflow(workflow) {
			return await runWorkflow({ workflow, nodeTypes, credentialsHelper: harness.credentials });
		},
		async run(parameters, items = [{}], nodeSettings = {}) {
			const run = await harness.runWorkflow(singleNodeWorkflow(parameters, items, nodeSettings));
			return { items: outputOf(run, 'Dollr'), error: errorOf(run, 'Dollr'), run };
		},
		/**
		 * The editor's list search of a resource locator ("From List"): `method` of the
		 * node's methods.listSearch, run in n8n-core's load-options context for a Dollr
		 * node with `parameters`.
		 */
		listSearch: (method, filter, parameters = {}) =>
			listSearch({
				nodeTypes,
				credentialsHelper: harness.credentials,
				node: singleNodeWorkflow(parameters, []).nodes[1],
				method,
				filter,
			}),
		/** n8n's credential test of the stored Dollr credential: { status, message }. */
		testCredential: () =>
			testCredential({ credentialsHelper: harness.credentials, credentialId: CREDENTIAL_ID, typeName: 'dollrApi' }),
		close: () => server.close(),
	};
	return harness;
}

module.exports = { startDollrHarness, singleNodeWorkflow, dollrCredentials, NODE_TYPE, CREDENTIAL_ID };
