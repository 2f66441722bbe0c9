/**
 * The labelled evaluation data (read from `../shared/eval`, never copied
 * into the repository) and the sample corpus, loaded into plain records.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StorylineError } from '../errors.js';

/** The repository root: dist/src/eval/data.js is three levels below it. */
export const PACKAGE_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');

/** Where the labelled data lives: the argument, `$STORYLINE_EVAL_DATA`, or `../shared/eval` next to the repository. */
export function evalDataDir(explicit?: string): string {
  const dir = explicit ?? process.env.STORYLINE_EVAL_DATA ?? resolve(PACKAGE_ROOT, '..', 'shared', 'eval');
  if (!existsSync(join(dir, 'ecbplus-dev', 'docs.jsonl'))) {
    throw new StorylineError('INVALID_SOURCE', `no evaluation data in ${dir} (expected ecbplus-dev/docs.jsonl); pass --data DIR or set STORYLINE_EVAL_DATA`);
  }
  return dir;
}

export const SAMPLE_CORPUS = join(PACKAGE_ROOT, 'corpus');

export type EcbSplit = 'train' | 'dev';

export interface EcbArticle {
  id: string;
  topic: string;
  /** Gold event label. */
  event: string;
  split: EcbSplit;
  /** Detokenised text, one paragraph per sentence of the release. */
  text: string;
}

/**
 * ECB+ ships tokenised sentences (`Reid 's`, `` `` ``, ` ,`). Articles as a
 * user would scrape them read "Reid's", with real quotes: undo the
 * tokenisation so the tokenizer and sentence splitter see ordinary prose.
 */
export function detokenize(sentence: string): string {
  return sentence
    .replace(/``\s*/g, '"')
    .replace(/\s*''/g, '"')
    .replace(/\s+([.,;:!?%)\]}])/g, '$1')
    .replace(/([([{$])\s+/g, '$1')
    .replace(/\s+(n't|'s|'re|'ve|'ll|'d|'m)\b/gi, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

export function loadEcb(dataDir: string): EcbArticle[] {
  const lines = readFileSync(join(dataDir, 'ecbplus-dev', 'docs.jsonl'), 'utf8').split('\n');
  return lines
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const raw = JSON.parse(line) as { id: string; topic: string; event: string; split: EcbSplit; text: string };
      const paragraphs = raw.text.split('\n').map(detokenize).filter((s) => s !== '');
      return { id: raw.id, topic: raw.topic, event: raw.event, split: raw.split, text: paragraphs.join('\n\n') + '\n' };
    });
}

/** One Choi file: its sentences and the index of the segment each belongs to. */
export interface ChoiFile {
  name: string;
  sentences: string[];
  segmentOf: number[];
}

export const CHOI_SETS = ['3-11', '3-5', '6-8', '9-11'] as const;
export type ChoiSet = (typeof CHOI_SETS)[number];

export function loadChoi(dataDir: string, set: ChoiSet): ChoiFile[] {
  const dir = join(dataDir, 'choi', '1', set);
  const names = readdirSync(dir)
    .filter((n) => n.endsWith('.ref'))
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
  return names.map((name) => {
    const sentences: string[] = [];
    const segmentOf: number[] = [];
    let segment = -1;
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      if (line.startsWith('==========')) {
        segment++;
        continue;
      }
      const s = detokenize(line);
      if (s === '' || segment < 0) continue;
      sentences.push(s);
      segmentOf.push(segment);
    }
    return { name: `${set}/${name}`, sentences, segmentOf };
  });
}
