import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { sourceTypeField } from '../Dollr/actions/paymentSource/fields';
import { FieldError } from '../Dollr/helpers/validation';
import {
	DEFAULT_MAX_RETRIES,
	DEFAULT_TIMEOUT_MS,
	dollrApiRequestList,
	dollrError,
	keepMessage,
	RateLimitGate,
	type TransportSettings,
} from '../Dollr/transport';
import {
	compareList,
	latest,
	LIST_PATH,
	MissingIdError,
	type SourceType,
	parseWatches,
	type Watch,
} from './watch';

const TYPE_LABEL: Record<SourceType, string> = { INVOICE: 'invoice', ORDER: 'order' };

/** What the canvas shows under the trigger's name for each status it watches. */
const STATUS_SUBTITLES: Record<string, string> = {
	ACTIVE: 'When published',
	CANCELED: 'When canceled',
	PAID: 'When paid',
	PROCESSING: 'When a payer starts paying',
};

/**
 * The poll contexts that have already polled once. n8n builds one context per
 * activation and polls with it on every tick, so the first poll of a context
 * whose activation mode is 'activate' is the poll at activation: the moment the
 * user switched the workflow on, when documents already in the status must not fire.
 * A restart ('init'), a saved change ('update') or a new leader keep the state.
 */
const contextsPolled = new WeakSet<object>();

function isActivationPoll(context: IPollFunctions): boolean {
	const mode = context.getActivationMode();
	return (mode === 'activate' || mode === 'create') && !contextsPolled.has(context);
}

/**
 * What n8n shows for a failed poll: the node's own errors as they are, a broken
 * field rule with its hint, a document without an ID as Dollr's answer problem.
 */
function pollError(context: IPollFunctions, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof FieldError) {
		return keepMessage(new NodeOperationError(context.getNode(), error.message, { description: error.hint }), error.message);
	}
	if (error instanceof MissingIdError) {
		return dollrError(context, {
			message: `Dollr listed ${TYPE_LABEL[error.type]} ${error.position + 1} without a whole-number id (got ${JSON.stringify(error.value) ?? 'nothing'})`,
			description:
				"Dollr documents integer IDs on invoices and orders. A proxy or gateway in front of the Base URL may have changed the answer; check the credential's Base URL. Nothing was recorded, so the next poll tries again.",
			itemIndex: undefined,
		});
	}
	return new NodeOperationError(context.getNode(), error as Error);
}

function transportSettings(context: IPollFunctions): TransportSettings {
	// n8n 2.x tells how long a poll may take (1.x has no such hook): keep each request well inside it.
	const budget = typeof context.getPollBudgetMs === 'function' ? context.getPollBudgetMs() : undefined;
	const timeout = budget && budget > 0 ? Math.min(DEFAULT_TIMEOUT_MS, Math.max(1_000, Math.floor(budget / 4))) : DEFAULT_TIMEOUT_MS;
	return { maxRetries: DEFAULT_MAX_RETRIES, timeout, gate: new RateLimitGate() };
}

function describeWatch(watches: Watch[]): string {
	const kinds = watches.map(({ type }) => TYPE_LABEL[type]).join(' or ');
	const { status, currency: code } = watches[0];
	return `${kinds} with status ${status}${code ? ` in ${code}` : ''}`;
}

/** One poll: read the lists, then either show the latest (manual) or emit what is new. */
async function pollOnce(context: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const filters = context.getNodeParameter('filters', {}) as IDataObject;
	const watches = parseWatches(
		context.getNodeParameter('sourceTypes', []),
		context.getNodeParameter('status', 'PAID'),
		filters.currency,
	);
	const settings = transportSettings(context);
	const lists: unknown[][] = [];
	for (const watch of watches) {
		const qs: IDataObject = { status: watch.status, ...(watch.currency ? { currency: watch.currency } : {}) };
		const request = { method: 'GET' as const, path: LIST_PATH[watch.type], qs, idempotent: true };
		lists.push(await dollrApiRequestList.call(context, undefined, request, settings));
	}
	// With both types watched, items say which one they are (Dollr's own fields win).
	const item = (document: IDataObject, type: SourceType): INodeExecutionData => ({
		json: watches.length > 1 && !('source_type' in document) ? { ...document, source_type: type } : document,
	});

	if (context.getMode() === 'manual') {
		// "Fetch Test Event": the latest document of each type, to map fields with; no state is read or changed.
		const items = watches.flatMap((watch, i) => {
			const document = latest(watch.type, lists[i]);
			return document ? [item(document, watch.type)] : [];
		});
		if (items.length === 0) {
			throw new NodeOperationError(context.getNode(), `Dollr has no ${describeWatch(watches)} yet, so there is nothing to show`, {
				description:
					'Create one in Dollr (a test invoice or order, paid or moved to the status), or choose another Trigger On status or widen the Filters, then fetch again. Once the workflow is active, documents that reach the status from then on start it.',
			});
		}
		return [items];
	}

	const staticData = context.getWorkflowStaticData('node');
	const startOver = isActivationPoll(context);
	// Every list is compared before anything is saved: a poll that fails leaves all the state as it was.
	const comparisons = watches.map((watch, i) => compareList(watch, staticData[watch.type], lists[i], startOver));
	contextsPolled.add(context);
	comparisons.forEach(({ next }, i) => {
		if (next) staticData[watches[i].type] = next as unknown as IDataObject;
	});
	const items = comparisons.flatMap(({ fresh }, i) => fresh.map((document) => item(document, watches[i].type)));
	return items.length > 0 ? [items] : null;
}

export class DollrTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dollr Trigger',
		name: 'dollrTrigger',
		icon: { light: 'file:dollrTrigger.svg', dark: 'file:dollrTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: `={{ ${JSON.stringify(STATUS_SUBTITLES)}[$parameter["status"]] }}`,
		// n8n's node panel shows the Dollr node and this trigger as one "Dollr" entry, with this
		// description (its editor takes the trigger's), also when the user is adding an action: so
		// it says what the whole package does, ending with what the trigger does.
		description:
			'Get paid with Dollr: payment links, invoices, mobile money and payouts; the trigger starts a workflow when an invoice or order is paid',
		defaults: { name: 'Dollr Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dollrApi', required: true }],
		properties: [
			{
				displayName: 'Source Types',
				name: 'sourceTypes',
				type: 'multiOptions',
				options: sourceTypeField.options,
				default: ['INVOICE', 'ORDER'],
				required: true,
				description:
					'Which Dollr documents to watch. With both, each output item gets a source_type field (INVOICE or ORDER).',
			},
			{
				// "Trigger On" (not "Status"): n8n's node panel lists the options of a trigger field
				// with this label as the trigger's events, each under its `action` text.
				displayName: 'Trigger On',
				name: 'status',
				type: 'options',
				options: [
					{
						name: 'Active',
						value: 'ACTIVE',
						action: 'When an invoice or order is published',
						description: 'Published, waiting for payment',
					},
					{ name: 'Canceled', value: 'CANCELED', action: 'When an invoice or order is canceled' },
					{
						name: 'Paid',
						value: 'PAID',
						action: 'When an invoice or order is paid',
						description: 'Payment confirmed by Dollr (final)',
					},
					{
						name: 'Processing',
						value: 'PROCESSING',
						action: 'When a payer starts paying',
						description: 'The payer started paying',
					},
				],
				default: 'PAID',
				description:
					'Start the workflow once for each document that reaches this status. Documents already in it when the workflow is activated do not start it.',
			},
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				options: [
					{
						displayName: 'Currency',
						name: 'currency',
						type: 'string',
						default: '',
						placeholder: 'e.g. USD',
						description: 'Only documents in this currency (ISO 4217, e.g. USD, LRD, RWF)',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		try {
			return await pollOnce(this);
		} catch (error) {
			throw pollError(this, error);
		}
	}
}
