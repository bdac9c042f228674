import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { buildCounterpartyBody } from '../../helpers/document-body';
import { dollrApiRequest, type TransportSettings } from '../../transport';
import { alreadyInDollr, createOnce, type ExistingList, readOnExisting } from '../existing';
import { partyIdField, relationshipTypeField } from './fields';

export const option = {
	name: 'Create',
	value: 'create',
	action: 'Create a counterparty',
	description: 'Link a party to your business with a relationship type, to bill it',
};

export const properties: INodeProperties[] = [
	relationshipTypeField(true),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [partyIdField],
	},
];

/** `42:CUSTOMER`: a counterparty's party and relationship type. */
const linkKey = (partyId: unknown, relationship: unknown) =>
	partyId === undefined || partyId === null || relationship === undefined || relationship === null
		? undefined
		: `${String(partyId)}:${String(relationship)}`;

/** The counterparties list, keyed by party and relationship type (a list entry may embed its party instead). */
const COUNTERPARTIES: ExistingList = {
	path: '/v1/counterparties/list',
	keyOf: (entry) => linkKey(entry.party_id ?? (entry.party as IDataObject | null | undefined)?.id, entry.relationship_type),
};

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	transport: TransportSettings,
): Promise<IDataObject> {
	const body = buildCounterpartyBody(
		this.getNodeParameter('relationshipType', itemIndex, ''),
		this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject,
	);
	const key = linkKey(body.party_id, body.relationship_type);
	return await createOnce(this, itemIndex, transport, {
		onExisting: readOnExisting(this, itemIndex),
		list: COUNTERPARTIES,
		key,
		keyField: 'Additional Fields › Party ID',
		keyHint: 'Set the Party ID (e.g. the ID from Party › Create): a counterparty is found by its party and relationship type.',
		create: async (remember) => {
			const counterparty = await dollrApiRequest.call(
				this,
				itemIndex,
				{ method: 'POST', path: '/v1/counterparties/create', body, idempotent: false, creates: 'counterparty' },
				transport,
			);
			remember({ ...body, ...counterparty });
			return counterparty;
		},
		exists: (entry) =>
			alreadyInDollr(this, itemIndex, {
				what: `counterparty ID ${String(entry.id)}`,
				key: `party ID ${String(body.party_id)} and relationship type ${String(body.relationship_type)}`,
				next: `Use counterparty ID ${String(entry.id)} (e.g. in Invoice › Create), or run again with If Already in Dollr set to Reuse It to output it.`,
				entry,
			}),
		reuse: async (entry) => await Promise.resolve(entry),
	});
}
