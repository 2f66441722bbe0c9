import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { profileAllocation } from '../bench/alloc-profile.js';
import { sampleTexts } from '../bench/corpus.js';

test('profileAllocation: bytes per document in all and by function, largest first, adding up', async () => {
  const lines = sampleTexts(60).map((text, i) => JSON.stringify({ id: `d${i}`, text }));
  const profile = await profileAllocation(lines);
  assert.is(profile.docs, 60);
  // Sampled every 512 bytes: a kernel that allocates nothing, or megabytes a document, is a broken profile.
  assert.ok(profile.perDocument > 1024 && profile.perDocument < 1024 * 1024, `${profile.perDocument} bytes a document`);
  const sum = profile.byFunction.reduce((s, f) => s + f.perDocument, 0);
  assert.ok(Math.abs(sum - profile.perDocument) < 1e-6 * profile.perDocument);
  for (let i = 1; i < profile.byFunction.length; i++) assert.ok(profile.byFunction[i - 1].perDocument >= profile.byFunction[i].perDocument);
  assert.ok(profile.byFunction.some((f) => f.where.includes('features/') || f.where.includes('normalize/')), 'the kernel shows up');
});

test.run();
