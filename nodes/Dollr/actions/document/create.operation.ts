import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { buildDocumentBodies } from '../../helpers/document-body';
import { boolean } from '../../helpers/validation';
import { dollrApiRequest, dollrError, type TransportSettings } from '../../transport';
import { createOnce, readOnExisting } from '../existing';
import { currencyField } from '../fields';
import { lineItemProperties, readLineItems } from '../lineItems';
import { counterpartyId, counterpartyLocator } from '../locators';
import type { DollrOperation } from '../types';
import { finishDraft } from './complete';
import { dueDateFields, feeBearerField, noteField, referenceIdField } from './fields';
import type { DocumentKind } from './kinds';
import { documentExists, documentList, reuseDocument } from './reuse';

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

/**
 * Create Invoice / Order: the document (`POST …/create`), then one `POST
 * …/items/add` per line, then Publish if asked. Output: the document as Dollr
 * last answered it (create's answer, or publish's: ACTIVE). With If Already in
 * Dollr (Reuse It / Fail) the Reference ID is looked up first (existing.ts).
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
			const reference = body.reference_id as string | undefined;
			return await createOnce(this, itemIndex, transport, {
				onExisting: readOnExisting(this, itemIndex),
				list: documentList(kind),
				key: reference,
				keyField: 'Additional Fields › Reference ID',
				keyHint: `Set a Reference ID that names the row, e.g. its order number: it is how a run finds the ${kind.noun} an earlier run made.`,
				create: async (remember) => await createDocument.call(this, itemIndex, kind, body, lines, publish, transport, remember),
				exists: (entry) => documentExists(this, itemIndex, kind, entry, reference!),
				reuse: async (entry) => await reuseDocument.call(this, itemIndex, kind, entry, reference!, lines, publish, transport),
			});
		},
	};
}

async function createDocument(
	this: IExecuteFunctions,
	itemIndex: number,
	kind: DocumentKind,
	body: IDataObject,
	lines: IDataObject[],
	publish: boolean,
	transport: TransportSettings,
	remember: (entry: IDataObject) => void,
): Promise<IDataObject> {
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
	// In the run's index before the lines: a later item with this Reference ID finds it even if a line fails.
	remember({ reference_id: body.reference_id ?? null, ...document });
	const reference = body.reference_id as string | undefined;
	return await finishDraft.call(this, itemIndex, kind, { document, lines, reference }, publish, transport);
}
