import type { DollrResource } from '../types';
import * as get from './get.operation';

/** A merchant's public details (read-only). */
export const merchant: DollrResource = {
	option: { name: 'Merchant', value: 'merchant' },
	operations: [get],
};
