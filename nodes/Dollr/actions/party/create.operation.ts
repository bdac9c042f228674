import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { buildPartyBody } from '../../helpers/document-body';
import { dollrApiRequest, type TransportSettings } from '../../transport';
import { alreadyInDollr, createOnce, type ExistingList, readOnExisting } from '../existing';
import { phoneField } from '../fields';

export const option = {
	name: 'Create',
	value: 'create',
	action: 'Create a party',
	description: 'Create a party: a contact (person or business) with a phone number',
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Full Name',
		name: 'fullname',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Amara Kamara',
		description: "The party's full name",
	},
	phoneField('phone', 'Phone', "The party's"),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Country Code',
				name: 'countryCode',
				type: 'string',
				default: '',
				placeholder: 'e.g. LR',
				description: 'Two-letter ISO 3166-1 country code, e.g. LR for Liberia',
			},
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'e.g. name@email.com',
				default: '',
				description: "The party's email address",
			},
		],
	},
];

/** The parties list, keyed by phone: digits only, so +231 77-123 4567 and 231771234567 are one. */
const PARTIES: ExistingList = {
	path: '/v1/parties/list',
	keyOf: (entry) => String(entry.phone ?? '').replace(/\D/g, '') || undefined,
};

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	transport: TransportSettings,
): Promise<IDataObject> {
	const body = buildPartyBody({
		fullname: this.getNodeParameter('fullname', itemIndex, ''),
		phone: this.getNodeParameter('phone', itemIndex, ''),
		additionalFields: this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject,
	});
	const phone = String(body.phone);
	return await createOnce(this, itemIndex, transport, {
		onExisting: readOnExisting(this, itemIndex),
		list: PARTIES,
		key: phone,
		keyField: 'Phone',
		keyHint: 'Enter the phone number.',
		create: async (remember) => {
			const party = await dollrApiRequest.call(
				this,
				itemIndex,
				{ method: 'POST', path: '/v1/parties/create', body, idempotent: false, creates: 'party' },
				transport,
			);
			remember({ phone, ...party });
			return party;
		},
		exists: (entry) =>
			alreadyInDollr(this, itemIndex, {
				what: `party '${String(entry.fullname)}' (ID ${String(entry.id)})`,
				key: `phone ${phone}`,
				next: `Use party ID ${String(entry.id)} (e.g. in Counterparty › Create), or run again with If Already in Dollr set to Reuse It to output it.`,
				entry,
			}),
		// The list's entry is the party as Dollr answers it.
		reuse: async (entry) => await Promise.resolve(entry),
	});
}
