// A real local AT Protocol network for Podium's tests and benches.
//
//   node devnet/bluesky.mjs             PLC + PDS (ready in seconds)
//   node devnet/bluesky.mjs --appview   PLC + PDS + AppView (+ bsync, ozone); needs
//                                       PostgreSQL and Redis (see devnet/README.md)
//
// When the network is ready, one JSON line is written to stdout and nothing else
// ever is (all logging goes to stderr):
//
//   {"ready":true,"pds":"http://localhost:…","plc":"…","appview":null|"…","control":"…"}
//
// `control` is a tiny HTTP endpoint on 127.0.0.1: POST /process-all waits until
// every service has processed every event (call it before reading likes, reposts
// or threads from the AppView); GET /health answers 200.
//
// The process stops cleanly on SIGTERM, SIGINT, and when its stdin closes, so it
// never outlives the process that started it.
//
// Run it with Node 22 (scripts/setup_devnet.sh installs one under devnet/node/).

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

// Everything the libraries print goes to stderr; stdout carries only the ready line.
console.log = console.error;
console.info = console.error;
console.debug = console.error;

const { values: opts } = parseArgs({
  options: {
    appview: { type: 'boolean', default: false },
    'pds-port': { type: 'string', default: '0' },
    'plc-port': { type: 'string', default: '0' },
    'appview-port': { type: 'string', default: '0' },
    'control-port': { type: 'string', default: '0' },
    'postgres-url': {
      type: 'string',
      default: process.env.DB_POSTGRES_URL || 'postgresql://postgres@127.0.0.1:5432/podium_devnet',
    },
    'redis-host': { type: 'string', default: process.env.REDIS_HOST || '127.0.0.1:6379' },
  },
});

const port = (name) => {
  const value = Number.parseInt(opts[name], 10);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    fail(`--${name} must be a port number (0 picks a free one), got ${JSON.stringify(opts[name])}`);
  }
  return value || undefined;
};

function fail(message) {
  process.stderr.write(`bluesky devnet: ${message}\n`);
  process.exit(2);
}

const major = Number.parseInt(process.versions.node.split('.')[0], 10);
if (major < 22) {
  fail(`@atproto/dev-env needs Node 22 or newer, this is ${process.version}. ` +
    'Run scripts/setup_devnet.sh and start this with devnet/node/bin/node.');
}

// The PDS keeps its repos and blobs under os.tmpdir(); give this run its own
// directory and remove it on the way out. A directory left by a run that was killed
// (its process is gone) is removed here.
const tmpRoot = os.tmpdir();
for (const name of fs.readdirSync(tmpRoot)) {
  const match = /^podium-bluesky-(\d+)-/.exec(name);
  if (match && !processAlive(Number(match[1]))) {
    fs.rmSync(path.join(tmpRoot, name), { recursive: true, force: true });
  }
}
const workDir = fs.mkdtempSync(path.join(tmpRoot, `podium-bluesky-${process.pid}-`));
process.env.TMPDIR = workDir;

// Schemas in PostgreSQL are named after this host and process, so that a run killed
// before it could clean up is swept by the next run on the same host. The AppView
// accepts only [A-Za-z_] in schema names, so digits are written as letters a–p.
const letters = (text) => text.replace(/[0-9a-f]/g, (c) => 'abcdefghijklmnop'[Number.parseInt(c, 16)]);
const digits = (text) => [...text].map((c) => 'abcdefghijklmnop'.indexOf(c).toString(16)).join('');
const hostTag = letters(crypto.createHash('sha1').update(os.hostname()).digest('hex').slice(0, 8));
const schema = `pdn_${hostTag}_${letters(String(process.pid))}_${letters(crypto.randomBytes(3).toString('hex'))}`;
const SCHEMA_PREFIXES = ['appview', 'bsync', 'ozone'];

const { TestNetwork, TestNetworkNoAppView } = await import('@atproto/dev-env');

let net = null;
let control = null;
let stopping = null;

async function withPostgres(url, fn) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function ensureDatabase(url) {
  const target = new URL(url);
  const dbName = decodeURIComponent(target.pathname.replace(/^\//, '')) || 'postgres';
  const admin = new URL(url);
  admin.pathname = '/postgres';
  await withPostgres(admin.toString(), async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE "${dbName.replaceAll('"', '""')}"`);
      } catch (err) {
        if (err.code !== '42P04') throw err; // created meanwhile by a parallel run
      }
    }
  });
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

async function sweepStaleSchemas(url) {
  await withPostgres(url, async (client) => {
    const rows = await client.query(
      "SELECT nspname FROM pg_namespace WHERE nspname ~ '^(appview|bsync|ozone)_pdn_[a-p]{8}_[a-j]+_'",
    );
    for (const { nspname } of rows.rows) {
      const [, , tag, pid] = nspname.split('_');
      if (tag === hostTag && !processAlive(Number.parseInt(digits(pid), 10))) {
        await client.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
      }
    }
  });
}

async function dropSchemas(url) {
  await withPostgres(url, async (client) => {
    for (const prefix of SCHEMA_PREFIXES) {
      await client.query(`DROP SCHEMA IF EXISTS "${prefix}_${schema}" CASCADE`);
    }
  });
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

// processAll calls are serialised: two overlapping calls would race the same queues.
let processing = Promise.resolve();
function processAll() {
  const run = processing.then(() => net.processAll());
  processing = run.catch(() => {});
  return run;
}

function startControl(listenPort) {
  const server = http.createServer((req, res) => {
    const reply = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/health') return reply(200, { ok: true });
    if (req.method === 'POST' && req.url === '/process-all') {
      processAll().then(
        () => reply(200, { ok: true }),
        (err) => reply(500, { ok: false, error: String(err?.stack || err) }),
      );
      return undefined;
    }
    return reply(404, { ok: false, error: 'use POST /process-all or GET /health' });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort ?? 0, '127.0.0.1', () => resolve(server));
  });
}

async function shutdown(reason, code = 0) {
  if (stopping) return stopping;
  process.stderr.write(`bluesky devnet: stopping (${reason})\n`);
  stopping = (async () => {
    if (control) control.close();
    if (net) {
      try {
        await withTimeout(net.close(), 15000, 'closing the network');
      } catch (err) {
        process.stderr.write(`bluesky devnet: ${err?.stack || err}\n`);
      }
    }
    if (opts.appview) {
      try {
        await withTimeout(dropSchemas(opts['postgres-url']), 10000, 'dropping schemas');
      } catch (err) {
        process.stderr.write(`bluesky devnet: could not drop schemas: ${err}\n`);
      }
    }
    fs.rmSync(workDir, { recursive: true, force: true });
    process.exit(code);
  })();
  return stopping;
}

process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
process.stdin.on('end', () => shutdown('stdin closed'));
process.stdin.on('close', () => shutdown('stdin closed'));
process.stdin.on('error', () => shutdown('stdin error'));
process.stdin.resume(); // read (and discard) stdin so that EOF is noticed

try {
  const started = Date.now();
  // Leave a port out rather than passing undefined: dev-env spreads these objects over
  // its defaults, and an undefined port there means the service's fixed default port.
  const withPort = (config, name) => (port(name) ? { ...config, port: port(name) } : config);
  const pds = withPort({ inviteRequired: false }, 'pds-port');
  const plc = withPort({}, 'plc-port');
  if (opts.appview) {
    const pg = opts['postgres-url'];
    process.env.REDIS_HOST = opts['redis-host'];
    await ensureDatabase(pg);
    await sweepStaleSchemas(pg);
    net = await TestNetwork.create({
      dbPostgresUrl: pg,
      dbPostgresSchema: schema,
      pds,
      plc,
      bsky: withPort({}, 'appview-port'),
    });
  } else {
    net = await TestNetworkNoAppView.create({ pds, plc });
  }
  control = await startControl(port('control-port'));
  if (stopping) await stopping; // a signal arrived while starting
  const ready = {
    ready: true,
    pds: net.pds.url,
    plc: net.plc.url,
    appview: opts.appview ? net.bsky.url : null,
    control: `http://127.0.0.1:${control.address().port}`,
    pid: process.pid,
    seconds: (Date.now() - started) / 1000,
  };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
} catch (err) {
  process.stderr.write(`bluesky devnet: could not start: ${err?.stack || err}\n`);
  await shutdown('start failed', 1);
}
