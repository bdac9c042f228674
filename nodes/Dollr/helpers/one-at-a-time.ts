import type { IExecuteFunctions } from 'n8n-workflow';

/** Per node run (n8n makes one IExecuteFunctions per run): the tail of each key's queue. */
const runs = new WeakMap<IExecuteFunctions, Map<string, Promise<void>>>();

/**
 * Runs `task` after every earlier task of this node run with the same key has
 * finished, so that items sharing a key (a Reference ID, a phone) go one at a
 * time even with Concurrency above 1: the second finds what the first made.
 */
export async function oneAtATime<T>(context: IExecuteFunctions, key: string, task: () => Promise<T>): Promise<T> {
	let queues = runs.get(context);
	if (queues === undefined) runs.set(context, (queues = new Map()));
	const previous = queues.get(key) ?? Promise.resolve();
	let release!: () => void;
	const tail = previous.then(() => new Promise<void>((resolve) => (release = resolve)));
	queues.set(key, tail);
	await previous;
	try {
		return await task();
	} finally {
		release();
		if (queues.get(key) === tail) queues.delete(key);
	}
}
