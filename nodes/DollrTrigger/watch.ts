import type { IDataObject } from 'n8n-workflow';

import { currency, FieldError, sourceType } from '../Dollr/helpers/validation';
import { IdRuns } from './seen-ids';

export type SourceType = 'INVOICE' | 'ORDER';

/** Dollr's documented list endpoints (dollr-documents-api.md). */
export const LIST_PATH: Record<SourceType, string> = {
	INVOICE: '/v1/invoices/list',
	ORDER: '/v1/orders/list',
};

/** The statuses a trigger can watch (Dollr's, but IDLE: a draft is not an event). */
export const WATCHED_STATUSES = ['PAID', 'ACTIVE', 'PROCESSING', 'CANCELED'] as const;

/** One list the trigger watches: a source type in a status, maybe one currency (`''`: any). */
export interface Watch {
	type: SourceType;
	status: string;
	currency: string;
}

/**
 * The lists to watch from the node's fields (as typed or returned by expressions):
 * checked before anything is sent; a bad value throws a FieldError.
 */
export function parseWatches(sourceTypes: unknown, status: unknown, currencyCode: unknown): Watch[] {
	const chosen = Array.isArray(sourceTypes) ? sourceTypes : String(sourceTypes ?? '').split(',');
	const types = [
		...new Set(chosen.filter((value) => String(value).trim() !== '').map((value) => sourceType('Source Types', value) as SourceType)),
	];
	if (types.length === 0) throw new FieldError('Source Types', 'is empty', 'Choose Invoice, Order or both.');
	const wanted = String(status ?? '').trim().toUpperCase();
	if (!(WATCHED_STATUSES as readonly string[]).includes(wanted)) {
		throw new FieldError(
			'Trigger On',
			`must be one of ${WATCHED_STATUSES.join(', ')}`,
			`Choose a status from the list (got '${String(status)}').`,
		);
	}
	const code = currency('Currency', currencyCode, false) ?? '';
	return types.map((type) => ({ type, status: wanted, currency: code }));
}

/**
 * What the trigger keeps in the workflow's static data per source type: the
 * filter it was recorded for and the IDs seen in that status (IdRuns text).
 */
export interface WatchState {
	status: string;
	currency: string;
	seen: string;
}

export interface Comparison {
	/** Documents newly in the status, by ascending ID. */
	fresh: IDataObject[];
	/** The state to save, or `undefined` when it is unchanged. */
	next?: WatchState;
	/** No usable state existed (or the workflow was just activated): this list is the baseline. */
	baseline: boolean;
}

/** A listed document without a usable ID; `position` is its index in Dollr's answer. */
export class MissingIdError extends Error {
	constructor(
		readonly type: SourceType,
		readonly position: number,
		readonly value: unknown,
	) {
		super(`${type} ${position} of the list has no whole-number id`);
	}
}

function idOf(type: SourceType, document: unknown, position: number): number {
	const id = (document as IDataObject | null)?.id;
	if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) throw new MissingIdError(type, position, id);
	return id;
}

/** The documents' IDs, ascending (repeats kept; IdRuns takes them). */
export function listedIds(type: SourceType, documents: unknown[]): Float64Array {
	const ids = new Float64Array(documents.length);
	for (let i = 0; i < documents.length; i++) ids[i] = idOf(type, documents[i], i);
	return ids.sort();
}

/** The saved IDs for this watch, or `undefined` when there are none it can trust. */
function savedIds(watch: Watch, stored: unknown): IdRuns | undefined {
	const state = stored as Partial<WatchState> | undefined;
	if (!state || state.status !== watch.status || state.currency !== watch.currency || typeof state.seen !== 'string') {
		return undefined;
	}
	try {
		return IdRuns.decode(state.seen);
	} catch {
		return undefined; // not written by this node: start over rather than fail every poll
	}
}

/**
 * Compares the current list with what was seen before. Pure: the caller saves
 * `next`. Without a saved state for this very filter, or when `startOver` (a
 * fresh activation), the list becomes the baseline and nothing is fresh.
 */
export function compareList(watch: Watch, stored: unknown, documents: unknown[], startOver: boolean): Comparison {
	const ids = listedIds(watch.type, documents);
	const seen = startOver ? undefined : savedIds(watch, stored);
	const filter = { status: watch.status, currency: watch.currency };
	if (!seen) return { fresh: [], next: { ...filter, seen: IdRuns.fromSorted(ids).encode() }, baseline: true };
	const freshIds = seen.missing(ids);
	if (freshIds.length === 0) return { fresh: [], baseline: false };
	const wanted = new Set(freshIds);
	const byId = new Map<number, IDataObject>();
	documents.forEach((document, position) => {
		const id = idOf(watch.type, document, position);
		if (wanted.has(id) && !byId.has(id)) byId.set(id, document as IDataObject);
	});
	return {
		fresh: freshIds.map((id) => byId.get(id) as IDataObject),
		next: { ...filter, seen: seen.union(IdRuns.fromSorted(freshIds)).encode() },
		baseline: false,
	};
}

/** The listed document with the highest ID (the most recent one Dollr numbered), if any. */
export function latest(type: SourceType, documents: unknown[]): IDataObject | undefined {
	let best: IDataObject | undefined;
	let bestId = -1;
	documents.forEach((document, position) => {
		const id = idOf(type, document, position);
		if (id > bestId) [best, bestId] = [document as IDataObject, id];
	});
	return best;
}
