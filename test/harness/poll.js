'use strict';
/**
 * A polling trigger run the way n8n runs an active workflow: n8n-core's
 * PollContext and PollTriggerExecutor (the code behind every poll tick), with the
 * workflow's static data saved when n8n saves it and carried into a NEW Workflow
 * object when n8n "restarts". Shared by the trigger tests and the benchmark.
 *
 * When n8n (1.123 and 2.x alike, single instance) saves a poll node's static data:
 * after activating the workflow (ActiveWorkflowManager.add), and when a poll emits
 * items (`__emit`). A poll that returns null is not saved (2.x's `__commitCursor`
 * only commits a cursor staged by its durable poll jobs). `saved` here is what the
 * database would hold.
 */
process.env.N8N_LOG_LEVEL ??= 'silent';
const { Container } = require('@n8n/di');
const { PollContext, PollTriggerExecutor } = require('n8n-core');
const { additionalDataFor, workflowOf } = require('./n8n-engine');

/**
 * `workflow`: n8n's JSON shape; `nodeName`: its polling node.
 * Returns { activate(mode), tick(), restart(), saved, executions, reportedErrors, staticData() }.
 */
function createPoller({ workflow: workflowJson, nodeName, nodeTypes, credentialsHelper, staticData = {} }) {
	const executor = Container.get(PollTriggerExecutor);
	let current; // { workflow, node, run } of the current activation
	const poller = {
		/** What n8n's database holds as the workflow's static data. */
		saved: JSON.parse(JSON.stringify(staticData)),
		/** The items of every execution the trigger started, one entry per execution. */
		executions: [],
		/** The errors n8n would record as failed executions (polls after the activation one). */
		reportedErrors: [],
		/**
		 * Activates the workflow (`activation`: 'activate' when a user switches it on, 'init'
		 * at n8n's start, 'update' when an active workflow is saved): a new Workflow from
		 * the saved static data, one PollContext, and the poll n8n runs at activation.
		 * An error there fails the activation (it is thrown, as n8n shows it to the user).
		 */
		async activate(activation = 'activate') {
			const workflow = workflowOf(workflowJson, nodeTypes, { active: true, staticData: JSON.parse(JSON.stringify(poller.saved)) });
			const node = workflow.getNode(nodeName);
			const save = () => {
				if (workflow.staticData.__dataChanged !== true) return;
				workflow.staticData.__dataChanged = false;
				poller.saved = JSON.parse(JSON.stringify(workflow.staticData));
			};
			const context = new PollContext(
				workflow,
				node,
				additionalDataFor({ credentialsHelper }),
				'trigger',
				activation,
				(data) => {
					save();
					poller.executions.push(data[0]);
				},
				(error) => poller.reportedErrors.push(error),
			);
			const run = executor.create(workflow, node, context, () => current?.workflow === workflow);
			current = { workflow, node, run, context };
			const before = poller.executions.length;
			await run(true);
			save();
			return poller.executions.slice(before);
		},
		/** A scheduled poll (a cron tick). Resolves with the items it emitted ([] for none); errors land in reportedErrors. */
		async tick() {
			if (!current) throw new Error('activate() first');
			const [executions, errors] = [poller.executions.length, poller.reportedErrors.length];
			await current.run(false);
			return { items: poller.executions.slice(executions).flat(), error: poller.reportedErrors[errors] };
		},
		/** n8n stops and starts again: the active workflow comes back with 'init' and the saved static data. */
		async restart() {
			current = undefined;
			return await poller.activate('init');
		},
		deactivate() {
			current = undefined;
		},
		/** The current Workflow object's static data (in memory, saved or not). */
		staticData: () => current?.workflow.staticData,
	};
	return poller;
}

module.exports = { createPoller };
