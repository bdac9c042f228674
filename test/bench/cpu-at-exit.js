'use strict';
/**
 * Preloaded into the n8n process by bench-n8n.js (`node -r`): on exit it writes
 * the process's CPU time so far (all threads, user + system, in microseconds)
 * to the file named by DOLLR_BENCH_CPU_FILE. The process is gone once the
 * parent could ask, so it says it itself.
 */
const fs = require('node:fs');

const file = process.env.DOLLR_BENCH_CPU_FILE;
// Not passed on: a child n8n starts (its task runner) must not write the same file.
delete process.env.DOLLR_BENCH_CPU_FILE;
if (file) {
	process.on('exit', () => {
		const { user, system } = process.cpuUsage();
		fs.writeFileSync(file, JSON.stringify({ user, system }));
	});
}
