import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { OPERATION_TYPES } from '../../helpers/money-values';
import { nodeParameter } from '../../helpers/parameters';
import { requiredPositiveInteger } from '../../helpers/validation';
import type { TransportSettings } from '../../transport';
import { toNodeError } from '../errors';
import { createAccount, readStandaloneAccount } from '../money/accounts';
import { countryCodeField, methodField, providerField } from '../money/fields';
import { apiOptions } from '../options';

export const option = {
	name: 'Create',
	value: 'create',
	action: 'Create a payment account',
	description:
		"Register a party's wallet (method and provider) for collections or payouts, to reuse its ID in Request Payment or Send a Payout",
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation Type',
		name: 'operationType',
		type: 'options',
		options: apiOptions(OPERATION_TYPES),
		default: 'PAYOUT',
		required: true,
		description: 'What the account is for: collecting from the party, or paying out to it',
	},
	{
		displayName: 'Party ID',
		name: 'partyId',
		type: 'number',
		default: 0,
		required: true,
		description: 'The party (person) the account belongs to',
	},
	methodField(true),
	{
		displayName: 'Account Number',
		name: 'accountNumber',
		type: 'string',
		default: '',
		placeholder: 'e.g. 231771234567',
		description:
			'The wallet: for mobile money (and Auto) the phone number in international format without +; empty for a card',
	},
	{
		displayName: 'Account Name',
		name: 'accountName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Amara MTN Wallet',
		description: 'A label for the account in Dollr',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [countryCodeField, providerField],
	},
];

/** Creates one account per item, as asked (no cache: Request Payment and Send a Payout share theirs within a run). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	transport: TransportSettings,
): Promise<IDataObject> {
	const parameter = (name: string, fallback?: unknown) => nodeParameter(this, name, itemIndex, fallback);
	let request;
	try {
		request = readStandaloneAccount({
			...(parameter('additionalFields', {}) as IDataObject),
			operationType: parameter('operationType') as string,
			partyId: requiredPositiveInteger('Party ID', parameter('partyId')),
			method: parameter('method') as string,
			accountNumber: parameter('accountNumber', '') as string,
			accountName: parameter('accountName', '') as string,
		});
	} catch (error) {
		throw toNodeError(this, error, itemIndex);
	}
	return await createAccount.call(this, itemIndex, request, transport);
}
