import type { DollrResource } from '../types';
import * as create from './create.operation';

export const checkout: DollrResource = {
	option: { name: 'Checkout', value: 'checkout' },
	operations: [create],
};
