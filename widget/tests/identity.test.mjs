// Verified visitors (issue 5, "Identity verification"): the website signs its
// user's id with the widget's identity secret, Chatd.identify() passes it on,
// and a widget can refuse everyone else. Headless Chromium against a real chatd.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
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
const GATE = 'chatd-widget p.gt';
const SIGN_IN = 'Please sign in to chat with us.';
const REFUSED = 'We could not verify who you are.';
const sign = (secret, userId) => createHmac('sha256', secret).update(userId).digest('hex');

/** The widget's identity secret, as its operator reads it. */
async function secretOf(id) {
  const w = await env.api.call('GET', `/api/v1/widgets/${id}`);
  if (w.identity_secret) return w.identity_secret;
  return (await env.api.call('GET', `/api/v1/widgets/${id}/identity-secret`)).identity_secret;
}

/** A widget for the host page that takes only verified visitors, and its secret. */
async function verifiedSite() {
  const { widget, url } = await env.site();
  const patched = await env.api.patchWidget(widget.id, { require_verified_identity: true });
  assert.equal(patched.require_verified_identity, true);
  const pub = await (await fetch(`${env.base}/api/v1/public/widgets/${widget.site_key}`)).json();
  assert.equal(pub.require_verified_identity, true, 'the public config says so');
  const secret = await secretOf(widget.id);
  assert.match(secret, /^[0-9a-f]{32,}$/);
  return { widget, url, secret };
}

/** A host page of `widget` that calls identify() before the script loads. */
function identifiedPage(widget, name, fields) {
  return env.host.page(
    `/${name}-${widget.id}.html`,
    hostHtml(env.base, widget.site_key, { head: `<script>window.Chatd = [["identify", ${JSON.stringify(fields)}]];</script>` }),
  );
}

/** Counts the page's requests that start a conversation. */
function starts(page) {
  const seen = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && /\/api\/v1\/public\/conversations$/.test(r.url())) seen.push(JSON.parse(r.postData() || '{}'));
  });
  return seen;
}

const gateText = async (page) => ((await page.locator(GATE).textContent()) || '').trim();

/** Opens the widget without waiting for the composer (it may be replaced by a notice). */
async function openPanel(page, url) {
  await page.goto(url);
  await page.locator(W.launcher).waitFor({ state: 'visible' });
  if (!(await page.locator(W.panel).isVisible())) await page.locator(W.launcher).click();
  await page.locator(W.panel).waitFor({ state: 'visible' });
}

/** Waits until the messages shown (confirmed and pending) are exactly `bodies`. */
async function showsExactly(page, bodies, what = 'messages') {
  let last;
  await waitFor(async () => JSON.stringify((last = await shownAll(page))) === JSON.stringify(bodies), 15000, `${what}: ${JSON.stringify(bodies)}`).catch((e) => {
    throw new Error(`${e.message}; shown: ${JSON.stringify(last)}`);
  });
  await sleep(500);
  assert.deepEqual(await shown(page), bodies, `${what} (confirmed)`);
}

test('verified visitors only: anonymous and wrong user_hash are refused, the right one chats, another device gets the history', async () => {
  const { widget, url, secret } = await verifiedSite();
  const ann = { user_id: '42', name: 'Ann', email: 'ann@example.com' };
  const right = sign(secret, '42');
  const wrong = sign('not the secret', '42');

  // 1. An anonymous visitor: a notice instead of the composer, and nothing is started.
  const c1 = await ctx();
  const page = await c1.newPage();
  const errors = watch(page);
  const posts = starts(page);
  await openPanel(page, url);
  await waitFor(async () => (await gateText(page)) === SIGN_IN, 10000, 'the sign-in notice');
  assert.equal(await page.locator(GATE).getAttribute('role'), 'status', 'a live region');
  assert.equal(await page.locator(W.input).isVisible(), false, 'no composer');
  assert.equal(await page.locator(GATE).evaluate((el) => el.getRootNode().activeElement === el), true, 'the notice has the focus');
  await axe(page, 'the sign-in notice');
  await page.screenshot({ path: join(OUT, 'identity-sign-in.png') });
  await sleep(1500);
  assert.equal(posts.length, 0, 'no conversation is started');
  assert.deepEqual(await env.api.conversations(widget.id), [], 'chatd has no conversation for the widget');
  assert.equal(await page.evaluate((k) => JSON.parse(localStorage.getItem(k) || '{}').c ?? null, `chatd:${widget.site_key}`), null, 'no conversation stored');

  // 2. identify() with a wrong user_hash: chatd refuses it (403 forbidden), once.
  await page.evaluate((f) => window.Chatd.identify(f), { ...ann, user_hash: wrong });
  await waitFor(async () => (await gateText(page)) === REFUSED, 10000, 'the refusal notice');
  assert.equal(posts.length, 1, 'one attempt');
  assert.deepEqual(posts[0].identity, { ...ann, user_hash: wrong }, 'identity sent with the start');
  assert.equal(posts[0].prechat.user_hash, undefined, 'the hash is not a pre-chat answer');
  assert.equal(await page.locator(W.input).isVisible(), false, 'still no composer');
  await page.screenshot({ path: join(OUT, 'identity-refused.png') });
  await sleep(3000);
  assert.equal(posts.length, 1, 'no retry loop');
  // A reload (the page identifies with the same wrong hash again) does not retry it either.
  const refusedUrl = identifiedPage(widget, 'wrong', { ...ann, user_hash: wrong });
  await openPanel(page, refusedUrl);
  await waitFor(async () => (await gateText(page)) === REFUSED, 10000, 'the refusal notice after a reload');
  await sleep(1500);
  assert.equal(posts.length, 1, 'not retried after a reload');
  assert.deepEqual(await env.api.conversations(widget.id), [], 'still no conversation');

  // 3. The right hash (the same page, as after signing in): the composer is back, the conversation starts.
  await page.evaluate((f) => window.Chatd.identify(f), { ...ann, user_hash: right });
  await page.locator(W.input).waitFor({ state: 'visible' });
  assert.equal(await gateText(page), '', 'the notice is gone');
  await type(page, 'Hi, I am Ann, verified');
  const conv = await env.api.conversation(widget.id);
  assert.equal(conv.verified_user_id, '42');
  assert.equal(conv.prechat.name, 'Ann');
  assert.equal(conv.prechat.email, 'ann@example.com');
  assert.deepEqual(await env.api.visitorBodies(conv.id, ['Hi, I am Ann, verified']), ['Hi, I am Ann, verified']);
  await env.api.say(conv.id, 'Welcome back, Ann.');
  await showsExactly(page, ['Hi, I am Ann, verified', 'Welcome back, Ann.']);

  // 4. Another device: the same user, signed in there too, gets the same conversation.
  const c2 = await ctx();
  const other = await c2.newPage();
  const errors2 = watch(other);
  const posts2 = starts(other);
  await openWidget(other, identifiedPage(widget, 'device2', { ...ann, user_hash: right }));
  await showsExactly(other, ['Hi, I am Ann, verified', 'Welcome back, Ann.'], 'the history on the other device');
  assert.equal(posts2.length, 1);
  assert.equal((await env.api.conversations(widget.id)).length, 1, 'the same conversation, not a new one');
  await type(other, 'Writing from my phone');
  assert.deepEqual(await env.api.visitorBodies(conv.id, ['Hi, I am Ann, verified', 'Writing from my phone']), [
    'Hi, I am Ann, verified',
    'Writing from my phone',
  ]);
  await showsExactly(page, ['Hi, I am Ann, verified', 'Welcome back, Ann.', 'Writing from my phone'], 'live on the first device');
  await other.screenshot({ path: join(OUT, 'identity-other-device.png') });

  // 5. A third device with two tabs: the chat is opened in the tab that does
  // not hold the connection; the one that does brings the conversation back.
  const c3 = await ctx();
  const idUrl = identifiedPage(widget, 'device3', { ...ann, user_hash: right });
  const leader = await c3.newPage();
  const sockets = { leader: 0, follower: 0 };
  leader.on('websocket', () => sockets.leader++);
  await leader.goto(idUrl);
  await leader.locator(W.launcher).waitFor({ state: 'visible' });
  await sleep(500);
  const follower = await c3.newPage();
  follower.on('websocket', () => sockets.follower++);
  await openWidget(follower, idUrl);
  const all = ['Hi, I am Ann, verified', 'Welcome back, Ann.', 'Writing from my phone'];
  await showsExactly(follower, all, 'the history in the second tab');
  await leader.locator(W.launcher).click();
  await showsExactly(leader, all, 'the history in the first tab');
  assert.deepEqual(sockets, { leader: 1, follower: 0 }, 'one connection, in the first tab');
  assert.equal((await env.api.conversations(widget.id)).length, 1, 'still one conversation');
  await c3.close();
  assert.deepEqual(errors.filter((e) => !/403/.test(e)), []);
  assert.deepEqual(errors2, []);
  await c1.close();
  await c2.close();
});

test('another user signs in on the same browser: the old conversation stays theirs; logout forgets it', async () => {
  const { widget, url, secret } = await verifiedSite();
  const c = await ctx();
  // Between the page and chatd: the visitor's frames can be held back.
  let delay = 0;
  await c.routeWebSocket(/\/api\/v1\/public\/ws/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => {
      const go = () => {
        try {
          server.send(m);
        } catch {
          /* closed meanwhile */
        }
      };
      if (delay) setTimeout(go, delay);
      else go();
    });
  });
  const page = await c.newPage();
  await openWidget(page, identifiedPage(widget, 'u1', { user_id: 'u-1', name: 'One', user_hash: sign(secret, 'u-1') }));
  await type(page, 'first user here');
  const first = await env.api.conversation(widget.id);
  assert.equal(first.verified_user_id, 'u-1');
  await showsExactly(page, ['first user here']);
  // Typed just before the switch and still unconfirmed (its frame reaches
  // chatd a second late): delivered to the first user's conversation, never the second's.
  delay = 1000;
  await type(page, 'last words of the first user');
  await page.evaluate((f) => window.Chatd.identify(f), { user_id: 'u-2', name: 'Two', user_hash: sign(secret, 'u-2') });
  await waitFor(async () => (await env.api.conversations(widget.id)).length === 2, 10000, "the second user's conversation");
  const second = (await env.api.conversations(widget.id)).find((x) => x.id !== first.id);
  assert.equal(second.verified_user_id, 'u-2');
  assert.equal(second.prechat.name, 'Two');
  delay = 0;
  await showsExactly(page, [], "the first user's history is gone from the panel");
  await type(page, 'second user here');
  assert.deepEqual(await env.api.visitorBodies(second.id, ['second user here']), ['second user here']);
  assert.deepEqual(await env.api.visitorBodies(first.id, ['first user here', 'last words of the first user']), [
    'first user here',
    'last words of the first user',
  ]);
  await showsExactly(page, ['second user here']);

  // logout(): the sign-in notice, no history, nothing stored.
  await page.evaluate(() => window.Chatd.logout());
  await waitFor(async () => (await gateText(page)) === SIGN_IN, 10000, 'the sign-in notice after logout');
  await showsExactly(page, [], 'nothing shown after logout');
  const stored = await page.evaluate((k) => [JSON.parse(localStorage.getItem(k)), localStorage.getItem(`${k}:id`)], `chatd:${widget.site_key}`);
  assert.equal(stored[0].t, undefined, 'no token stored');
  assert.deepEqual(stored[0].m, []);
  assert.equal(stored[1], null, 'no identity stored');
  // A reload of a page that does not identify: still signed out.
  await openPanel(page, url);
  await waitFor(async () => (await gateText(page)) === SIGN_IN, 10000, 'the sign-in notice after a reload');
  assert.deepEqual(await shownAll(page), []);
  await c.close();
});

test('an anonymous conversation is left when the visitor signs in, and when the widget starts requiring verification', async () => {
  const { widget, url } = await env.site();
  const secret = await secretOf(widget.id);
  const c = await ctx();
  const page = await c.newPage();
  const errors = watch(page);
  await openWidget(page, url);
  await type(page, 'anonymous hello');
  const anon = await env.api.conversation(widget.id);
  assert.equal(anon.verified_user_id, undefined);
  await showsExactly(page, ['anonymous hello']);

  // Signing in: a conversation of the verified user, not the anonymous one.
  await page.evaluate((f) => window.Chatd.identify(f), { user_id: '7', user_hash: sign(secret, '7') });
  await showsExactly(page, [], 'the anonymous history is gone from the panel');
  await type(page, 'verified hello');
  await waitFor(async () => (await env.api.conversations(widget.id)).length === 2, 10000, 'a verified conversation');
  const verified = (await env.api.conversations(widget.id)).find((x) => x.id !== anon.id);
  assert.equal(verified.verified_user_id, '7');
  assert.deepEqual(await env.api.visitorBodies(verified.id, ['verified hello']), ['verified hello']);
  assert.deepEqual(await env.api.visitorBodies(anon.id, ['anonymous hello']), ['anonymous hello']);

  // Another browser with an anonymous conversation, then the widget starts
  // requiring verification: the next page load drops it and asks to sign in.
  const c2 = await ctx();
  const p2 = await c2.newPage();
  await openWidget(p2, url);
  await type(p2, 'before the rule');
  await showsExactly(p2, ['before the rule']);
  await env.api.patchWidget(widget.id, { require_verified_identity: true });
  const posts = starts(p2);
  await openPanel(p2, url);
  await waitFor(async () => (await gateText(p2)) === SIGN_IN, 10000, 'the sign-in notice');
  await showsExactly(p2, [], 'the anonymous conversation is dropped');
  assert.equal(await p2.locator(W.input).isVisible(), false);
  assert.equal(posts.length, 0);
  assert.equal(await p2.evaluate((k) => JSON.parse(localStorage.getItem(k)).t ?? null, `chatd:${widget.site_key}`), null);
  assert.deepEqual(errors, []);
  await c.close();
  await c2.close();
});
