import type { IExecuteFunctions, INodeProperties, INodePropertyMode } from 'n8n-workflow';

import { FieldError, requiredPositiveInteger, text } from '../helpers/validation';
import type { DocumentKind } from './document/kinds';

/** Which invoice or order: by its numeric ID (From List gives the ID too) or by its number. */
export type DocumentRef = { id: number } | { number: string };

/** The From List mode's search (in the node's methods.listSearch). */
function searchList(searchListMethod: string): INodePropertyMode['typeOptions'] {
	return { searchListMethod, searchable: true };
}

/** The By ID mode takes digits only. */
function idValidation(what: string): INodePropertyMode['validation'] {
	return [
		{
			type: 'regex',
			properties: { regex: '^\\s*[0-9]+\\s*$', errorMessage: `Not a valid ${what} ID: use the numeric ID, e.g. 42` },
		},
	];
}

/** `invoiceId` / `orderId`: From List, By ID, By Number. */
export function documentLocator(kind: DocumentKind): INodeProperties {
	return {
		displayName: kind.label,
		name: kind.idParameter,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: `The ${kind.noun}: pick it from the list, or give its ID or its number (e.g. ${kind.numberExample})`,
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: searchList(kind.searchMethod) },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. 42', validation: idValidation(kind.noun) },
			{
				displayName: 'By Number',
				name: 'number',
				type: 'string',
				placeholder: `e.g. ${kind.numberExample}`,
			},
		],
	};
}

/** `counterpartyId`: From List (searching by the party's name) or By ID. */
export const counterpartyLocator: INodeProperties = {
	displayName: 'Counterparty',
	name: 'counterpartyId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The counterparty (a party linked to your business): pick it by name, or give its ID',
	modes: [
		{ displayName: 'From List', name: 'list', type: 'list', typeOptions: searchList('searchCounterparties') },
		{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. 15', validation: idValidation('counterparty') },
	],
};

/**
 * A resource locator's mode and value. An expression (or an AI tool) may set the
 * whole parameter to a plain value: a number then counts as an ID, text as a number.
 */
function readLocator(context: IExecuteFunctions, name: string, itemIndex: number): { mode: string; value: unknown } {
	const raw = context.getNodeParameter(name, itemIndex, '') as unknown;
	if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && 'mode' in raw) {
		const { mode, value } = raw as { mode: string; value: unknown };
		return { mode, value };
	}
	return { mode: /^\s*\d+\s*$/.test(String(raw)) ? 'id' : 'number', value: raw };
}

export function documentRef(context: IExecuteFunctions, kind: DocumentKind, itemIndex: number): DocumentRef {
	const { mode, value } = readLocator(context, kind.idParameter, itemIndex);
	if (mode === 'number') {
		const number = text(`${kind.label} (By Number)`, value, true) as string;
		if (/\s|\//.test(number)) {
			throw new FieldError(
				`${kind.label} (By Number)`,
				`must be one ${kind.noun} number without spaces or '/', got '${number}'`,
				`Use the number Dollr gave the ${kind.noun}, e.g. ${kind.numberExample}.`,
			);
		}
		return { number };
	}
	return { id: requiredPositiveInteger(`${kind.label} (${mode === 'list' ? 'From List' : 'By ID'})`, value) };
}

export function counterpartyId(context: IExecuteFunctions, itemIndex: number): number {
	const { mode, value } = readLocator(context, 'counterpartyId', itemIndex);
	return requiredPositiveInteger(`Counterparty (${mode === 'list' ? 'From List' : 'By ID'})`, value);
}
