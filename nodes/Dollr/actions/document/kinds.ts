/**
 * What tells an invoice from an order in Dollr's API: names, paths, the number
 * field, and `due_date` (invoices only). Every invoice and order operation is
 * one implementation taking one of these.
 */
export interface DocumentKind {
	/** The saved `resource` parameter. */
	resource: 'invoice' | 'order';
	/** "Invoice", as the user sees it. */
	label: string;
	/** "invoice", in sentences. */
	noun: string;
	/** Path segment under /v1: `invoices`. */
	path: string;
	/** The locator parameter: `invoiceId`. */
	idParameter: string;
	/** The answer's number field: `invoice_number`. */
	numberKey: string;
	numberExample: string;
	/** The line items in a retrieve answer: `invoice_items`. */
	itemsKey: string;
	/** The list search method in the node's `methods.listSearch`. */
	searchMethod: string;
	hasDueDate: boolean;
}

export const INVOICE: DocumentKind = {
	resource: 'invoice',
	label: 'Invoice',
	noun: 'invoice',
	path: 'invoices',
	idParameter: 'invoiceId',
	numberKey: 'invoice_number',
	numberExample: 'INV-2025-0042',
	itemsKey: 'invoice_items',
	searchMethod: 'searchInvoices',
	hasDueDate: true,
};

export const ORDER: DocumentKind = {
	resource: 'order',
	label: 'Order',
	noun: 'order',
	path: 'orders',
	idParameter: 'orderId',
	numberKey: 'order_number',
	numberExample: 'ORD-2025-00088',
	itemsKey: 'order_items',
	searchMethod: 'searchOrders',
	hasDueDate: false,
};

/** The kind of a checkout's Source Kind (`INVOICE` / `ORDER`). */
export function kindOfSource(sourceType: string): DocumentKind {
	return sourceType === 'ORDER' ? ORDER : INVOICE;
}
