import { transitionOperation } from './transition';

/** Get Receipt: `receipt/{id}` or `receipt/number/{number}`, once PAID. */
export const operation = transitionOperation({
	value: 'getReceipt',
	name: 'Get Receipt',
	action: (kind) => `Get the receipt of an ${kind.noun}`,
	description: (kind) => `Get the receipt of a paid ${kind.noun}: amounts, fees, FX rate, provider, line items`,
	method: 'GET',
	rule: 'receipt',
	verb: 'receipt',
	byNumber: true,
});
