import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createPromptLibrary } from './prompts';
import { encodeWav } from './wav';

const shipped = fileURLToPath(new URL('../../../../assets/prompts', import.meta.url));
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function uploads(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kefu-prompts-'));
  dirs.push(dir);
  await mkdir(join(dir, 'en-US'));
  await mkdir(join(dir, 'music'));
  return dir;
}

describe('createPromptLibrary', () => {
  it('reads the shipped prompts and music as 8 kHz mono', async () => {
    const library = createPromptLibrary({ dirs: [shipped] });
    const welcome = await library.get('welcome', 'zh-CN');
    expect(welcome).toBeInstanceOf(Int16Array);
    expect(welcome.length).toBeGreaterThan(800);
    expect((await library.music()).length).toBeGreaterThan(8000);
    expect((await library.music('beep')).length).toBeGreaterThan(0);
  });

  it('prefers an upload over the shipped prompt, converting 16 kHz stereo to 8 kHz mono', async () => {
    const dir = await uploads();
    const samples = new Int16Array(16000 * 2).fill(1000); // 1 s of 16 kHz stereo
    await writeFile(join(dir, 'en-US', 'welcome.wav'), encodeWav({ sampleRate: 16000, channels: 2, samples }));
    const library = createPromptLibrary({ dirs: [dir, shipped] });
    const welcome = await library.get('welcome', 'en-US');
    expect(welcome.length).toBe(8000);
    expect(welcome[4000]).toBe(1000);
    // Not uploaded: falls through to the shipped one.
    expect((await library.get('goodbye', 'en-US')).length).toBeGreaterThan(0);
  });

  it('caches until invalidate()', async () => {
    const dir = await uploads();
    const path = join(dir, 'music', 'default.wav');
    await writeFile(path, encodeWav({ sampleRate: 8000, channels: 1, samples: new Int16Array(800) }));
    const library = createPromptLibrary({ dirs: [dir] });
    const first = await library.music();
    await writeFile(path, encodeWav({ sampleRate: 8000, channels: 1, samples: new Int16Array(1600) }));
    expect(await library.music()).toBe(first);
    library.invalidate();
    expect((await library.music()).length).toBe(1600);
  });

  it('reports missing prompts, unreadable files and path tricks as AppErrors', async () => {
    const dir = await uploads();
    await writeFile(join(dir, 'en-US', 'broken.wav'), 'not a wav');
    const library = createPromptLibrary({ dirs: [dir, shipped] });
    await expect(library.get('nope', 'en-US')).rejects.toMatchObject({ code: 'MEDIA.PROMPT_NOT_FOUND' });
    await expect(library.get('broken', 'en-US')).rejects.toMatchObject({ code: 'MEDIA.BAD_PROMPT' });
    await expect(library.get('../../etc/passwd', 'en-US')).rejects.toMatchObject({ code: 'MEDIA.BAD_PROMPT_KEY' });
    await expect(library.get('welcome', '../music')).rejects.toMatchObject({ code: 'MEDIA.BAD_PROMPT_KEY' });
    // A miss is not cached: uploading the file makes it appear.
    await writeFile(
      join(dir, 'en-US', 'nope.wav'),
      encodeWav({ sampleRate: 8000, channels: 1, samples: new Int16Array(8) }),
    );
    expect((await library.get('nope', 'en-US')).length).toBe(8);
  });
});
