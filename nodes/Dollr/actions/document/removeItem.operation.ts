import { requiredPositiveInteger } from '../../helpers/validation';
import type { DollrOperation } from '../types';
import { documentId, underStateRule } from './access';
import { itemIdField } from './fields';
import type { DocumentKind } from './kinds';
import { onDocument } from './onDocument';

/** Remove Item: `DELETE …/{id}/items/{itemId}/remove`; retried like a GET. */
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
			const answer = await underStateRule.call(this, itemIndex, kind, ref, 'edit', request, transport);
			// Dollr answers {}: say what was removed, so the output item means something.
			return { ...answer, deleted: true, id: itemId, [`${kind.noun}_id`]: id };
		},
	});
}
