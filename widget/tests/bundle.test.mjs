// The committed bundle: small, and exactly what the source builds to.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { WIDGET_DIR } from './harness.mjs';
import { bundle } from '../build.mjs';

const DIST = join(WIDGET_DIR, 'dist', 'widget.js');
const BUDGET = 15 * 1024;

test('the gzipped bundle is under 15 KiB', () => {
  const js = readFileSync(DIST);
  const gz = gzipSync(js, { level: 9 }).length;
  console.log(`# widget.js: ${js.length} bytes, ${gz} bytes gzipped (${(gz / 1024).toFixed(1)} KiB; budget 15 KiB)`);
  assert.ok(gz < BUDGET, `${gz} bytes gzipped is over the budget of ${BUDGET}`);
});

test('the committed bundle is what the source builds to, byte for byte', async () => {
  const fresh = await bundle();
  const committed = readFileSync(DIST);
  assert.ok(fresh.equals(committed), 'widget/dist/widget.js is stale: run `npm run build` in widget/ and commit it');
  // And the build is deterministic.
  assert.ok((await bundle()).equals(fresh));
});

test('the bundle is one IIFE that defines no globals of its own', () => {
  const js = readFileSync(DIST, 'utf8');
  assert.match(js, /^"use strict";\(\(\)=>\{/);
  assert.match(js, /\}\)\(\);\n?$/);
  assert.ok(/^[\x00-\x7f]*$/.test(js), 'ASCII only (served without a charset)');
  assert.ok(!/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/.test(js), 'no HTML sinks, no eval');
  assert.ok(!/\.style\.|setAttribute\("style"/.test(js), 'no inline styles');
});
