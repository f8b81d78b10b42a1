/**
 * CPU time spent by each part of the stack, from /proc: this process (API, relay, worker), the Temporal
 * dev server, and PostgreSQL (the postmaster, its backends, and backends that have exited). CPU seconds
 * per order hold up better than wall-clock figures on a machine that others are loading too.
 */
import fs from 'node:fs';
import path from 'node:path';

const TICKS_PER_SECOND = 100;

/** utime, stime, cutime, cstime of a process, in seconds; zeros when it is gone. */
function times(pid: number): [number, number, number, number] {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the command: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
    return [11, 12, 13, 14].map((i) => Number(fields[i]) / TICKS_PER_SECOND) as [
      number,
      number,
      number,
      number,
    ];
  } catch {
    return [0, 0, 0, 0];
  }
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

export interface CpuReading {
  node: number;
  temporal: number;
  postgres: number;
}

export class CpuMeter {
  constructor(
    private readonly devServerPid: number | undefined,
    private readonly pgDataDir: string,
  ) {}

  read(): CpuReading {
    const self = process.cpuUsage();
    const temporal = this.devServerPid ? times(this.devServerPid) : [0, 0, 0, 0];
    const postmaster = this.postmasterPid();
    const pm = postmaster ? times(postmaster) : [NaN, 0, 0, 0];
    const backends = (postmaster ? childrenOf(postmaster) : []).reduce((sum, pid) => {
      const [u, s] = times(pid);
      return sum + u + s;
    }, 0);
    return {
      node: (self.user + self.system) / 1e6,
      temporal: temporal[0] + temporal[1] + temporal[2] + temporal[3],
      postgres: pm[0] + pm[1] + pm[2] + pm[3] + backends,
    };
  }

  private postmasterPid(): number | undefined {
    try {
      return Number(fs.readFileSync(path.join(this.pgDataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    } catch {
      return undefined;
    }
  }

  /** CPU milliseconds per item between two readings. */
  static perItem(before: CpuReading, after: CpuReading, items: number): CpuReading {
    return {
      node: ((after.node - before.node) * 1000) / items,
      temporal: ((after.temporal - before.temporal) * 1000) / items,
      postgres: ((after.postgres - before.postgres) * 1000) / items,
    };
  }
}
