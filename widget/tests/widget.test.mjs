// End-to-end tests of the widget in headless Chromium against a real chatd
// (issue 5, "Done when"). Run from widget/: node --test tests/

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setup, W, OUT, openWidget, type, shown, shownAll, waitFor, sleep, watch, hostHtml, axe } from './harness.mjs';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

const ctx = (opts = {}) => env.browser.newContext({ viewport: { width: 1280, height: 800 }, ...opts });

/** Waits until the confirmed messages shown are exactly `bodies`, nothing pending, and stay so. */
async function showsExactly(page, bodies, what = 'messages') {
  let last;
  await waitFor(async () => JSON.stringify((last = await shownAll(page))) === JSON.stringify(bodies), 15000, `${what}: ${JSON.stringify(bodies)}`).catch((e) => {
    throw new Error(`${e.message}; shown: ${JSON.stringify(last)}`);
  });
  await sleep(700);
  assert.deepEqual(await shown(page), bodies, `${what} (confirmed)`);
  assert.equal(await page.locator(W.pending).count(), 0, `${what}: nothing left pending`);
}

test('a visitor message reaches the agent and the reply appears without a reload', async () => {
  const { widget, url } = await env.site();
  const c = await ctx();
  const page = await c.newPage();
  const errors = watch(page);
  await openWidget(page, url);
  await type(page, 'Hello, I need help with my order');
  // Shown at once, before any answer from the server.
  assert.deepEqual(await shownAll(page), ['Hello, I need help with my order']);
  const conv = await env.api.conversation(widget.id);
  assert.deepEqual(await env.api.visitorBodies(conv.id, ['Hello, I need help with my order']), ['Hello, I need help with my order']);
  assert.equal(conv.page_url, url, 'page_url is sent');
  await showsExactly(page, ['Hello, I need help with my order']);
  await env.api.say(conv.id, 'Hi! What is the order number?');
  await showsExactly(page, ['Hello, I need help with my order', 'Hi! What is the order number?']);
  assert.deepEqual(await page.locator(`${W.log} .who`).allTextContents(), ['You', 'Admin'], 'sender labels');
  assert.deepEqual(errors, []);
  await c.close();
});

test('a reload shows the history once and the conversation continues', async () => {
  const { widget, url } = await env.site();
  const c = await ctx();
  const page = await c.newPage();
  await openWidget(page, url);
  await type(page, 'first');
  const conv = await env.api.conversation(widget.id);
  await env.api.visitorBodies(conv.id, ['first']);
  await env.api.say(conv.id, 'agent one');
  await showsExactly(page, ['first', 'agent one']);
  await page.reload();
  await page.locator(W.input).waitFor({ state: 'visible' }); // still open after the reload
  await showsExactly(page, ['first', 'agent one'], 'after reload');
  await type(page, 'second');
  await env.api.visitorBodies(conv.id, ['first', 'second']);
  await env.api.say(conv.id, 'agent two');
  await showsExactly(page, ['first', 'agent one', 'second', 'agent two'], 'continued');
  // Another page of the same site continues the same conversation.
  const other = env.host.page(`/other-${widget.id}.html`, hostHtml(env.base, widget.site_key));
  await openWidget(page, other);
  await showsExactly(page, ['first', 'agent one', 'second', 'agent two'], 'on another page');
  await type(page, 'third');
  assert.deepEqual(await env.api.visitorBodies(conv.id, ['first', 'second', 'third']), ['first', 'second', 'third']);
  assert.equal((await env.api.conversations(widget.id)).length, 1, 'one conversation');
  await c.close();
});

test('offline: three messages typed, then the network is back: each arrives once, in order, shown once', async () => {
  const { widget, url } = await env.site();
  const c = await ctx();
  const page = await c.newPage();
  await openWidget(page, url);
  await type(page, 'before');
  const conv = await env.api.conversation(widget.id);
  await showsExactly(page, ['before']);
  await c.setOffline(true);
  await waitFor(async () => /Offline/.test(await page.locator(W.status).textContent()), 5000, 'the offline indicator');
  for (const m of ['one', 'two', 'three']) await type(page, m);
  assert.deepEqual(await page.locator(`${W.pending} .b`).allTextContents(), ['one', 'two', 'three']);
  assert.deepEqual(await page.locator(`${W.pending} .meta`).allTextContents(), Array(3).fill('Waiting for network…'));
  await page.screenshot({ path: join(OUT, 'offline-pending.png') });
  await sleep(1000);
  await c.setOffline(false);
  assert.deepEqual(await env.api.visitorBodies(conv.id, ['before', 'one', 'two', 'three']), ['before', 'one', 'two', 'three']);
  await showsExactly(page, ['before', 'one', 'two', 'three']);
  await waitFor(async () => (await page.locator(W.status).textContent()) === 'Online', 5000, 'online again');
  await c.close();
});

test('a reload while offline keeps the unsent messages and sends them once when back', async () => {
  const { widget, url } = await env.site();
  const c = await ctx();
  const page = await c.newPage();
  await openWidget(page, url);
  await type(page, 'hello');
  const conv = await env.api.conversation(widget.id);
  await showsExactly(page, ['hello']);
  await c.setOffline(true);
  await waitFor(async () => /Offline/.test(await page.locator(W.status).textContent()), 5000, 'offline');
  await type(page, 'typed offline 1');
  await type(page, 'typed offline 2');
  await c.setOffline(false);
  // Reload at once: whether or not they went out, the outbox (same client ids) makes them arrive once.
  await page.reload();
  await page.locator(W.input).waitFor({ state: 'visible' });
  assert.deepEqual(await env.api.visitorBodies(conv.id, ['hello', 'typed offline 1', 'typed offline 2']), ['hello', 'typed offline 1', 'typed offline 2']);
  await showsExactly(page, ['hello', 'typed offline 1', 'typed offline 2']);
  await c.close();
});

test('chatd stops, three messages are typed, chatd is back: each arrives once, in order', async () => {
  const { widget, url } = await env.site();
  const c = await ctx();
  const page = await c.newPage();
  const sockets = [];
  const streams = [];
  page.on('websocket', (ws) => sockets.push(ws));
  page.on('request', (r) => r.url().includes('/events?') && streams.push(r.url()));
  await openWidget(page, url);
  await type(page, 'before restart');
  const conv = await env.api.conversation(widget.id);
  await showsExactly(page, ['before restart']);
  await env.chatd.stop();
  await waitFor(async () => (await page.locator(W.status).textContent()) !== 'Online', 10000, 'the widget notices');
  for (const m of ['r1', 'r2', 'r3']) await type(page, m);
  await sleep(1500);
  await env.restart();
  assert.deepEqual(await env.api.visitorBodies(conv.id, ['before restart', 'r1', 'r2', 'r3'], 40000), ['before restart', 'r1', 'r2', 'r3']);
  await showsExactly(page, ['before restart', 'r1', 'r2', 'r3']);
  await env.api.say(conv.id, 'back again');
  await showsExactly(page, ['before restart', 'r1', 'r2', 'r3', 'back again']);
  // chatd being down is not a blocked WebSocket: no switch to the fallback.
  assert.deepEqual(streams, []);
  assert.equal(sockets.filter((ws) => !ws.isClosed()).length, 1);
  await c.close();
});

test('two tabs show the same conversation over one socket', async () => {
  const { widget, url } = await env.site();
  const c = await ctx();
  const sockets = [];
  c.on('page', (p) => p.on('websocket', (ws) => sockets.push({ page: p, ws })));
  const one = await c.newPage();
  await openWidget(one, url);
  await type(one, 'from tab one');
  const conv = await env.api.conversation(widget.id);
  await showsExactly(one, ['from tab one']);
  const two = await c.newPage();
  await openWidget(two, url);
  await showsExactly(two, ['from tab one'], 'tab two');
  await type(two, 'from tab two');
  await env.api.visitorBodies(conv.id, ['from tab one', 'from tab two']);
  await env.api.say(conv.id, 'reply to both');
  const all = ['from tab one', 'from tab two', 'reply to both'];
  await showsExactly(one, all, 'tab one');
  await showsExactly(two, all, 'tab two');
  assert.deepEqual(await env.api.visitorBodies(conv.id, ['from tab one', 'from tab two']), ['from tab one', 'from tab two']);
  // Ephemeral events reach the other tab too.
  await env.api.typing(conv.id, true);
  await two.locator(W.typing).waitFor({ state: 'visible' });
  await one.locator(W.typing).waitFor({ state: 'visible' });
  await env.api.typing(conv.id, false);
  await two.locator(W.typing).waitFor({ state: 'hidden' });
  const open = sockets.filter((s) => !s.ws.isClosed());
  assert.equal(open.length, 1, 'one socket for both tabs');
  assert.equal(open[0].page, one, 'held by the first tab');
  // The leader goes away: the other tab takes over the socket.
  await one.close();
  await env.api.say(conv.id, 'after tab one closed');
  await showsExactly(two, [...all, 'after tab one closed'], 'tab two alone');
  await type(two, 'still here');
  assert.deepEqual(await env.api.visitorBodies(conv.id, ['from tab one', 'from tab two', 'still here']), ['from tab one', 'from tab two', 'still here']);
  assert.equal((await env.api.conversations(widget.id)).length, 1, 'one conversation');
  await c.close();
});

test('hostile host CSS: the widget still works, and it changes no host globals or layout', async () => {
  const hostile = '<style>* { all: unset !important; } div { display: none !important; } button { background: red !important; font-size: 40px !important; }</style>';
  const { widget } = await env.site();
  const url = env.host.page(
    `/hostile-${widget.id}.html`,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hostile</title>${hostile}</head><body><main><h1>Hostile page</h1><div id="d">a div</div><p id="content">Content.</p></main></body></html>`,
  );
  const c = await ctx();
  const page = await c.newPage();
  const errors = watch(page);
  await page.goto(url);
  const snap = () =>
    page.evaluate(() => ({
      globals: Object.getOwnPropertyNames(window).sort(),
      html: [...document.documentElement.attributes].map((a) => `${a.name}=${a.value}`),
      body: [...document.body.attributes].map((a) => `${a.name}=${a.value}`),
      rect: JSON.stringify(document.querySelector('main').getBoundingClientRect()),
      scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
      sheets: document.styleSheets.length,
    }));
  const before = await snap();
  await page.evaluate(
    ([src, key]) => {
      const s = document.createElement('script');
      s.async = true;
      s.src = src;
      s.dataset.siteKey = key;
      document.body.append(s);
    },
    [`${env.base}/widget.js`, widget.site_key],
  );
  await page.locator(W.launcher).waitFor({ state: 'visible' });
  const afterLoad = await snap();
  assert.deepEqual(afterLoad.globals.filter((g) => !before.globals.includes(g)), ['Chatd'], 'only window.Chatd is added');
  assert.deepEqual(afterLoad.html, before.html);
  assert.deepEqual(afterLoad.body, before.body);
  assert.equal(afterLoad.rect, before.rect, 'host layout unchanged');
  assert.deepEqual(afterLoad.scroll, before.scroll, 'no scrollbars added');
  assert.equal(afterLoad.sheets, before.sheets, 'no stylesheet added to the host document');
  const look = await page.locator(W.launcher).evaluate((el) => {
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return { bg: s.backgroundColor, w: r.width, h: r.height, right: innerWidth - r.right, bottom: innerHeight - r.bottom };
  });
  assert.deepEqual(look, { bg: 'rgb(37, 99, 235)', w: 60, h: 60, right: 20, bottom: 20 }, 'the launcher keeps its own look');
  await page.locator(W.launcher).click();
  await page.locator(W.input).waitFor({ state: 'visible' });
  const panel = await page.locator(W.panel).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { w: r.width, display: getComputedStyle(el).display, font: getComputedStyle(el.querySelector('.b') || el).fontSize };
  });
  assert.equal(panel.w, 380);
  assert.equal(panel.display, 'flex');
  await type(page, 'styled fine');
  const conv = await env.api.conversation(widget.id);
  await env.api.visitorBodies(conv.id, ['styled fine']);
  await env.api.say(conv.id, 'reply');
  await showsExactly(page, ['styled fine', 'reply']);
  await page.screenshot({ path: join(OUT, 'hostile-css.png') });
  const afterUse = await snap();
  assert.deepEqual(afterUse.globals.filter((g) => !before.globals.includes(g)), ['Chatd']);
  assert.equal(afterUse.rect, before.rect);
  assert.deepEqual(errors, []);
  await c.close();
});

test('markup typed by a visitor or an agent is shown as text', async () => {
  const { widget, url } = await env.site();
  const c = await ctx();
  const page = await c.newPage();
  const dialogs = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await openWidget(page, url);
  const evil = '<img src=x onerror=alert(1)>';
  await type(page, evil);
  const conv = await env.api.conversation(widget.id);
  await env.api.visitorBodies(conv.id, [evil]);
  const agentEvil = '<b>bold</b><script>alert(2)</script><svg onload=alert(3)>';
  await env.api.say(conv.id, agentEvil);
  await showsExactly(page, [evil, agentEvil]);
  await sleep(500);
  assert.equal(await page.locator('chatd-widget img, chatd-widget b, chatd-widget script').count(), 0, 'no elements from message text');
  assert.equal(await page.locator('chatd-widget .log svg').count(), 0);
  assert.deepEqual(dialogs, []);
  await c.close();
});

test('a strict Content-Security-Policy host page shows a styled, working widget with no CSP errors', async () => {
  const ws = env.base.replace(/^http/, 'ws');
  const csp = `default-src 'none'; script-src ${env.base}; style-src 'self'; connect-src ${env.base} ${ws}; img-src 'self'; base-uri 'none'; form-action 'none'`;
  const { widget, url } = await env.site({}, { headers: { 'content-security-policy': csp } });
  const c = await ctx();
  const page = await c.newPage();
  const errors = watch(page);
  await openWidget(page, url);
  const look = await page.locator(W.launcher).evaluate((el) => {
    const s = getComputedStyle(el);
    return { bg: s.backgroundColor, radius: s.borderTopLeftRadius, position: s.position };
  });
  assert.deepEqual(look, { bg: 'rgb(37, 99, 235)', radius: '50%', position: 'fixed' }, 'styles apply under the CSP');
  await type(page, 'hello under CSP');
  const conv = await env.api.conversation(widget.id);
  await env.api.visitorBodies(conv.id, ['hello under CSP']);
  await env.api.say(conv.id, 'reply under CSP');
  await showsExactly(page, ['hello under CSP', 'reply under CSP']);
  const bubble = await page.locator(`${W.log} .me .b`).evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(bubble, 'rgb(37, 99, 235)', 'visitor bubbles have the widget color');
  await page.screenshot({ path: join(OUT, 'strict-csp.png') });
  assert.deepEqual(errors, [], 'no console errors');
  await c.close();
});

test('axe-core finds no serious or critical violations in the open widget', async () => {
  const check = axe;
  // With messages from both sides, pending and confirmed.
  const { widget, url } = await env.site();
  const c = await ctx();
  const page = await c.newPage();
  await openWidget(page, url);
  await type(page, 'Is this accessible?');
  const conv = await env.api.conversation(widget.id);
  await env.api.visitorBodies(conv.id, ['Is this accessible?']);
  await env.api.say(conv.id, 'It should be.');
  await showsExactly(page, ['Is this accessible?', 'It should be.']);
  const minor = await check(page, 'conversation');
  if (minor.length) console.error(`# axe, minor/moderate: ${minor.map((v) => v.id).join(', ')}`);
  // The closed launcher with an unread badge.
  await page.locator(W.launcher).click();
  await env.api.say(conv.id, 'unread one');
  await page.locator(W.badge).waitFor({ state: 'visible' });
  await check(page, 'closed with badge');
  // The pre-chat form.
  const pre = await env.site({ prechat_fields: [{ name: 'email', label: 'Email', kind: 'email', required: true }, { name: 'topic', label: 'What is it about?', kind: 'textarea' }] });
  const p2 = await c.newPage();
  await p2.goto(pre.url);
  await p2.locator(W.launcher).click();
  await p2.locator('chatd-widget form.pre input').waitFor({ state: 'visible' });
  await check(p2, 'pre-chat form');
  await p2.screenshot({ path: join(OUT, 'prechat.png') });
  await c.close();
});

test('WebSocket blocked: the widget works over the HTTP fallback (POST + Server-Sent Events)', async () => {
  const { widget, url } = await env.site();
  const c = await ctx();
  await c.route('**/api/v1/public/ws*', (r) => r.abort());
  await c.routeWebSocket(/\/api\/v1\/public\/ws/, (ws) => ws.close());
  const page = await c.newPage();
  const streams = [];
  page.on('request', (r) => {
    if (r.url().includes('/events?')) streams.push(r.url());
  });
  await openWidget(page, url);
  await type(page, 'no websockets here');
  const conv = await env.api.conversation(widget.id);
  assert.deepEqual(await env.api.visitorBodies(conv.id, ['no websockets here'], 30000), ['no websockets here']);
  await showsExactly(page, ['no websockets here']);
  assert.ok(streams.length >= 1, 'an event stream was opened');
  await env.api.say(conv.id, 'reply over SSE');
  await showsExactly(page, ['no websockets here', 'reply over SSE']);
  // Typing and read receipts also travel over the fallback.
  await env.api.typing(conv.id, true);
  await page.locator(W.typing).waitFor({ state: 'visible' });
  const seq = (await env.api.messages(conv.id)).find((m) => m.body === 'no websockets here').seq;
  await env.api.read(conv.id, seq);
  await waitFor(async () => (await page.locator(`${W.log} .me .meta`).textContent()).includes('Read'), 10000, 'read tick over SSE');
  // Offline and back: the stream resumes, nothing is lost or doubled.
  await c.setOffline(true);
  await type(page, 'sse offline 1');
  await type(page, 'sse offline 2');
  await sleep(500);
  await c.setOffline(false);
  await env.api.say(conv.id, 'after the gap');
  assert.deepEqual(await env.api.visitorBodies(conv.id, ['no websockets here', 'sse offline 1', 'sse offline 2'], 30000), [
    'no websockets here',
    'sse offline 1',
    'sse offline 2',
  ]);
  await waitFor(async () => (await shown(page)).includes('after the gap'), 30000, 'the reply after the gap');
  const bodies = await shown(page);
  assert.deepEqual(
    bodies.filter((b) => b !== 'after the gap'),
    ['no websockets here', 'reply over SSE', 'sse offline 1', 'sse offline 2'],
  );
  assert.equal(new Set(bodies).size, bodies.length, 'nothing shown twice');
  await c.close();
});

test('pre-chat form and identify(): answers go with the new conversation', async () => {
  const { widget } = await env.site({
    prechat_fields: [
      { name: 'name', label: 'Your name', kind: 'text', required: false },
      { name: 'email', label: 'Email', kind: 'email', required: true },
    ],
  });
  const url = env.host.page(
    `/identify-${widget.id}.html`,
    hostHtml(env.base, widget.site_key, {
      // Calls queued before the script loads.
      head: `<script>window.Chatd = [["identify", {"name": "Ann Example", "plan": "pro"}]];</script>`,
    }),
  );
  const c = await ctx();
  const page = await c.newPage();
  await page.goto(url);
  await page.locator(W.launcher).click();
  const name = page.locator('chatd-widget form.pre input[name="name"]');
  await name.waitFor({ state: 'visible' });
  assert.equal(await name.inputValue(), 'Ann Example', 'prefilled from identify()');
  assert.equal(await page.locator(W.input).isVisible(), false, 'no composer before the form');
  await page.locator('chatd-widget form.pre button').click();
  assert.equal(await page.locator(W.input).isVisible(), false, 'the required email is enforced');
  await page.locator('chatd-widget form.pre input[name="email"]').fill('ann@example.com');
  await page.locator('chatd-widget form.pre button').click();
  await page.locator(W.input).waitFor({ state: 'visible' });
  await type(page, 'hi with my details');
  const conv = await env.api.conversation(widget.id);
  assert.deepEqual(conv.prechat, { email: 'ann@example.com', name: 'Ann Example', plan: 'pro' });
  await c.close();
});

test('typing indicator, read ticks, unread badge and the Chatd API events', async () => {
  const { widget, url } = await env.site({ title: 'Support', welcome_message: 'Welcome! Ask away.' });
  const c = await ctx();
  const page = await c.newPage();
  await page.addInitScript(() => {
    window.__events = [];
  });
  await page.goto(url);
  await page.waitForFunction(() => window.Chatd && window.Chatd.version);
  await page.evaluate(() => {
    for (const e of ['ready', 'open', 'close', 'message', 'unread']) window.Chatd.on(e, (d) => window.__events.push([e, d && d.body !== undefined ? d.body : d, d && d.sender]));
  });
  await page.evaluate(() => window.Chatd.open());
  await page.locator(W.input).waitFor({ state: 'visible' });
  assert.equal(await page.locator('chatd-widget h2').textContent(), 'Support');
  assert.equal(await page.locator('chatd-widget .sc > .m .b').first().textContent(), 'Welcome! Ask away.');
  await type(page, 'are you there?');
  const conv = await env.api.conversation(widget.id);
  await showsExactly(page, ['are you there?']);
  const meta = page.locator(`${W.log} .me .meta`);
  await waitFor(async () => (await meta.textContent()).includes('Sent'), 5000, 'the sent tick');
  await env.api.typing(conv.id, true);
  await page.locator(W.typing).waitFor({ state: 'visible' });
  assert.match(await page.locator(W.typing).textContent(), /is typing/);
  await env.api.read(conv.id, 1);
  await waitFor(async () => (await meta.textContent()).includes('Read'), 5000, 'the read tick');
  await env.api.say(conv.id, 'yes!');
  await showsExactly(page, ['are you there?', 'yes!']);
  await page.locator(W.typing).waitFor({ state: 'hidden' });
  // The open widget reports what the visitor has read.
  const yes = (await env.api.messages(conv.id)).find((m) => m.body === 'yes!').seq;
  await waitFor(async () => (await env.api.get(conv.id)).visitor_read_seq === yes, 5000, 'visitor_read_seq');
  await page.evaluate(() => window.Chatd.close());
  await env.api.say(conv.id, 'one more thing');
  await env.api.say(conv.id, 'and another');
  await waitFor(async () => (await page.locator(W.badge).textContent()) === '2', 5000, 'unread badge 2');
  assert.equal(await page.locator(W.launcher).getAttribute('aria-label'), 'Open chat, 2 unread messages');
  await page.locator(W.launcher).click();
  await page.locator(W.badge).waitFor({ state: 'hidden' });
  const events = await page.evaluate(() => window.__events);
  // chatd's own lines ("You are in the queue…") are messages too, with sender "system".
  assert.deepEqual(events.filter(([e, , s]) => e === 'message' && s !== 'system').map(([, b]) => b), ['are you there?', 'yes!', 'one more thing', 'and another']);
  assert.deepEqual(
    events.filter(([e]) => e === 'open' || e === 'close').map(([e]) => e),
    ['open', 'close', 'open'],
  );
  assert.ok(events.some(([e, n]) => e === 'unread' && n === 2));
  await c.close();
});

test('keyboard: the launcher, the composer and Escape work without a mouse', async () => {
  const { url } = await env.site();
  const c = await ctx();
  const page = await c.newPage();
  await page.goto(url);
  await page.locator(W.launcher).waitFor({ state: 'visible' });
  await page.locator(W.launcher).focus();
  await page.keyboard.press('Enter');
  await page.locator(W.input).waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'CHATD-WIDGET');
  assert.equal(await page.locator(W.input).evaluate((el) => el.getRootNode().activeElement === el), true, 'focus in the composer');
  await page.keyboard.type('line one');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('line two');
  await page.keyboard.press('Enter');
  await waitFor(async () => (await shownAll(page))[0] === 'line one\nline two', 5000, 'a two-line message');
  await page.keyboard.press('Escape');
  await page.locator(W.panel).waitFor({ state: 'hidden' });
  assert.equal(await page.locator(W.launcher).evaluate((el) => el.getRootNode().activeElement === el), true, 'focus back on the launcher');
  await c.close();
});

test('a token the server refuses (4001) stops the socket; the next send starts a new conversation', async () => {
  const { widget, url } = await env.site();
  const c = await ctx();
  const page = await c.newPage();
  await openWidget(page, url);
  await type(page, 'first conversation');
  const conv = await env.api.conversation(widget.id);
  await showsExactly(page, ['first conversation']);
  await page.evaluate((k) => {
    const s = JSON.parse(localStorage.getItem(k));
    s.t = 'vt_not_a_real_token';
    localStorage.setItem(k, JSON.stringify(s));
  }, `chatd:${widget.site_key}`);
  const sockets = [];
  page.on('websocket', (ws) => sockets.push(ws));
  await page.reload();
  await page.locator(W.input).waitFor({ state: 'visible' });
  await sleep(3000);
  assert.equal(sockets.length, 1, 'no reconnect loop after 4001');
  await showsExactly(page, [], 'the dead conversation is dropped');
  await type(page, 'second conversation');
  await waitFor(async () => (await env.api.conversations(widget.id)).length === 2, 10000, 'a new conversation');
  const fresh = (await env.api.conversations(widget.id)).find((x) => x.id !== conv.id);
  assert.deepEqual(await env.api.visitorBodies(fresh.id, ['second conversation']), ['second conversation']);
  await showsExactly(page, ['second conversation']);
  await c.close();
});

test('one visitor id across conversations; blocked: the socket stops and no new conversation starts', async () => {
  const { widget, url } = await env.site();
  const c = await ctx();
  const page = await c.newPage();
  await openWidget(page, url);
  await type(page, 'first visit');
  const first = await env.api.conversation(widget.id);
  await showsExactly(page, ['first visit']);
  const key = `chatd:${widget.site_key}`;
  const saved = () => page.evaluate((k) => JSON.parse(localStorage.getItem(k)), key);
  assert.equal((await saved()).w, first.visitor_id, 'the visitor id is kept');
  // The token stops working (as after a restore): the next start sends the kept id.
  await page.evaluate((k) => {
    const s = JSON.parse(localStorage.getItem(k));
    s.t = 'vt_not_a_real_token';
    localStorage.setItem(k, JSON.stringify(s));
  }, key);
  await page.reload();
  await page.locator(W.input).waitFor({ state: 'visible' });
  await showsExactly(page, [], 'the dead conversation is dropped');
  await type(page, 'second visit');
  await waitFor(async () => (await env.api.conversations(widget.id)).length === 2, 10000, 'a second conversation');
  const second = (await env.api.conversations(widget.id)).find((x) => x.id !== first.id);
  assert.equal(second.visitor_id, first.visitor_id, 'linked to the first');

  const sockets = [];
  page.on('websocket', (ws) => sockets.push(ws));
  await env.api.call('POST', `/api/v1/conversations/${second.id}/block`, { reason: 'test' });
  await waitFor(async () => /not available/.test(await page.locator(W.status).textContent()), 15000, 'the blocked status');
  // A socket that was reconnecting just then may have met the block at hello: count from here.
  const seen = sockets.length;
  await sleep(2500);
  assert.equal(sockets.length, seen, 'no reconnect after 4030');
  await page.reload();
  await page.locator(W.input).waitFor({ state: 'visible' });
  await type(page, 'let me in');
  await sleep(1500);
  assert.equal((await env.api.conversations(widget.id)).length, 2, 'no third conversation');
  await c.close();
});

test('another database epoch: local history is dropped and reloaded from the server', async () => {
  const { widget, url } = await env.site();
  const c = await ctx();
  const page = await c.newPage();
  await openWidget(page, url);
  await type(page, 'real one');
  const conv = await env.api.conversation(widget.id);
  await env.api.visitorBodies(conv.id, ['real one']);
  await env.api.say(conv.id, 'real two');
  await showsExactly(page, ['real one', 'real two']);
  // As if these seqs came from a database that was since restored elsewhere.
  await page.evaluate((k) => {
    const s = JSON.parse(localStorage.getItem(k));
    s.e = 'an-older-epoch';
    s.m = [{ seq: 1, client_id: 'x', sender: 'agent', body: 'stale message', created_at: 0 }, { seq: 2, client_id: 'y', sender: 'visitor', body: 'stale reply', created_at: 0 }];
    s.s = 2;
    localStorage.setItem(k, JSON.stringify(s));
  }, `chatd:${widget.site_key}`);
  await page.reload();
  await page.locator(W.input).waitFor({ state: 'visible' });
  await showsExactly(page, ['real one', 'real two'], 'history from the server');
  await c.close();
});

test('screenshots: closed, open and mobile views', async () => {
  const { widget, url } = await env.site({ title: 'Acme support', welcome_message: 'Hi there 👋 How can we help you today?' });
  const c = await ctx();
  const page = await c.newPage();
  await page.goto(url);
  await page.locator(W.launcher).waitFor({ state: 'visible' });
  await sleep(300);
  await page.screenshot({ path: join(OUT, 'closed.png') });
  await page.locator(W.launcher).click();
  await page.locator(W.input).waitFor({ state: 'visible' });
  await sleep(300);
  await page.screenshot({ path: join(OUT, 'open-empty.png') });
  await type(page, 'Hi, my parcel has not arrived yet. Order #1234, shipped last Monday.');
  const conv = await env.api.conversation(widget.id);
  await waitFor(async () => (await env.api.get(conv.id)).phase === 'queued', 10000, 'queued');
  await env.api.accept(conv.id);
  await env.api.visitorBodies(conv.id, ['Hi, my parcel has not arrived yet. Order #1234, shipped last Monday.']);
  await env.api.say(conv.id, "Sorry to hear that! Let me check the tracking for order #1234. One moment, please.");
  await env.api.read(conv.id, 1);
  await type(page, 'Thanks!');
  await showsExactly(page, [
    'Hi, my parcel has not arrived yet. Order #1234, shipped last Monday.',
    'Sorry to hear that! Let me check the tracking for order #1234. One moment, please.',
    'Thanks!',
  ]);
  await env.api.typing(conv.id, true);
  await page.locator(W.typing).waitFor({ state: 'visible' });
  await sleep(300);
  await page.screenshot({ path: join(OUT, 'open.png') });
  await page.evaluate(() => window.Chatd.close());
  await env.api.say(conv.id, 'Found it: it arrives tomorrow.');
  await page.locator(W.badge).waitFor({ state: 'visible' });
  await sleep(300);
  await page.screenshot({ path: join(OUT, 'closed-unread.png') });
  // Mobile: full screen.
  const m = await ctx({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const mp = await m.newPage();
  await mp.goto(url);
  await mp.locator(W.launcher).waitFor({ state: 'visible' });
  await sleep(300);
  await mp.screenshot({ path: join(OUT, 'mobile-closed.png') });
  await mp.locator(W.launcher).click();
  await mp.locator(W.input).waitFor({ state: 'visible' });
  await type(mp, 'Hello from my phone');
  await env.api.conversation(widget.id).catch(() => {});
  await waitFor(async () => (await shown(mp)).includes('Hello from my phone'), 10000, 'mobile message');
  await sleep(300);
  const box = await mp.locator(W.panel).boundingBox();
  assert.deepEqual([box.x, box.y, box.width, box.height], [0, 0, 375, 667], 'full screen on a phone');
  await mp.screenshot({ path: join(OUT, 'mobile-open.png') });
  await m.close();
  await c.close();
});
