import type { INodeProperties } from 'n8n-workflow';

import { PARTY_RELATIONSHIPS } from '../../helpers/checkout-body';
import { apiOptions } from '../options';

/** Relationship Type: Dollr's 12 values; on Create required, elsewhere optional (a filter, an update). */
export function relationshipTypeField(required: boolean): INodeProperties {
	return {
		displayName: 'Relationship Type',
		name: 'relationshipType',
		type: 'options',
		options: apiOptions(PARTY_RELATIONSHIPS),
		default: 'CUSTOMER',
		...(required ? { required: true } : {}),
		description: 'How the party relates to your business',
	};
}

export const partyIdField: INodeProperties = {
	displayName: 'Party ID',
	name: 'partyId',
	type: 'number',
	default: 0,
	description: "The ID of the party to link, e.g. the ID from Create Party, mapped with an expression. Dollr advises always setting it.",
};
