import type { IDataObject } from 'n8n-workflow';

import { buildItemUpdateBody } from '../../helpers/document-body';
import { requiredPositiveInteger } from '../../helpers/validation';
import { lineFields } from '../fields';
import type { DollrOperation } from '../types';
import { documentId, underStateRule } from './access';
import { itemIdField } from './fields';
import type { DocumentKind } from './kinds';
import { onDocument } from './onDocument';

/** Update Item: `PUT …/{id}/items/{itemId}/update` with the set fields; retried like a GET. */
export function operation(kind: DocumentKind): DollrOperation {
	return onDocument(kind, {
		name: 'Update Item',
		value: 'updateItem',
		action: `Update a line item of an ${kind.noun}`,
		description: `Change a line item of a draft (IDLE) ${kind.noun}`,
		fields: [
			itemIdField(kind),
			{
				displayName: 'Update Fields',
				name: 'updateFields',
				type: 'collection',
				placeholder: 'Add Field',
				default: {},
				options: [lineFields.amount(true), lineFields.name(), lineFields.qty()],
			},
		],
		async run(itemIndex, ref, transport) {
			const itemId = requiredPositiveInteger('Item ID', this.getNodeParameter('itemId', itemIndex));
			const body = buildItemUpdateBody(this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject);
			const id = await documentId.call(this, itemIndex, kind, ref, transport);
			const request = { method: 'PUT' as const, path: `/v1/${kind.path}/${id}/items/${itemId}/update`, body, idempotent: true };
			return await underStateRule.call(this, itemIndex, kind, ref, 'edit', request, transport);
		},
	});
}
