/**
 * Prompt files for the IVR and queues: `<dir>/<language>/<key>.wav` and `<dir>/music/<key>.wav`,
 * looked up over a list of directories where the first hit wins — the uploads directory goes before
 * the shipped `server/assets/prompts`, so an admin's upload replaces a default prompt without
 * touching the install. Any WAV `readWav` accepts (8 or 16 kHz, mono or stereo, PCM16 or G.711) is
 * converted once to 8 kHz mono and cached; `invalidate()` after an upload drops the cache.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { badPrompt, badPromptKey, promptFileNotFound } from './media.errors';
import { readWav, toTelephonyAudio, WavError } from './wav';

export type PromptLibrary = {
  /** Throws AppError MEDIA.PROMPT_NOT_FOUND when no directory has it, MEDIA.BAD_PROMPT on an unreadable file. */
  get(key: string, language: string): Promise<Int16Array>;
  /** Music on hold; default key `default`. */
  music(key?: string): Promise<Int16Array>;
  invalidate(): void;
};

/** Keys and languages become path segments: only plain names, never `..` or separators. */
const KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export function createPromptLibrary(options: { dirs: readonly string[] }): PromptLibrary {
  const cache = new Map<string, Promise<Int16Array>>();

  function load(folder: string, key: string): Promise<Int16Array> {
    if (!KEY.test(key) || key.includes('..')) {
      return Promise.reject(badPromptKey(`bad prompt key: ${key}`));
    }
    const cacheKey = `${folder}/${key}`;
    let loading = cache.get(cacheKey);
    if (!loading) {
      loading = find(folder, key);
      cache.set(cacheKey, loading);
      // A failure is not cached: the file may be uploaded a moment later.
      loading.catch(() => cache.delete(cacheKey));
    }
    return loading;
  }

  async function find(folder: string, key: string): Promise<Int16Array> {
    for (const dir of options.dirs) {
      const path = join(dir, folder, `${key}.wav`);
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      try {
        return toTelephonyAudio(readWav(bytes));
      } catch (error) {
        if (error instanceof WavError) {
          throw badPrompt(path, error.message, error.code);
        }
        throw error;
      }
    }
    throw promptFileNotFound(folder, key);
  }

  return {
    get(key, language) {
      if (!LANGUAGE.test(language)) {
        return Promise.reject(badPromptKey(`bad language: ${language}`));
      }
      return load(language, key);
    },
    music(key = 'default') {
      return load('music', key);
    },
    invalidate() {
      cache.clear();
    },
  };
}
