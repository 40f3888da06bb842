'use strict';
// Preloaded into a benchmark's `n8n execute` (NODE_OPTIONS=--require): when the process exits it
// writes its peak resident set size in KiB (process.resourceUsage().maxRSS) to $BENCH_RSS_FILE.
const fs = require('node:fs');

process.on('exit', () => {
	if (process.env.BENCH_RSS_FILE)
		fs.writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
