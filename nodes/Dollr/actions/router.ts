import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { forEachConcurrently } from '../helpers/pool';
import { type FieldError, wholeNumberOption } from '../helpers/validation';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, RateLimitGate } from '../transport';
import { checkout } from './checkout';
import { counterparty } from './counterparty';
import { invoice, order } from './document';
import { toNodeError } from './errors';
import { merchant } from './merchant';
import { collection, payout, refund, transfer } from './money';
import { party } from './party';
import { paymentAccount } from './paymentAccount';
import { paymentSource } from './paymentSource';
import { pricing } from './pricing';
import type { DollrOperation, DollrResource } from './types';

/** The most items in flight at once that the Concurrency option allows. */
export const MAX_CONCURRENCY = 64;

/** Every resource of the node. A new operation is one file plus one line in its resource's index. */
export const resources: DollrResource[] = [
	checkout,
	paymentSource,
	party,
	counterparty,
	invoice,
	order,
	collection,
	payout,
	transfer,
	refund,
	paymentAccount,
	pricing,
	merchant,
];

function findOperation(resource: string, operation: string): DollrOperation | undefined {
	return resources
		.find(({ option }) => option.value === resource)
		?.operations.find(({ option }) => option.value === operation);
}

/**
 * Reads one of the node's options. An expression can return anything: a bad
 * value stops the run with a clear message instead of turning into NaN (NaN
 * lanes would run no item at all).
 */
function readOption(
	context: IExecuteFunctions,
	options: IDataObject,
	name: string,
	label: string,
	fallback: number,
	[min, max]: [number, number],
): number {
	try {
		return wholeNumberOption(label, options[name], min, max) ?? fallback;
	} catch (error) {
		const { message, hint } = error as FieldError;
		throw new NodeOperationError(context.getNode(), message, { description: hint });
	}
}

/** Runs the chosen operation for every input item: one output item per input, in order, paired. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const selected = findOperation(resource, operation);
	if (!selected) {
		throw new NodeOperationError(this.getNode(), `The operation '${operation}' of '${resource}' is not supported`);
	}
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	// Limits as in the Options fields of Dollr.node.ts.
	const transport = {
		maxRetries: readOption(this, options, 'maxRetries', 'Max Retries', DEFAULT_MAX_RETRIES, [0, 10]),
		timeout: readOption(this, options, 'timeout', 'Timeout', DEFAULT_TIMEOUT_MS, [1, Number.MAX_SAFE_INTEGER]),
		gate: new RateLimitGate(),
	};
	const concurrency = readOption(this, options, 'concurrency', 'Concurrency', 1, [1, MAX_CONCURRENCY]);
	const continueOnFail = this.continueOnFail();

	// Per input item its output items (Get Many gives one per element), flattened in order at the end.
	const results: INodeExecutionData[][] = new Array(items.length);
	const runItem = async (itemIndex: number) => {
		const pairedItem = { item: itemIndex };
		try {
			const output = await selected.execute.call(this, itemIndex, transport);
			results[itemIndex] = (Array.isArray(output) ? output : [output]).map((json) => ({ json, pairedItem }));
		} catch (error) {
			const nodeError = toNodeError(this, error, itemIndex);
			if (!continueOnFail) throw nodeError;
			// n8n keeps `json` to { error } and the whole error (with its description) on
			// the item, which also lets it route the item to the error output.
			results[itemIndex] = [{ json: { error: nodeError.message }, error: nodeError, pairedItem }];
		}
	};
	if (items.length === 0) return [[]];
	// The first item goes alone: a run that starts without a token (a new credential)
	// then fetches one, which the other lanes reuse, instead of one per lane.
	await runItem(0);
	await forEachConcurrently(items.length - 1, concurrency, async (index) => await runItem(index + 1));
	return [results.flat()];
}
