// The widget's styles, adopted by its shadow root (allowed under a strict
// `style-src`, unlike <style> elements and style attributes). `:host` rules
// are !important: an important rule inside a shadow tree beats an important
// rule of the host page, so `* { all: unset !important }` cannot reach it.

export const CSS = `:host{all:initial!important;display:block!important;position:fixed!important;z-index:2147483000!important;bottom:0!important;right:0!important;width:0!important;height:0!important;visibility:visible!important;opacity:1!important;pointer-events:auto!important}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
.w{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif,"Apple Color Emoji","Segoe UI Emoji","Noto Color Emoji";color:#111827;-webkit-font-smoothing:antialiased}
button{font:inherit;color:inherit;background:none;border:0;padding:0;margin:0;cursor:pointer}
button:focus-visible{outline:2px solid #111827;outline-offset:2px}
.h button:focus-visible{outline-color:currentColor}
textarea:focus,input:focus{outline:2px solid var(--p);outline-offset:-1px;border-color:var(--p)}
svg{width:24px;height:24px;fill:currentColor;flex:none}
.l{position:fixed;bottom:20px;right:20px;width:60px;height:60px;border-radius:50%;background:var(--p);color:var(--o);box-shadow:0 4px 16px rgba(0,0,0,.24);display:flex;align-items:center;justify-content:center;transition:transform .15s ease}
.l:hover{transform:scale(1.06)}
.l svg{width:28px;height:28px}
.w.open .l .ic1,.w:not(.open) .l .ic2{display:none}
.bd{position:absolute;top:-3px;right:-3px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#b91c1c;color:#fff;font-size:12px;font-weight:700;line-height:22px;text-align:center;box-shadow:0 0 0 2px #fff}
.p{position:fixed;bottom:92px;right:20px;width:380px;height:min(620px,calc(100vh - 112px));background:#fff;border-radius:16px;box-shadow:0 12px 48px rgba(0,0,0,.22);display:flex;flex-direction:column;overflow:hidden;animation:up .18s ease-out}
.w.left .l,.w.left .p{right:auto;left:20px}
@keyframes up{from{opacity:0;transform:translateY(12px)}}
.h{background:var(--p);color:var(--o);padding:14px 12px 14px 18px;display:flex;align-items:center;gap:8px;flex:none}
.h>div{flex:1;min-width:0}
h2{font-size:17px;font-weight:650;margin:0;line-height:1.3;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.st{margin:2px 0 0;font-size:12.5px;display:flex;align-items:center;gap:6px}
.st::before{content:"";width:8px;height:8px;border-radius:50%;background:#9ca3af;box-shadow:0 0 0 1.5px rgba(255,255,255,.8)}
.st.online::before{background:#22c55e}
.st.offline::before,.st.blocked::before{background:#ef4444}
.st.connecting::before{background:#f59e0b}
.x{width:36px;height:36px;border-radius:8px;display:flex;align-items:center;justify-content:center}
.x:hover{background:rgba(127,127,127,.25)}
.sc{flex:1;overflow-y:auto;padding:16px 14px;background:#f3f4f6;display:flex;flex-direction:column;gap:10px;overscroll-behavior:contain}
.log,.pd{display:flex;flex-direction:column;gap:10px}
.m{max-width:82%;display:flex;flex-direction:column;align-items:flex-start;align-self:flex-start}
.m.me{align-self:flex-end;align-items:flex-end}
.who{font-size:12px;font-weight:600;color:#4b5563;margin:0 6px 3px}
.b{padding:9px 13px;border-radius:16px 16px 16px 4px;background:#fff;color:#111827;box-shadow:0 1px 2px rgba(0,0,0,.08);white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word}
.me .b{background:var(--p);color:var(--o);border-radius:16px 16px 4px 16px}
.meta{font-size:11.5px;color:#4b5563;margin:3px 6px 0;display:flex;gap:6px;align-items:center}
.meta .rd{color:#1d4ed8;font-weight:600}
.m.sys{align-self:center;align-items:center;max-width:90%}
.sys .b{background:#e5e7eb;box-shadow:none;color:#374151;font-size:12.5px;text-align:center;padding:4px 12px;border-radius:12px}
.fail .meta{color:#b91c1c}
.rt{text-decoration:underline;font-weight:600;color:#b91c1c;font-size:11.5px}
.ty{font-size:13px;color:#4b5563;font-style:italic;padding:0 6px}
.c{display:flex;gap:8px;padding:10px 12px;border-top:1px solid #e5e7eb;background:#fff;align-items:flex-end;flex:none}
textarea,input{flex:1;width:100%;font:inherit;font-weight:400;color:#111827;background:#fff;border:1px solid #9ca3af;border-radius:12px;padding:9px 12px;margin:0}
textarea{resize:none;field-sizing:content;min-height:42px;max-height:140px;line-height:1.4;display:block}
textarea::placeholder,input::placeholder{color:#6b7280}
.sn{width:42px;height:42px;border-radius:12px;background:var(--p);color:var(--o);display:flex;align-items:center;justify-content:center;flex:none}
.sn:disabled{opacity:.5;cursor:default}
.pre{padding:18px;display:flex;flex-direction:column;gap:12px;overflow-y:auto;flex:1;background:#fff}
.pre p{margin:0;color:#374151}
.pre textarea{min-height:84px}
label{font-size:13.5px;font-weight:600;display:flex;flex-direction:column;gap:5px;color:#1f2937}
.go{background:var(--p);color:var(--o);padding:11px;border-radius:12px;font-weight:650;margin-top:4px}
.e{font-size:13px;font-weight:600;padding:5px 10px;border-radius:8px;box-shadow:inset 0 0 0 1px currentColor;white-space:nowrap;flex:none}
.e:hover{background:rgba(127,127,127,.25)}
.e:disabled,.hb:disabled{opacity:.6;cursor:default}
.bar{display:flex;align-items:center;gap:8px;padding:8px 16px;font-size:13px;background:#fff;color:#374151;border-bottom:1px solid #e5e7eb;flex:none}
.bar svg{width:16px;height:16px;color:#4b5563}
.bar:not(.q) svg{display:none}
.ai .b::after{content:"\u258d";color:#6b7280;animation:bl 1s steps(2) infinite}
@keyframes bl{50%{opacity:0}}
.hm{display:flex;justify-content:center;padding:8px 12px 0;background:#fff;border-top:1px solid #e5e7eb;flex:none}
.hm:not([hidden])~.c{border-top:0}
.hb{display:flex;align-items:center;gap:6px;padding:6px 14px;border-radius:16px;border:1px solid #9ca3af;font-size:13.5px;font-weight:600;color:#1f2937;background:#fff}
.hb:hover{background:#f3f4f6}
.hb svg{width:18px;height:18px}
.rate{background:#fff;border-radius:14px;padding:14px;box-shadow:0 1px 2px rgba(0,0,0,.08);display:flex;flex-direction:column;gap:10px;text-align:center;flex:none}
.rate p{margin:0}
#rq{font-weight:650}
.stars{display:flex;justify-content:center;gap:2px}
.stars button{width:42px;height:42px;border-radius:8px;display:flex;align-items:center;justify-content:center;color:#6b7280}
.stars svg{width:30px;height:30px;fill:none;stroke:currentColor;stroke-width:1.6;stroke-linejoin:round}
.stars button.on,.stars:hover button{color:#d97706}
.stars button.on svg,.stars:hover svg{fill:currentColor}
.stars button:hover~button{color:#6b7280}
.stars button:hover~button svg{fill:none}
.ok{color:#047857;font-size:13.5px;font-weight:600}
.rate form{display:flex;flex-direction:column;gap:8px;text-align:left}
.rate textarea{min-height:60px}
.gt{margin:0;padding:16px;border-top:1px solid #e5e7eb;background:#fff;color:#1f2937;font-weight:600;text-align:center;flex:none;outline:0}
.gt:empty{padding:0;border:0}
.off{display:flex;flex-direction:column;gap:8px;padding:12px 14px;border-top:1px solid #e5e7eb;background:#fff;flex:none;overflow-y:auto;max-height:60%}
.off p{margin:0;font-size:13.5px;color:#374151}
.off textarea{min-height:64px}
@media (max-width:480px){.p{inset:0;width:100%;height:100%;border-radius:0;animation:none}.w.open .l{display:none}textarea,input{font-size:16px}.c{padding-bottom:max(10px,env(safe-area-inset-bottom))}}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}}
`;
