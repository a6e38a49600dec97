import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { SpeechToText } from './quality.autocheck';

/**
 * Offline speech to text with sherpa-onnx (docs/quality.md, "Call transcripts"): a SenseVoice or
 * Paraformer model in a directory the administrator provides (KEFU_STT_MODEL_DIR) — `model.int8.onnx`
 * (or `model.onnx`) and `tokens.txt`. Nothing is downloaded; without the directory Kefu runs the
 * audio checks only. Each speech turn the audio checks found is decoded on its own (a turn of one
 * party at a time: the stereo recording keeps the parties apart).
 */
export type SherpaSettings = { modelDir: string; language: string; threads?: number };

/** What is wrong with a model directory, or undefined when it holds a model. */
export function modelProblem(dir: string): string | undefined {
  if (!existsSync(dir)) return `${dir} does not exist`;
  if (!existsSync(path.join(dir, 'tokens.txt'))) return `${dir} has no tokens.txt`;
  if (!modelFile(dir)) return `${dir} has no model.int8.onnx or model.onnx`;
  return undefined;
}

function modelFile(dir: string): string | undefined {
  return ['model.int8.onnx', 'model.onnx'].map((f) => path.join(dir, f)).find((f) => existsSync(f));
}

type Recognizer = {
  createStream(): { acceptWaveform(w: { samples: Float32Array; sampleRate: number }): void };
  decodeAsync(stream: unknown): Promise<{ text: string }>;
};

export async function createSherpaSpeechToText(s: SherpaSettings): Promise<SpeechToText> {
  const problem = modelProblem(s.modelDir);
  if (problem) throw new Error(`speech to text: ${problem}`);
  // Loaded only when configured: the native addon is 30 MB of shared libraries.
  const require = createRequire(import.meta.url);
  const sherpa = require('sherpa-onnx-node') as {
    OfflineRecognizer: { createAsync(config: unknown): Promise<Recognizer> };
  };
  const model = modelFile(s.modelDir)!;
  const tokens = path.join(s.modelDir, 'tokens.txt');
  // SenseVoice models name themselves in their directory; anything else is taken as Paraformer.
  const senseVoice = /sense-?voice/i.test(s.modelDir) || existsSync(path.join(s.modelDir, 'sense-voice'));
  const recognizer = await sherpa.OfflineRecognizer.createAsync({
    featConfig: { sampleRate: 16000, featureDim: 80 },
    modelConfig: {
      ...(senseVoice
        ? { senseVoice: { model, language: s.language === 'en' ? 'en' : 'zh', useInverseTextNormalization: 1 } }
        : { paraformer: { model } }),
      tokens,
      numThreads: s.threads ?? 1,
      provider: 'cpu',
      debug: 0,
    },
  });
  return {
    language: s.language,
    async transcribe(samples, sampleRate, segments) {
      const out: string[] = [];
      for (const seg of segments) {
        const from = Math.max(0, Math.floor((seg.startMs * sampleRate) / 1000));
        const to = Math.min(samples.length, Math.ceil((seg.endMs * sampleRate) / 1000));
        const pcm = new Float32Array(to - from);
        for (let i = 0; i < pcm.length; i++) pcm[i] = samples[from + i]! / 32768;
        const stream = recognizer.createStream();
        // sherpa-onnx resamples 8 kHz telephone audio to the model's 16 kHz itself.
        stream.acceptWaveform({ samples: pcm, sampleRate });
        out.push((await recognizer.decodeAsync(stream)).text.trim());
      }
      return out;
    },
  };
}
