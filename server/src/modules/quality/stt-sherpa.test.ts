import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSherpaSpeechToText, modelProblem } from './stt-sherpa';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-stt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the sherpa-onnx speech-to-text adapter', () => {
  it('says what is missing from a model directory, before loading anything', async () => {
    expect(modelProblem(path.join(dir, 'nope'))).toMatch(/does not exist/);
    expect(modelProblem(dir)).toMatch(/no tokens.txt/);
    writeFileSync(path.join(dir, 'tokens.txt'), 'a 0\n');
    expect(modelProblem(dir)).toMatch(/no model.int8.onnx or model.onnx/);
    await expect(createSherpaSpeechToText({ modelDir: path.join(dir, 'nope'), language: 'zh' })).rejects.toThrow(
      /speech to text: .* does not exist/,
    );
  });

  it('finds its native addon on this platform (installed from npm, nothing downloaded at run time)', () => {
    const sherpa = createRequire(import.meta.url)('sherpa-onnx-node') as Record<string, unknown>;
    expect(typeof sherpa.OfflineRecognizer).toBe('function');
  });

  it('refuses a file that is not a model with the native error, not a crash', async () => {
    writeFileSync(path.join(dir, 'model.onnx'), 'not an onnx model');
    await expect(createSherpaSpeechToText({ modelDir: dir, language: 'zh' })).rejects.toThrow();
  });
});
