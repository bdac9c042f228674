import type { IDataObject } from 'n8n-workflow';

import { buildItemBody } from '../../helpers/document-body';
import { lineFields } from '../fields';
import type { DollrOperation } from '../types';
import { retrieveDocument, underStateRule } from './access';
import type { DocumentKind } from './kinds';
import { onDocument } from './onDocument';

/**
 * Add Item: `POST …/{id}/items/add`. Never resent once it may have reached
 * Dollr (a second one would add the line twice). An empty currency is the
 * document's, read with one GET (which also gives the ID in number mode).
 */
export function operation(kind: DocumentKind): DollrOperation {
	return onDocument(kind, {
		name: 'Add Item',
		value: 'addItem',
		action: `Add a line item to an ${kind.noun}`,
		description: `Add a line item to a draft (IDLE) ${kind.noun}`,
		fields: [lineFields.name(true), lineFields.qty(true), lineFields.amount(true, true), lineFields.currency(kind.noun)],
		async run(itemIndex, ref, transport) {
			const fields = Object.fromEntries(
				['name', 'qty', 'amount', 'currency'].map((name) => [name, this.getNodeParameter(name, itemIndex, '')]),
			) as IDataObject;
			const body = buildItemBody(fields, '');
			let id = 'id' in ref ? ref.id : undefined;
			if (body.currency === '' || id === undefined) {
				const document = await retrieveDocument.call(this, itemIndex, kind, ref, transport);
				id = Number(document.id);
				body.currency = body.currency || String(document.currency ?? '');
			}
			const request = {
				method: 'POST' as const,
				path: `/v1/${kind.path}/${id}/items/add`,
				body,
				idempotent: false,
				creates: 'line item',
				lookup: `Check the ${kind.noun}'s lines with Get`,
			};
			return await underStateRule.call(this, itemIndex, kind, ref, 'edit', request, transport);
		},
	});
}
