import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { TransportSettings } from '../../transport';
import { alreadyInDollr, type ExistingList } from '../existing';
import { retrieveDocument } from './access';
import { finishDraft } from './complete';
import type { DocumentKind } from './kinds';

/** Which of several documents with one Reference ID is reused: the furthest along, then the oldest. */
const STATUS_RANK: Record<string, number> = { PAID: 0, PROCESSING: 1, ACTIVE: 2, IDLE: 3 };

/**
 * The invoices (or orders) list, keyed by Reference ID. A CANCELED document does
 * not count: it can never be paid, so the row gets a new one. The index keeps
 * only what the look-up and Fail's message need.
 */
export function documentList(kind: DocumentKind): ExistingList {
	return {
		path: `/v1/${kind.path}/list`,
		keyOf: (entry) => (typeof entry.reference_id === 'string' && entry.reference_id !== '' ? entry.reference_id.trim() : undefined),
		keep: (entry) => ({ id: entry.id, [kind.numberKey]: entry[kind.numberKey], status: entry.status, reference_id: entry.reference_id }),
		counts: (entry) => entry.status !== 'CANCELED',
		rank: (entry) => STATUS_RANK[String(entry.status)] ?? 4,
	};
}

/** Fail's error: "Dollr already holds invoice INV-2026-0007 (ID 7, ACTIVE) with Reference ID 'row-7'". */
export function documentExists(
	context: IExecuteFunctions,
	itemIndex: number,
	kind: DocumentKind,
	entry: IDataObject,
	reference: string,
): ReturnType<typeof alreadyInDollr> {
	const id = String(entry.id);
	const status = String(entry.status);
	const number = entry[kind.numberKey] ? `${String(entry[kind.numberKey])} ` : '';
	const next =
		status === 'IDLE'
			? `It is a draft: finish it with Add Item and Publish ${kind.noun} ID ${id}, or run again with If Already in Dollr set to Reuse It, which finishes it.`
			: `Use it (Get ${kind.noun} ID ${id}, or run again with If Already in Dollr set to Reuse It to output it); to replace it, Cancel ${kind.noun} ID ${id} first.`;
	return alreadyInDollr(context, itemIndex, {
		what: `${kind.noun} ${number}(ID ${id}, ${status})`,
		key: `Reference ID '${reference}'`,
		next,
		entry,
	});
}

/** Cents, so that 20.5 and 20.50 are one amount. */
const cents = (value: unknown) => Math.round(Number(value) * 100);

/** The lines of `wanted` that the document does not hold yet (each held line answers one wanted line). */
function missingLines(held: IDataObject[], wanted: IDataObject[]): IDataObject[] {
	const unused = [...held];
	return wanted.filter((line) => {
		const index = unused.findIndex(
			(item) =>
				String(item.name ?? '').trim() === String(line.name).trim() &&
				Number(item.qty ?? 1) === Number(line.qty ?? 1) &&
				cents(item.amount) === cents(line.amount) &&
				String(item.currency ?? '').toUpperCase() === String(line.currency).toUpperCase(),
		);
		if (index === -1) return true;
		unused.splice(index, 1);
		return false;
	});
}

/**
 * Reuse It: the document as Dollr answers it (retrieve). A draft (IDLE), e.g. one
 * a half-finished Create left, is finished first: the lines it lacks are added
 * (those already in are recognised by name, qty, amount and currency) and it is
 * published if `publish`; then it is read again. Any other status is output as is.
 */
export async function reuseDocument(
	this: IExecuteFunctions,
	itemIndex: number,
	kind: DocumentKind,
	entry: IDataObject,
	reference: string,
	lines: IDataObject[],
	publish: boolean,
	transport: TransportSettings,
): Promise<IDataObject> {
	const ref = { id: Number(entry.id) };
	const document = await retrieveDocument.call(this, itemIndex, kind, ref, transport);
	if (document.status !== 'IDLE') return document;
	const held = Array.isArray(document[kind.itemsKey]) ? (document[kind.itemsKey] as IDataObject[]) : [];
	const missing = missingLines(held, lines);
	if (missing.length === 0 && !publish) return document;
	await finishDraft.call(this, itemIndex, kind, { document, lines: missing, foundBy: reference, reference }, publish, transport);
	const finished = await retrieveDocument.call(this, itemIndex, kind, ref, transport);
	return { ...finished, finished_draft: { lines_added: missing.length, published: publish } };
}
