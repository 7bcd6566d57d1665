// chatd serving the widget: the embedded bundle with its caching headers,
// the /demo page on chatd's own origin, and the CORS answers cross-origin
// embedding needs.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setup, W, WIDGET_DIR, OUT, type, shown, waitFor } from './harness.mjs';

const env = await setup();
after(() => env.close());
const base = () => env.chatd.url;
const js = readFileSync(join(WIDGET_DIR, 'dist', 'widget.js'));
const hash = createHash('sha256').update(js).digest('hex').slice(0, 16);

test('GET /widget.js serves the committed bundle with a strong ETag and a short cache', async () => {
  const r = await fetch(`${base()}/widget.js`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/javascript');
  assert.equal(r.headers.get('cache-control'), 'public, max-age=300');
  assert.equal(r.headers.get('etag'), `"${hash}"`);
  assert.ok(Buffer.from(await r.arrayBuffer()).equals(js), 'served bytes equal widget/dist/widget.js');
  const again = await fetch(`${base()}/widget.js`, { headers: { 'if-none-match': `"${hash}"` } });
  assert.equal(again.status, 304);
  assert.equal((await again.arrayBuffer()).byteLength, 0);
  const other = await fetch(`${base()}/widget.js`, { headers: { 'if-none-match': '"stale"' } });
  assert.equal(other.status, 200);
});

test('GET /widget.<hash>.js is cached for a year', async () => {
  const r = await fetch(`${base()}/widget.${hash}.js`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.ok(Buffer.from(await r.arrayBuffer()).equals(js));
  assert.equal((await fetch(`${base()}/widget.0123456789abcdef.js`)).status, 404);
});

test('GET / leads to /demo, where the Demo widget works on chatd\'s own origin', async () => {
  const root = await fetch(`${base()}/`, { redirect: 'manual' });
  assert.ok([302, 303, 307, 308].includes(root.status));
  assert.equal(root.headers.get('location'), '/demo');
  const demo = (await env.api.widgets()).find((w) => w.name === 'Demo');
  assert.ok(demo, 'the first start creates a widget named Demo');
  assert.deepEqual(demo.allowed_origins, []);
  const html = await (await fetch(`${base()}/demo`)).text();
  assert.ok(html.includes(`<script async src="/widget.js" data-site-key="${demo.site_key}"></script>`));
  const c = await env.browser.newContext();
  const page = await c.newPage();
  await page.goto(`${base()}/demo`);
  await page.locator(W.launcher).click();
  await page.locator(W.input).waitFor({ state: 'visible' });
  assert.equal(await page.locator('chatd-widget h2').textContent(), 'chatd demo');
  await type(page, 'hello from the demo page');
  const conv = await env.api.conversation(demo.id);
  assert.deepEqual(await env.api.visitorBodies(conv.id, ['hello from the demo page']), ['hello from the demo page']);
  await env.api.say(conv.id, 'the demo works');
  await waitFor(async () => (await shown(page)).includes('the demo works'), 10000, 'the reply on /demo');
  await page.screenshot({ path: join(OUT, 'demo.png') });
  await c.close();
});

test(
  'chatd answers CORS for a widget\'s allowed origins (cross-origin embedding needs it)',
  async () => {
    const w = await env.api.widget(`cors-${Date.now()}`, { allowed_origins: [env.host.origin] });
    const pre = await fetch(`${base()}/api/v1/public/conversations`, {
      method: 'OPTIONS',
      headers: { origin: env.host.origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.ok(pre.status < 300, `preflight: ${pre.status}`);
    assert.equal(pre.headers.get('access-control-allow-origin'), env.host.origin);
    assert.match(pre.headers.get('access-control-allow-headers') || '', /content-type/i);
    const cfg = await fetch(`${base()}/api/v1/public/widgets/${w.site_key}`, { headers: { origin: env.host.origin } });
    assert.equal(cfg.headers.get('access-control-allow-origin'), env.host.origin);
    const sse = await fetch(`${base()}/api/v1/public/conversations/00000000-0000-0000-0000-000000000000/messages`, {
      method: 'OPTIONS',
      headers: { origin: env.host.origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    assert.match(sse.headers.get('access-control-allow-headers') || '', /authorization/i);
  },
);

test(
  'the public widget config refuses origins the widget does not allow',
  async () => {
    const w = await env.api.widget(`origin-${Date.now()}`, { allowed_origins: ['https://shop.example'] });
    const r = await fetch(`${base()}/api/v1/public/widgets/${w.site_key}`, { headers: { origin: 'https://evil.example' } });
    assert.equal(r.status, 403);
  },
);
