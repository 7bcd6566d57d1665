// Entry point: <script async src="https://CHATD/widget.js" data-site-key="sk_…">.
// The only global it defines is window.Chatd.

import { Core } from './core';
import { load, save } from './storage';
import type { PublicWidget } from './types';
import { mount, type Ui } from './ui';

type Fn = (data?: unknown) => void;

interface ChatdApi {
  open(): void;
  close(): void;
  identify(fields: Record<string, unknown>): void;
  logout(): void;
  on(event: string, fn: Fn): void;
  version: string;
}

declare global {
  interface Window {
    Chatd?: unknown;
  }
}

function init(script: HTMLScriptElement | null): void {
  const siteKey = script?.dataset.siteKey;
  const existing = window.Chatd as ChatdApi | unknown[] | undefined;
  if (existing && !Array.isArray(existing) && existing.version) return; // loaded twice
  if (!script || !siteKey) {
    console.warn('chatd: the widget script needs a data-site-key attribute');
    return;
  }
  // The server is wherever the script came from (minus /widget.js or /widget.HASH.js).
  const base = script.src.replace(/\/widget(\.\w+)?\.js([?#].*)?$/, '');
  const key = `chatd:${siteKey}`;
  const handlers: Record<string, Fn[]> = {};
  const emit = (ev: string, data?: unknown) => {
    for (const f of handlers[ev] || []) {
      try {
        f(data);
      } catch (e) {
        console.error(e);
      }
    }
  };
  const idKey = `${key}:id`;
  const ident = (): Record<string, string> => load(idKey) || {};
  const core = new Core(base, siteKey, key, ident);
  let ui: Ui | null = null;
  let wantOpen: boolean | null = null;

  // Whether the panel was open, per tab, so a reload keeps it open.
  const wasOpen = (v?: boolean): boolean => {
    try {
      if (v === undefined) return sessionStorage.getItem(key) === '1';
      sessionStorage.setItem(key, v ? '1' : '0');
    } catch {
      /* private mode */
    }
    return !!v;
  };

  const api: ChatdApi = {
    version: '1',
    open: () => (ui ? ui.open() : (wantOpen = true)),
    close: () => (ui ? ui.close() : (wantOpen = false)),
    identify(fields) {
      const v = ident();
      // Another user comes with their own hash (or none).
      if (fields && fields.user_id != null) delete v.user_hash;
      for (const k in fields) {
        const x = fields[k];
        if (x != null && k.length <= 50) v[k] = String(x).slice(0, 1000);
      }
      save(idKey, v);
      core.identify();
    },
    // The website's user signed out: forget who they were and their conversation, in every tab.
    logout() {
      save(idKey, null);
      save(`${key}:pf`, null);
      core.identify(true);
    },
    on(ev, fn) {
      (handlers[ev] = handlers[ev] || []).push(fn);
    },
  };
  window.Chatd = api;
  // Calls queued before the script loaded: window.Chatd = [["identify", {...}], ...].
  if (Array.isArray(existing)) {
    for (const [m, ...args] of existing as [string, ...unknown[]][]) {
      const f = (api as unknown as Record<string, (...a: unknown[]) => void>)[m];
      if (typeof f === 'function') f(...args);
    }
  }

  const show = (cfg: PublicWidget) => {
    core.config(!!cfg.require_verified_identity);
    if (!ui) {
      ui = mount(
        core,
        {
          get: ident,
          set(v) {
            api.identify(v);
            save(`${key}:pf`, 1);
          },
          done: () => !!load(`${key}:pf`),
        },
        emit,
        wasOpen,
      );
      ui.apply(cfg);
      if (wantOpen !== null) wantOpen ? ui.open() : ui.close();
      emit('ready');
    } else ui.apply(cfg);
  };

  // Draw at once from the last known config, then refresh it.
  const cfgKey = `${key}:w`;
  const cached = load<PublicWidget>(cfgKey);
  if (cached) show(cached);
  let tries = 0;
  const fetchCfg = () =>
    fetch(`${base}/api/v1/public/widgets/${encodeURIComponent(siteKey)}`)
      .then((r) => {
        if (r.ok) return r.json();
        throw r.status;
      })
      .then((cfg: PublicWidget) => {
        save(cfgKey, cfg);
        show(cfg);
      })
      .catch((e) => {
        if (typeof e === 'number' && e < 500) console.warn(`chatd: widget config refused (${e}); check data-site-key and allowed_origins`);
        else if (tries++ < 6) setTimeout(fetchCfg, 1000 * 2 ** tries);
      });
  fetchCfg();
}

// currentScript is only set while the script first runs; an async script in
// <head> may run before <body> exists, so keep it for later.
const me = (document.currentScript ||
  document.querySelector('script[data-site-key][src*="/widget"]')) as HTMLScriptElement | null;
if (document.body) init(me);
else document.addEventListener('DOMContentLoaded', () => init(me));
