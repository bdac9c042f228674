import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, updateDisplayOptions } from 'n8n-workflow';

import { MONEY_RESOURCES } from './actions/money';
import { onExistingOption } from './actions/existing';
import { MAX_CONCURRENCY, resources, router } from './actions/router';
import { searchCounterparties, searchInvoices, searchOrders } from './methods/listSearch';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from './transport';

/** The Resource menu, then per resource its Operation menu and each operation's fields. */
function resourceProperties(): INodeProperties[] {
	const firstResource = String(resources[0].option.value);
	const properties: INodeProperties[] = [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: resources.map(({ option }) => option),
			default: firstResource,
		},
	];
	for (const { option: resource, operations } of resources) {
		const firstOperation = String(operations[0].option.value);
		properties.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource.value] } },
			options: operations.map(({ option }) => option),
			default: firstOperation,
		});
		for (const { option, properties: fields } of operations) {
			properties.push(
				...updateDisplayOptions({ show: { resource: [resource.value], operation: [option.value] } }, fields),
			);
		}
	}
	return properties;
}

/**
 * What the canvas shows under the node's name: "Create: Invoice", n8n's "operation: resource"
 * in the names the user picked. Not the action text: n8n names a node added from the panel
 * after its action ("Create an invoice"), so that would only repeat the name.
 */
function subtitle(): string {
	const names: Record<string, string> = {};
	for (const { option: resource, operations } of resources) {
		for (const { option } of operations) names[`${String(resource.value)}.${String(option.value)}`] = `${option.name}: ${resource.name}`;
	}
	return `={{ ${JSON.stringify(names)}[$parameter["resource"] + "." + $parameter["operation"]] }}`;
}

const options: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
			default: 1,
			description:
				'How many items to send to Dollr at once. Output order stays the same. Raise it for large batches.',
		},
		onExistingOption,
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10 },
			default: DEFAULT_MAX_RETRIES,
			description:
				'How often to retry a request Dollr refused with 429 (rate limit) or that could not connect; reads, updates, publish, cancel and item removal also after a 5xx or a timeout. Creates and added items that may have reached Dollr are never retried; a payment whose answer was lost is looked up by its Reference ID instead (this many times plus one).',
		},
		{
			displayName: 'Timeout',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_TIMEOUT_MS,
			description: 'How many milliseconds to wait for Dollr to answer',
		},
		{
			displayName: 'Wait for Result',
			name: 'waitForResult',
			type: 'boolean',
			default: false,
			displayOptions: { show: { '/resource': MONEY_RESOURCES, '/operation': ['create'] } },
			description:
				'Whether to ask Dollr for the status until it is COMPLETED or FAILED (FAILED then fails the item). Off, the output is the status Dollr gave at once (mobile money may stay PROCESSING for minutes).',
		},
		{
			displayName: 'Wait Timeout',
			name: 'waitTimeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 120,
			displayOptions: { show: { '/resource': MONEY_RESOURCES, '/operation': ['create'], waitForResult: [true] } },
			description: 'How many seconds Wait for Result waits at most; then the last status is the output, with a note',
		},
	],
};

export class Dollr implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dollr',
		name: 'dollr',
		icon: { light: 'file:dollr.svg', dark: 'file:dollr.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: subtitle(),
		description:
			'Get paid and pay with Dollr: payment links, invoices and orders, mobile-money payment requests, payouts, transfers and refunds (each at most once per Reference ID)',
		defaults: { name: 'Dollr' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: 'dollrApi', required: true }],
		properties: [...resourceProperties(), options],
	};

	methods = {
		listSearch: { searchCounterparties, searchInvoices, searchOrders },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
