import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	AUTO_METHOD,
	DEFAULT_PROVIDER,
	METHOD_COUNTRY,
	MOMO_METHODS,
	type OperationType,
	PAYMENT_METHODS,
	PROVIDERS,
} from '../../helpers/money-values';
import { countryCode, oneOf, phone, text } from '../../helpers/validation';
import { dollrApiRequest, dollrError, type TransportSettings } from '../../transport';
import { toNodeError } from '../errors';

/** A payment account to create (validated): for whom, which wallet, which method. */
export interface AccountRequest {
	operationType: OperationType;
	/** The party, or the invoice / order whose counterparty's party it is (one GET). */
	partyId?: number;
	partyFromDocument?: { sourceType: string; sourceId: number };
	/** The phone (`insensitive_account_number`); none for a card account. */
	phone?: string;
	/** `auto` or a method. */
	method: string;
	provider?: string;
	accountName?: string;
	countryCode?: string;
}

/** The Method field: `auto` (any case) or one of `allowed`. */
export function readMethod(value: unknown, allowed: readonly string[]): string {
	const typed = text('Method', value, true) as string;
	return typed.toLowerCase() === AUTO_METHOD ? AUTO_METHOD : (oneOf('Method', typed, [...allowed], true) as string);
}

/** Validates the account fields of a collection or payout (phone, method, provider, name, country). */
export function readAccountFields(
	fields: Record<string, unknown> & { operationType: OperationType; phone: unknown; phoneField: string; method: unknown },
	party: { partyId: number } | { partyFromDocument: { sourceType: string; sourceId: number } },
): AccountRequest {
	return {
		operationType: fields.operationType,
		...party,
		phone: phone(fields.phoneField, fields.phone),
		method: readMethod(fields.method, MOMO_METHODS),
		provider: oneOf('Provider', fields.provider, PROVIDERS, false),
		accountName: text('Account Name', fields.accountName, false),
		countryCode: countryCode('Country Code', fields.countryCode),
	};
}

/** Payment Account › Create's fields, validated: an account number is needed for Auto and mobile money. */
export function readStandaloneAccount(fields: IDataObject & { partyId: number }): AccountRequest {
	const method = readMethod(fields.method, PAYMENT_METHODS);
	const mobile = method === AUTO_METHOD || (MOMO_METHODS as readonly string[]).includes(method);
	const number = mobile ? phone('Account Number', fields.accountNumber) : text('Account Number', fields.accountNumber, false);
	const operationType = oneOf('Operation Type', fields.operationType, ['COLLECTION', 'PAYOUT', 'TRANSFER', 'REFUND'], true) as OperationType;
	return {
		operationType,
		partyId: fields.partyId,
		phone: number,
		method,
		provider: oneOf('Provider', fields.provider, PROVIDERS, false),
		accountName: text('Account Name', fields.accountName, true),
		countryCode: countryCode('Country Code', fields.countryCode),
	};
}

/** The party of the invoice's / order's counterparty: one GET of the document. */
async function partyOfDocument(
	this: IExecuteFunctions,
	itemIndex: number,
	{ sourceType, sourceId }: { sourceType: string; sourceId: number },
	transport: TransportSettings,
): Promise<number> {
	const path = `/v1/${sourceType === 'ORDER' ? 'orders' : 'invoices'}/retrieve/${sourceId}`;
	const document = await dollrApiRequest.call(this, itemIndex, { method: 'GET', path, idempotent: true }, transport);
	const counterparty = (document.counterparty ?? {}) as IDataObject;
	const party = Number(counterparty.party_id ?? (counterparty.party as IDataObject | undefined)?.id);
	if (!Number.isSafeInteger(party) || party < 1) {
		throw dollrError(this, {
			message: `The ${sourceType.toLowerCase()} ${sourceId} has no counterparty with a party, so the node does not know whose account to create [item ${itemIndex}]`,
			description: "Set Additional Fields › Party ID to the payer's party, or Payment Account ID to reuse an account.",
			itemIndex,
		});
	}
	return party;
}

/** `predictions/mmo-provider-info`: the method and provider of the phone's operator. */
async function lookUpOperator(
	this: IExecuteFunctions,
	itemIndex: number,
	phoneNumber: string,
	operationType: OperationType,
	transport: TransportSettings,
): Promise<{ method: string; provider?: string }> {
	const answer = await dollrApiRequest.call(
		this,
		itemIndex,
		{
			method: 'GET',
			path: '/v1/predictions/mmo-provider-info',
			qs: { phone: phoneNumber, operation_type: operationType },
			idempotent: true,
		},
		transport,
	);
	if (typeof answer.payment_method !== 'string' || answer.payment_method === '') {
		throw dollrError(this, {
			message: `Dollr's operator look-up gave no payment method for ${phoneNumber} [item ${itemIndex}]`,
			description: 'Choose the Method instead of Auto.',
			itemIndex,
		});
	}
	return {
		method: answer.payment_method,
		provider: typeof answer.gateway_provider === 'string' && answer.gateway_provider !== '' ? answer.gateway_provider : undefined,
	};
}

/**
 * Creates the payment account: the party (given or read from the document), the
 * method and provider (looked up for Auto, else the given or default provider),
 * `payment-accounts/create?operation_type=…`. Returns Dollr's answer.
 */
export async function createAccount(
	this: IExecuteFunctions,
	itemIndex: number,
	request: AccountRequest,
	transport: TransportSettings,
): Promise<IDataObject> {
	const partyId = request.partyId ?? (await partyOfDocument.call(this, itemIndex, request.partyFromDocument!, transport));
	let method = request.method;
	let provider = request.provider;
	if (method === AUTO_METHOD) {
		const found = await lookUpOperator.call(this, itemIndex, request.phone!, request.operationType, transport);
		method = found.method;
		provider ??= found.provider;
	}
	provider ??= DEFAULT_PROVIDER[method] ?? 'PAWAPAY';
	const country = request.countryCode ?? (METHOD_COUNTRY as Record<string, string>)[method];
	const body: IDataObject = {
		account_name: request.accountName ?? (request.phone ? `${method} ${request.phone}` : method),
		provider,
		method,
		party_id: partyId,
		...(country !== undefined ? { country_code: country } : {}),
		...(request.phone !== undefined ? { insensitive_account_number: request.phone } : {}),
	};
	return await dollrApiRequest.call(
		this,
		itemIndex,
		{
			method: 'POST',
			path: '/v1/payment-accounts/create',
			qs: { operation_type: request.operationType },
			body,
			idempotent: false,
			creates: 'payment account',
			lookup: "Look for the party's payment accounts in the Dollr merchant portal, and give one's ID in Additional Fields to reuse it,",
		},
		transport,
	);
}

/** Per node run: the account promise of each party + phone + method + provider + operation type. */
const runAccounts = new WeakMap<IExecuteFunctions, Map<string, Promise<number>>>();

/**
 * The account ID for a flow's item: created once per node run and wallet, and
 * shared by items in flight at once (the promise is cached), so a batch to one
 * wallet makes one account. A failed creation stays cached for the run (a
 * create that may have reached Dollr is not sent again): the other items of that
 * wallet fail with its message under their own item index.
 */
export async function accountFor(
	this: IExecuteFunctions,
	itemIndex: number,
	request: AccountRequest,
	transport: TransportSettings,
): Promise<number> {
	const party = request.partyId ?? `${request.partyFromDocument?.sourceType}:${request.partyFromDocument?.sourceId}`;
	const key = [request.operationType, party, request.phone, request.method, request.provider ?? ''].join('|');
	let accounts = runAccounts.get(this);
	if (!accounts) runAccounts.set(this, (accounts = new Map()));
	let pending = accounts.get(key);
	const mine = pending === undefined;
	if (!pending) {
		pending = createAccount.call(this, itemIndex, request, transport).then((account) => {
			const id = Number(account.id);
			if (!Number.isSafeInteger(id)) {
				throw dollrError(this, {
					message: `Dollr's answer to the payment account create has no numeric id [item ${itemIndex}]`,
					description: 'Create the account with Payment Account › Create, then give its ID in Additional Fields.',
					itemIndex,
				});
			}
			return id;
		});
		accounts.set(key, pending);
	}
	try {
		return await pending;
	} catch (error) {
		if (mine || !(error instanceof NodeApiError)) throw toNodeError(this, error, itemIndex);
		// Another item's creation failed: the same message, under this item.
		throw dollrError(this, {
			message: error.message.replace(/\[item \d+\]$/, `[item ${itemIndex}]`),
			description: String(error.description ?? ''),
			httpCode: error.httpCode ?? undefined,
			itemIndex,
		});
	}
}
