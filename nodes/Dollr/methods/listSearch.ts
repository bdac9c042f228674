import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { INVOICE, ORDER, type DocumentKind } from '../actions/document/kinds';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, dollrApiRequestList, RateLimitGate, type TransportSettings } from '../transport';

/**
 * The editor's "From List" searches. Dollr's lists are one unpaginated array, so
 * the editor shows at most this many entries; the search text narrows them.
 */
export const LIST_SEARCH_CAP = 100;

function settings(): TransportSettings {
	return { maxRetries: DEFAULT_MAX_RETRIES, timeout: DEFAULT_TIMEOUT_MS, gate: new RateLimitGate() };
}

function capped(results: INodeListSearchItems[]): INodeListSearchResult {
	return { results: results.slice(0, LIST_SEARCH_CAP) };
}

/**
 * Counterparties by their party's name: Dollr filters (`counterparties/list?fullname=`).
 * Dollr does not say whether list entries embed their party; where they do not,
 * the names come from one `parties/list` call with the same filter.
 */
export async function searchCounterparties(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const qs = filter?.trim() ? { fullname: filter.trim() } : {};
	const list = (path: string) =>
		dollrApiRequestList.call(this, undefined, { method: 'GET', path, qs, idempotent: true }, settings());
	const counterparties = await list('/v1/counterparties/list');
	const names = new Map<unknown, unknown>();
	for (const counterparty of counterparties) {
		const party = counterparty.party as IDataObject | undefined;
		if (party?.fullname) names.set(counterparty.party_id ?? party.id, party.fullname);
	}
	if (counterparties.some((counterparty) => counterparty.party_id != null && !names.has(counterparty.party_id))) {
		for (const party of await list('/v1/parties/list')) names.set(party.id, party.fullname);
	}
	return capped(
		counterparties.map((counterparty) => {
			const name = names.get(counterparty.party_id) ?? `Counterparty ${String(counterparty.id)}`;
			const type = counterparty.relationship_type ? ` (${String(counterparty.relationship_type)})` : '';
			return { name: `${String(name)}${type}`, value: String(counterparty.id) };
		}),
	);
}

/**
 * Invoices or orders: Dollr's list has no text search, so the node matches the
 * search text against the number and the note itself, newest (highest ID) first.
 */
function documentSearch(kind: DocumentKind) {
	return async function (this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		const list = await dollrApiRequestList.call(
			this,
			undefined,
			{ method: 'GET', path: `/v1/${kind.path}/list`, idempotent: true },
			settings(),
		);
		const text = (filter ?? '').trim().toLowerCase();
		const matches = list
			.filter((document) =>
				[document[kind.numberKey], document.note].some((value) => String(value ?? '').toLowerCase().includes(text)),
			)
			.sort((a, b) => Number(b.id) - Number(a.id));
		return capped(
			matches.map((document) => {
				const total = document.total_amount === undefined ? '' : ` · ${String(document.total_amount)} ${String(document.currency ?? '')}`;
				const note = document.note ? ` · ${String(document.note)}` : '';
				return {
					name: `${String(document[kind.numberKey] ?? `ID ${String(document.id)}`)} · ${String(document.status ?? '')}${total}${note}`,
					value: String(document.id),
				};
			}),
		);
	};
}

export const searchInvoices = documentSearch(INVOICE);
export const searchOrders = documentSearch(ORDER);
