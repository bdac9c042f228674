import type { IDataObject } from 'n8n-workflow';

import { buildDocumentUpdateBody } from '../../helpers/document-body';
import type { DollrOperation } from '../types';
import { documentId, underStateRule } from './access';
import { dueDateFields, feeBearerField, noteField, referenceIdField } from './fields';
import type { DocumentKind } from './kinds';
import { onDocument } from './onDocument';

/** Update Invoice / Order: `PUT …/update/{id}` with the set fields; only drafts (IDLE) take it. */
export function operation(kind: DocumentKind): DollrOperation {
	return onDocument(kind, {
		name: 'Update',
		value: 'update',
		action: `Update an ${kind.noun}`,
		description: `Change the note, fee bearer or reference of a draft ${kind.noun}`,
		fields: [
			{
				displayName: 'Update Fields',
				name: 'updateFields',
				type: 'collection',
				placeholder: 'Add Field',
				default: {},
				options: [...dueDateFields(kind), feeBearerField(kind, false), noteField(kind, false), referenceIdField(kind)],
			},
		],
		async run(itemIndex, ref, transport) {
			const updateFields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
			const body = buildDocumentUpdateBody(updateFields, kind.hasDueDate, this.getTimezone());
			const id = await documentId.call(this, itemIndex, kind, ref, transport);
			// Setting the same fields again changes nothing: retried like a GET.
			const request = { method: 'PUT' as const, path: `/v1/${kind.path}/update/${id}`, body, idempotent: true };
			return await underStateRule.call(this, itemIndex, kind, ref, 'edit', request, transport);
		},
	});
}
