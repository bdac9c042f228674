import { transitionOperation } from './transition';

/** Publish: `PUT …/publish/{id}`, IDLE → ACTIVE. An already ACTIVE document counts as published. */
export const operation = transitionOperation({
	value: 'publish',
	name: 'Publish',
	action: (kind) => `Publish an ${kind.noun}`,
	description: (kind) => `Publish a draft ${kind.noun} (IDLE → ACTIVE): it is locked and can be paid`,
	method: 'PUT',
	rule: 'publish',
	verb: 'publish',
	byNumber: false,
});
