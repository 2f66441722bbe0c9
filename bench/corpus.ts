/**
 * Deterministic news-like articles for benchmarks: Zipf-distributed words
 * from a fixed vocabulary, sentences of 8–30 words, paragraphs of 2–5
 * sentences, and a length drawn around `meanBytes`. Nothing is stored: the
 * same seed gives the same articles on every machine.
 */
import { mulberry32 } from '../test/fixtures/random.js';

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ra', 'to', 'su', 'vi', 'de', 'an', 'or', 'el', 'is', 'um', 'po', 'li', 'ter', 'con'];

function vocabulary(size: number, random: () => number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    let w = '';
    const n = 1 + Math.floor(random() * 4);
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(w);
  }
  return [...words];
}

export function generateArticles(count: number, meanBytes: number, seed = 1): string[] {
  const random = mulberry32(seed);
  const vocab = vocabulary(20_000, random);
  // Zipf(1) by inverse CDF over ranks: a few words very common, most rare.
  const harmonic = Math.log(vocab.length) + 0.5772;
  const word = () => vocab[Math.min(vocab.length - 1, Math.floor(Math.exp(random() * harmonic)) - 1)];
  const articles: string[] = [];
  for (let a = 0; a < count; a++) {
    const target = meanBytes * (0.5 + random());
    let text = '';
    while (text.length < target) {
      const sentences = 2 + Math.floor(random() * 4);
      for (let s = 0; s < sentences; s++) {
        const n = 8 + Math.floor(random() * 23);
        const words = Array.from({ length: n }, word);
        words[0] = words[0][0].toUpperCase() + words[0].slice(1);
        text += words.join(' ') + '. ';
      }
      text += '\n\n';
    }
    articles.push(text);
  }
  return articles;
}
