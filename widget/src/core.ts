// The conversation state and its delivery: outbox, resume by seq, dedupe,
// reconnects, the HTTP fallback, and sharing one connection between tabs.
//
// One tab of the site (the leader, holder of a Web Lock) keeps the socket and
// writes localStorage; the other tabs get every server frame from it over a
// BroadcastChannel and hand it their sends. Without BroadcastChannel or Web
// Locks every tab is its own leader.

import { load, save } from './storage';
import type { ConvStatus, Msg, Pending, Phase, QueuePlace, ServerFrame, Status } from './types';

/** What the leader keeps in localStorage, per site key. */
interface Saved {
  /** Conversation id and visitor token (absent: no conversation yet). */
  c?: string;
  t?: string;
  /** Store epoch the seqs belong to. */
  e?: string;
  /** Highest seq held. */
  s: number;
  /** Recent messages, in seq order. */
  m: Msg[];
  /** Outbox: sends not yet confirmed, in the order typed. */
  o: Pending[];
  /** Highest seq the visitor has read, and the highest an agent has read. */
  r: number;
  a: number;
  /** Who answers (phase), open or closed, and the agent's name (last `state`). */
  p?: Phase;
  x?: ConvStatus;
  n?: string;
  /** Place in the queue (last `queue`), and agents of the widget online (`presence`). */
  q?: QueuePlace;
  g?: number;
  /** The rating given since the conversation was closed. */
  v?: number;
  /** The email a message was left with (`leave_message`). */
  l?: string;
  /** The verified user the conversation belongs to (absent: an anonymous visitor). */
  u?: string;
  /** A `user_hash` chatd refused: not tried again until identify() brings another. */
  d?: string;
  /** The visitor id chatd gave; sent with every start so agents see one visitor (never reset). */
  w?: string;
}

/** What a new (or forgotten) conversation starts from. */
const FRESH = { s: 0, r: 0, a: 0, p: undefined, x: undefined, n: undefined, q: undefined, g: undefined, v: undefined, l: undefined, u: undefined, d: undefined };

/** Between tabs. */
type TabMsg =
  | { k: 'f'; f: ServerFrame } // leader: a server frame
  | { k: 'st'; s: Status } // leader: connection status
  | { k: 'S' } // leader: the stored conversation changed; reload it
  | { k: 'L' } // a new leader: hand me your unconfirmed sends again
  | { k: 'hi' } // a new tab: tell me the status
  | { k: 's'; p: Pending } // to the leader: send this
  | { k: 't'; on: boolean } // to the leader: typing
  | { k: 'r'; seq: number } // to the leader: read up to
  | { k: 'i' } // identify() was called (the fields are in localStorage): check the conversation is theirs
  | { k: 'w' } // to the leader: an identified visitor opened the chat; bring their conversation
  | { k: 'o' }; // to the leader: logout(); forget the conversation

/** What the UI hears. */
export interface View {
  /** A confirmed message; `live` unless it came from local history. */
  msg(m: Msg, live: boolean): void;
  /** History dropped (new conversation or new database). */
  reset(): void;
  /** Pending sends, status, read receipts or the unread count changed. */
  changed(): void;
  typing(sender: string, on: boolean): void;
  /** The AI answer being written so far ('' when there is none). */
  stream(text: string): void;
}

/** Messages kept in localStorage. */
const KEEP = 200;
const HB_DEFAULT = 25;

export const uid = (): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => (b + 256).toString(16).slice(1)).join('');

export class Core {
  st: Saved;
  status: Status = 'idle';
  private leader = false;
  private bc: BroadcastChannel | null = null;
  /** Follower: sends handed to the leader, not yet confirmed. */
  private own: Pending[] = [];
  private ws: WebSocket | null = null;
  private es: EventSource | null = null;
  /** Replay finished on the current connection: sends may go. */
  private synced = false;
  /** The one send in flight (sends go one at a time to keep their order). */
  private flying: string | null = null;
  private flyingAt = 0;
  private attempt = 0;
  private wsFails = 0;
  private sse = false;
  private stopped = false;
  private starting = false;
  private timer = 0;
  private hbTimer = 0;
  private hb = HB_DEFAULT;
  private lastRx = 0;
  private readSent = 0;
  /** The AI answer being streamed (ephemeral, never stored). */
  ai = '';
  /** The widget refuses visitors the website has not identified (`require_verified_identity`). */
  need = false;
  /** The `user_hash` this page already asked chatd for its conversation with (wake). */
  private woke = '';
  /** Switching to another visitor: waiting for the old outbox's acks (-1: no longer). */
  private sw = 0;
  view: View | null = null;

  constructor(
    private base: string,
    private siteKey: string,
    private key: string,
    /** Pre-chat answers and identify() fields (with `user_id` and `user_hash`), read when a conversation starts. */
    private prechat: () => Record<string, string>,
  ) {
    this.st = this.stored();
    const BC = window.BroadcastChannel;
    const locks = navigator.locks;
    if (BC && locks) {
      const bc = (this.bc = new BC(key));
      bc.onmessage = (e) => this.tab(e.data as TabMsg);
      this.post({ k: 'hi' });
      // Held until the tab goes away; then the next tab in line leads.
      locks.request(key, () => new Promise<void>(() => this.lead())).catch(() => this.lead());
    } else this.lead();
    addEventListener('online', () => {
      this.attempt = 0;
      if (this.st.t) this.connect();
      else if (this.leader && this.st.o.some((p) => !p.failed)) this.start();
    });
    addEventListener('offline', () => {
      if (this.leader && this.st.t) {
        this.drop();
        this.setStatus('offline');
      }
    });
  }

  private stored(): Saved {
    return load<Saved>(this.key) || { s: 0, m: [], o: [], r: 0, a: 0 };
  }

  private persist(): void {
    if (this.leader) {
      this.st.m = this.st.m.slice(-KEEP);
      save(this.key, this.st);
    }
  }

  private post(m: TabMsg): void {
    this.bc?.postMessage(m);
  }

  get started(): boolean {
    return !!this.st.c;
  }

  /** The verified visitor identify() named, if it gave both `user_id` and `user_hash`. */
  who(): { user_id: string; user_hash: string } | null {
    const { user_id, user_hash } = this.prechat();
    return user_id && user_hash ? { user_id, user_hash } : null;
  }

  /**
   * Why no conversation may start: 'no' (chatd refused this identity), 'in'
   * (the site wants a signed-in visitor and identify() has not said who), or ''.
   */
  gate(): string {
    const w = this.who();
    return w ? (w.user_hash === this.st.d ? 'no' : '') : this.need ? 'in' : '';
  }

  /** Sends shown as pending in this tab. */
  pending(): Pending[] {
    const seen = new Set<string>();
    return [...this.st.o, ...this.own].filter((p) => !seen.has(p.client_id) && !!seen.add(p.client_id));
  }

  unread(): number {
    return this.st.m.filter((m) => m.seq > this.st.r && m.sender !== 'visitor').length;
  }

  // ---- what the UI and the page ask for ----

  /** The public config: whether the widget takes only verified visitors. */
  config(need: boolean): void {
    this.need = need;
    this.check();
    this.view?.changed();
  }

  /** identify() (or logout(), `forget`) changed who the visitor is. */
  identify(forget?: boolean): void {
    this.post({ k: forget ? 'o' : 'i' });
    if (this.leader) forget ? this.part(true) : this.check();
    this.view?.changed();
  }

  /** An identified visitor opened the chat: bring back (or start) their conversation, once per page. */
  wake(): void {
    const w = this.who();
    if (!w || this.st.c || this.woke === w.user_hash || this.gate()) return;
    this.woke = w.user_hash;
    if (this.leader) this.start();
    else this.post({ k: 'w' });
  }

  send(body: string): void {
    const p: Pending = { client_id: uid(), body };
    this.queue(p);
  }

  retry(id: string): void {
    const p = this.pending().find((x) => x.client_id === id);
    if (p) {
      delete p.failed;
      this.queue(p);
    }
  }

  private queue(p: Pending): void {
    if (this.leader) this.enqueue(p);
    else {
      if (!this.own.some((x) => x.client_id === p.client_id)) this.own.push(p);
      this.post({ k: 's', p });
    }
    this.view?.changed();
  }

  typing(on: boolean): void {
    if (!this.leader) return this.post({ k: 't', on });
    if (!this.st.c) return;
    if (this.ws) this.wsSend({ type: 'typing', on });
    else if (this.es) this.http('typing', { on }).catch(() => {});
  }

  /** The visitor has seen everything shown. */
  seen(): void {
    const last = this.st.s;
    if (last <= this.st.r) return;
    this.st.r = last;
    this.persist();
    this.view?.changed();
    if (this.leader) this.read(last);
    else this.post({ k: 'r', seq: last });
  }

  /** "Talk to a human". */
  handoff(): void {
    this.act('handoff', {});
  }

  /** Rates the closed conversation (again: the last rating counts). */
  rate(rating: number, comment?: string): void {
    this.st.v = rating;
    this.persist();
    this.act('rate', comment ? { rating, comment } : { rating });
    this.view?.changed();
  }

  /** The visitor ends the conversation (there is no socket frame for it). */
  end(): void {
    this.act('close', null);
  }

  /** No agent online: a message and an email for the next agent, sent like any message. */
  leave(email: string, body: string): void {
    this.st.l = email;
    this.queue({ client_id: uid(), body, e: email });
  }

  /** A one-shot command: over the socket when this tab holds one, else over HTTP. */
  private act(type: string, body: Record<string, unknown> | null): void {
    if (!this.st.c) return;
    if (body && this.leader && this.ws && this.synced) return this.wsSend({ type, ...body });
    this.http(type, body || {}).catch(() => {});
  }

  private read(seq: number): void {
    if (seq <= this.readSent || !this.synced) return;
    this.readSent = seq;
    if (this.ws) this.wsSend({ type: 'read', seq });
    else if (this.es) this.http('read', { seq }).catch(() => {});
  }

  // ---- tabs ----

  private lead(): void {
    if (this.leader) return;
    // Take over what the previous leader stored, keeping this tab's sends.
    this.sync(true);
    this.leader = true;
    for (const p of this.own) if (!this.st.o.some((x) => x.client_id === p.client_id)) this.st.o.push(p);
    this.own = [];
    this.persist();
    this.post({ k: 'L' });
    this.check();
    if (this.st.t) this.connect();
    this.view?.changed();
  }

  /**
   * The leader keeps the stored conversation only while it belongs to the
   * visitor identify() names (the same `user_id`, or anonymous on both
   * sides), and never an anonymous one where the widget wants verified
   * visitors. Otherwise: forget it (part) and start anew when there is
   * something to send.
   */
  private check(): void {
    if (!this.leader) return;
    const u = this.who()?.user_id;
    if (this.st.c && (u !== this.st.u || (this.need && !u))) this.part();
    else {
      if (this.sw > 0) clearTimeout(this.sw);
      this.sw = 0;
      if (!this.st.c && this.st.o.some((p) => !p.failed)) this.start();
    }
  }

  /**
   * Forgets the conversation (token, seqs, history, outbox) for another
   * visitor. Messages the old visitor typed are theirs: while the connection
   * is up they get up to 5 s to be confirmed, then whatever is left is
   * dropped, never sent into the new visitor's conversation.
   */
  private part(now?: boolean): void {
    if (!now && this.sw >= 0 && this.synced && this.st.o.some((p) => !p.acked && !p.failed)) {
      this.sw ||= setTimeout(() => {
        this.sw = -1;
        this.check();
      }, 5000) as unknown as number;
      return;
    }
    if (this.sw > 0) clearTimeout(this.sw);
    this.sw = 0;
    this.stopped = false;
    this.drop();
    Object.assign(this.st, FRESH, { c: undefined, t: undefined, m: [], o: [] });
    this.own = [];
    this.persist();
    this.post({ k: 'S' });
    this.view?.reset();
    this.setStatus('idle');
    this.check();
  }

  /** Reads the leader's stored state into this tab. */
  private sync(full?: boolean): void {
    const s = this.stored();
    if (s.c !== this.st.c || s.e !== this.st.e) {
      Object.assign(this.st, FRESH, { m: [], o: s.o });
      this.own = [];
      this.view?.reset();
    }
    for (const m of s.m) if (m.seq > this.st.s) this.add(m, false);
    this.st.c = s.c;
    this.st.t = s.t;
    this.st.e = s.e;
    this.st.r = Math.max(this.st.r, s.r);
    this.st.a = Math.max(this.st.a, s.a);
    for (const k of ['p', 'x', 'n', 'q', 'g', 'v', 'l', 'u', 'd'] as const) (this.st as unknown as Record<string, unknown>)[k] = s[k];
    if (full) this.st.o = s.o;
  }

  private tab(m: TabMsg): void {
    if (this.leader) {
      if (m.k === 's') this.enqueue(m.p);
      else if (m.k === 't') this.typing(m.on);
      else if (m.k === 'r') {
        this.st.r = Math.max(this.st.r, m.seq);
        this.persist();
        this.read(m.seq);
      }
      else if (m.k === 'hi') this.post({ k: 'st', s: this.status });
      else if (m.k === 'i') this.check();
      else if (m.k === 'o') this.part(true);
      else if (m.k === 'w' && !this.st.c) this.start();
      this.view?.changed();
      return;
    }
    if (m.k === 'f') this.frame(m.f);
    else if (m.k === 'st') this.setStatus(m.s);
    else if (m.k === 'S') this.sync();
    else if (m.k === 'L') for (const p of this.own) this.post({ k: 's', p });
    this.view?.changed();
  }

  // ---- server frames (leader from the connection, followers from the leader) ----

  private add(m: Msg, live: boolean): void {
    this.st.m.push(m);
    this.st.s = m.seq;
    this.forget(m.client_id);
    this.view?.msg(m, live);
  }

  private forget(id: string): void {
    this.st.o = this.st.o.filter((p) => p.client_id !== id);
    this.own = this.own.filter((p) => p.client_id !== id);
  }

  private unstream(): void {
    if (!this.ai) return;
    this.ai = '';
    this.view?.stream('');
  }

  private frame(f: ServerFrame): void {
    const st = this.st;
    switch (f.type) {
      case 'ai_delta':
        this.ai += f.text;
        this.view?.stream(this.ai);
        break;
      case 'state':
        // Someone else answers now, or the conversation ended: the answer
        // being written will not be stored.
        if (f.phase !== st.p || f.status !== st.x) this.unstream();
        if (f.status === 'open' && st.x === 'closed') st.v = undefined;
        st.p = f.phase;
        st.x = f.status;
        st.n = f.agent_name;
        if (f.phase !== 'queued') st.q = undefined;
        break;
      case 'queue':
        st.q = { position: f.position, estimated_wait_secs: f.estimated_wait_secs, agents_online: f.agents_online };
        st.g = f.agents_online;
        break;
      case 'presence':
        st.g = f.agents_online;
        break;
      case 'welcome':
        if (st.e && st.e !== f.epoch) {
          // Another database: our seqs mean nothing there.
          st.m = [];
          st.s = st.r = st.a = 0;
          st.o = st.o.filter((p) => !p.acked);
          this.view?.reset();
        }
        st.e = f.epoch;
        this.hb = f.heartbeat_secs || HB_DEFAULT;
        break;
      case 'message':
        if (f.sender === 'ai') this.unstream();
        if (f.seq <= st.s) return;
        if (f.seq > st.s + 1 && !this.leader) {
          this.sync();
          if (f.seq <= st.s) return;
        }
        this.add(
          { seq: f.seq, client_id: f.client_id, sender: f.sender, author_name: f.author_name, body: f.body, created_at: f.created_at },
          true,
        );
        if (f.sender !== 'visitor') this.view?.typing(f.sender, false);
        break;
      case 'ack':
        for (const p of this.pending()) if (p.client_id === f.client_id) p.acked = 1;
        if (f.seq <= st.s) this.forget(f.client_id);
        if (this.flying === f.client_id) {
          this.flying = null;
          this.pump();
        }
        if (this.sw > 0) this.check();
        break;
      case 'error':
        this.unstream();
        // Blocked (the socket also closes with 4030; an event stream just ends).
        if (f.code === 'blocked') {
          this.drop();
          return this.down(4030);
        }
        if (f.client_id) {
          const p = this.pending().find((x) => x.client_id === f.client_id);
          // Busy, rate limited or failing: the pump tries again. Anything
          // else refuses the message itself: the visitor may retry by hand.
          if (p && !/unavailable|rate_limited|timeout|internal/.test(f.code)) p.failed = 1;
          if (this.flying === f.client_id) {
            this.flying = null;
            this.later(() => this.pump(), 2000);
          }
        }
        break;
      case 'read':
        st.r = Math.max(st.r, f.visitor_read_seq);
        st.a = Math.max(st.a, f.agent_read_seq);
        break;
      case 'typing':
        if (f.sender === 'visitor') return;
        this.view?.typing(f.sender, f.on);
        break;
      case 'synced':
        if (this.leader) {
          this.synced = true;
          this.attempt = 0;
          this.setStatus('online');
          this.read(st.r);
          this.pump();
        }
        return;
      default:
        return;
    }
    if (this.leader) {
      if (f.type !== 'typing' && f.type !== 'ai_delta') this.persist();
      this.post({ k: 'f', f });
    }
    this.view?.changed();
  }

  // ---- the leader's delivery ----

  private setStatus(s: Status): void {
    if (s === this.status) return;
    this.status = s;
    if (this.leader) this.post({ k: 'st', s });
    this.view?.changed();
  }

  private later(fn: () => void, ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(fn, ms) as unknown as number;
  }

  private enqueue(p: Pending): void {
    // Typed by the new visitor: the old one's conversation is done with.
    if (this.sw > 0) {
      this.sw = -1;
      this.check();
    }
    if (p.e) this.st.l = p.e;
    const had = this.st.o.find((x) => x.client_id === p.client_id);
    if (had) delete had.failed;
    else this.st.o.push(p);
    if (this.stopped) (had || p).failed = 1;
    this.persist();
    this.view?.changed();
    if (!this.st.t) this.start();
    else if (!this.ws && !this.es) this.connect();
    else this.pump();
  }

  /** Sends the oldest unconfirmed message, if none is in flight. */
  private pump(): void {
    if (!this.synced || this.flying) return;
    const p = this.st.o.find((x) => !x.acked && !x.failed);
    if (!p) return;
    this.flying = p.client_id;
    this.flyingAt = Date.now();
    const m = p.e ? { email: p.e, client_id: p.client_id, body: p.body } : { client_id: p.client_id, body: p.body };
    if (this.ws) {
      this.wsSend({ type: p.e ? 'leave_message' : 'send', ...m });
      return;
    }
    this.http(p.e ? 'leave-message' : 'messages', m)
      .then(async (r) => {
        if (r.ok) return this.frame({ type: 'ack', ...(await r.json()) });
        if (this.flying !== p.client_id) return;
        this.flying = null;
        if (r.status === 400 || r.status === 413) {
          p.failed = 1;
          this.persist();
          this.view?.changed();
          this.pump();
        } else if (r.status === 401 || r.status === 404) this.lost(r.status === 404);
        else this.later(() => this.pump(), 3000);
      })
      .catch(() => {
        if (this.flying !== p.client_id) return;
        this.flying = null;
        this.later(() => this.pump(), 3000);
      });
  }

  private http(what: string, body: unknown): Promise<Response> {
    return fetch(`${this.base}/api/v1/public/conversations/${this.st.c}/${what}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.st.t}` },
      body: JSON.stringify(body),
    });
  }

  private start(): void {
    if (this.starting || this.stopped) return;
    if (this.gate()) {
      // Not without a (new) identity: nothing is sent.
      for (const p of this.st.o) p.failed = 1;
      this.persist();
      return this.view?.changed();
    }
    this.starting = true;
    this.setStatus('connecting');
    const { user_id, user_hash, ...prechat } = this.prechat();
    const w = this.who();
    fetch(`${this.base}/api/v1/public/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        site_key: this.siteKey,
        prechat,
        page_url: location.href.slice(0, 2000),
        identity: w ? { ...w, name: prechat.name, email: prechat.email } : undefined,
        visitor_id: this.st.w,
      }),
    })
      .then(async (r) => {
        this.starting = false;
        if (!r.ok) {
          // Refused (origin, site key, pre-chat form): the visitor may retry.
          // A refused identity is not tried again until identify() brings
          // another hash (a reload does not retry it either).
          for (const p of this.st.o) p.failed = 1;
          if (r.status === 403 && w) this.st.d = w.user_hash;
          this.persist();
          this.post({ k: 'S' });
          this.setStatus((r.status === 403 && !w) || r.status === 404 ? 'blocked' : 'idle');
          if (r.status >= 500 || r.status === 429) this.later(() => this.retryAll(), this.backoff());
          return;
        }
        const c = await r.json();
        Object.assign(this.st, FRESH, { c: c.conversation_id, t: c.visitor_token, e: c.epoch, m: [], u: w?.user_id, w: c.visitor_id });
        this.persist();
        this.post({ k: 'S' });
        this.connect();
        // identify() may have named someone else meanwhile.
        this.check();
      })
      .catch(() => {
        this.starting = false;
        this.setStatus(navigator.onLine === false ? 'offline' : 'connecting');
        this.later(() => this.start(), this.backoff());
      });
  }

  private retryAll(): void {
    for (const p of this.st.o) delete p.failed;
    this.start();
  }

  private backoff(): number {
    const d = Math.min(30000, 500 * 2 ** this.attempt++);
    return d / 2 + (Math.random() * d) / 2;
  }

  private connect(): void {
    clearTimeout(this.timer);
    if (!this.leader || !this.st.t || this.stopped || this.ws || this.es) return;
    if (navigator.onLine === false) return this.setStatus('offline');
    this.setStatus('connecting');
    this.synced = false;
    this.flying = null;
    this.readSent = 0;
    this.lastRx = Date.now();
    if (this.sse) this.openSse();
    else this.openWs();
  }

  private wsSend(f: object): void {
    try {
      this.ws?.send(JSON.stringify(f));
    } catch {
      /* closing; the outbox resends after the reconnect */
    }
  }

  private openWs(): void {
    const ws = (this.ws = new WebSocket(
      `${this.base.replace(/^http/, 'ws')}/api/v1/public/ws?site_key=${encodeURIComponent(this.siteKey)}`,
    ));
    let welcomed = false;
    // A proxy that swallows WebSockets may leave one hanging: give up on it.
    setTimeout(() => {
      if (!welcomed && this.ws === ws) {
        this.wsFails++;
        this.drop();
        this.down(1006);
      }
    }, 10000);
    ws.onopen = () => this.wsSend({ type: 'hello', token: this.st.t, last_seq: this.st.s, epoch: this.st.e || null });
    ws.onmessage = (e) => {
      if (this.ws !== ws) return;
      this.lastRx = Date.now();
      let f: ServerFrame;
      try {
        f = JSON.parse(e.data);
      } catch {
        return;
      }
      if (f.type === 'welcome') {
        welcomed = true;
        this.wsFails = 0;
        this.beat();
      }
      this.frame(f);
    };
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      if (!welcomed) this.wsFails++;
      this.drop();
      // An anonymous conversation on a widget that now wants verified visitors.
      if (e.code === 4003 && !this.st.u && /verified/.test(e.reason)) {
        this.need = true;
        return this.part(true);
      }
      this.down(e.code);
    };
  }

  /**
   * Application pings prove that events flow, not only that a socket is
   * open: a ping not answered by the next beat means the connection is dead.
   * (Measured from the ping, so throttled timers in background tabs do not
   * make a live socket look dead.)
   */
  private beat(): void {
    clearInterval(this.hbTimer);
    let pingAt = 0;
    this.hbTimer = setInterval(() => {
      const stuck = !!this.flying && Date.now() - this.flyingAt > this.hb * 2000;
      if ((pingAt && this.lastRx < pingAt) || stuck) {
        this.drop();
        this.down(1006);
      } else {
        pingAt = Date.now();
        this.wsSend({ type: 'ping' });
      }
    }, this.hb * 1000) as unknown as number;
  }

  private openSse(): void {
    const es = (this.es = new EventSource(
      `${this.base}/api/v1/public/conversations/${this.st.c}/events?token=${encodeURIComponent(this.st.t || '')}&after_seq=${this.st.s}`,
    ));
    es.onmessage = (e) => {
      let f: ServerFrame;
      try {
        f = JSON.parse(e.data);
      } catch {
        return;
      }
      const epoch = this.st.e;
      this.frame(f);
      // A new database: the stream resumed from our old seq; start over from 0.
      if (f.type === 'welcome' && epoch && epoch !== f.epoch) {
        this.drop();
        this.connect();
      }
    };
    es.onerror = () => {
      // EventSource reconnects by itself (resuming with Last-Event-ID)
      // unless the server refused it outright.
      this.synced = false;
      this.flying = null;
      if (es.readyState === EventSource.CLOSED) {
        this.drop();
        this.down(0);
      } else this.setStatus('connecting');
    };
  }

  /** Closes the connection without a reconnect. */
  private drop(): void {
    clearInterval(this.hbTimer);
    const { ws, es } = this;
    this.ws = this.es = null;
    this.synced = false;
    this.flying = null;
    this.unstream();
    if (ws) {
      ws.onclose = ws.onmessage = null;
      try {
        ws.close();
      } catch {
        /* already closed */
      }
    }
    es?.close();
  }

  /** The connection ended with `code`: decide what comes next (docs/protocol.md, close codes). */
  private down(code: number): void {
    if (code === 4003 || code === 4030) {
      this.stopped = true;
      return this.setStatus('blocked');
    }
    if (code === 4001 || code === 4004) return this.lost(code === 4004);
    // WebSockets keep failing: if chatd answers plain HTTP, something on the
    // way blocks them, so use the HTTP fallback. (If chatd is down, keep trying.)
    if (this.wsFails >= 3 && !this.sse)
      fetch(`${this.base}/api/v1/public/widgets/${encodeURIComponent(this.siteKey)}`)
        .then((r) => (this.sse = r.ok))
        .catch(() => {});
    this.setStatus(navigator.onLine === false ? 'offline' : 'connecting');
    this.later(() => this.connect(), code === 4008 ? 0 : this.backoff() + (code === 4029 ? 10000 : 0));
  }

  /** The conversation is gone (4004) or its token no longer works (4001). */
  private lost(restart: boolean): void {
    this.drop();
    Object.assign(this.st, FRESH, { c: undefined, t: undefined, m: [] });
    this.st.o = this.st.o.filter((p) => !p.acked);
    // A token that stopped working is not retried on its own: that could
    // loop. The visitor's next send (or retry) starts a new conversation.
    if (!restart) for (const p of this.st.o) p.failed = 1;
    this.persist();
    this.post({ k: 'S' });
    this.view?.reset();
    this.setStatus('idle');
    if (restart && this.st.o.length) this.start();
  }
}
