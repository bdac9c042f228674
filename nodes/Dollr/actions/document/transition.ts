import type { IHttpRequestMethods } from 'n8n-workflow';

import type { DollrOperation } from '../types';
import { byRefPath, documentId, type StateAction, underStateRule } from './access';
import type { DocumentKind } from './kinds';
import { onDocument } from './onDocument';

/** Publish, Cancel and Get Receipt: one call on one document, under its state rule. */
export interface Transition {
	value: string;
	name: string;
	action: (kind: DocumentKind) => string;
	description: (kind: DocumentKind) => string;
	method: IHttpRequestMethods;
	rule: StateAction;
	/** The path's verb: `/v1/invoices/<verb>/{id}`. */
	verb: 'publish' | 'cancel' | 'receipt';
	/** Whether Dollr also has `<verb>/number/{number}` (receipt); otherwise the ID is looked up once. */
	byNumber: boolean;
}

export function transitionOperation(transition: Transition) {
	return (kind: DocumentKind): DollrOperation =>
		onDocument(kind, {
			name: transition.name,
			value: transition.value,
			action: transition.action(kind),
			description: transition.description(kind),
			async run(itemIndex, ref, transport) {
				const target = transition.byNumber ? ref : { id: await documentId.call(this, itemIndex, kind, ref, transport) };
				// Each changes nothing when repeated (or only reads): retried like a GET.
				const request = { method: transition.method, path: byRefPath(kind, transition.verb, target), idempotent: true };
				return await underStateRule.call(this, itemIndex, kind, ref, transition.rule, request, transport);
			},
		});
}
