import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { forEachConcurrently } from '../helpers/pool';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, RateLimitGate } from '../transport';
import { checkout } from './checkout';
import { toNodeError } from './errors';
import { paymentSource } from './paymentSource';
import type { DollrOperation, DollrResource } from './types';

/** Every resource of the node. A new operation is one file plus one line in its resource's index. */
export const resources: DollrResource[] = [checkout, paymentSource];

function findOperation(resource: string, operation: string): DollrOperation | undefined {
	return resources
		.find(({ option }) => option.value === resource)
		?.operations.find(({ option }) => option.value === operation);
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
	const transport = {
		maxRetries: Number(options.maxRetries ?? DEFAULT_MAX_RETRIES),
		timeout: Number(options.timeout ?? DEFAULT_TIMEOUT_MS),
		gate: new RateLimitGate(),
	};
	const concurrency = Math.max(1, Math.floor(Number(options.concurrency ?? 1)));
	const continueOnFail = this.continueOnFail();

	const results: INodeExecutionData[] = new Array(items.length);
	await forEachConcurrently(items.length, concurrency, async (itemIndex) => {
		try {
			const json = await selected.execute.call(this, itemIndex, transport);
			results[itemIndex] = { json, pairedItem: { item: itemIndex } };
		} catch (error) {
			const nodeError = toNodeError(this, error, itemIndex);
			if (!continueOnFail) throw nodeError;
			const { message, description } = nodeError;
			// `error` on the item lets n8n route it to the error output when On Error says so.
			results[itemIndex] = {
				json: { error: message, ...(description ? { description } : {}) },
				error: nodeError,
				pairedItem: { item: itemIndex },
			};
		}
	});
	return [results];
}
