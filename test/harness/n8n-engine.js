'use strict';
/**
 * Runs workflows through n8n's real execution engine (WorkflowExecute from
 * n8n-core, Workflow from n8n-workflow) with the real request helpers. n8n's
 * own node-test harness is not published, so this brings the two pieces n8n's
 * CLI would: the node types and a credentials helper that applies a credential's
 * `authenticate` and `preAuthentication` the way n8n does.
 *
 * Plain CommonJS so that the tests (on the TypeScript sources) and the demo (on
 * the built `dist/`) share it.
 */
// n8n-core logs every node error itself, which would repeat each one the tests assert on.
// N8N_LOG_LEVEL=debug (or info) brings its logs back.
process.env.N8N_LOG_LEVEL ??= 'silent';
const { Credentials, ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } = require('n8n-core');
const { ICredentialsHelper, Workflow, isExpression } = require('n8n-workflow');

const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';
const PACKAGE = 'n8n-nodes-dollr';

/**
 * Stand-ins for the n8n-nodes-base nodes the example workflows use. The
 * engine only needs them to pass items on; their items come from pinned data,
 * as in the n8n editor.
 */
function passThroughNode(name, displayName) {
	return {
		description: {
			displayName,
			name,
			group: ['input'],
			version: [1, 2],
			description: 'Stand-in for the n8n core node',
			defaults: { name: displayName },
			inputs: ['main'],
			outputs: ['main'],
			properties: [],
		},
		async execute() {
			return [this.getInputData()];
		},
	};
}

/**
 * Stand-in for n8n's IF node (version 2): the same `conditions` filter
 * parameter, evaluated by n8n's own filter code (getNodeParameter with
 * extractValue), items that pass on output 0 ("true"), the rest on output 1.
 */
function ifNode() {
	return {
		description: {
			displayName: 'If',
			name: 'n8n-nodes-base.if',
			group: ['transform'],
			version: [2, 2.1, 2.2],
			description: 'Stand-in for the n8n core node',
			defaults: { name: 'If' },
			inputs: ['main'],
			outputs: ['main', 'main'],
			outputNames: ['true', 'false'],
			properties: [
				{
					displayName: 'Conditions',
					name: 'conditions',
					type: 'filter',
					default: {},
					typeOptions: { filter: { caseSensitive: true, typeValidation: 'strict', version: 2 } },
				},
				{ displayName: 'Options', name: 'options', type: 'collection', default: {}, options: [] },
			],
		},
		async execute() {
			const outputs = [[], []];
			this.getInputData().forEach((item, itemIndex) => {
				const pass = this.getNodeParameter('conditions', itemIndex, false, { extractValue: true });
				outputs[pass ? 0 : 1].push({ ...item, pairedItem: { item: itemIndex } });
			});
			return outputs;
		},
	};
}

class NodeTypes {
	/** @param {Record<string, object>} nodes node type name → INodeType instance */
	constructor(nodes) {
		this.nodes = {
			[MANUAL_TRIGGER]: passThroughNode(MANUAL_TRIGGER, 'Manual Trigger'),
			'n8n-nodes-base.code': passThroughNode('n8n-nodes-base.code', 'Code'),
			'n8n-nodes-base.noOp': passThroughNode('n8n-nodes-base.noOp', 'No Operation'),
			// Passes items on at once: the harness does not simulate time.
			'n8n-nodes-base.wait': passThroughNode('n8n-nodes-base.wait', 'Wait'),
			'n8n-nodes-base.if': ifNode(),
			// A note on the canvas: no inputs, no outputs, never run.
			'n8n-nodes-base.stickyNote': {
				description: { ...passThroughNode('n8n-nodes-base.stickyNote', 'Sticky Note').description, inputs: [], outputs: [] },
			},
			...nodes,
		};
	}

	getByName(name) {
		return this.getByNameAndVersion(name);
	}

	getByNameAndVersion(name) {
		const type = this.nodes[name];
		if (!type) throw new Error(`Unknown node type ${name}`);
		return type;
	}

	getKnownTypes() {
		return {};
	}
}

/**
 * Holds decrypted credential data by id and does what n8n's CLI CredentialsHelper
 * does for a generic `authenticate` and an expirable `preAuthentication` token.
 */
class CredentialsHelper extends ICredentialsHelper {
	/** @param {Record<string, object>} credentialTypes credential type name → ICredentialType */
	constructor(credentialTypes) {
		super();
		this.credentialTypes = credentialTypes;
		/** id → { type, data } as it would be stored (what preAuthentication writes lands here). */
		this.store = new Map();
		this.updates = [];
	}

	add(id, type, data) {
		this.store.set(id, { type, data: { ...data } });
	}

	type(name) {
		const type = this.credentialTypes[name];
		if (!type) throw new Error(`Unknown credential type ${name}`);
		return type;
	}

	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	getCredentialsProperties(type) {
		return this.type(type).properties;
	}

	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const { authenticate } = this.type(typeName);
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate?.type === 'generic') {
			const resolve = (value) =>
				isExpression(value)
					? String(
							workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '') ?? '',
						)
					: value;
			for (const [outerKey, values] of Object.entries(authenticate.properties)) {
				requestOptions[outerKey] ??= {};
				for (const [key, value] of Object.entries(values)) requestOptions[outerKey][resolve(key)] = resolve(value);
			}
		}
		return requestOptions;
	}

	async preAuthentication(helpers, credentials, typeName, node, credentialsExpired) {
		const credentialType = this.type(typeName);
		const expirable = credentialType.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		if (!expirable || typeof credentialType.preAuthentication !== 'function') return undefined;
		const testing = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !testing) return undefined;
		const output = await credentialType.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		if (node.credentials) {
			await this.updateCredentials(node.credentials[typeName], typeName, { ...credentials, ...output });
			return Object.assign(credentials, output);
		}
		return undefined;
	}

	async runPreAuthentication(helpers, credentials, typeName) {
		const { preAuthentication } = this.type(typeName);
		return typeof preAuthentication === 'function' ? await preAuthentication.call(helpers, credentials) : undefined;
	}

	async getCredentials(nodeCredentials, type) {
		const stored = this.store.get(nodeCredentials.id);
		const credentials = new Credentials({ id: nodeCredentials.id, name: nodeCredentials.name }, type);
		credentials.setData(stored?.data ?? {});
		return credentials;
	}

	/** Stored data with the type's defaults filled in, as n8n does (an unset hidden token becomes ''). */
	async getDecrypted(_additionalData, nodeCredentials, type) {
		const stored = this.store.get(nodeCredentials.id);
		if (!stored) throw new Error(`No credential with id ${nodeCredentials.id}`);
		const defaults = Object.fromEntries(this.type(type).properties.map((p) => [p.name, p.default]));
		return { ...defaults, ...stored.data };
	}

	async updateCredentials(nodeCredentials, type, data) {
		this.updates.push({ id: nodeCredentials.id, type });
		this.store.set(nodeCredentials.id, { type, data: { ...data } });
	}

	async updateCredentialsOauthTokenData() {}
}

/**
 * What the n8n editor does for a resource locator's "From List" mode: the node's
 * `methods.listSearch[method]` called in n8n-core's LoadOptionsContext (the
 * context n8n's CLI builds for such requests), with the node's parameters and
 * credentials. Resolves with the method's { results, paginationToken }.
 */
async function listSearch({ nodeTypes, credentialsHelper, node, method, filter, path = 'parameters' }) {
	const workflow = new Workflow({ nodes: [node], connections: {}, nodeTypes, active: false });
	const additionalData = { ...additionalDataFor({ credentialsHelper }), currentNodeParameters: node.parameters };
	const context = new LoadOptionsContext(workflow, workflow.getNode(node.name), additionalData, path);
	const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	return await nodeType.methods.listSearch[method].call(context, filter);
}

/**
 * What n8n's CLI hands the engine and every node context: the credentials helper,
 * the run's lifecycle hooks (none for a poll) and the instance URLs.
 */
function additionalDataFor({ hooks, credentialsHelper }) {
	return {
		hooks,
		credentialsHelper,
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		restartExecutionId: undefined,
		variables: {},
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		restApiUrl: 'http://127.0.0.1:5678/rest',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
		logAiEvent: () => {},
		getRunExecutionData: async () => undefined,
	};
}

/** n8n's Workflow object for a workflow in its JSON shape (`active` and `staticData` as n8n would load them). */
function workflowOf(workflowJson, nodeTypes, { active = false, staticData } = {}) {
	return new Workflow({
		id: workflowJson.id ?? 'test',
		name: workflowJson.name,
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		nodeTypes,
		staticData,
		settings: workflowJson.settings ?? { executionOrder: 'v1' },
		active,
	});
}

/**
 * Runs a workflow (n8n's JSON shape: nodes, connections, pinData) to the end.
 * Resolves with n8n's IRun: `run.data.resultData.runData[nodeName][0].data.main[0]`
 * holds a node's output items, `run.data.resultData.error` a workflow error.
 */
async function runWorkflow({ workflow: workflowJson, nodeTypes, credentialsHelper, mode = 'manual' }) {
	const workflow = workflowOf(workflowJson, nodeTypes);
	const hooks = new ExecutionLifecycleHooks(mode, `run-${Date.now()}`, workflowJson);
	let finish;
	const finished = new Promise((resolve) => (finish = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => finish(run));
	const additionalData = additionalDataFor({ hooks, credentialsHelper });
	const execute = new WorkflowExecute(additionalData, mode);
	const startNode = workflow.getStartNode();
	// run() rejects before any node runs when n8n finds issues (e.g. an empty required field).
	await execute.run({ workflow, startNode, pinData: workflowJson.pinData });
	return await finished;
}

/**
 * What n8n's credential test does for a credential with a `test.request`: the
 * request's expressions are resolved against the credential, then it is sent
 * through the authenticated request helper from a no-op node with
 * `parameters.temp === ''` (n8n's marker for a credential test, which makes the
 * credentials helper run `preAuthentication`). Resolves with
 * { status: 'OK' | 'Error', message }.
 */
async function testCredential({ credentialsHelper, credentialId, typeName }) {
	const credentialType = credentialsHelper.type(typeName);
	const data = await credentialsHelper.getDecrypted(undefined, { id: credentialId }, typeName);
	const scratch = new Workflow({ nodes: [], connections: {}, nodeTypes: new NodeTypes({}), active: false });
	const probe = { id: 'probe', name: 'Probe', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [0, 0], parameters: {} };
	const request = scratch.expression.getComplexParameterValue(probe, credentialType.test.request, 'internal', {
		$credentials: data,
	});
	const { baseURL, url, ...rest } = request;
	const tester = {
		description: {
			...passThroughNode('n8n-nodes-base.noOp', 'No Operation').description,
			credentials: [{ name: typeName, required: true }],
		},
		async execute() {
			try {
				await this.helpers.httpRequestWithAuthentication.call(this, typeName, {
					...rest,
					url: `${String(baseURL ?? '').replace(/\/+$/, '')}${url}`,
					json: true,
				});
				return [[{ json: { status: 'OK', message: 'Connection tested successfully' } }]];
			} catch (error) {
				return [[{ json: { status: 'Error', message: error.message, description: error.description } }]];
			}
		},
	};
	const workflow = {
		nodes: [
			{ id: 'start', name: 'Start', type: MANUAL_TRIGGER, typeVersion: 1, position: [0, 0], parameters: {} },
			{
				...probe,
				name: 'Credential Test',
				parameters: { temp: '' },
				credentials: { [typeName]: { id: credentialId, name: 'under test' } },
			},
		],
		connections: { Start: { main: [[{ node: 'Credential Test', type: 'main', index: 0 }]] } },
	};
	const run = await runWorkflow({
		workflow,
		nodeTypes: new NodeTypes({ 'n8n-nodes-base.noOp': tester }),
		credentialsHelper,
	});
	return outputOf(run, 'Credential Test')[0]?.json;
}

/** The output items of a node in a finished run (first output, first run). */
function outputOf(run, nodeName) {
	return run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[0] ?? [];
}

/** The error a node ended the run with, if any. */
function errorOf(run, nodeName) {
	return run.data.resultData.runData[nodeName]?.[0]?.error ?? run.data.resultData.error;
}

module.exports = { CredentialsHelper, NodeTypes, runWorkflow, workflowOf, additionalDataFor, listSearch, testCredential, outputOf, errorOf, MANUAL_TRIGGER, PACKAGE };
