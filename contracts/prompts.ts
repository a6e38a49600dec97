import { z } from 'zod';

/** Prompt folders: one per IVR language, and music on hold. */
export const PromptLanguage = z.enum(['zh-CN', 'en-US', 'music']);
export type PromptLanguage = z.infer<typeof PromptLanguage>;

/**
 * A prompt's key is its file name without `.wav`. The first character is a letter or digit: the
 * prompt library refuses names that start with `-` or `_`, so such an upload could never be played.
 */
export const PromptKey = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,59}$/,
    'lowercase letters, digits, _ or -, starting with a letter or digit; at most 60',
  );

export const PromptParams = z.object({ language: PromptLanguage, key: PromptKey });
export type PromptParams = z.infer<typeof PromptParams>;

/** Uploads are sent as the raw WAV body (Content-Type audio/wav), at most this many bytes. */
export const PROMPT_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;
/** And play at most this long once converted. */
export const PROMPT_MAX_DURATION_MS = 10 * 60 * 1000;

export const PromptUpload = z.object({
  durationMs: z.number().int(),
  updatedAt: z.string(),
});
export type PromptUpload = z.infer<typeof PromptUpload>;

/** A prompt as the admin screen lists it: what ships with Kefu and the admin's upload that overrides it. */
export const Prompt = z.object({
  language: PromptLanguage,
  key: z.string(),
  /** The shipped file's duration; null when Kefu ships no prompt of this key (a custom upload). */
  shippedDurationMs: z.number().int().nullable(),
  /** The upload that replaces the shipped prompt; null when the shipped one plays. */
  upload: PromptUpload.nullable(),
  /** What the prompt is for, in both UI languages (the prompt catalogue); null for a custom key. */
  description: z.object({ 'zh-CN': z.string(), 'en-US': z.string() }).nullable(),
  /**
   * The words the shipped recording speaks, while it is the one that plays; null for a custom key,
   * for music, and while an upload replaces it (its words are not known).
   */
  text: z.string().nullable(),
});
export type Prompt = z.infer<typeof Prompt>;
