import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { oneAtATime } from '../helpers/one-at-a-time';
import { nodeParameter } from '../helpers/parameters';
import { describe, FieldError } from '../helpers/validation';
import { dollrApiRequestList, dollrError, type TransportSettings } from '../transport';

/**
 * What a Create does when Dollr already holds one with the same key (Reference ID,
 * phone, party + relationship): the `options.onExisting` option. Dollr has no
 * idempotency key and its lists have no filter for these keys, so the node reads
 * the list once per node run and looks the key up there.
 */
export const ON_EXISTING = ['create', 'reuse', 'fail'] as const;
export type OnExisting = (typeof ON_EXISTING)[number];

const LABEL = 'If Already in Dollr';

/** In the node's Options collection, for the Create operations only. */
export const onExistingOption: INodeProperties = {
	displayName: LABEL,
	name: 'onExisting',
	type: 'options',
	displayOptions: {
		show: { '/resource': ['checkout', 'party', 'counterparty', 'invoice', 'order'], '/operation': ['create'] },
	},
	options: [
		{
			name: 'Create Another',
			value: 'create',
			description: 'Always create: no look-up, no extra request. Running the same rows again creates them again.',
		},
		{
			name: 'Reuse It',
			value: 'reuse',
			description:
				'Create nothing and output the one Dollr holds, with reused: true. A draft invoice or order is finished: its missing lines added, published if Publish is on.',
		},
		{
			name: 'Fail',
			value: 'fail',
			description: 'Stop the item with an error naming what Dollr holds (number, ID, status)',
		},
	],
	default: 'create',
	description:
		"What Create does when Dollr already holds one with the same key: Reference ID (Checkout, Invoice, Order), phone (Party), party and relationship type (Counterparty). Reuse and Fail read Dollr's list once per run; use them when a workflow may run the same rows again.",
};

/** The option for one item (an expression may set it per item). */
export function readOnExisting(context: IExecuteFunctions, itemIndex: number): OnExisting {
	const value = nodeParameter(context, 'options.onExisting', itemIndex, 'create');
	const typed = typeof value === 'string' ? value.trim().toLowerCase() : value;
	if (typed === undefined || typed === null || typed === '') return 'create';
	if (!(ON_EXISTING as readonly unknown[]).includes(typed)) {
		throw new FieldError(
			LABEL,
			`must be one of ${ON_EXISTING.join(', ')}, got ${describe(value)}`,
			`Choose Create Another (create), Reuse It (reuse) or Fail (fail) in the options.`,
		);
	}
	return typed as OnExisting;
}

/** A Dollr list the look-up reads, and how its entries are keyed. */
export interface ExistingList {
	/** The list endpoint, e.g. `/v1/invoices/list`: read once per node run, unfiltered. */
	path: string;
	/** An entry's key; undefined for entries that never match (e.g. no Reference ID). */
	keyOf(entry: IDataObject): string | undefined;
	/** What the index keeps of an entry (less memory for big lists); the whole entry if unset. */
	keep?(entry: IDataObject): IDataObject;
	/** Whether an entry counts as existing (e.g. not CANCELED); all do if unset. */
	counts?(entry: IDataObject): boolean;
	/** Among several, the lowest rank wins, then the lowest ID. */
	rank?(entry: IDataObject): number;
}

type Index = Map<string, IDataObject[]>;

/**
 * Per node run (n8n makes one IExecuteFunctions per run): the lists read, what the
 * run created (kept apart, so that a list read again still has it).
 */
interface RunLookups {
	lists: Map<string, Promise<Index>>;
	created: Map<string, Index>;
}

const runs = new WeakMap<IExecuteFunctions, RunLookups>();

function lookupsOf(context: IExecuteFunctions): RunLookups {
	let run = runs.get(context);
	if (run === undefined) {
		run = { lists: new Map(), created: new Map() };
		runs.set(context, run);
	}
	return run;
}

function addEntry(index: Index, list: ExistingList, entry: IDataObject): void {
	const key = list.keyOf(entry);
	if (key === undefined) return;
	const kept = list.keep ? list.keep(entry) : entry;
	const entries = index.get(key);
	if (entries === undefined) index.set(key, [kept]);
	else if (!entries.some((known) => known.id !== undefined && known.id === kept.id)) entries.push(kept);
}

/**
 * The run's index of a list: read on first use and shared by every item of the
 * run (concurrent ones wait for the same request). A failed read is not kept, so
 * a later item reads again.
 */
async function indexOf(
	context: IExecuteFunctions,
	itemIndex: number,
	transport: TransportSettings,
	list: ExistingList,
): Promise<Index> {
	const { lists } = lookupsOf(context);
	let index = lists.get(list.path);
	if (index === undefined) {
		const reading = dollrApiRequestList
			.call(context, itemIndex, { method: 'GET', path: list.path, idempotent: true }, transport)
			.then((entries) => {
				const built: Index = new Map();
				for (const entry of entries) addEntry(built, list, entry);
				return built;
			});
		index = reading;
		lists.set(list.path, reading);
		reading.catch(() => {
			if (lists.get(list.path) === reading) lists.delete(list.path);
		});
	}
	try {
		return await index;
	} catch (error) {
		throw forItem(context, error, itemIndex);
	}
}

/** An error of a read another item started, renamed for this item. */
function forItem(context: IExecuteFunctions, error: unknown, itemIndex: number): unknown {
	if (!(error instanceof NodeApiError) || error.context.itemIndex === itemIndex) return error;
	return dollrError(context, {
		message: error.message.replace(/\[item \d+\]$/, `[item ${itemIndex}]`),
		description: error.description ?? '',
		httpCode: error.httpCode ?? undefined,
		itemIndex,
	});
}

function best(list: ExistingList, entries: IDataObject[] | undefined): IDataObject | undefined {
	const candidates = (entries ?? []).filter((entry) => list.counts?.(entry) ?? true);
	const rank = (entry: IDataObject) => list.rank?.(entry) ?? 0;
	return candidates.sort((a, b) => rank(a) - rank(b) || Number(a.id) - Number(b.id))[0];
}

export interface CreateOnce {
	onExisting: OnExisting;
	list: ExistingList;
	/** The key of this item (already normalised as the list's keyOf gives it), undefined if not set. */
	key: string | undefined;
	/** The field the key comes from and how to set it, for the error when Reuse / Fail has no key. */
	keyField: string;
	keyHint: string;
	/** Creates; calls `remember` with the new entry (as the list would hold it) as soon as Dollr made it. */
	create(remember: (entry: IDataObject) => void): Promise<IDataObject>;
	/** The error of Fail, naming the entry found. */
	exists(entry: IDataObject): NodeApiError;
	/** The output of Reuse for the entry found (e.g. retrieved, a draft finished). */
	reuse(entry: IDataObject): Promise<IDataObject>;
}

/**
 * Create, Reuse or Fail for one item. Create Another makes no extra request.
 * Otherwise the items of a run with the same key go one at a time, so the second
 * of two rows with one Reference ID finds the first's document instead of making
 * another; what the run creates goes into the index as soon as Dollr answers.
 */
export async function createOnce(
	context: IExecuteFunctions,
	itemIndex: number,
	transport: TransportSettings,
	spec: CreateOnce,
): Promise<IDataObject> {
	const { onExisting, list, key } = spec;
	if (onExisting === 'create') return await spec.create(() => {});
	if (key === undefined) {
		throw new FieldError(spec.keyField, `is required when ${LABEL} is ${onExisting === 'reuse' ? 'Reuse It' : 'Fail'}`, spec.keyHint);
	}
	return await oneAtATime(context, `${list.path}\n${key}`, async () => {
		const index = await indexOf(context, itemIndex, transport, list);
		const run = lookupsOf(context);
		let created = run.created.get(list.path);
		if (created === undefined) run.created.set(list.path, (created = new Map()));
		const existing = best(list, [...(index.get(key) ?? []), ...(created.get(key) ?? [])]);
		if (existing !== undefined) {
			if (onExisting === 'fail') throw spec.exists(existing);
			return { ...(await spec.reuse(existing)), reused: true };
		}
		let remembered = false;
		let done = false;
		try {
			const made = await spec.create((entry) => {
				remembered = true;
				addEntry(created, list, entry);
			});
			done = true;
			return onExisting === 'reuse' ? { ...made, reused: false } : made;
		} finally {
			// A create that failed may still have reached Dollr: the next look-up in this run reads the list again.
			if (!done && !remembered) run.lists.delete(list.path);
		}
	});
}

/** The error of Fail: what Dollr holds, by which key, and what to do. */
export function alreadyInDollr(
	context: IExecuteFunctions,
	itemIndex: number,
	{ what, key, next, entry }: { what: string; key: string; next: string; entry: IDataObject },
): NodeApiError {
	const error = dollrError(context, {
		message: `Dollr already holds ${what} with ${key} [item ${itemIndex}]`,
		description: `${next} To create another one on purpose, set ${LABEL} to Create Another for this run.`,
		itemIndex,
	});
	error.context.existing = entry;
	return error;
}
