import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { buildDocumentBodies } from '../../helpers/document-body';
import { boolean } from '../../helpers/validation';
import { dollrApiRequest, dollrError, type TransportSettings } from '../../transport';
import { currencyField } from '../fields';
import { lineItemProperties, readLineItems } from '../lineItems';
import { counterpartyId, counterpartyLocator } from '../locators';
import type { DollrOperation } from '../types';
import { underStateRule } from './access';
import { dueDateFields, feeBearerField, noteField, referenceIdField } from './fields';
import type { DocumentKind } from './kinds';

function properties(kind: DocumentKind): INodeProperties[] {
	return [
		counterpartyLocator,
		currencyField(kind.noun),
		noteField(kind, true),
		feeBearerField(kind, true),
		{
			displayName: 'As Payment Link',
			name: 'asPaymentLink',
			type: 'boolean',
			default: true,
			description: `Whether the ${kind.noun} is paid through a Dollr payment link (Get Payment Link gives it once published)`,
		},
		...lineItemProperties(kind.noun, true),
		{
			displayName: 'Publish',
			name: 'publish',
			type: 'boolean',
			default: false,
			description: `Whether to publish the ${kind.noun} once its items are in (IDLE → ACTIVE: locked and payable). Off leaves a draft.`,
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [...dueDateFields(kind), referenceIdField(kind)],
		},
	];
}

/** Where a create of several calls stopped, and what Dollr already holds. */
interface Progress {
	document: IDataObject;
	lines: IDataObject[];
	/** How many lines Dollr confirmed. */
	added: number;
	/** The call that failed: a line's add (its index) or the publish. */
	failed: number | 'publish';
}

const lineName = (lines: IDataObject[], index: number) => `${index + 1} (${String(lines[index].name)})`;

/**
 * The error of a create that failed after Dollr made the document: it names the
 * document, the lines that went in, the one that may have, those never sent, and
 * what to run next. Nothing is resent: a second add-item would duplicate a line.
 */
function partialCreateError(
	context: IExecuteFunctions,
	itemIndex: number,
	kind: DocumentKind,
	{ document, lines, added, failed }: Progress,
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
	const step = failed === 'publish' ? 'publishing it failed' : `adding line ${failed + 1} of ${lines.length} failed`;
	const message = `The ${kind.noun} ${number} (ID ${id}) was created, but ${step}: ${cause} [item ${itemIndex}]`;

	const held = added === 0 ? 'no lines yet' : `line${added > 1 ? 's' : ''} ${lines.slice(0, added).map((_, i) => lineName(lines, i)).join(', ')}`;
	const parts = [`Dollr holds ${kind.noun} ${number} (ID ${id}) as a draft (IDLE) with ${held}.`];
	if (inDoubt !== undefined) {
		parts.push(`Line ${lineName(lines, inDoubt)} may have reached Dollr: check the ${kind.noun}'s lines with Get before adding it.`);
	}
	if (notSent.length > 0) parts.push(`Not sent: line${notSent.length > 1 ? 's' : ''} ${notSent.map((i) => lineName(lines, i)).join(', ')}.`);
	const missing = notSent.length > 0 || inDoubt !== undefined;
	parts.push(
		`To finish: ${missing ? `Add Item to ${kind.noun} ID ${id} for the missing lines, then ` : ''}Publish ${kind.noun} ID ${id}${failed === 'publish' ? ' (safe to repeat)' : ''}.`,
		`Do not run this item's Create again: the node never resends a create or an add-item that may have reached Dollr, and a rerun would make a second ${kind.noun}.`,
	);
	const nodeError = dollrError(context, { message, description: parts.join(' '), httpCode, itemIndex });
	// Also as data on the error, which n8n keeps with the failed item (its json holds only the message).
	nodeError.context.created = {
		resource: kind.resource,
		id,
		[kind.numberKey]: document[kind.numberKey] ?? null,
		status: 'IDLE',
		lines_added: lines.slice(0, added).map((_, i) => i + 1),
		line_in_doubt: inDoubt === undefined ? null : inDoubt + 1,
		lines_not_sent: notSent.map((i) => i + 1),
		published: false,
	};
	return nodeError;
}

/**
 * Create Invoice / Order: the document (`POST …/create`), then one `POST
 * …/items/add` per line, then Publish if asked. Output: the document as Dollr
 * last answered it (create's answer, or publish's: ACTIVE).
 */
export function operation(kind: DocumentKind): DollrOperation {
	return {
		option: {
			name: 'Create',
			value: 'create',
			action: `Create an ${kind.noun}`,
			description: `Create a draft ${kind.noun} with its line items, and publish it if asked`,
		},
		properties: properties(kind),
		async execute(this: IExecuteFunctions, itemIndex: number, transport: TransportSettings): Promise<IDataObject> {
			// Everything is checked before the first call.
			const { body, lines } = buildDocumentBodies(
				{
					counterpartyId: counterpartyId(this, itemIndex),
					currency: this.getNodeParameter('currency', itemIndex, ''),
					note: this.getNodeParameter('note', itemIndex, ''),
					feeBearer: this.getNodeParameter('feeBearer', itemIndex, ''),
					asPaymentLink: this.getNodeParameter('asPaymentLink', itemIndex, true),
					lineItems: readLineItems(this, itemIndex),
					additionalFields: this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject,
				},
				kind.hasDueDate,
				this.getTimezone(),
			);
			const publish = boolean('Publish', this.getNodeParameter('publish', itemIndex, false), false);

			const document = await dollrApiRequest.call(
				this,
				itemIndex,
				{ method: 'POST', path: `/v1/${kind.path}/create`, body, idempotent: false, creates: kind.noun },
				transport,
			);
			const id = Number(document.id);
			if (!Number.isSafeInteger(id)) {
				throw dollrError(this, {
					message: `Dollr created the ${kind.noun} but its answer has no numeric id, so its lines were not added [item ${itemIndex}]`,
					description: `Find the ${kind.noun} in the Dollr merchant portal${body.reference_id ? ` by Reference ID '${String(body.reference_id)}'` : ''} and add its lines with Add Item.`,
					itemIndex,
				});
			}
			const progress: Progress = { document, lines, added: 0, failed: 0 };
			for (const [index, line] of lines.entries()) {
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
			if (!publish) return document;
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
		},
	};
}
