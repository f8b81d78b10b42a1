/** Progress lines on stderr while a phase runs, at most one every few seconds (stdout keeps the results). */
export function progress(phase: string, total: number, everyMs = 3000) {
  const started = performance.now();
  let last = 0;
  return {
    tick(done: number, extra = '') {
      const now = performance.now();
      if (done < total && now - last < everyMs) return;
      last = now;
      const seconds = ((now - started) / 1000).toFixed(1);
      process.stderr.write(`  [${phase}] ${done}/${total} after ${seconds}s${extra ? ` — ${extra}` : ''}\n`);
    },
  };
}

export function step(message: string): void {
  process.stderr.write(`» ${message}\n`);
}
