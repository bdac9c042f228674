import { transitionOperation } from './transition';

/** Cancel: `DELETE …/cancel/{id}`, from IDLE or ACTIVE. An already CANCELED document counts as canceled. */
export const operation = transitionOperation({
	value: 'cancel',
	name: 'Cancel',
	action: (kind) => `Cancel an ${kind.noun}`,
	description: (kind) => `Cancel an ${kind.noun} that will not be paid (from IDLE or ACTIVE; final)`,
	method: 'DELETE',
	rule: 'cancel',
	verb: 'cancel',
	byNumber: false,
});
