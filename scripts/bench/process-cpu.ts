import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time (user + system, ms) used so far by every live process of a process group, from /proc (Linux;
 * null elsewhere). Pages are measured by the web server's CPU per request as well as by requests per
 * second: the web server is one process, so what a request costs it bounds the rate it can serve.
 */
const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux the kernel ABI allows for /proc

export function processGroupCpuMs(pgid: number | null): number | null {
  if (pgid === null || process.platform !== 'linux') return null;
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // Fields after the command name (which may hold spaces, in parentheses): state is field 3, pgrp 5, utime 14, stime 15.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(f[2]) !== pgid) continue;
    ticks += Number(f[11]) + Number(f[12]);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}
