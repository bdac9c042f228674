import type { DollrResource } from '../types';
import * as create from './create.operation';

/** A party's wallet (method + provider) that collections and payouts use. */
export const paymentAccount: DollrResource = {
	option: { name: 'Payment Account', value: 'paymentAccount' },
	operations: [create],
};
