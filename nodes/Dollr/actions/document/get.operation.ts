import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { TransportSettings } from '../../transport';
import { documentLocator, documentRef } from '../locators';
import type { DollrOperation } from '../types';
import { retrieveDocument } from './access';
import type { DocumentKind } from './kinds';

/** Get Invoice / Order: `retrieve/{id}` or `retrieve/number/{number}`, with its items and counterparty. */
export function operation(kind: DocumentKind): DollrOperation {
	return {
		option: {
			name: 'Get',
			value: 'get',
			action: `Get an ${kind.noun}`,
			description: `Get an ${kind.noun} with its line items, status and counterparty`,
		},
		properties: [documentLocator(kind)],
		async execute(this: IExecuteFunctions, itemIndex: number, transport: TransportSettings): Promise<IDataObject> {
			const ref = documentRef(this, kind, itemIndex);
			return await retrieveDocument.call(this, itemIndex, kind, ref, transport);
		},
	};
}
