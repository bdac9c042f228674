import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { buildItemBody } from '../../helpers/document-body';
import type { TransportSettings } from '../../transport';
import { documentLocator, documentRef } from '../locators';
import type { DollrOperation } from '../types';
import { retrieveDocument, underStateRule } from './access';
import type { DocumentKind } from './kinds';

/**
 * Add Item: `POST …/{id}/items/add`. Never resent once it may have reached
 * Dollr (a second one would add the line twice). An empty currency is the
 * document's, read with one GET (which also gives the ID in number mode).
 */
export function operation(kind: DocumentKind): DollrOperation {
	return {
		option: {
			name: 'Add Item',
			value: 'addItem',
			action: `Add a line item to an ${kind.noun}`,
			description: `Add a line item to a draft (IDLE) ${kind.noun}`,
		},
		properties: [
			documentLocator(kind),
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				required: true,
				placeholder: 'e.g. Consulting, November',
				description: 'What the payer is paying for',
			},
			{
				displayName: 'Qty',
				name: 'qty',
				type: 'number',
				typeOptions: { minValue: 1, numberPrecision: 0 },
				default: 1,
				required: true,
				description: 'How many units, a whole number of at least 1',
			},
			{
				displayName: 'Amount',
				name: 'amount',
				type: 'number',
				typeOptions: { minValue: 0.01, numberPrecision: 2 },
				default: 0,
				required: true,
				description: 'Unit price in major units (250 means 250.00), at least 0.01',
			},
			{
				displayName: 'Currency',
				name: 'currency',
				type: 'string',
				default: '',
				placeholder: 'e.g. USD',
				description: `Three-letter code of this line; leave empty to use the ${kind.noun}'s currency`,
			},
		],
		async execute(this: IExecuteFunctions, itemIndex: number, transport: TransportSettings): Promise<IDataObject> {
			const ref = documentRef(this, kind, itemIndex);
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
	};
}
