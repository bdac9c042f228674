import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { dollrApiRequest, dollrError, type TransportSettings } from '../../transport';
import { underStateRule } from './access';
import type { DocumentKind } from './kinds';

/** A draft to finish: the document Dollr made (or holds), and the lines it still needs. */
export interface Draft {
	document: IDataObject;
	/** The lines to add, in order. */
	lines: IDataObject[];
	/** Set when the draft was found by its Reference ID (If Already in Dollr: Reuse It), not just created. */
	foundBy?: string;
	/** The Reference ID, if the item has one: a rerun with Reuse It can then finish the draft. */
	reference?: string;
}

/** Where finishing a draft stopped. */
interface Progress extends Draft {
	/** How many lines Dollr confirmed. */
	added: number;
	/** The call that failed: a line's add (its index) or the publish. */
	failed: number | 'publish';
}

const lineName = (lines: IDataObject[], index: number) => `${index + 1} (${String(lines[index].name)})`;

/**
 * The error of a Create that failed after Dollr made (or the node found) the
 * document: it names the document, the lines that went in, the one that may have,
 * those never sent, and what to run next. Nothing is resent: a second add-item
 * would duplicate a line.
 */
function partialCreateError(
	context: IExecuteFunctions,
	itemIndex: number,
	kind: DocumentKind,
	{ document, lines, added, failed, foundBy, reference }: Progress,
	error: unknown,
): NodeApiError {
	const id = Number(document.id);
	const number = String(document[kind.numberKey] ?? `ID ${id}`);
	const httpCode = error instanceof NodeApiError ? (error.httpCode ?? undefined) : undefined;
	const cause = (error as Error).message.replace(/\s*\[item \d+\]$/, '');
	// A 4xx was refused (not processed); anything else may have reached Dollr.
	const refused = httpCode !== undefined && /^4\d\d$/.test(httpCode);
	const inDoubt = failed !== 'publish' && !refused ? failed : undefined;
	const notSent = lines.map((_, index) => index).filter((index) => index >= added && index !== inDoubt);
	const missing = foundBy === undefined ? '' : 'missing ';
	const step = failed === 'publish' ? 'publishing it failed' : `adding ${missing}line ${failed + 1} of ${lines.length} failed`;
	const how = foundBy === undefined ? 'was created' : `was found as a draft (Reference ID '${foundBy}')`;
	const message = `The ${kind.noun} ${number} (ID ${id}) ${how}, but ${step}: ${cause} [item ${itemIndex}]`;

	const names = (indexes: number[]) => indexes.map((i) => lineName(lines, i)).join(', ');
	const addedNow = lines.slice(0, added).map((_, i) => i);
	const held =
		addedNow.length === 0
			? `no ${missing}lines yet`
			: `${missing}line${added > 1 ? 's' : ''} ${names(addedNow)}${foundBy === undefined ? '' : ' added'}`;
	const parts = [`Dollr holds ${kind.noun} ${number} (ID ${id}) as a draft (IDLE) with ${held}.`];
	if (inDoubt !== undefined) {
		parts.push(`Line ${lineName(lines, inDoubt)} may have reached Dollr: check the ${kind.noun}'s lines with Get before adding it.`);
	}
	if (notSent.length > 0) parts.push(`Not sent: line${notSent.length > 1 ? 's' : ''} ${names(notSent)}.`);
	const toAdd = notSent.length > 0 || inDoubt !== undefined;
	parts.push(
		`To finish: ${toAdd ? `Add Item to ${kind.noun} ID ${id} for the missing lines, then ` : ''}Publish ${kind.noun} ID ${id}${failed === 'publish' ? ' (safe to repeat)' : ''}.`,
		reference === undefined
			? `Do not run this item's Create again: the node never resends a create or an add-item that may have reached Dollr, and a rerun would make a second ${kind.noun}.`
			: `Or run this item's Create again with If Already in Dollr set to Reuse It: it finishes this draft (lines already in are recognised by name, qty, amount and currency). With Create Another a rerun would make a second ${kind.noun}.`,
	);
	const nodeError = dollrError(context, { message, description: parts.join(' '), httpCode, itemIndex });
	// Also as data on the error, which n8n keeps with the failed item (its json holds only the message).
	nodeError.context.created = {
		resource: kind.resource,
		id,
		[kind.numberKey]: document[kind.numberKey] ?? null,
		status: 'IDLE',
		...(foundBy === undefined ? {} : { found_by_reference_id: foundBy }),
		lines_added: addedNow.map((i) => i + 1),
		line_in_doubt: inDoubt === undefined ? null : inDoubt + 1,
		lines_not_sent: notSent.map((i) => i + 1),
		published: false,
	};
	return nodeError;
}

/**
 * Adds the draft's lines (one `POST …/items/add` each, never resent), then
 * publishes it if asked. Resolves publish's answer (ACTIVE), or the document as
 * given when there is nothing to publish.
 */
export async function finishDraft(
	this: IExecuteFunctions,
	itemIndex: number,
	kind: DocumentKind,
	draft: Draft,
	publish: boolean,
	transport: TransportSettings,
): Promise<IDataObject> {
	const id = Number(draft.document.id);
	const progress: Progress = { ...draft, added: 0, failed: 0 };
	for (const [index, line] of draft.lines.entries()) {
		try {
			await dollrApiRequest.call(
				this,
				itemIndex,
				{ method: 'POST', path: `/v1/${kind.path}/${id}/items/add`, body: line, idempotent: false, creates: 'line item' },
				transport,
			);
		} catch (error) {
			throw partialCreateError(this, itemIndex, kind, { ...progress, failed: index }, error);
		}
		progress.added = index + 1;
	}
	if (!publish) return draft.document;
	try {
		return await underStateRule.call(
			this,
			itemIndex,
			kind,
			{ id },
			'publish',
			{ method: 'PUT', path: `/v1/${kind.path}/publish/${id}`, idempotent: true },
			transport,
		);
	} catch (error) {
		throw partialCreateError(this, itemIndex, kind, { ...progress, failed: 'publish' }, error);
	}
}
