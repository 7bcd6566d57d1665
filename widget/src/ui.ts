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
  const welcomeBody = h('div', { class: 'b' });
  const welcome = h('div', { class: 'm' }, welcomeBody);
  const log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages' });
  const pend = h('div', { class: 'pd' });
  const ty = h('div', { class: 'ty', hidden: '' });
  const sc = h('div', { class: 'sc', tabindex: '0', role: 'region', 'aria-label': 'Conversation' }, welcome, log, pend, ty);
  const ta = h('textarea', {
    rows: '1',
    maxlength: '8000',
    placeholder: 'Type your message…',
    'aria-label': 'Message',
  }) as HTMLTextAreaElement;
  const comp = h('form', { class: 'c' }, ta, h('button', { class: 'sn', type: 'submit', 'aria-label': 'Send' }, icon(SEND))) as HTMLFormElement;
  const pre = h('form', { class: 'pre', hidden: '' }) as HTMLFormElement;
  const panel = h(
    'div',
    { class: 'p', role: 'dialog', 'aria-labelledby': 't', hidden: '' },
    h('div', { class: 'h' }, h('div', null, title, stat), closeBtn),
    sc,
    pre,
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
    if (m.sender === 'system') {
      log.append(h('div', { class: 'm sys' }, h('div', { class: 'b' }, m.body)));
      lastWho = '';
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

  const showPre = () => prechat.length > 0 && !core.started && !fields.done() && !core.pending().length;

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
    const bottom = nearBottom();
    showPending();
    if (bottom) toBottom();
    const p = showPre();
    pre.hidden = !p;
    sc.hidden = comp.hidden = p;
    if (isOpen && document.visibilityState === 'visible') core.seen();
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
      lastWho = '';
    },
    changed: refresh,
    typing(sender, on) {
      clearTimeout(tyTimer);
      ty.hidden = !on;
      ty.textContent = `${sender === 'ai' ? 'Assistant' : agentName || 'Agent'} is typing…`;
      if (on) {
        // A lost "off" must not leave the indicator on forever.
        tyTimer = setTimeout(() => (ty.hidden = true), 10000) as unknown as number;
        if (nearBottom()) toBottom();
      }
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
      (showPre() ? (pre.querySelector('input,textarea') as HTMLElement) : ta)?.focus();
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
      buildPre();
      refresh();
    },
  };

  (document.body || document.documentElement).append(host);
  if (wasOpen()) ui.open();
  return ui;
}
