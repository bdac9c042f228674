import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { TransportSettings } from '../../transport';
import { type DocumentRef, documentLocator, documentRef } from '../locators';
import type { DollrOperation } from '../types';
import type { DocumentKind } from './kinds';

/** An operation on one invoice or order: its menu entry, its fields after the locator, and what it does. */
export interface DocumentOperationSpec {
	name: string;
	value: string;
	action: string;
	description: string;
	/** Fields after `invoiceId` / `orderId`. */
	fields?: INodeProperties[];
	run(this: IExecuteFunctions, itemIndex: number, ref: DocumentRef, transport: TransportSettings): Promise<IDataObject>;
}

/** The operation, with the document's locator first and read (checked) before anything else. */
export function onDocument(kind: DocumentKind, spec: DocumentOperationSpec): DollrOperation {
	return {
		option: { name: spec.name, value: spec.value, action: spec.action, description: spec.description },
		properties: [documentLocator(kind), ...(spec.fields ?? [])],
		async execute(this: IExecuteFunctions, itemIndex: number, transport: TransportSettings): Promise<IDataObject> {
			return await spec.run.call(this, itemIndex, documentRef(this, kind, itemIndex), transport);
		},
	};
}
