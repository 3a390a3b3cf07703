import { cpus, loadavg } from 'node:os';
import { summarize, type Summary } from './stats';

/** A latency row: samples of one operation, compared with a baseline row measured in the same run. */
interface LatencyRow {
  key: string;
  name: string;
  summary: Summary;
  /** Operations per second over the row's wall time, when it was measured under load. */
  throughput?: number;
  vs?: string;
}
interface RateRow { name: string; rate: number; unit: string; vs?: string }
export interface PageRow {
  name: string; path: string; requestsPerSecond: number; p50: number; p99: number; errors: number;
  /** The web server's CPU time per request during the run (null off Linux). */
  webCpuMsPerRequest: number | null;
  vs?: string;
}
export interface CostRow {
  kind: string; statements: number; stripeCalls: number; workflowTasks: number; activityTasks: number; note?: string;
  /** Which statements those were (normalized text, calls), so the next person sees what to merge or drop. */
  statementsByText?: Array<{ query: string; calls: number }>;
}

/**
 * Every figure of one `npm run bench`, with each goal's ratio against the baseline it names (both
 * measured in this run, on this machine, so the ratio survives a slower or busier machine).
 */
export class BenchReport {
  private readonly latency: LatencyRow[] = [];
  private readonly rates: RateRow[] = [];
  private readonly pages: PageRow[] = [];
  private readonly costs: CostRow[] = [];
  private readonly notes: string[] = [];

  /** Records a latency row; `vs` names the key of an earlier row whose p50 (and throughput) it is compared with. */
  addLatency(key: string, name: string, samples: number[], opts: { throughput?: number; vs?: string } = {}): Summary {
    const summary = summarize(samples);
    this.latency.push({ key, name, summary, ...opts });
    console.log(`  ${name}: p50 ${summary.p50.toFixed(0)} ms, p99 ${summary.p99.toFixed(0)} ms (n=${summary.n})`);
    return summary;
  }
  addRate(name: string, rate: number, unit: string, vs?: string) {
    this.rates.push({ name, rate, unit, vs });
  }
  addPage(row: PageRow) {
    this.pages.push(row);
    console.log(`  ${row.path}: ${row.requestsPerSecond.toFixed(1)} req/s, p50 ${row.p50} ms${row.webCpuMsPerRequest === null ? '' : `, web CPU ${row.webCpuMsPerRequest.toFixed(2)} ms/request`}`);
  }
  addCost(row: CostRow) {
    this.costs.push(row);
  }
  note(text: string) {
    this.notes.push(text);
  }

  private row(key: string) {
    const r = this.latency.find((x) => x.key === key);
    if (!r) throw new Error(`bench report: no baseline row "${key}"`);
    return r;
  }

  render(runs: number): string {
    const f = (n: number) => n.toFixed(1);
    const ratio = (r: LatencyRow) => (r.vs ? `${(r.summary.p50 / this.row(r.vs).summary.p50).toFixed(2)}× ${r.vs}` : '—');
    const tput = (r: LatencyRow) => (r.throughput === undefined ? '' : `${f(r.throughput)}/s`);
    const lines = [
      `# Seatplan bench — ${new Date().toISOString()}`,
      '',
      `Machine: ${process.platform} ${process.arch}, Node ${process.version}, ${cpus().length} CPUs, load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}. Default runs per row: ${runs}.`,
      '',
      '## Latency (ratios are p50 against the named baseline row, same run)',
      '',
      '| key | measurement | n | p50 ms | p99 ms | p99/p50 | mean ms | max ms | throughput | p50 vs baseline |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|---|',
      ...this.latency.map((r) => `| ${r.key} | ${r.name} | ${r.summary.n} | ${f(r.summary.p50)} | ${f(r.summary.p99)} | ${(r.summary.p99 / r.summary.p50).toFixed(2)} | ${f(r.summary.mean)} | ${f(r.summary.max)} | ${tput(r)} | ${ratio(r)} |`),
    ];
    if (this.rates.length) {
      lines.push('', '## Throughput', '', '| measurement | rate | vs baseline throughput |', '|---|---:|---|');
      for (const r of this.rates) {
        const base = r.vs ? this.row(r.vs) : null;
        const vs = base?.throughput ? `${((100 * r.rate) / base.throughput).toFixed(0)} % of ${r.vs} (${f(base.throughput)}/s)` : '—';
        lines.push(`| ${r.name} | ${r.rate.toFixed(2)} ${r.unit} | ${vs} |`);
      }
    }
    if (this.pages.length) {
      lines.push(
        '', '## Pages, 20 concurrent connections (autocannon, signed in, server-rendered)', '',
        'The web server runs in one process, whose CPU per request bounds its rate (user + system time of its process group over the counted run). Both move with the load of a shared machine: compare rows of one run.', '',
        '| page | path | req/s | p50 ms | p99 ms | non-2xx | vs | web CPU ms/request | CPU vs |', '|---|---|---:|---:|---:|---:|---|---:|---|',
      );
      for (const p of this.pages) {
        const base = p.vs ? this.pages.find((x) => x.name === p.vs) : undefined;
        const vs = base ? `${((100 * p.requestsPerSecond) / base.requestsPerSecond).toFixed(0)} % of ${base.path}` : '—';
        const cpu = p.webCpuMsPerRequest === null ? '—' : p.webCpuMsPerRequest.toFixed(2);
        const cpuVs = base && p.webCpuMsPerRequest !== null && base.webCpuMsPerRequest ? `${(p.webCpuMsPerRequest / base.webCpuMsPerRequest).toFixed(2)}× ${base.path}` : '—';
        lines.push(`| ${p.name} | \`${p.path}\` | ${f(p.requestsPerSecond)} | ${p.p50} | ${p.p99} | ${p.errors} | ${vs} | ${cpu} | ${cpuVs} |`);
      }
    }
    if (this.costs.length) {
      lines.push(
        '',
        '## What one order costs (one order on a quiet stack; web + worker)',
        '',
        'SQL statements counted by pg_stat_statements (BEGIN/COMMIT included), Stripe API calls from the localstripe access log, Temporal tasks from the workflow histories.',
        '',
        '| order kind | SQL statements | Stripe calls | workflow tasks | activity tasks | note |',
        '|---|---:|---:|---:|---:|---|',
        ...this.costs.map((c) => `| ${c.kind} | ${c.statements} | ${c.stripeCalls} | ${c.workflowTasks} | ${c.activityTasks} | ${c.note ?? ''} |`),
      );
      for (const c of this.costs.filter((x) => x.statementsByText?.length)) {
        lines.push('', `<details><summary>${c.kind}: its ${c.statements} SQL statements</summary>`, '', '| calls | statement (normalized, first 160 characters) |', '|---:|---|');
        for (const s of c.statementsByText!) lines.push(`| ${s.calls} | \`${s.query.replace(/\s+/g, ' ').slice(0, 160).replace(/\|/g, '\\|')}\` |`);
        lines.push('', '</details>');
      }
    }
    if (this.notes.length) lines.push('', ...this.notes);
    lines.push('');
    return lines.join('\n');
  }
}
