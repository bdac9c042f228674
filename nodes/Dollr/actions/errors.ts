import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { FieldError } from '../helpers/validation';
import { keepMessage } from '../transport';

/**
 * What n8n shows for an item that failed: a broken input rule becomes a
 * NodeOperationError naming the field and the item with a hint; the node's
 * errors (NodeApiError from the transport) pass unchanged; anything else (an
 * expression error, something unexpected) is wrapped with the item index.
 */
export function toNodeError(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof FieldError) {
		const message = `${error.message} [item ${itemIndex}]`;
		return keepMessage(new NodeOperationError(context.getNode(), message, { description: error.hint, itemIndex }), message);
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

