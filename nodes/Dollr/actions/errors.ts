import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { FieldError } from '../helpers/validation';

/** A broken input rule, as n8n shows it: the field and the item, and how to fix it. */
export function toFieldNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (!(error instanceof FieldError)) return error as Error;
	return new NodeOperationError(context.getNode(), `${error.message} [item ${itemIndex}]`, {
		description: error.hint,
		itemIndex,
	});
}
