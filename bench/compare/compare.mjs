// `scripts/sluice.sh compare`: Sluice, DuckDB and a hand-written loop on the same workloads.
//
//   node bench/compare/compare.mjs --bin build/bin/sluice-compare [--modules DIR] [--runs 5]
//        [--workloads a,b] [--rows N] [--threads 1]
//
// For each workload: writes its rows once into the cache (MODULES/data/W-ROWS), then runs the
// three sides as separate processes, interleaved, `runs` times; refuses figures whose summaries
// differ; prints one line per workload with the medians:
//
//   workload=W sluice_rows_s=.. duckdb_rows_s=.. kernel_rows_s=.. vs_duckdb=.. vs_kernel=..
//       sluice_rss_mb=.. duckdb_rss_mb=..
//
// vs_duckdb and vs_kernel are Sluice's rate over theirs (1.0 = as fast). The Sluice side's
// checkpoint is on the real disk under $TMPDIR (a tmpfs is refused: its syncs cost nothing).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));

function fail(message) {
  process.stderr.write(`compare: ${message}\n`);
  process.exit(1);
}

const { values: opts } = parseArgs({
  options: {
    bin: { type: 'string' },
    modules: { type: 'string' },
    runs: { type: 'string', default: '5' },
    workloads: { type: 'string' },
    rows: { type: 'string' },
    threads: { type: 'string', default: '1' },
  },
});
if (!opts.bin) fail('--bin (the sluice-compare binary) is required');
const modules = opts.modules ?? process.env.SLUICE_COMPARE_CACHE ??
                path.join(os.homedir(), '.cache', 'sluice-compare');
const runs = Number(opts.runs);
if (!Number.isInteger(runs) || runs < 1) fail(`--runs must be a positive integer, not '${opts.runs}'`);

// One side's output line: side=S workload=W rows_in=N seconds=X rss_mb=M [allocator=A] summary=a:1,b:2
function parseLine(text, what) {
  const line = text.trim().split('\n').pop();
  const fields = Object.fromEntries(line.split(' ').map((kv) => {
    const at = kv.indexOf('=');
    return [kv.slice(0, at), kv.slice(at + 1)];
  }));
  for (const key of ['rows_in', 'seconds', 'rss_mb', 'summary']) {
    if (!(key in fields)) fail(`${what} printed no ${key}: '${line}'`);
  }
  const summary = fields.summary.split(',').map((nv) => {
    const [name, value] = nv.split(':');
    return { name, value };
  });
  return { rowsIn: Number(fields.rows_in), seconds: Number(fields.seconds),
           rssMb: Number(fields.rss_mb), summary, text: fields.summary };
}

// Integers must be equal; a value with a point or an exponent is a double, equal to 1e-9.
function sameSummary(a, b) {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i];
    if (x.name !== y.name) return false;
    const isDouble = (v) => /[.eE]/.test(v);
    if (!isDouble(x.value) && !isDouble(y.value)) return BigInt(x.value) === BigInt(y.value);
    const p = Number(x.value), q = Number(y.value);
    return Math.abs(p - q) <= 1e-9 * Math.max(Math.abs(p), Math.abs(q));
  });
}

function run(file, args, what) {
  try {
    return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
                                      maxBuffer: 1 << 20 });
  } catch (e) {
    fail(`${what} failed (${e.status ?? e.message})`);
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// The checkpoint's folder: on a real disk, never a tmpfs.
const tmp = process.env.TMPDIR ?? os.tmpdir();
const fsType = execFileSync('stat', ['-f', '-c', '%T', tmp], { encoding: 'utf8' }).trim();
if (fsType === 'tmpfs' || fsType === 'ramfs') {
  fail(`${tmp} is a ${fsType}: set TMPDIR to a folder on a disk, so that syncs cost what they do`);
}

const all = run(opts.bin, ['list'], 'sluice-compare list').trim().split('\n')
  .map((l) => { const [name, rows] = l.split(' '); return { name, rows: Number(rows) }; });
const chosen = opts.workloads ? opts.workloads.split(',') : all.map((w) => w.name);
for (const name of chosen) {
  const w = all.find((x) => x.name === name);
  if (!w) fail(`no workload '${name}' (workloads: ${all.map((x) => x.name).join(', ')})`);
  const rows = opts.rows ? Number(opts.rows) : w.rows;
  const dataDir = path.join(modules, 'data', `${name}-${rows}`);
  if (!fs.existsSync(path.join(dataDir, '.complete'))) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    run(opts.bin, ['data', '--workload', name, '--rows', String(rows), '--out', dataDir],
        `writing ${name}'s data`);
    fs.writeFileSync(path.join(dataDir, '.complete'), '');
  }
  const results = { sluice: [], duckdb: [], kernel: [] };
  for (let r = 0; r < runs; ++r) {
    const checkpoint = fs.mkdtempSync(path.join(tmp, 'sluice-compare-'));
    results.sluice.push(parseLine(run(opts.bin, ['run', '--side', 'sluice', '--workload', name,
      '--rows', String(rows), '--threads', opts.threads, '--checkpoint', checkpoint],
    `${name} sluice side`), `${name} sluice side`));
    fs.rmSync(checkpoint, { recursive: true, force: true });
    results.duckdb.push(parseLine(run(process.execPath, [path.join(here, 'duckdb_side.mjs'),
      '--workload', name, '--data', dataDir, '--modules', modules], `${name} duckdb side`),
    `${name} duckdb side`));
    results.kernel.push(parseLine(run(opts.bin, ['run', '--side', 'kernel', '--workload', name,
      '--rows', String(rows)], `${name} kernel side`), `${name} kernel side`));
  }
  const reference = results.kernel[0];
  for (const [side, list] of Object.entries(results)) {
    for (const x of list) {
      if (x.rowsIn !== reference.rowsIn || !sameSummary(x.summary, reference.summary)) {
        fail(`${name}: the ${side} side disagrees with the hand-written loop:\n  ${side} ` +
             `rows_in=${x.rowsIn} ${x.text}\n  kernel rows_in=${reference.rowsIn} ${reference.text}`);
      }
    }
  }
  const rate = (side) => reference.rowsIn / median(results[side].map((x) => x.seconds));
  const rss = (side) => median(results[side].map((x) => x.rssMb));
  const fmt = (x) => (x >= 100 ? x.toFixed(0) : x.toPrecision(3));
  const s = rate('sluice'), d = rate('duckdb'), k = rate('kernel');
  console.log(`workload=${name} sluice_rows_s=${fmt(s)} duckdb_rows_s=${fmt(d)} ` +
              `kernel_rows_s=${fmt(k)} vs_duckdb=${(s / d).toFixed(3)} vs_kernel=${(s / k).toFixed(3)} ` +
              `sluice_rss_mb=${rss('sluice').toFixed(1)} duckdb_rss_mb=${rss('duckdb').toFixed(1)}`);
}
