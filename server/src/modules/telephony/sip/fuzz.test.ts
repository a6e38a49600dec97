/**
 * Fuzzing the parser (issue 4, "Proof"): well over 100,000 mutated, truncated and random inputs go
 * through the datagram parser and the stream framer. Whatever arrives, the parser may only throw
 * SipParseError, must finish quickly, and must not keep memory. A failure names the seed and the
 * case number; rerun with `SIP_FUZZ_SEED=<seed> npx vitest run server/src/modules/telephony/sip/fuzz`.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fuzzSeeds, loadGc, mutate, prng } from './fuzz.fixtures';
import { serializeMessage } from './message';
import { parseDatagram } from './parse';
import { createParseErrorResponse } from './responses';
import { SipParseError } from './sip.errors';
import { takeStreamMessage } from './stream';

const SEED = Number(process.env.SIP_FUZZ_SEED ?? 0x5eed_2026);
const ROUNDS = 12;
const PER_ROUND = 10_000;
// A guard against hangs and pathological inputs, not a speed target (a loaded CI machine runs it 2–3× slower).
const TIME_LIMIT_MS = 50_000;

type Tally = { messages: number; accepted: number; refused: number; answered: number; frames: number };

function check(input: Buffer, tally: Tally): void {
  tally.messages++;
  try {
    const msg = parseDatagram(input);
    tally.accepted++;
    // Whatever the parser accepts, we must be able to write and read back unchanged.
    if (!isDeepStrictEqual(parseDatagram(serializeMessage(msg)), msg))
      throw new Error('changed by a write and re-read');
  } catch (e) {
    if (!(e instanceof SipParseError)) throw e;
    tally.refused++;
    const reply = createParseErrorResponse(e, 'fz');
    if (reply) {
      tally.answered++;
      serializeMessage(reply);
    }
  }
  // The same bytes as a TCP stream: every frame must consume bytes, or the connection would spin.
  let buf = input;
  for (let guard = 0; guard < 10_000; guard++) {
    let frame: ReturnType<typeof takeStreamMessage>;
    try {
      frame = takeStreamMessage(buf);
    } catch (e) {
      if (!(e instanceof SipParseError)) throw e;
      return;
    }
    if (frame.kind === 'incomplete') return;
    tally.frames++;
    if (!(frame.consumed > 0)) throw new Error('stream frame consumed no bytes');
    buf = buf.subarray(frame.consumed);
  }
  throw new Error('stream framer did not make progress');
}

describe('SIP parser under fuzzing', () => {
  it(`survives ${ROUNDS * PER_ROUND} mutated, truncated and random messages without throwing, hanging or leaking`, () => {
    const rng = prng(SEED);
    const seeds = fuzzSeeds();
    const gc = loadGc();
    const tally: Tally = { messages: 0, accepted: 0, refused: 0, answered: 0, frames: 0 };
    const heapAfterRound: number[] = [];
    let slowest = { ms: 0, index: -1 };
    let parsingMs = 0;
    const started = performance.now();

    for (let round = 0; round < ROUNDS; round++) {
      for (let n = 0; n < PER_ROUND; n++) {
        const index = tally.messages;
        const input = mutate(rng, seeds);
        const t0 = performance.now();
        try {
          check(input, tally);
        } catch (e) {
          const why = e instanceof Error ? e.message : String(e);
          throw new Error(
            `fuzz case ${index} failed (SIP_FUZZ_SEED=${SEED}): ${why}\ninput (base64): ${input.toString('base64').slice(0, 2000)}`,
          );
        }
        const ms = performance.now() - t0;
        parsingMs += ms;
        if (ms > slowest.ms) slowest = { ms, index };
      }
      gc();
      heapAfterRound.push(process.memoryUsage().heapUsed);
    }
    const elapsed = performance.now() - started;
    const growthMiB = (heapAfterRound.at(-1)! - heapAfterRound[0]!) / 2 ** 20;
    console.log(
      `SIP fuzz (seed ${SEED}): ${tally.messages} inputs in ${(elapsed / 1000).toFixed(1)} s ` +
        `(${(parsingMs / 1000).toFixed(1)} s parsing and checking); ` +
        `${tally.accepted} accepted, ${tally.refused} refused (${tally.answered} answerable), ${tally.frames} stream frames; ` +
        `slowest input ${slowest.ms.toFixed(1)} ms (#${slowest.index}); ` +
        `heap after round 1 ${(heapAfterRound[0]! / 2 ** 20).toFixed(1)} MiB, after the last ${(heapAfterRound.at(-1)! / 2 ** 20).toFixed(1)} MiB`,
    );

    expect(tally.messages).toBeGreaterThanOrEqual(100_000);
    // Both outcomes must be exercised, or the mutations are not reaching the parser's depths.
    expect(tally.accepted).toBeGreaterThan(1000);
    expect(tally.answered).toBeGreaterThan(1000);
    // Hang guards, not speed targets (the figures are printed above): the whole run is bounded at
    // many times its usual length, and one input taking a second (inputs take microseconds) would be
    // a pathological, super-linear case in the parser rather than a slow machine.
    expect(elapsed).toBeLessThan(TIME_LIMIT_MS);
    expect(slowest.ms).toBeLessThan(1000);
    expect(growthMiB).toBeLessThan(8);
  }, 90_000);
});
