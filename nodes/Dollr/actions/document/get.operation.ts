import type { DollrOperation } from '../types';
import { retrieveDocument } from './access';
import type { DocumentKind } from './kinds';
import { onDocument } from './onDocument';

/** Get Invoice / Order: `retrieve/{id}` or `retrieve/number/{number}`, with its items and counterparty. */
export function operation(kind: DocumentKind): DollrOperation {
	return onDocument(kind, {
		name: 'Get',
		value: 'get',
		action: `Get an ${kind.noun}`,
		description: `Get an ${kind.noun} with its line items, status and counterparty`,
		async run(itemIndex, ref, transport) {
			return await retrieveDocument.call(this, itemIndex, kind, ref, transport);
		},
	});
}
