import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { dollrApiRequest, dollrError, type DollrRequest, type TransportSettings } from '../../transport';
import type { DocumentRef } from '../locators';
import type { DocumentKind } from './kinds';

/** `/v1/invoices/retrieve/7` or `/v1/invoices/retrieve/number/INV-2025-0042` (also receipt, publish, cancel by ID). */
export function byRefPath(kind: DocumentKind, action: string, ref: DocumentRef): string {
	return 'id' in ref
		? `/v1/${kind.path}/${action}/${ref.id}`
		: `/v1/${kind.path}/${action}/number/${encodeURIComponent(ref.number)}`;
}

/** The document with its items (Dollr's InvoiceDetailResponse), by ID or number. A GET: retried. */
export async function retrieveDocument(
	this: IExecuteFunctions,
	itemIndex: number,
	kind: DocumentKind,
	ref: DocumentRef,
	transport: TransportSettings,
): Promise<IDataObject> {
	return await dollrApiRequest.call(
		this,
		itemIndex,
		{ method: 'GET', path: byRefPath(kind, 'retrieve', ref), idempotent: true },
		transport,
	);
}

/** The numeric ID the write endpoints take: given, or looked up once by number. */
export async function documentId(
	this: IExecuteFunctions,
	itemIndex: number,
	kind: DocumentKind,
	ref: DocumentRef,
	transport: TransportSettings,
): Promise<number> {
	if ('id' in ref) return ref.id;
	const document = await retrieveDocument.call(this, itemIndex, kind, ref, transport);
	const id = Number(document.id);
	if (!Number.isSafeInteger(id)) {
		throw dollrError(this, {
			message: `Dollr's answer for ${kind.noun} ${ref.number} has no numeric id [item ${itemIndex}]`,
			description: `Use the ${kind.label} field's By ID mode instead.`,
			itemIndex,
		});
	}
	return id;
}

/** "invoice INV-2025-0042 (ID 7)", as far as known. */
export function nameOf(kind: DocumentKind, document: IDataObject): string {
	const number = document[kind.numberKey];
	return `${kind.noun} ${number ? `${String(number)} (ID ${String(document.id)})` : `ID ${String(document.id)}`}`;
}

/** What each action needs of the document's status; `done` is the status in which repeating it is a no-op. */
export const STATE_RULES = {
	edit: { allowed: ['IDLE'], rule: 'only draft (IDLE) {noun}s can be edited or have their items changed; Publish locks them' },
	publish: { allowed: ['IDLE'], done: 'ACTIVE', rule: 'only draft (IDLE) {noun}s can be published' },
	cancel: {
		allowed: ['IDLE', 'ACTIVE'],
		done: 'CANCELED',
		rule: '{noun}s can be canceled only while IDLE or ACTIVE, never while PROCESSING (a payment is under way) or once PAID',
	},
	receipt: { allowed: ['PAID'], rule: 'Dollr has a receipt once the {noun} is PAID' },
} as const;

export type StateAction = keyof typeof STATE_RULES;

/** Answers that already say what is wrong, unrelated to the document's state. */
const NOT_ABOUT_STATE = ['401', '403', '404', '422', '429'];

/**
 * Runs one call on a document under its state rule. Dollr documents no status or
 * body for a refusal by state, so any other 4xx makes the node read the
 * document: a publish or cancel that finds it already ACTIVE / CANCELED is done
 * (the document is the output); a status the rule forbids gets a message naming
 * the document, its status and the rule; otherwise Dollr's own error stands.
 */
export async function underStateRule(
	this: IExecuteFunctions,
	itemIndex: number,
	kind: DocumentKind,
	ref: DocumentRef,
	action: StateAction,
	request: DollrRequest,
	transport: TransportSettings,
): Promise<IDataObject> {
	try {
		return await dollrApiRequest.call(this, itemIndex, request, transport);
	} catch (error) {
		const outcome = await stateOutcome.call(this, itemIndex, kind, ref, action, error, transport);
		if (outcome.done) return outcome.done;
		throw outcome.error ?? error;
	}
}

/** After a refusal: the document if it is already where the action leads, or the state-rule error. */
async function stateOutcome(
	this: IExecuteFunctions,
	itemIndex: number,
	kind: DocumentKind,
	ref: DocumentRef,
	action: StateAction,
	error: unknown,
	transport: TransportSettings,
): Promise<{ done?: IDataObject; error?: NodeApiError }> {
	const code = error instanceof NodeApiError ? (error.httpCode ?? '') : '';
	if (!/^4\d\d$/.test(code) || NOT_ABOUT_STATE.includes(code)) return {};
	let document: IDataObject;
	try {
		document = await retrieveDocument.call(this, itemIndex, kind, ref, transport);
	} catch {
		return {};
	}
	const rule: { allowed: readonly string[]; done?: string; rule: string } = STATE_RULES[action];
	const status = String(document.status);
	if (rule.done === status) return { done: document };
	if (rule.allowed.includes(status)) return {};
	const said = (error as NodeApiError).message.replace(/\s*\[item \d+\]$/, '');
	return {
		error: dollrError(this, {
			message: `The ${nameOf(kind, document)} is ${status}: ${rule.rule.replaceAll('{noun}', kind.noun)} [item ${itemIndex}]`,
			description: `Dollr refused it (${said}). ${nextStep(kind, action, status)}`,
			httpCode: code,
			itemIndex,
		}),
	};
}

function nextStep(kind: DocumentKind, action: StateAction, status: string): string {
	if (action === 'receipt') return `Check the ${kind.noun}'s status with Get, and ask for the receipt once it is PAID.`;
	if (action === 'cancel' && status === 'PROCESSING') return 'Wait until the payment finishes (PAID, or back to ACTIVE), then decide.';
	if (status === 'CANCELED') return `A canceled ${kind.noun} cannot be reactivated: create a new one.`;
	if (action === 'edit') return `To change a published ${kind.noun}, cancel it and create a new one.`;
	return `Check the ${kind.noun}'s status with Get.`;
}
