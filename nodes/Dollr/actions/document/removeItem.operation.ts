import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { requiredPositiveInteger } from '../../helpers/validation';
import { retriedAfterLostAnswer, type TransportSettings } from '../../transport';
import { toNodeError } from '../errors';
import type { DollrOperation } from '../types';
import { documentId, retrieveDocument, underStateRule } from './access';
import { itemIdField } from './fields';
import type { DocumentKind } from './kinds';
import { onDocument } from './onDocument';

/**
 * Remove Item: `DELETE …/{id}/items/{itemId}/remove`; retried like a GET. When
 * the first answer was lost and the retry is told "not found", the first attempt
 * most likely removed the line: if the document is there without it, the item is
 * done. Any other "not found" stays an error.
 */
export function operation(kind: DocumentKind): DollrOperation {
	return onDocument(kind, {
		name: 'Remove Item',
		value: 'removeItem',
		action: `Remove a line item from an ${kind.noun}`,
		description: `Remove a line item from a draft (IDLE) ${kind.noun}`,
		fields: [itemIdField(kind)],
		async run(itemIndex, ref, transport) {
			const itemId = requiredPositiveInteger('Item ID', this.getNodeParameter('itemId', itemIndex));
			const id = await documentId.call(this, itemIndex, kind, ref, transport);
			const request = { method: 'DELETE' as const, path: `/v1/${kind.path}/${id}/items/${itemId}/remove`, idempotent: true };
			// Dollr answers {}: say what was removed, so the output item means something.
			const removed = { deleted: true, id: itemId, [`${kind.noun}_id`]: id };
			try {
				return { ...(await underStateRule.call(this, itemIndex, kind, ref, 'edit', request, transport)), ...removed };
			} catch (error) {
				const gone =
					error instanceof NodeApiError &&
					error.httpCode === '404' &&
					retriedAfterLostAnswer(error) &&
					(await lineIsGone.call(this, itemIndex, kind, id, itemId, transport));
				if (gone) return { ...removed, removed_before_retry: true };
				throw toNodeError(this, error, itemIndex);
			}
		},
	});
}

/** Whether the document exists and holds no line with this ID. */
async function lineIsGone(
	this: IExecuteFunctions,
	itemIndex: number,
	kind: DocumentKind,
	id: number,
	itemId: number,
	transport: TransportSettings,
): Promise<boolean> {
	let document: IDataObject;
	try {
		document = await retrieveDocument.call(this, itemIndex, kind, { id }, transport);
	} catch {
		return false;
	}
	const items = document[kind.itemsKey];
	return Array.isArray(items) && !items.some((item) => Number((item as IDataObject).id) === itemId);
}
