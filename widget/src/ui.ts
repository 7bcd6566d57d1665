// The widget's DOM, inside an open shadow root. Every string that a person
// typed (visitors, agents, operators) goes in as a text node, never as HTML.

import { CSS } from './css';
import type { Core } from './core';
import type { Msg, PrechatField, PublicWidget } from './types';

type Kid = Node | string | null | false | undefined;

function h(tag: string, attrs?: Record<string, string> | null, ...kids: Kid[]): HTMLElement {
  const e = document.createElement(tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  for (const c of kids) if (c) e.append(c);
  return e;
}

function icon(d: string, cls = ''): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const s = document.createElementNS(ns, 'svg');
  const p = document.createElementNS(ns, 'path');
  s.setAttribute('viewBox', '0 0 24 24');
  s.setAttribute('aria-hidden', 'true');
  s.setAttribute('class', cls);
  p.setAttribute('d', d);
  s.append(p);
  return s;
}

const CHAT = 'M20 2H4a2 2 0 0 0-2 2v18l4-4h14a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2zM6 9h12v2H6zm8 5H6v-2h8zm4-6H6V6h12z';
const DOWN = 'M7.41 8.59 12 13.17l4.59-4.58L18 10l-6 6-6-6z';
const CLOSE = 'M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z';
const SEND = 'M2.01 21 23 12 2.01 3 2 10l15 2-15 2z';
const PERSON = 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm0 2c-2.67 0-8 1.34-8 4v2h16v-2c0-2.66-5.33-4-8-4z';
const STAR = 'm12 17.27 6.18 3.73-1.64-7.03L22 9.24l-7.19-.61L12 2 9.19 8.63 2 9.24l5.46 4.73L5.82 21z';
const CLOCK = 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 18a8 8 0 1 1 0-16 8 8 0 0 1 0 16zm.5-13H11v6l5.25 3.15.75-1.23-4.5-2.67z';

/** Minutes, roughly, as people say them. */
function wait(secs: number): string {
  const m = Math.max(1, Math.round(secs / 60));
  if (m < 90) return `about ${m} minute${m > 1 ? 's' : ''}`;
  const hr = Math.round(m / 60);
  return `about ${hr} hours`;
}

const STATUS: Record<string, string> = {
  connecting: 'Connecting…',
  online: 'Online',
  offline: 'Offline',
  blocked: 'Chat is not available on this page',
};

const hex = (c: string | undefined, d: string) => (c && /^#[0-9a-f]{3,8}$/i.test(c) ? c : d);

function sheet(root: ShadowRoot, css: string): (css: string) => void {
  if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    const s = new CSSStyleSheet();
    s.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, s];
    return (c) => s.replaceSync(c);
  }
  // Old browsers: a <style> element (blocked by a strict style-src; nothing better exists there).
  const el = h('style', null, css);
  root.append(el);
  return (c) => (el.textContent = c);
}

export interface Ui {
  open(): void;
  close(): void;
  apply(cfg: PublicWidget): void;
}

export function mount(
  core: Core,
  fields: {
    get(): Record<string, string>;
    set(v: Record<string, string>): void;
    done(): boolean;
  },
  emit: (ev: string, data?: unknown) => void,
  wasOpen: (v?: boolean) => boolean,
): Ui {
  const host = document.createElement('chatd-widget');
  const root = host.attachShadow({ mode: 'open' });
  sheet(root, CSS);
  const colors = sheet(root, '');

  const title = h('h2', { id: 't' });
  const stat = h('p', { class: 'st' });
  const closeBtn = h('button', { class: 'x', type: 'button', 'aria-label': 'Close chat' }, icon(CLOSE));
  const endBtn = h('button', { class: 'e', type: 'button' }, 'End chat') as HTMLButtonElement;
  const barText = h('span');
  const bar = h('div', { class: 'bar', role: 'status' }, icon(CLOCK), barText);
  const welcomeBody = h('div', { class: 'b' });
  const welcome = h('div', { class: 'm' }, welcomeBody);
  const log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages' });
  const pend = h('div', { class: 'pd' });
  const ty = h('div', { class: 'ty', hidden: '' });
  // The AI answer being written: outside the live region, so a screen reader
  // hears the finished answer once, not every piece.
  const aiWho = h('div', { class: 'who' }, 'Assistant');
  const aiBody = h('div', { class: 'b' });
  const aiBox = h('div', { class: 'm ai', hidden: '' }, aiWho, aiBody);
  // Rating, once the conversation is closed.
  const stars = h('div', { class: 'stars' });
  const starBtns = [1, 2, 3, 4, 5].map((n) => {
    const b = h('button', { type: 'button', 'aria-label': `${n} star${n > 1 ? 's' : ''}`, 'aria-pressed': 'false' }, icon(STAR));
    b.onclick = () => {
      core.rate(n);
      commented = false;
      refresh();
    };
    stars.append(b);
    return b;
  });
  const note = h('textarea', { name: 'comment', rows: '2', maxlength: '2000' }) as HTMLTextAreaElement;
  const rateForm = h(
    'form',
    null,
    h('label', null, 'Anything to add? (optional)', note),
    h('button', { class: 'go', type: 'submit' }, 'Send feedback'),
  ) as HTMLFormElement;
  const thanks = h('p', { class: 'ok', role: 'status' });
  const rateBox = h(
    'div',
    { class: 'rate', role: 'group', 'aria-labelledby': 'rq', hidden: '' },
    h('p', { id: 'rq' }, 'How was this conversation?'),
    stars,
    thanks,
    rateForm,
  );
  const sc = h('div', { class: 'sc', tabindex: '0', role: 'region', 'aria-label': 'Conversation' }, welcome, log, aiBox, pend, ty, rateBox);
  const humanBtn = h('button', { class: 'hb', type: 'button' }, icon(PERSON), 'Talk to a human') as HTMLButtonElement;
  const human = h('div', { class: 'hm', hidden: '' }, humanBtn);
  // No agent online: an email and a message for the next one.
  const offIntro = h('p');
  const offEmail = h('input', { type: 'email', name: 'email', required: '', maxlength: '254', autocomplete: 'email' }) as HTMLInputElement;
  const offBody = h('textarea', { name: 'body', rows: '3', required: '', maxlength: '8000' }) as HTMLTextAreaElement;
  const off = h(
    'form',
    { class: 'off', hidden: '', 'aria-label': 'Leave a message' },
    offIntro,
    h('label', null, 'Your email', offEmail),
    h('label', null, 'Message', offBody),
    h('button', { class: 'go', type: 'submit' }, 'Send message'),
  ) as HTMLFormElement;
  const ta = h('textarea', {
    rows: '1',
    maxlength: '8000',
    placeholder: 'Type your message…',
    'aria-label': 'Message',
  }) as HTMLTextAreaElement;
  const comp = h('form', { class: 'c' }, ta, h('button', { class: 'sn', type: 'submit', 'aria-label': 'Send' }, icon(SEND))) as HTMLFormElement;
  const pre = h('form', { class: 'pre', hidden: '' }) as HTMLFormElement;
  // In the composer's place when no conversation may start (core.gate()). A
  // live region from the start, so the text is announced when it comes.
  const gate = h('p', { class: 'gt', role: 'status', tabindex: '-1' });
  const panel = h(
    'div',
    { class: 'p', role: 'dialog', 'aria-labelledby': 't', hidden: '' },
    h('div', { class: 'h' }, h('div', null, title, stat), endBtn, closeBtn),
    bar,
    sc,
    pre,
    human,
    off,
    gate,
    comp,
  );
  const badge = h('span', { class: 'bd', 'aria-hidden': 'true', hidden: '' });
  const launcher = h(
    'button',
    { class: 'l', type: 'button', 'aria-expanded': 'false', 'aria-haspopup': 'dialog' },
    icon(CHAT, 'ic1'),
    icon(DOWN, 'ic2'),
    badge,
  );
  const w = h('div', { class: 'w' }, panel, launcher);
  root.append(w);

  let isOpen = false;
  let prechat: PrechatField[] = [];
  let lastWho = '';
  let lastAt = 0;
  let agentName = '';
  let unread = -1;
  let tyTimer = 0;
  let typingOn = false;
  let typingTimer = 0;
  let commented = false;
  let lastSys = '';
  let offText = '';
  let aiOn = true;
  let stateKey = '';
  const metas = new Map<number, HTMLElement>();

  const nearBottom = () => sc.scrollHeight - sc.scrollTop - sc.clientHeight < 80;
  const toBottom = () => (sc.scrollTop = sc.scrollHeight);
  const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

  function bubble(who: string, body: string, cls: string, at: number, meta?: HTMLElement): HTMLElement {
    // Consecutive messages from one sender share one label.
    const label = who !== lastWho || at - lastAt > 300000 ? who : '';
    lastWho = who;
    lastAt = at;
    return h('div', { class: `m ${cls}` }, label && h('div', { class: 'who' }, label), h('div', { class: 'b' }, body), meta);
  }

  function tick(seq: number, meta: HTMLElement): void {
    const read = seq <= core.st.a;
    const el = meta.lastChild as HTMLElement;
    if (el.textContent === (read ? '✓✓ Read' : '✓ Sent')) return;
    el.textContent = read ? '✓✓ Read' : '✓ Sent';
    el.className = read ? 'rd' : '';
  }

  function showMsg(m: Msg): void {
    const bottom = nearBottom();
    lastSys = '';
    if (m.sender === 'system') {
      log.append(h('div', { class: 'm sys' }, h('div', { class: 'b' }, m.body)));
      lastWho = '';
      lastSys = m.body;
    } else {
      const me = m.sender === 'visitor';
      if (m.sender === 'agent' && m.author_name) agentName = m.author_name;
      const meta = h('div', { class: 'meta' }, time(m.created_at));
      if (me) {
        meta.append(h('span'));
        metas.set(m.seq, meta);
        tick(m.seq, meta);
      }
      const who = me ? 'You' : m.sender === 'ai' ? 'Assistant' : m.author_name || 'Agent';
      log.append(bubble(who, m.body, me ? 'me' : '', m.created_at, meta));
    }
    if (bottom || m.sender === 'visitor') toBottom();
  }

  function showPending(): void {
    const saveWho = lastWho;
    const saveAt = lastAt;
    const now = Date.now();
    pend.replaceChildren(
      ...core.pending().map((p) => {
        const meta = h(
          'div',
          { class: 'meta' },
          p.failed ? 'Not sent.' : p.acked ? '✓ Sent' : core.status === 'offline' ? 'Waiting for network…' : 'Sending…',
        );
        if (p.failed) {
          const b = h('button', { class: 'rt', type: 'button' }, 'Retry');
          b.onclick = () => core.retry(p.client_id);
          meta.append(b);
        }
        return bubble('You', p.body, p.failed ? 'me fail' : 'me', now, meta);
      }),
    );
    // Pending bubbles do not count for the next confirmed message's label.
    lastWho = saveWho;
    lastAt = saveAt;
  }

  const showPre = () => prechat.length > 0 && !core.started && !fields.done() && !core.pending().length && !core.gate();
  /** Inside this panel, the element with focus. */
  const focused = (el: HTMLElement) => el.contains(root.activeElement);

  function buildPre(): void {
    const known = fields.get();
    const start = h('button', { class: 'go', type: 'submit' }, 'Start chat');
    pre.replaceChildren(
      h('p', null, welcomeBody.textContent || ''),
      ...prechat.map((f) => {
        const input = h(f.kind === 'textarea' ? 'textarea' : 'input', {
          name: f.name,
          maxlength: '1000',
          ...(f.kind === 'textarea' ? { rows: '3' } : { type: f.kind === 'email' ? 'email' : 'text' }),
          ...(f.kind === 'email' ? { autocomplete: 'email' } : f.name === 'name' ? { autocomplete: 'name' } : {}),
          ...(f.required ? { required: '' } : {}),
        }) as HTMLInputElement;
        input.value = known[f.name] || '';
        return h('label', null, h('span', null, f.label, f.required && h('span', { 'aria-hidden': 'true' }, ' *')), input);
      }),
      start,
    );
  }

  let status = '';
  function refresh(): void {
    const s = core.status;
    if (s !== status) emit('status', (status = s));
    stat.textContent = STATUS[s] || '';
    stat.className = `st ${s}`;
    stat.hidden = !STATUS[s];
    for (const [seq, meta] of metas) tick(seq, meta);
    let bottom = nearBottom();
    showPending();
    const g = core.gate();
    const gt = g ? (g === 'no' ? 'We could not verify who you are.' : 'Please sign in to chat with us.') : '';
    if (gate.textContent !== gt) gate.textContent = gt;
    const p = showPre();
    pre.hidden = !p;
    sc.hidden = p;
    // Who answers, the queue, the end of the conversation.
    const st = core.st;
    const on = core.started && !p;
    const closed = on && st.x === 'closed';
    const queued = on && !closed && st.p === 'queued';
    const away = queued && st.g === 0 && !st.l;
    const key = on && st.x ? `${st.x}|${st.p}|${st.n || ''}` : '';
    if (key !== stateKey && (stateKey = key)) emit('state', { status: st.x, phase: st.p, agent_name: st.n });
    // Every conversation starts with the AI (the HTTP fallback sends no state until it changes).
    human.hidden = !(on && !closed && (st.p || 'ai') === 'ai' && aiOn);
    endBtn.hidden = !on || closed;
    humanBtn.disabled = endBtn.disabled = s !== 'online';
    const q = st.q;
    const line = queued
      ? st.g === 0
        ? st.l
          ? `We will answer at ${st.l}.`
          : ''
        : q
          ? `You are number ${q.position} in line, ${wait(q.estimated_wait_secs)}.`
          : 'Waiting for a person…'
      : on && !closed && st.p === 'assigned' && st.n
        ? `You are chatting with ${st.n}.`
        : '';
    if (barText.textContent !== line) barText.textContent = line;
    bar.hidden = !line;
    bar.classList.toggle('q', queued);
    const wasRate = !rateBox.hidden;
    rateBox.hidden = !closed;
    if (!closed) commented = false;
    for (const b of starBtns) {
      const n = starBtns.indexOf(b) + 1;
      b.setAttribute('aria-pressed', String(n === st.v));
      b.classList.toggle('on', n <= (st.v || 0));
    }
    thanks.textContent = commented ? 'Thank you for your feedback!' : st.v ? 'Thanks for your rating!' : '';
    thanks.hidden = !st.v;
    rateForm.hidden = !st.v || commented;
    if (closed && !wasRate) bottom = true;
    // The offline form takes the composer's place (and its focus, and what was typed).
    const wasOff = !off.hidden;
    offIntro.textContent = offText;
    offIntro.hidden = !offText || lastSys === offText;
    off.hidden = !away || !!g;
    const wasComp = !comp.hidden;
    comp.hidden = p || away || !!g;
    if (g && focused(comp)) gate.focus();
    else if (!g && !comp.hidden && !wasComp && root.activeElement === gate) ta.focus();
    if (away && !wasOff) {
      if (!offEmail.value) offEmail.value = fields.get().email || '';
      if (ta.value.trim()) offBody.value = ta.value;
      if (focused(comp)) (offEmail.value ? offBody : offEmail).focus();
    } else if (!away && wasOff && focused(off)) ta.focus();
    if (bottom) toBottom();
    if (isOpen && document.visibilityState === 'visible') core.seen();
    // A verified visitor's history comes back when they open the chat.
    if (isOpen && !p && !g) core.wake();
    const n = core.unread();
    badge.hidden = !n || isOpen;
    badge.textContent = n > 9 ? '9+' : String(n);
    launcher.setAttribute(
      'aria-label',
      isOpen ? 'Close chat' : `Open chat${n ? `, ${n} unread message${n > 1 ? 's' : ''}` : ''}`,
    );
    if (n !== unread) emit('unread', (unread = n));
  }

  core.view = {
    msg(m, live) {
      showMsg(m);
      if (live) emit('message', { ...m });
    },
    reset() {
      log.replaceChildren();
      metas.clear();
      lastWho = lastSys = '';
    },
    changed: refresh,
    typing(sender, on) {
      clearTimeout(tyTimer);
      ty.hidden = !on;
      ty.textContent = `${sender === 'ai' ? 'Assistant' : core.st.n || agentName || 'Agent'} is typing…`;
      if (on) {
        // A lost "off" must not leave the indicator on forever.
        tyTimer = setTimeout(() => (ty.hidden = true), 10000) as unknown as number;
        if (nearBottom()) toBottom();
      }
    },
    stream(text) {
      const bottom = nearBottom();
      aiBox.hidden = !text;
      aiBody.textContent = text;
      // Labelled like the message it becomes.
      aiWho.hidden = lastWho === 'Assistant' && Date.now() - lastAt < 300000;
      if (text) ty.hidden = true;
      if (bottom) toBottom();
    },
  };
  for (const m of core.st.m) showMsg(m);

  function stopTyping(): void {
    clearTimeout(typingTimer);
    if (typingOn) core.typing((typingOn = false));
  }

  comp.onsubmit = (e) => {
    e.preventDefault();
    const body = ta.value.trim();
    if (!body) return;
    ta.value = '';
    stopTyping();
    core.send(body);
    toBottom();
    ta.focus();
  };
  ta.onkeydown = (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      comp.requestSubmit();
    }
  };
  ta.oninput = () => {
    if (!ta.value) return stopTyping();
    if (!typingOn) core.typing((typingOn = true));
    clearTimeout(typingTimer);
    typingTimer = setTimeout(stopTyping, 3000) as unknown as number;
  };
  pre.onsubmit = (e) => {
    e.preventDefault();
    const v: Record<string, string> = {};
    for (const el of pre.querySelectorAll<HTMLInputElement>('[name]')) v[el.name] = el.value.trim();
    fields.set(v);
    refresh();
    ta.focus();
  };
  humanBtn.onclick = () => core.handoff();
  endBtn.onclick = () => core.end();
  rateForm.onsubmit = (e) => {
    e.preventDefault();
    const c = note.value.trim();
    if (c && core.st.v) {
      core.rate(core.st.v, c);
      note.value = '';
      commented = true;
      refresh();
    }
  };
  off.onsubmit = (e) => {
    e.preventDefault();
    const email = offEmail.value.trim();
    const body = offBody.value.trim();
    if (!email || !body) return;
    offBody.value = ta.value = '';
    core.leave(email, body);
    toBottom();
  };
  launcher.onclick = () => (isOpen ? ui.close() : ui.open());
  closeBtn.onclick = () => ui.close();
  panel.onkeydown = (e) => {
    if (e.key === 'Escape') ui.close();
  };
  document.addEventListener('visibilitychange', refresh);

  const ui: Ui = {
    open() {
      if (isOpen) return;
      isOpen = true;
      wasOpen(true);
      panel.hidden = false;
      w.classList.add('open');
      launcher.setAttribute('aria-expanded', 'true');
      refresh();
      toBottom();
      (showPre() ? (pre.querySelector('input,textarea') as HTMLElement) : core.gate() ? gate : ta)?.focus();
      emit('open');
    },
    close() {
      if (!isOpen) return;
      const inside = root.activeElement !== null;
      isOpen = false;
      wasOpen(false);
      panel.hidden = true;
      w.classList.remove('open');
      launcher.setAttribute('aria-expanded', 'false');
      refresh();
      if (inside) launcher.focus();
      emit('close');
    },
    apply(cfg) {
      title.textContent = cfg.title || 'Chat';
      welcomeBody.textContent = cfg.welcome_message || '';
      welcome.hidden = !cfg.welcome_message;
      colors(`:host{--p:${hex(cfg.colors?.primary, '#2563eb')};--o:${hex(cfg.colors?.on_primary, '#fff')}}`);
      w.classList.toggle('left', cfg.launcher_position === 'bottom-left');
      prechat = (cfg.prechat_fields || []).slice(0, 20);
      offText = cfg.offline_message || '';
      aiOn = cfg.ai_enabled !== false;
      buildPre();
      refresh();
    },
  };

  (document.body || document.documentElement).append(host);
  if (wasOpen()) ui.open();
  return ui;
}
