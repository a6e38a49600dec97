import { jiebaWords } from '../../platform/jieba';
import type { Segmenter } from './domain/phrases';

/** Quality's segmenter: jieba's words (platform/jieba.ts). */
export const jiebaSegmenter: Segmenter = jiebaWords;
