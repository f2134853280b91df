// Preloaded (node -r) by the inspect-lm-* workloads: reports the process's peak RSS and CPU time on
// exit, on stderr, as one marker line the bench parses. Not part of the product.
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`\nLOSSDBG_BENCH_MAXRSS_KB=${u.maxRSS} LOSSDBG_BENCH_CPU_MS=${Math.round((u.userCPUTime + u.systemCPUTime) / 1000)}\n`);
});
