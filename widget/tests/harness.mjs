// Test harness: a real chatd in a temp dir, an admin session on its REST
// API (the agent side), a host-page server on another origin, and Debian's
// Chromium driven by playwright-core (never a downloaded browser).

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const WIDGET_DIR = resolve(here, '..');
export const ROOT = resolve(WIDGET_DIR, '..');
export const OUT = join(WIDGET_DIR, 'test-output');
mkdirSync(OUT, { recursive: true });

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns something truthy, or throws after `ms`. */
export async function waitFor(fn, ms = 15000, what = 'condition') {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await sleep(100);
  }
}

/** Starts chatd; `listen` may name a fixed address (restarts on the same port). */
export async function startChatd({ dataDir, listen = '127.0.0.1:0' } = {}) {
  const bin = process.env.CHATD_BIN || join(ROOT, 'target', 'debug', 'chatd');
  const dir = dataDir || mkdtempSync(join(tmpdir(), 'chatd-widget-'));
  const child = spawn(bin, ['--data-dir', dir, '--listen', listen, '--log-format', 'json'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const log = [];
  const url = await new Promise((ok, fail) => {
    let buf = '';
    const timer = setTimeout(() => fail(new Error(`chatd did not say where it listens:\n${log.join('\n')}`)), 30000);
    child.on('error', (e) => fail(new Error(`cannot start ${bin}: ${e.message} (build it with cargo build -p chatd, or set CHATD_BIN)`)));
    child.on('exit', (code) => fail(new Error(`chatd exited with ${code}:\n${log.join('\n')}`)));
    child.stderr.on('data', (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        log.push(line);
        if (log.length > 2000) log.shift();
        const m = /listening on (http:\/\/[0-9a-z.:[\]]+)/i.exec(line);
        if (m) {
          clearTimeout(timer);
          ok(m[1]);
        }
      }
    });
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 10000);
    await exited;
    clearTimeout(t);
  };
  return { url, dir, child, log, stop, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The REST API as an admin (agents use the same calls). */
export async function admin(url, dir) {
  const password = readFileSync(join(dir, 'initial-admin-password'), 'utf8').trim();
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@localhost', password }),
  });
  if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
  const { access_token } = await login.json();
  const call = async (method, path, body) => {
    const r = await fetch(url + path, {
      method,
      headers: { authorization: `Bearer ${access_token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return r.status === 204 ? null : r.json();
  };
  const a = {
    token: access_token,
    call,
    widgets: () => call('GET', '/api/v1/widgets'),
    /** A new widget that `origin` may embed. */
    async widget(name, settings = {}) {
      return call('POST', '/api/v1/widgets', { name, ...settings });
    },
    patchWidget: (id, patch) => call('PATCH', `/api/v1/widgets/${id}`, patch),
    conversations: (widgetId) => call('GET', `/api/v1/conversations?limit=100${widgetId ? `&widget_id=${widgetId}` : ''}`),
    messages: async (id) => (await call('GET', `/api/v1/conversations/${id}/messages?after_seq=0&limit=500`)).messages,
    say: (id, body, client_id = `agent-${Math.random().toString(36).slice(2)}`) =>
      call('POST', `/api/v1/conversations/${id}/messages`, { client_id, body }),
    read: (id, seq) => call('POST', `/api/v1/conversations/${id}/read`, { seq }),
    typing: (id, on) => call('POST', `/api/v1/conversations/${id}/typing`, { on }),
    get: (id) => call('GET', `/api/v1/conversations/${id}`),
    accept: (id) => call('POST', `/api/v1/conversations/${id}/accept`),
    close: (id) => call('POST', `/api/v1/conversations/${id}/close`),
    /** The one conversation of a widget, once it exists. */
    async conversation(widgetId) {
      return waitFor(async () => {
        const cs = await a.conversations(widgetId);
        if (cs.length > 1) throw new Error(`expected one conversation, found ${cs.length}`);
        return cs[0];
      }, 15000, 'a conversation');
    },
    /** Waits until the visitor messages of a conversation are exactly `bodies` (and fails on extras). */
    async visitorBodies(id, bodies, ms = 15000) {
      let got = [];
      await waitFor(async () => {
        got = (await a.messages(id)).filter((m) => m.sender === 'visitor').map((m) => m.body);
        return got.length >= bodies.length;
      }, ms, `visitor messages ${JSON.stringify(bodies)}`);
      await sleep(300);
      got = (await a.messages(id)).filter((m) => m.sender === 'visitor').map((m) => m.body);
      return got;
    },
  };
  return a;
}

/** Serves host pages on another origin: `pages.set(path, {html, headers})`. */
export async function hostServer() {
  const pages = new Map();
  const server = http.createServer((req, res) => {
    const p = pages.get(req.url.split('?')[0]);
    if (req.url === '/favicon.ico') {
      res.writeHead(204);
      return res.end();
    }
    if (!p) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    res.writeHead(200, { 'content-type': p.type || 'text/html; charset=utf-8', 'cache-control': 'no-store', ...(p.headers || {}) });
    res.end(p.body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    pages,
    /** Registers a page and returns its URL. */
    page(path, body, headers, type) {
      pages.set(path, { body, headers, type });
      return origin + path;
    },
    close: () => new Promise((r) => server.close(r)),
  };
}

/** A plain host page embedding the widget. */
export function hostHtml(chatd, siteKey, { head = '', body = '' } = {}) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Host page</title>${head}</head>
<body>
<main><h1>A host page</h1><p id="content">The shop's own content.</p></main>
${body}
<script async src="${chatd}/widget.js" data-site-key="${siteKey}"></script>
</body>
</html>`;
}

export async function browser() {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/** Collects console errors and page errors of a page. */
export function watch(page) {
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) errors.push(`${m.text()} (${m.location()?.url || ''})`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/**
 * Keeps the admin online on chatd's agent socket, from a page of the test's
 * browser (chatd counts an agent online while a socket is open): without an
 * agent online, a queued visitor gets the offline form. Reconnects by itself
 * (chatd restarts on the same address).
 */
export async function agentOnline(b, url, token) {
  const page = await b.newPage();
  await page.evaluate(
    ([u, t]) => {
      const a = (window.agent = { status: 'online', open: false });
      const connect = () => {
        const ws = (a.ws = new WebSocket(`${u.replace(/^http/, 'ws')}/api/v1/agent/ws`));
        ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', token: t }));
        ws.onmessage = (e) => {
          if (JSON.parse(e.data).type !== 'welcome') return;
          a.open = true;
          if (a.status !== 'online') ws.send(JSON.stringify({ type: 'set_presence', status: a.status }));
        };
        ws.onclose = () => {
          a.open = false;
          setTimeout(connect, 300);
        };
      };
      connect();
      setInterval(() => a.ws.readyState === 1 && a.ws.send('{"type":"ping"}'), 10000);
    },
    [url, token],
  );
  await waitFor(() => page.evaluate(() => window.agent.open), 10000, 'the agent socket');
  return {
    /** online or away (away: no agent online for the widget's visitors). */
    async set(status) {
      await page.evaluate((s) => {
        window.agent.status = s;
        window.agent.ws.send(JSON.stringify({ type: 'set_presence', status: s }));
      }, status);
      await sleep(300); // chatd applies it on its own time
    },
    close: () => page.close(),
  };
}

/** Everything a test needs: chatd, admin API, host server, a browser. */
export async function setup() {
  const chatd = await startChatd();
  const api = await admin(chatd.url, chatd.dir);
  const host = await hostServer();
  const b = await browser();
  const agent = await agentOnline(b, chatd.url, api.token);
  let n = 0;
  const env = {
    chatd,
    api,
    host,
    browser: b,
    /** The admin's agent socket: online unless a test says otherwise. */
    agent,
    /** The URL pages load the widget from and talk to. */
    base: chatd.url,
    /** A widget for `host.origin`, and a host page embedding it. */
    async site(settings = {}, opts = {}) {
      // The AI assistant is off so only the test's agent answers (the
      // conversation goes to the queue with the first message).
      const w = await api.widget(`test-${++n}-${Date.now()}`, { allowed_origins: [host.origin], ai: { enabled: false }, ...settings });
      const url = host.page(`/p${n}.html`, hostHtml(env.base, w.site_key, opts), opts.headers);
      return { widget: w, url };
    },
    /** Stops chatd, waits `ms`, starts it again on the same address and data. */
    async restart(ms = 0) {
      await env.chatd.stop();
      await sleep(ms);
      env.chatd = await startChatd({ dataDir: env.chatd.dir, listen: new URL(env.chatd.url).host });
    },
    async close() {
      await b.close().catch(() => {});
      await host.close().catch(() => {});
      await env.chatd.stop();
      env.chatd.remove();
    },
  };
  return env;
}

// ---- widget helpers (Playwright's CSS locators pierce open shadow roots) ----

export const W = {
  launcher: 'chatd-widget .l',
  panel: 'chatd-widget .p',
  input: 'chatd-widget textarea[aria-label="Message"]',
  send: 'chatd-widget button.sn',
  log: 'chatd-widget [role="log"]',
  pending: 'chatd-widget .pd .m',
  badge: 'chatd-widget .bd',
  typing: 'chatd-widget .ty',
  status: 'chatd-widget .st',
  notices: 'chatd-widget [role="log"] .sys .b',
  stream: 'chatd-widget .m.ai',
  bar: 'chatd-widget .bar',
  human: 'chatd-widget button.hb',
  end: 'chatd-widget button.e',
  rating: 'chatd-widget .rate',
  offline: 'chatd-widget form.off',
};

/** Opens the page and the widget, ready to type. */
export async function openWidget(page, url) {
  await page.goto(url);
  await page.locator(W.launcher).waitFor({ state: 'visible' });
  if (!(await page.locator(W.panel).isVisible())) await page.locator(W.launcher).click();
  await page.locator(W.input).waitFor({ state: 'visible' });
}

export async function type(page, text) {
  await page.locator(W.input).fill(text);
  await page.locator(W.input).press('Enter');
}

/** Bodies of the confirmed messages shown, in order (not chatd's own notices). */
export async function shown(page) {
  return page.locator(`${W.log} .m:not(.sys) .b`).allTextContents();
}

/** Bodies shown anywhere in the list (confirmed and pending; not notices). */
export async function shownAll(page) {
  return page.locator('chatd-widget .log .m:not(.sys) .b, chatd-widget .pd .b').allTextContents();
}

/** chatd's own lines in the conversation ("Sam joined the conversation."). */
export async function notices(page) {
  return page.locator(W.notices).allTextContents();
}

/** Runs axe-core on the page; fails on serious or critical violations, returns all. */
export async function axe(page, what) {
  axe.src ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axe.src);
  const r = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }),
  );
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary || ''}`).join(', ')}`),
    [],
    `${what}: serious or critical violations`,
  );
  return r.violations;
}
