/**
 * Prompt uploads: an admin replaces a shipped prompt (or adds one a flow names) with a WAV file.
 * The upload is converted once to what telephony plays (8 kHz mono 16-bit PCM) and written to
 * `<uploadDir>/<language>/<key>.wav`, the first folder the prompt library looks in, so it overrides
 * the shipped `server/assets/prompts/<language>/<key>.wav`. A row in telephony_prompts keeps its
 * duration for the admin screen; the file itself is what plays.
 */
import { randomBytes } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { promptCatalogEntry } from '../../../../../contracts/prompt-catalog';
import {
  PROMPT_MAX_DURATION_MS,
  type Prompt,
  type PromptLanguage,
  type PromptParams,
} from '../../../../../contracts/prompts';
import type { Actor, AuditLog } from '../../../platform/audit';
import type { Clock } from '../../../platform/clock';
import type { Database } from '../../../platform/db';
import type { IdGenerator } from '../../../platform/ids';
import { encodeWav, readWav, toTelephonyAudio, type WavAudio, WavError } from '../media';
import {
  badWav,
  emptyUpload,
  promptNotFound,
  tooLong,
  tooShort,
  uploadNotFound,
  uploadsDisabled,
} from './prompts.errors';
import type { PromptRow, PromptsRepo } from './prompts.repo';

export type PromptsDeps = {
  db: Database;
  repo: PromptsRepo;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  /** Where uploads go (main.ts: `<dataDir>/prompts`); undefined: uploads are refused, listing still works. */
  uploadDir: string | undefined;
  /** The prompts shipped with Kefu (platform/paths.ts shippedPromptsFolder()). */
  shippedDir: string;
  /** After an upload or a removal: the prompt library drops its cache so the next call plays the new file. */
  onChanged: () => void;
};

const LANGUAGES: readonly PromptLanguage[] = ['zh-CN', 'en-US', 'music'];
const SHIPPED_KEY = /^[a-z0-9][a-z0-9_-]{0,59}$/;
const TELEPHONY_RATE = 8000;
/** One RTP packet of audio: anything shorter is nothing a caller could hear. */
const PROMPT_MIN_DURATION_MS = 20;

export type PromptAudio = { stream: ReadStream; bytes: number; source: 'upload' | 'shipped' };

export function createPromptsService(deps: PromptsDeps) {
  const { db, repo, audit, clock, ids } = deps;
  const relativeFile = (p: PromptParams) => path.join(p.language, `${p.key}.wav`);

  // Shipped prompts never change while Kefu runs: their durations are read once.
  let shipped: Promise<Map<string, number>> | undefined;
  const shippedDurations = () => {
    if (!shipped) {
      shipped = scanShipped(deps.shippedDir);
      shipped.catch(() => {
        shipped = undefined;
      });
    }
    return shipped;
  };

  // One upload or removal of a key at a time, so the file on disk and its row never disagree.
  const busy = new Map<string, Promise<unknown>>();
  function serial<T>(p: PromptParams, fn: () => Promise<T>): Promise<T> {
    const id = `${p.language}/${p.key}`;
    const run = (busy.get(id) ?? Promise.resolve()).catch(() => {}).then(fn);
    const settled = run.catch(() => {});
    busy.set(id, settled);
    void settled.then(() => {
      if (busy.get(id) === settled) busy.delete(id);
    });
    return run;
  }

  const uploadOut = (r: PromptRow) => ({ durationMs: r.durationMs, updatedAt: r.updatedAt.toISOString() });

  /** Opens the file that plays: the upload, else the shipped one (opened, so a rename meanwhile cannot cut it). */
  async function openEffective(
    p: PromptParams,
  ): Promise<{ handle: FileHandle; source: PromptAudio['source'] } | undefined> {
    const candidates = [
      ...(deps.uploadDir ? [{ file: path.join(deps.uploadDir, relativeFile(p)), source: 'upload' as const }] : []),
      { file: path.join(deps.shippedDir, relativeFile(p)), source: 'shipped' as const },
    ];
    for (const c of candidates) {
      try {
        return { handle: await fs.open(c.file, 'r'), source: c.source };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    return undefined;
  }

  return {
    /** Every shipped prompt and every upload, by language then key. */
    async list(): Promise<Prompt[]> {
      const [durations, rows] = await Promise.all([shippedDurations(), repo.list(db)]);
      const byId = new Map<string, Prompt>();
      for (const [id, durationMs] of durations) {
        const [language, key] = id.split('/') as [PromptLanguage, string];
        byId.set(id, { language, key, shippedDurationMs: durationMs, upload: null, ...meaning(language, key) });
      }
      for (const r of rows) {
        const id = `${r.language}/${r.key}`;
        const entry = byId.get(id);
        if (entry) {
          entry.upload = uploadOut(r);
          // What plays now is the admin's recording: the shipped words may no longer be what it says.
          entry.text = null;
        } else
          byId.set(id, {
            language: r.language as PromptLanguage,
            key: r.key,
            shippedDurationMs: null,
            upload: uploadOut(r),
            ...meaning(r.language as PromptLanguage, r.key),
          });
      }
      const order = (l: string) => LANGUAGES.indexOf(l as PromptLanguage);
      return [...byId.values()].sort((a, b) => order(a.language) - order(b.language) || a.key.localeCompare(b.key));
    },

    /** Converts the WAV to 8 kHz mono PCM, stores it in place of any earlier upload, audits it. */
    async upload(p: PromptParams, body: Buffer, actor: Actor): Promise<Prompt> {
      const uploadDir = deps.uploadDir;
      if (!uploadDir) throw uploadsDisabled();
      if (body.length === 0) throw emptyUpload();
      let audio: WavAudio;
      try {
        audio = readWav(body, { complete: true });
      } catch (err) {
        if (err instanceof WavError) throw badWav(err.code, err.message);
        throw err;
      }
      const samples = toTelephonyAudio(audio);
      if (samples.length === 0) throw emptyUpload();
      const durationMs = Math.round((samples.length * 1000) / TELEPHONY_RATE);
      if (samples.length < (TELEPHONY_RATE * PROMPT_MIN_DURATION_MS) / 1000) {
        throw tooShort(durationMs, PROMPT_MIN_DURATION_MS);
      }
      if (durationMs > PROMPT_MAX_DURATION_MS) throw tooLong(durationMs, PROMPT_MAX_DURATION_MS);
      const wav = encodeWav({ sampleRate: TELEPHONY_RATE, channels: 1, samples });

      const row = await serial(p, async () => {
        const target = path.join(uploadDir, relativeFile(p));
        await fs.mkdir(path.dirname(target), { recursive: true });
        // Written beside the target and renamed over it: a call never reads half a file.
        const temp = path.join(path.dirname(target), `.${p.key}.${randomBytes(6).toString('hex')}.tmp`);
        try {
          const handle = await fs.open(temp, 'wx');
          try {
            await handle.writeFile(wav);
            await handle.sync();
          } finally {
            await handle.close();
          }
          return await db.transaction(async (tx) => {
            const now = clock.now();
            const r = await repo.upsert(tx, {
              id: ids.next(),
              key: p.key,
              language: p.language,
              file: relativeFile(p),
              durationMs,
              createdAt: now,
              updatedAt: now,
            });
            await audit.append(tx, actor, {
              action: 'telephony.prompt.uploaded',
              entityType: 'prompt',
              entityId: `${p.language}/${p.key}`,
              details: {
                language: p.language,
                key: p.key,
                durationMs,
                bytes: wav.length,
                source: { sampleRate: audio.sampleRate, channels: audio.channels, encoding: audio.encoding },
              },
            });
            // Last step inside the transaction: if the rename fails, the row and the audit entry roll back.
            await fs.rename(temp, target);
            return r;
          });
        } finally {
          await fs.rm(temp, { force: true });
        }
      });
      deps.onChanged();
      const durations = await shippedDurations();
      return {
        language: p.language,
        key: p.key,
        shippedDurationMs: durations.get(`${p.language}/${p.key}`) ?? null,
        upload: uploadOut(row),
        ...meaning(p.language, p.key),
        text: null,
      };
    },

    /** Removes an upload: the shipped prompt of the key (if any) plays again. */
    async remove(p: PromptParams, actor: Actor): Promise<void> {
      const uploadDir = deps.uploadDir;
      if (!uploadDir) throw uploadNotFound(p.language, p.key);
      await serial(p, async () => {
        const target = path.join(uploadDir, relativeFile(p));
        const fileExists = await fs.stat(target).then(
          () => true,
          () => false,
        );
        await db.transaction(async (tx) => {
          const r = await repo.delete(tx, p.language, p.key);
          // A file without its row (put there by hand) is removed too; nothing at all is a 404.
          if (!r && !fileExists) throw uploadNotFound(p.language, p.key);
          await audit.append(tx, actor, {
            action: 'telephony.prompt.deleted',
            entityType: 'prompt',
            entityId: `${p.language}/${p.key}`,
            details: { language: p.language, key: p.key },
          });
          await fs.rm(target, { force: true });
        });
      });
      deps.onChanged();
    },

    /** The file that plays for this key and language: the upload, else the shipped one. */
    async audio(p: PromptParams): Promise<PromptAudio> {
      const found = await openEffective(p);
      if (!found) throw promptNotFound(p.language, p.key);
      try {
        const { size } = await found.handle.stat();
        return { stream: found.handle.createReadStream(), bytes: size, source: found.source };
      } catch (err) {
        await found.handle.close();
        throw err;
      }
    },
  };
}
export type PromptsService = ReturnType<typeof createPromptsService>;

/** What the catalogue says a key is for and what its shipped recording speaks; nulls for a custom key. */
function meaning(language: PromptLanguage, key: string): Pick<Prompt, 'description' | 'text'> {
  const entry = promptCatalogEntry(language, key);
  return { description: entry?.description ?? null, text: entry?.text ?? null };
}

/** `<language>/<key>` → duration in ms of every shipped prompt whose name is a valid key. */
async function scanShipped(dir: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const language of LANGUAGES) {
    let names: string[];
    try {
      names = await fs.readdir(path.join(dir, language));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    for (const name of names.sort()) {
      const key = name.endsWith('.wav') ? name.slice(0, -4) : '';
      if (!SHIPPED_KEY.test(key)) continue;
      try {
        const audio = readWav(await fs.readFile(path.join(dir, language, name)));
        const frames = audio.samples.length / audio.channels;
        out.set(`${language}/${key}`, Math.round((frames * 1000) / audio.sampleRate));
      } catch (err) {
        // A damaged shipped file is left out of the list rather than failing it.
        if (!(err instanceof WavError)) throw err;
      }
    }
  }
  return out;
}
