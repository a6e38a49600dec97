/**
 * Why the index holds bigrams rather than dictionary words: on the benchmark's own texts, the share
 * of texts containing a query word that an index of jieba's words (search mode) would find, and
 * what each way of cutting costs per ticket.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { toSearchVector } from '../../server/src/platform/text-search';
import { seededRandom } from '../../test/seeded-random';
import { note, QUERY_WORDS, subject } from './corpus';

export function measureJieba(n: number) {
  const rnd = seededRandom(99);
  const texts = Array.from({ length: n }, () => [subject(rnd, false), note(rnd, false), note(rnd, false)].join('。'));
  const jieba = Jieba.withDict(dict);
  let t0 = performance.now();
  const cut = texts.map((t) => new Set(jieba.cutForSearch(t, true)));
  const jiebaUs = ((performance.now() - t0) * 1000) / n;
  t0 = performance.now();
  for (const t of texts) toSearchVector([{ text: t }]);
  const bigramUs = ((performance.now() - t0) * 1000) / n;
  // A jieba index would cut the query too and ask for all its words (generous: adjacency ignored).
  const recallOf = (list: readonly string[]) => {
    const words = list.map((word) => {
      const parts = jieba.cut(word, true);
      let containing = 0;
      let found = 0;
      texts.forEach((t, i) => {
        if (!t.includes(word)) return;
        containing++;
        if (parts.every((p) => cut[i]!.has(p))) found++;
      });
      return { word, queryCut: parts.join('/'), containing, jiebaFound: found };
    });
    const containing = words.reduce((a, w) => a + w.containing, 0);
    const found = words.reduce((a, w) => a + w.jiebaFound, 0);
    return {
      jiebaRecall: Math.round((found / Math.max(1, containing)) * 1000) / 1000,
      missed: words.filter((w) => w.jiebaFound < w.containing),
    };
  };
  return {
    texts: n,
    usPerTicket: { bigrams: Math.round(bigramUs * 10) / 10, jiebaCutForSearch: Math.round(jiebaUs * 10) / 10 },
    bigramRecall: 1,
    zh2: recallOf(QUERY_WORDS.zh2),
    zh4: recallOf(QUERY_WORDS.zh4),
  };
}
