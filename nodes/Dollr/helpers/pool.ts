/**
 * Runs `task(0) … task(count - 1)` with at most `limit` in flight, starting them
 * in order. After a task throws no new one starts; the first error is thrown
 * once the running ones have settled. Small on purpose: no runtime dependency.
 */
export async function forEachConcurrently(
	count: number,
	limit: number,
	task: (index: number) => Promise<void>,
): Promise<void> {
	let next = 0;
	let failure: { error: unknown } | undefined;
	const lane = async () => {
		while (failure === undefined && next < count) {
			const index = next++;
			try {
				await task(index);
			} catch (error) {
				failure ??= { error };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, lane));
	if (failure !== undefined) throw failure.error;
}
