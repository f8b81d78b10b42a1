/** Memory over time: this process (API + relay + worker) and, from /proc, the Temporal dev server. */
import fs from 'node:fs';

export interface MemorySample {
  seconds: number;
  label: string;
  rssMiB: number;
  heapUsedMiB: number;
  devServerRssMiB: number | null;
}

const MiB = 2 ** 20;

function processRssMiB(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kib ? Number(kib) / 1024 : null;
  } catch {
    return null;
  }
}

export class MemorySampler {
  readonly samples: MemorySample[] = [];
  private readonly started = performance.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly devServerPid: number | undefined) {}

  sample(label: string): MemorySample {
    const m = process.memoryUsage();
    const s: MemorySample = {
      seconds: (performance.now() - this.started) / 1000,
      label,
      rssMiB: m.rss / MiB,
      heapUsedMiB: m.heapUsed / MiB,
      devServerRssMiB: processRssMiB(this.devServerPid),
    };
    this.samples.push(s);
    return s;
  }

  /** Samples every `everyMs`, labelled by `label()` (e.g. how many orders exist by then). */
  every(everyMs: number, label: () => string): void {
    this.timer = setInterval(() => this.sample(label()), everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  peakRssMiB(): number {
    return Math.max(...this.samples.map((s) => s.rssMiB));
  }
}
