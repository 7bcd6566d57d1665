// The AI, the queue and the end of a conversation, as the visitor sees them
// (docs/protocol.md, "The AI, the queue and the end of a conversation"):
// streamed AI answers, "talk to a human", queue position, the agent joining,
// offline mode, rating at close. Headless Chromium against a real chatd.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setup, W, OUT, openWidget, type, shown, notices, waitFor, sleep, watch, axe } from './harness.mjs';

let env;
let faq;
before(async () => {
  env = await setup();
  // The FAQ chatd's first start gives the Demo widget; its offline responder answers from it.
  faq = (await env.api.widgets()).find((w) => w.name === 'Demo').faq;
  assert.ok(faq.some((e) => e.question === 'What is chatd?'));
});
after(async () => {
  await env?.close();
});

const ctx = (opts = {}) => env.browser.newContext({ viewport: { width: 1280, height: 800 }, ...opts });
const answer = () => faq.find((e) => e.question === 'What is chatd?').answer;
/** A widget whose AI assistant answers from the Demo FAQ. */
const aiSite = (settings = {}) => env.site({ ai: { enabled: true }, faq, ...settings });
const text = async (page, sel) => ((await page.locator(sel).textContent()) || '').trim();
const labels = (page) => page.locator(`${W.log} .who`).allTextContents();

/** Waits until `fn(conversation)` holds for the conversation as the admin API shows it. */
async function until(id, fn, what) {
  let last;
  await waitFor(async () => fn((last = await env.api.get(id))), 15000, what).catch((e) => {
    throw new Error(`${e.message}; conversation: ${JSON.stringify(last)}`);
  });
  return last;
}

test('an AI answer streams into a provisional bubble outside the live region, then becomes the stored message', async () => {
  const { widget, url } = await aiSite();
  const c = await ctx();
  // Between the page and chatd: hold the stored AI message back, so the
  // streamed text can be looked at, and inject frames.
  let hold = true;
  const held = [];
  let route;
  await c.routeWebSocket(/\/api\/v1\/public\/ws/, (ws) => {
    route = ws;
    const server = ws.connectToServer();
    ws.onMessage((m) => server.send(m));
    server.onMessage((m) => {
      const f = JSON.parse(m);
      if (hold && f.type === 'message' && f.sender === 'ai') held.push(m);
      else ws.send(m);
    });
  });
  const page = await c.newPage();
  const errors = watch(page);
  await openWidget(page, url);
  assert.equal(await page.locator(W.human).isVisible(), false, 'no "talk to a human" before there is a conversation');
  await type(page, 'What is chatd?');
  await waitFor(async () => (await text(page, `${W.stream} .b`)) === answer(), 15000, 'the streamed answer');
  assert.equal(await text(page, `${W.stream} .who`), 'Assistant');
  assert.equal(
    await page.locator(W.stream).evaluate((el) => el.closest('[aria-live],[role="log"],[role="status"]')),
    null,
    'the provisional bubble is outside every live region',
  );
  assert.deepEqual(await shown(page), ['What is chatd?'], 'not in the log while it is written');
  await page.screenshot({ path: join(OUT, 'ai-streaming.png') });
  assert.equal(held.length, 1);
  hold = false;
  route.send(held[0]);
  await waitFor(async () => (await shown(page)).length === 2, 10000, 'the stored answer');
  assert.deepEqual(await shown(page), ['What is chatd?', answer()]);
  assert.equal(await page.locator(W.stream).isVisible(), false, 'the provisional bubble is gone');
  assert.deepEqual(await labels(page), ['You', 'Assistant']);
  const conv = await env.api.conversation(widget.id);
  const stored = (await env.api.messages(conv.id)).find((m) => m.sender === 'ai');
  assert.equal(stored.body, answer());

  // A provisional answer is dropped when an error comes first…
  route.send(JSON.stringify({ type: 'ai_delta', conversation_id: conv.id, text: 'Half an ans' }));
  await waitFor(async () => (await text(page, `${W.stream} .b`)) === 'Half an ans', 5000, 'a second provisional answer');
  route.send(JSON.stringify({ type: 'error', code: 'unavailable', message: 'the model failed' }));
  await page.locator(W.stream).waitFor({ state: 'hidden' });
  // …or a change of state: the visitor asks for a person.
  route.send(JSON.stringify({ type: 'ai_delta', conversation_id: conv.id, text: 'Another half' }));
  await page.locator(W.stream).waitFor({ state: 'visible' });
  await page.locator(W.human).click();
  await page.locator(W.stream).waitFor({ state: 'hidden' });
  await waitFor(async () => (await notices(page)).length === 1, 10000, 'the queue notice');
  assert.deepEqual(await shown(page), ['What is chatd?', answer()], 'dropped text never reaches the log');
  assert.deepEqual(errors, []);
  await c.close();
});

test('talk to a human: queue position, the agent joins, closes, the visitor rates; writing again reopens', async () => {
  const { widget, url } = await aiSite({ title: 'Acme support' });
  const c = await ctx();
  const page = await c.newPage();
  const errors = watch(page);
  await page.addInitScript(() => {
    window.__states = [];
  });
  await openWidget(page, url);
  await page.evaluate(() => window.Chatd.on('state', (s) => window.__states.push(s)));
  await type(page, 'What is chatd?');
  await waitFor(async () => (await shown(page)).includes(answer()), 15000, 'the AI answer from the FAQ');
  assert.deepEqual(await labels(page), ['You', 'Assistant']);
  await page.locator(W.human).waitFor({ state: 'visible' });
  assert.equal(await page.locator(W.bar).isVisible(), false, 'no queue while the AI answers');

  // "Talk to a human": the queue, position 1 of one agent online.
  await page.locator(W.human).click();
  await waitFor(async () => (await page.locator(W.bar).isVisible()) && /number 1 in line/.test(await text(page, W.bar)), 10000, 'the queue position');
  assert.equal(await text(page, W.bar), 'You are number 1 in line, about 2 minutes.');
  await page.locator(W.human).waitFor({ state: 'hidden' });
  assert.deepEqual(await notices(page), ['You are in the queue; a person will be with you shortly.']);
  const conv = await until((await env.api.conversation(widget.id)).id, (x) => x.phase === 'queued', 'queued');
  assert.equal(conv.escalation_reason, 'visitor_asked');
  await sleep(300);
  await page.screenshot({ path: join(OUT, 'queue.png') });
  await axe(page, 'queue view');

  // An agent accepts (REST): "Admin joined".
  await env.api.accept(conv.id);
  await waitFor(async () => (await notices(page)).includes('Admin joined the conversation.'), 10000, '"Admin joined"');
  await waitFor(async () => (await text(page, W.bar)) === 'You are chatting with Admin.', 5000, 'who answers');
  await env.api.say(conv.id, 'Hi, this is Admin. How can I help?');
  await waitFor(async () => (await shown(page)).includes('Hi, this is Admin. How can I help?'), 10000, 'the agent message');
  assert.deepEqual(await labels(page), ['You', 'Assistant', 'Admin']);
  const sys = page.locator(`${W.log} .m.sys`).first();
  assert.equal(await sys.evaluate((el) => getComputedStyle(el).alignSelf), 'center', 'system lines are centered notices');

  // The agent closes (REST): the rating view.
  await env.api.close(conv.id);
  await page.locator(W.rating).waitFor({ state: 'visible' });
  await waitFor(async () => (await notices(page)).includes('The conversation was closed by Admin.'), 10000, 'the closing notice');
  assert.equal(await page.locator(W.end).isVisible(), false, 'no "End chat" once closed');
  assert.equal(await page.locator(W.bar).isVisible(), false);
  assert.equal(await page.locator(W.input).isVisible(), true, 'the visitor may write again');
  const star = (n) => page.locator(`${W.rating} button[aria-label="${n} star${n > 1 ? 's' : ''}"]`);
  assert.equal(await page.locator(`${W.rating} button[aria-pressed]`).count(), 5);
  await axe(page, 'rating view');
  await star(5).click();
  await until(conv.id, (x) => x.rating === 5, 'rating 5 stored');
  assert.equal(await star(5).getAttribute('aria-pressed'), 'true');
  assert.equal(await star(4).getAttribute('aria-pressed'), 'false');
  await page.locator(`${W.rating} textarea`).fill('Quick and kind.');
  await sleep(300);
  await page.screenshot({ path: join(OUT, 'rating.png') });
  await axe(page, 'rating view with the comment form');
  await page.locator(`${W.rating} form button`).click();
  await until(conv.id, (x) => x.rating_comment === 'Quick and kind.' && x.rating === 5, 'the comment stored');
  await waitFor(async () => /Thank you for your feedback/.test(await text(page, W.rating)), 5000, 'thanks');
  assert.equal(await page.locator(`${W.rating} form`).isVisible(), false);

  // Writing again reopens it, with the AI: the UI is back to normal.
  await type(page, 'One more thing, please');
  await page.locator(W.rating).waitFor({ state: 'hidden' });
  await until(conv.id, (x) => x.status === 'open' && x.phase === 'ai', 'reopened with the AI');
  await page.locator(W.human).waitFor({ state: 'visible' });
  await page.locator(W.end).waitFor({ state: 'visible' });
  await waitFor(async () => (await page.locator(`${W.log} .m:not(.sys):not(.me)`).count()) === 3, 10000, 'the AI answers again');

  // The visitor ends the chat: closed, and a fresh rating view.
  await page.locator(W.end).click();
  await until(conv.id, (x) => x.status === 'closed', 'closed by the visitor');
  await page.locator(W.rating).waitFor({ state: 'visible' });
  await waitFor(async () => (await notices(page)).includes('The conversation was closed by the visitor.'), 10000, 'the visitor closing notice');
  assert.equal(await page.locator(`${W.rating} button[aria-pressed="true"]`).count(), 0, 'not rated yet this time');
  await star(4).click();
  await until(conv.id, (x) => x.rating === 4, 'the new rating');
  const states = await page.evaluate(() => window.__states.map((s) => `${s.status}/${s.phase}${s.agent_name ? `/${s.agent_name}` : ''}`));
  assert.deepEqual(states.filter((s, i) => s !== states[i - 1]), ['open/ai', 'open/queued', 'open/assigned/Admin', 'closed/assigned/Admin', 'open/ai', 'closed/ai']);
  assert.deepEqual(errors, []);
  await c.close();
});

test('no agent online: the offline form leaves an email and a message for the next agent', async () => {
  const offline = 'Nobody is here right now. Leave your email and we will write back.';
  const { widget, url } = await env.site({ offline_message: offline });
  await env.agent.set('away');
  try {
    const c = await ctx();
    const page = await c.newPage();
    const errors = watch(page);
    await openWidget(page, url);
    await page.locator(W.input).fill('Hello? Anyone there?');
    await page.locator(W.input).press('Enter');
    const form = page.locator(W.offline);
    await form.waitFor({ state: 'visible' });
    assert.equal(await page.locator(W.input).isVisible(), false, 'the form takes the composer\'s place');
    await waitFor(async () => (await notices(page)).includes(offline), 10000, 'the offline message');
    const conv = await env.api.conversation(widget.id);
    assert.equal(conv.phase, 'queued');
    // The offline message shows once: as chatd's notice here, not again in the form.
    assert.equal(await form.locator('p').isVisible(), false);
    const email = form.locator('input[type="email"]');
    assert.equal(await email.evaluate((el) => el.getRootNode().activeElement === el), true, 'focus moves to the form');
    await sleep(300);
    await page.screenshot({ path: join(OUT, 'offline.png') });
    await axe(page, 'offline form');
    // The browser checks the email before anything is sent.
    await email.fill('not an email');
    await form.locator('textarea').fill('Please mail me the invoice for order 1234.');
    await form.locator('button[type="submit"]').click();
    await sleep(300);
    assert.deepEqual((await env.api.messages(conv.id)).filter((m) => m.sender === 'visitor').map((m) => m.body), ['Hello? Anyone there?']);
    await email.fill('ann@example.com');
    await form.locator('button[type="submit"]').click();
    await form.waitFor({ state: 'hidden' });
    await page.locator(W.input).waitFor({ state: 'visible' });
    await until(conv.id, (x) => x.prechat?.email === 'ann@example.com', 'prechat.email');
    assert.deepEqual(await env.api.visitorBodies(conv.id, ['Hello? Anyone there?', 'Please mail me the invoice for order 1234.']), [
      'Hello? Anyone there?',
      'Please mail me the invoice for order 1234.',
    ]);
    await waitFor(async () => (await shown(page)).length === 2 && (await page.locator(W.pending).count()) === 0, 10000, 'the message shown, acked');
    assert.deepEqual(await shown(page), ['Hello? Anyone there?', 'Please mail me the invoice for order 1234.']);
    assert.equal(await text(page, W.bar), 'We will answer at ann@example.com.');
    const saved = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), `chatd:${widget.site_key}`);
    assert.deepEqual(saved.o, [], 'the outbox is empty once acked');
    // An agent comes online: the queue again.
    await env.agent.set('online');
    await waitFor(async () => /number 1 in line/.test(await text(page, W.bar)), 10000, 'the queue position when an agent is back');
    assert.deepEqual(errors, []);
    await c.close();
  } finally {
    await env.agent.set('online');
  }
});

test('over the HTTP fallback: AI answer, handoff, leave a message, rating', async () => {
  const { widget, url } = await aiSite();
  const c = await ctx();
  await c.route('**/api/v1/public/ws*', (r) => r.abort());
  await c.routeWebSocket(/\/api\/v1\/public\/ws/, (ws) => ws.close());
  const page = await c.newPage();
  const posts = [];
  page.on('request', (r) => r.method() === 'POST' && posts.push(new URL(r.url()).pathname.split('/').pop()));
  await openWidget(page, url);
  await type(page, 'What is chatd?');
  await waitFor(async () => (await shown(page)).includes(answer()), 40000, 'the AI answer over SSE');
  const conv = await env.api.conversation(widget.id);
  await env.agent.set('away');
  try {
    await page.locator(W.human).click();
    await until(conv.id, (x) => x.phase === 'queued', 'queued over POST …/handoff');
    await page.locator(W.offline).waitFor({ state: 'visible' });
    await page.locator(`${W.offline} input`).fill('bo@example.com');
    await page.locator(`${W.offline} textarea`).fill('Call me back, please.');
    await page.locator(`${W.offline} button`).click();
    await until(conv.id, (x) => x.prechat?.email === 'bo@example.com', 'prechat.email over POST …/leave-message');
    await waitFor(async () => (await shown(page)).includes('Call me back, please.') && (await page.locator(W.pending).count()) === 0, 10000, 'the left message, acked');
  } finally {
    await env.agent.set('online');
  }
  await env.api.accept(conv.id);
  await env.api.close(conv.id);
  await page.locator(W.rating).waitFor({ state: 'visible' });
  await page.locator(`${W.rating} button[aria-label="5 stars"]`).click();
  await until(conv.id, (x) => x.rating === 5, 'rating over POST …/rate');
  for (const p of ['handoff', 'leave-message', 'rate']) assert.ok(posts.includes(p), `POST …/${p}`);
  await c.close();
});
