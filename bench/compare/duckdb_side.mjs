// The DuckDB side of `scripts/sluice.sh compare`.
//
//   node bench/compare/duckdb_side.mjs --workload W --data DIR [--modules DIR]
//
// Loads the workload's data from DIR into in-memory tables (untimed), runs the
// workload's query once under `SET threads=1` (timed with process.hrtime.bigint),
// and prints one line:
//
//   side=duckdb workload=W rows_in=N seconds=S rss_mb=M summary=NAME:VALUE,...
//
// rss_mb is the process's peak RSS (load included). Integers print exactly,
// doubles with 17 significant digits, NULL (empty input) as 0.
//
// @duckdb/node-api (pinned in bench/compare/package.json) is loaded from
// MODULES/node_modules, MODULES being --modules, else $SLUICE_COMPARE_CACHE,
// else $HOME/.cache/sluice-compare, so the repository needs no node_modules:
//
//   npm install --prefix "${SLUICE_COMPARE_CACHE:-$HOME/.cache/sluice-compare}" \
//       @duckdb/node-api@1.5.6-r.1

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const PACKAGE = '@duckdb/node-api';
const PACKAGE_VERSION = '1.5.6-r.1';

const HOUR_US = 3600000000n;  // window_1k, window_1m: 1 h windows and watermark delay
const YSB_US = 10000000n;     // ysb: 10 s windows and watermark delay
const KAFKA_MS = 10000n;      // kafka_json: 10 s windows and watermark delay (event_time in ms)

class SideError extends Error {}

function usage() {
  return `usage: node bench/compare/duckdb_side.mjs --workload W --data DIR [--modules DIR]\n` +
         `workloads: ${Object.keys(WORKLOADS).join(', ')}`;
}

// A SQL string literal.
function lit(s) {
  return `'${String(s).replaceAll("'", "''")}'`;
}

// read_csv with the dialect fixed (header line, ',' separated, no quoting) and
// explicit column types, so nothing is sniffed.
function readCsv(file, columns) {
  const cols = Object.entries(columns).map(([n, t]) => `${lit(n)}: ${lit(t)}`).join(', ');
  return `read_csv(${lit(file)}, header = true, delim = ',', quote = '', escape = '', ` +
         `auto_detect = false, columns = {${cols}})`;
}

function dataFile(ctx, name) {
  const file = path.join(ctx.dataDir, name);
  let st;
  try {
    st = fs.statSync(file);
  } catch (e) {
    throw new SideError(`missing data file ${file} (${e.code ?? e.message})`);
  }
  if (!st.isFile()) throw new SideError(`data file ${file} is not a regular file`);
  return file;
}

// The first line of file, read without loading the whole file.
function firstLine(file) {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString('utf8');
    const end = text.indexOf('\n');
    return (end < 0 ? text : text.slice(0, end)).replace(/\r$/, '');
  } finally {
    fs.closeSync(fd);
  }
}

async function loadCsv(ctx, table, name, columns) {
  const file = dataFile(ctx, name);
  // read_csv skips the header unread when the columns are given; check it
  // names the expected columns in order, so a reordered file cannot load wrong.
  const header = firstLine(file);
  const expected = Object.keys(columns).join(',');
  if (header !== expected) {
    throw new SideError(`${file}: header '${header}', expected '${expected}'`);
  }
  try {
    await ctx.con.run(`CREATE TABLE ${table} AS FROM ${readCsv(file, columns)}`);
  } catch (e) {
    throw new SideError(`loading ${file}: ${e.message}`);
  }
}

async function one(ctx, sql) {
  const reader = await ctx.con.runAndReadAll(sql);
  const rows = reader.getRows();
  if (rows.length !== 1) throw new SideError(`expected one row, got ${rows.length}: ${sql}`);
  return rows[0];
}

async function countRows(ctx, table) {
  return (await one(ctx, `SELECT count(*) FROM ${table}`))[0];
}

// Runs fn timed; returns [seconds, fn's result].
async function timed(fn) {
  const start = process.hrtime.bigint();
  const result = await fn();
  const end = process.hrtime.bigint();
  return [Number(end - start) / 1e9, result];
}

// Per-workload: load (untimed) returns rows_in; query (timed) returns the one
// summary row; summary names each value and whether it is an integer or a double.
const WORKLOADS = {
  filter_project: {
    summary: [['rows', 'int'], ['sum_id', 'int'], ['sum_value', 'double']],
    async load(ctx) {
      await loadCsv(ctx, 'events', 'events.csv', { id: 'BIGINT', price: 'DOUBLE' });
      return countRows(ctx, 'events');
    },
    query: (ctx) => one(ctx,
      `SELECT count(*), sum(id), sum(price * 1.2) FROM events WHERE price > 10 AND id % 3 <> 0`),
  },

  window_1k: windowWorkload(),
  window_1m: windowWorkload(),

  ysb: {
    summary: [['groups', 'int'], ['sum_count', 'int']],
    async load(ctx) {
      await loadCsv(ctx, 'events', 'events.csv',
                    { ad_id: 'VARCHAR', event_type: 'VARCHAR', t: 'BIGINT' });
      await loadCsv(ctx, 'ads', 'ads.csv', { ad_id: 'VARCHAR', campaign_id: 'BIGINT' });
      return countRows(ctx, 'events');
    },
    // The watermark is max(t) over all events, views or not.
    query: (ctx) => one(ctx, `
      SELECT count(*), sum(c) FROM (
        SELECT a.campaign_id, e.t // ${YSB_US} AS w, count(*) AS c
        FROM events e JOIN ads a ON e.ad_id = a.ad_id
        WHERE e.event_type = 'view'
        GROUP BY a.campaign_id, w
      ) g
      WHERE (g.w + 1) * ${YSB_US} <= (SELECT max(t) FROM events) - ${YSB_US}`),
  },

  dedup: {
    summary: [['rows', 'int'], ['sum_k', 'int'], ['sum_t', 'int']],
    async load(ctx) {
      await loadCsv(ctx, 'events', 'events.csv', { k: 'BIGINT', t: 'BIGINT' });
      return countRows(ctx, 'events');
    },
    query: (ctx) => one(ctx,
      `SELECT count(*), sum(k), sum(t) FROM (SELECT DISTINCT k, t FROM events)`),
  },

  stream_100: {
    summary: [['keys', 'int'], ['sum_count', 'int'], ['sum_v', 'int']],
    async load(ctx) {
      await loadCsv(ctx, 'events', 'events.csv', { batch: 'INTEGER', k: 'BIGINT', v: 'BIGINT' });
      const [rows, minBatch, maxBatch] = await one(ctx,
        `SELECT count(*), min(batch), max(batch) FROM events`);
      if (minBatch !== null && minBatch < 0) {
        throw new SideError(`${ctx.dataDir}/events.csv: negative batch ${minBatch}`);
      }
      ctx.batches = maxBatch === null ? 0 : maxBatch + 1;
      for (let i = 0; i < ctx.batches; i++) {
        await ctx.con.run(`CREATE TABLE batch_${i} AS SELECT k, v FROM events WHERE batch = ${i}`);
      }
      await ctx.con.run(`DROP TABLE events`);
      await ctx.con.run(`CREATE TABLE state (k BIGINT PRIMARY KEY, n BIGINT, s BIGINT)`);
      return rows;
    },
    // One micro-batch per statement, in order, each folded into the keyed state.
    async query(ctx) {
      for (let i = 0; i < ctx.batches; i++) {
        await ctx.con.run(`
          INSERT INTO state SELECT k, count(*), sum(v) FROM batch_${i} GROUP BY k
          ON CONFLICT (k) DO UPDATE SET n = n + excluded.n, s = s + excluded.s`);
      }
      return one(ctx, `SELECT count(*), sum(n), sum(s) FROM state`);
    },
  },

  kafka_json: {
    summary: [['groups', 'int'], ['sum_count', 'int']],
    async load(ctx) {
      // Each line whole, as one VARCHAR `value`: no header, no quoting, and a
      // delimiter (U+001F) that a JSON text never holds raw.
      const file = dataFile(ctx, 'events.jsonl');
      try {
        await ctx.con.run(`CREATE TABLE events AS FROM read_csv(${lit(file)}, header = false, ` +
                          `delim = '\u001f', quote = '', escape = '', auto_detect = false, ` +
                          `columns = {'value': 'VARCHAR'})`);
      } catch (e) {
        throw new SideError(`loading ${file}: ${e.message}`);
      }
      // The text must be intact: one row per line, each line's bytes whole.
      const [rows, bytes, nulls] = await one(ctx,
        `SELECT count(*), coalesce(sum(strlen(value)), 0), count(*) - count(value) ` +
        `FROM events`);
      const size = BigInt(fs.statSync(file).size);
      const withNewlines = BigInt(bytes) + BigInt(rows);
      if (nulls !== 0n || (withNewlines !== size && withNewlines !== size + 1n)) {
        throw new SideError(`loading ${file}: ${rows} rows of ${bytes} bytes (${nulls} empty) ` +
                            `do not make up the file's ${size} bytes (blank or CRLF lines?)`);
      }
      return rows;
    },
    // JSON is parsed in the timed part (json_transform to the 7-field event
    // struct, as the engine's from_json does). The watermark max(t) is taken
    // over the groups' maxima so the JSON is parsed once.
    query: (ctx) => one(ctx, `
      SELECT count(*), sum(c) FROM (
        SELECT w, c, max(gmax) OVER () AS tmax FROM (
          SELECT ad_type, t // ${KAFKA_MS} AS w, count(*) AS c, max(t) AS gmax
          FROM (
            SELECT j.ad_type AS ad_type, CAST(j.event_time AS BIGINT) AS t
            FROM (
              SELECT json_transform(value, '{"user_id": "VARCHAR", "page_id": "VARCHAR",
                "ad_id": "VARCHAR", "ad_type": "VARCHAR", "event_type": "VARCHAR",
                "event_time": "VARCHAR", "ip_address": "VARCHAR"}') AS j
              FROM events
            )
          )
          GROUP BY ad_type, w
        )
      )
      WHERE (w + 1) * ${KAFKA_MS} <= tmax - ${KAFKA_MS}`),
  },
};

function windowWorkload() {
  return {
    summary: [['groups', 'int'], ['sum_count', 'int'], ['sum_v', 'int']],
    async load(ctx) {
      await loadCsv(ctx, 'events', 'events.csv', { k: 'BIGINT', t: 'BIGINT', v: 'BIGINT' });
      return countRows(ctx, 'events');
    },
    // Tumbling 1 h windows; a window counts once its end is at or below the
    // watermark max(t) - 1 h.
    query: (ctx) => one(ctx, `
      SELECT count(*), sum(c), sum(s) FROM (
        SELECT k, t // ${HOUR_US} AS w, count(*) AS c, sum(v) AS s
        FROM events
        GROUP BY k, w
      ) g
      WHERE (g.w + 1) * ${HOUR_US} <= (SELECT max(t) FROM events) - ${HOUR_US}`),
  };
}

function formatValue(v, kind, name) {
  if (v === null || v === undefined) return '0';
  if (kind === 'int') {
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'number' && Number.isSafeInteger(v)) return v.toString();
  } else if (typeof v === 'number') {
    return v.toPrecision(17);
  }
  throw new SideError(`summary ${name}: unexpected ${typeof v} value ${String(v)} for ${kind}`);
}

function loadDuckDB(modulesDir) {
  const pkgDir = path.join(modulesDir, 'node_modules', ...PACKAGE.split('/'));
  if (!fs.existsSync(path.join(pkgDir, 'package.json'))) {
    throw new SideError(`${PACKAGE} not found under ${modulesDir}/node_modules; install it with: ` +
                        `npm install --prefix ${modulesDir} ${PACKAGE}@${PACKAGE_VERSION}`);
  }
  // The package is CommonJS; require it by its folder, so its own dependency
  // (@duckdb/node-bindings) resolves from modulesDir/node_modules.
  const require = createRequire(path.join(modulesDir, 'node_modules', 'duckdb_side.cjs'));
  const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
  if (version !== PACKAGE_VERSION) {
    process.stderr.write(`duckdb_side: warning: ${PACKAGE} ${version} under ${modulesDir}, ` +
                         `expected ${PACKAGE_VERSION}\n`);
  }
  return require(pkgDir);
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        workload: { type: 'string' },
        data: { type: 'string' },
        modules: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new SideError(`${e.message}\n${usage()}`);
  }
  if (values.help) {
    process.stdout.write(usage() + '\n');
    return;
  }
  if (!values.workload) throw new SideError(`--workload is required\n${usage()}`);
  const name = values.workload;
  const workload = Object.hasOwn(WORKLOADS, name) ? WORKLOADS[name] : undefined;
  if (!workload) throw new SideError(`unknown workload '${name}'\n${usage()}`);
  if (!values.data) throw new SideError(`--data is required\n${usage()}`);
  const dataDir = path.resolve(values.data);
  if (!fs.existsSync(dataDir) || !fs.statSync(dataDir).isDirectory()) {
    throw new SideError(`data directory ${dataDir} does not exist`);
  }
  const modulesDir = path.resolve(values.modules ?? process.env.SLUICE_COMPARE_CACHE ??
                                  path.join(os.homedir(), '.cache', 'sluice-compare'));

  const { DuckDBInstance } = loadDuckDB(modulesDir);
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  try {
    await con.run('SET threads = 1');
    const ctx = { con, dataDir };
    const rowsIn = await workload.load(ctx);
    const [seconds, row] = await timed(() => workload.query(ctx));
    if (row.length !== workload.summary.length) {
      throw new SideError(`query returned ${row.length} columns, expected ${workload.summary.length}`);
    }
    const summary = workload.summary
      .map(([n, kind], i) => `${n}:${formatValue(row[i], kind, n)}`)
      .join(',');
    const rssMb = (process.resourceUsage().maxRSS / 1024).toFixed(1);
    process.stdout.write(`side=duckdb workload=${name} rows_in=${formatValue(rowsIn, 'int', 'rows_in')} ` +
                         `seconds=${seconds.toFixed(6)} rss_mb=${rssMb} summary=${summary}\n`);
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}

let workloadArg = '?';
{
  const i = process.argv.indexOf('--workload');
  if (i >= 0 && i + 1 < process.argv.length) workloadArg = process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith('--workload='));
  if (eq) workloadArg = eq.slice('--workload='.length);
}

main().catch((e) => {
  const msg = e instanceof SideError ? e.message : (e?.stack ?? String(e));
  process.stderr.write(`duckdb_side: workload=${workloadArg}: ${msg}\n`);
  process.exitCode = 1;
});
