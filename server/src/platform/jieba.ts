import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | undefined;

/**
 * Words as jieba cuts them (its default dictionary, HMM for words it does not know), which also
 * keeps runs of Latin letters and digits whole: one segmenter for Chinese and English. The
 * dictionary loads once, on first use (~0.3 s). Quality's phrase checks and the knowledge base's
 * questions use it; search indexes do not (platform/text-search.ts says why).
 */
export function jiebaWords(text: string): string[] {
  jieba ??= Jieba.withDict(dict);
  return jieba.cut(text, true);
}
