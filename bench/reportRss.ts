// Preloaded into a benchmarked child process: prints its peak resident set size when it exits.
process.on('exit', () => {
  process.stderr.write(`BENCH_MAXRSS_KB ${process.resourceUsage().maxRSS}\n`);
});
