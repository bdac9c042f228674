import type { IExecuteFunctions } from 'n8n-workflow';
import { ExecutionBaseError, NodeOperationError } from 'n8n-workflow';

import { FieldError } from '../helpers/validation';

/**
 * What n8n shows for an item that failed: a broken input rule becomes a
 * NodeOperationError naming the field and the item with a hint; n8n's own
 * errors (NodeApiError from the transport, expression errors) pass unchanged;
 * anything unexpected is wrapped so that it still carries the item index.
 */
export function toNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): ExecutionBaseError {
	if (error instanceof FieldError) {
		return new NodeOperationError(context.getNode(), `${error.message} [item ${itemIndex}]`, {
			description: error.hint,
			itemIndex,
		});
	}
	if (error instanceof ExecutionBaseError) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}
