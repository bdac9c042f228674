'use strict';
/**
 * The Dollr node in n8n's engine against the local Dollr server: what every
 * test, the benchmark and the demo share. `load` gives the node and credential
 * classes (the TypeScript sources in tests, `dist/` in the demo).
 */
const { CredentialsHelper, NodeTypes, runWorkflow, listSearch, testCredential, outputOf, errorOf, MANUAL_TRIGGER } = require('./n8n-engine');
const { startDollrServer, DEFAULT_CLIENTS } = require('../server/dollr-server');
const { createPoller } = require('./poll');

const NODE_TYPE = 'n8n-nodes-dollr.dollr';
const TRIGGER_TYPE = 'n8n-nodes-dollr.dollrTrigger';
const TRIGGER_NAME = 'Dollr Trigger';
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

/** Dollr Trigger → No Operation: the trigger as an active workflow would hold it. */
function triggerWorkflow(parameters) {
	return {
		id: 'dollr-trigger-test',
		name: 'Dollr Trigger test',
		nodes: [
			{
				id: 'trigger',
				name: TRIGGER_NAME,
				type: TRIGGER_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters },
				credentials: { dollrApi: { id: CREDENTIAL_ID, name: 'Dollr (local server)' } },
			},
			{ id: 'next', name: 'Next', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [200, 0], parameters: {} },
		],
		connections: { [TRIGGER_NAME]: { main: [[{ node: 'Next', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/**
 * A local server plus an engine wired to it. `run(parameters, items, settings)`
 * runs Start → Dollr and returns { items, error, run }.
 */
async function startDollrHarness({ Dollr, DollrApi, DollrTrigger, server: serverOptions = {} }) {
	const server = await startDollrServer(serverOptions);
	const nodeTypes = new NodeTypes({ [NODE_TYPE]: new Dollr(), ...(DollrTrigger ? { [TRIGGER_TYPE]: new DollrTrigger() } : {}) });
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
		/**
		 * The Dollr Trigger with `parameters` in an active workflow (see poll.js):
		 * activate(), tick(), restart(); `saved` is its static data as n8n stores it.
		 */
		poller(parameters, staticData) {
			return harness.pollerOf(triggerWorkflow(parameters), TRIGGER_NAME, staticData);
		},
		/** The same for any workflow (e.g. an example file) and its trigger node's name. */
		pollerOf(workflow, nodeName, staticData) {
			return createPoller({ workflow, nodeName, nodeTypes, credentialsHelper: harness.credentials, staticData });
		},
		/** "Fetch Test Event": the trigger run once in a manual execution. Resolves { items, error, run }. */
		async fetchTestEvent(parameters) {
			const run = await harness.runWorkflow(triggerWorkflow(parameters));
			return { items: outputOf(run, TRIGGER_NAME), error: errorOf(run, TRIGGER_NAME), run };
		},
		/** n8n's credential test of the stored Dollr credential: { status, message }. */
		testCredential: () =>
			testCredential({ credentialsHelper: harness.credentials, credentialId: CREDENTIAL_ID, typeName: 'dollrApi' }),
		close: () => server.close(),
	};
	return harness;
}

module.exports = { startDollrHarness, singleNodeWorkflow, triggerWorkflow, dollrCredentials, NODE_TYPE, TRIGGER_TYPE, CREDENTIAL_ID };
