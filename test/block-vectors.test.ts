/**
 * BlockVectors (segmentation's trial vectors) checked against the TF-IDF
 * formula computed plainly, to the last bit: segment boundaries compare
 * cosines against thresholds, so a vector that differed in a last digit
 * could move a boundary.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BLOCK_BOILERPLATE, BatchBuilder, type FeatureBatch } from '../src/features/batch.js';
import { BlockVectors } from '../src/features/block-vectors.js';
import { FeatureExtractor } from '../src/features/extract.js';
import { NAME, NUMBER, termKind } from '../src/features/terms.js';
import { DEFAULT_TERM_WEIGHTS, DocumentFrequencies, VectorArena, type SparseVector } from '../src/features/tfidf.js';
import { CORPUS } from './fixtures/paths.js';

function corpusFeatures(): FeatureBatch {
  const texts = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).sort().map((f) => fs.readFileSync(path.join(CORPUS, f), 'utf8'));
  const extractor = new FeatureExtractor();
  const builder = new BatchBuilder(texts.length, extractor.numPerm);
  for (const t of texts) extractor.extract(t, undefined, builder);
  return builder.finish();
}

/** w(t) = (1 + ln tf) · idf · kind, the `maxTerms` heaviest (ties: lower id), by id, over their L2 norm. */
function plainVector(features: FeatureBatch, blocks: number[], df: DocumentFrequencies, maxTerms: number): SparseVector {
  const counts = new Map<number, number>();
  for (const b of blocks) {
    for (let t = features.termStart[b]; t < features.termStart[b + 1]; t++) counts.set(features.termId[t], (counts.get(features.termId[t]) ?? 0) + features.termCount[t]);
  }
  const w = DEFAULT_TERM_WEIGHTS;
  const weighed = [...counts].map(([id, c]) => {
    const kind = termKind(id) === NAME ? w.name : termKind(id) === NUMBER ? w.number : w.word;
    return { id, weight: (1 + Math.log(c)) * df.idf(id) * kind };
  });
  const kept = weighed.sort((a, b) => b.weight - a.weight || a.id - b.id).slice(0, maxTerms).sort((a, b) => a.id - b.id);
  const norm = Math.sqrt(kept.reduce((s, x) => s + x.weight * x.weight, 0)) || 1;
  return { ids: Uint32Array.from(kept.map((x) => x.id)), weights: Float32Array.from(kept.map((x) => x.weight / norm)) };
}

test('BlockVectors gives the plain TF-IDF vector of any group of blocks, exactly', () => {
  const features = corpusFeatures();
  const isStory = (b: number) => (features.blockKind[b] & BLOCK_BOILERPLATE) === 0;
  const df = DocumentFrequencies.ofDocuments(features, () => true, isStory);
  let groups = 0;
  for (const maxTerms of [100, 12]) {
    const vectors = new BlockVectors(features, df, DEFAULT_TERM_WEIGHTS, maxTerms);
    const arena = new VectorArena();
    // Documents out of order and revisited: each load must forget the last document.
    for (const doc of [0, 2, 1, 4, 3, 0]) {
      vectors.load(doc);
      const from = features.blockStart[doc];
      const to = features.blockStart[doc + 1];
      for (let a = from; a < to; a++) {
        for (let b = a + 1; b <= to; b++) {
          const blocks = Array.from({ length: b - a }, (_, i) => a + i);
          const got = vectors.vector(blocks, arena);
          const want = plainVector(features, blocks, df, maxTerms);
          assert.equal(Array.from(got.ids), Array.from(want.ids), `doc ${doc} blocks ${a}..${b}`);
          assert.equal(Array.from(got.weights), Array.from(want.weights), `doc ${doc} blocks ${a}..${b}`);
          groups++;
        }
      }
    }
  }
  assert.ok(groups > 50, `${groups} groups compared`);
});

test.run();
