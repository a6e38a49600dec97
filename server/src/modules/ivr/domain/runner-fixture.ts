import { FlowDefinition, type FlowDefinitionInput } from '../../../../../contracts/ivr';
import type { IvrCall, PromptRef, QueueOutcome, QueueRequest } from './runner';
import { IvrHangup } from './runner';

// Test support for the runner's tests: a scripted caller and a fixed clock.
/**
 * A scripted caller behind the IvrCall port: `barge` answers plays with barge-in (a digit or
 * null), `typed` answers collectDigits (digits or ''), `queue` answers queue requests. Everything
 * the runner asks of the port is written to `log`.
 */
export function scriptedCall(script: {
  barge?: Array<string | null>;
  typed?: string[];
  queue?: QueueOutcome[];
  transfer?: boolean[];
  /** The caller hangs up when the runner next calls this port method. */
  hangUpAt?: 'play' | 'collectDigits' | 'queue';
  caller?: string;
}) {
  const barge = [...(script.barge ?? [])];
  const typed = [...(script.typed ?? [])];
  const outcomes = [...(script.queue ?? [])];
  const transfers = [...(script.transfer ?? [])];
  const log: string[] = [];
  const steps: Array<{ node: string; type: string; input?: string; result?: string }> = [];
  const results: Record<string, string> = {};
  const collects: Array<Parameters<IvrCall['collectDigits']>[0]> = [];
  const queued: QueueRequest[] = [];
  const voicemails: Array<Parameters<IvrCall['voicemail']>[0]> = [];
  let hungUp = false;
  const gone = (method: string) => {
    if (hungUp) throw new Error(`${method} after hangup`);
    if (script.hangUpAt === method) throw new IvrHangup();
  };
  const keys = (prompts: PromptRef[]) => prompts.map((p) => ('prompt' in p ? p.prompt : `say:${p.value}`)).join(' ');
  const call: IvrCall = {
    caller: script.caller ?? '13800138000',
    called: '4008000000',
    async play(prompts, options) {
      gone('play');
      log.push(`play ${keys(prompts)}${options.bargeIn ? ' (barge-in)' : ''} [${options.language}]`);
      return options.bargeIn ? (barge.shift() ?? null) : null;
    },
    async collectDigits(options) {
      gone('collectDigits');
      collects.push(options);
      log.push(`collect max=${options.max}`);
      return typed.shift() ?? '';
    },
    async queue(request) {
      gone('queue');
      queued.push(request);
      log.push(`queue ${request.queue}`);
      return outcomes.shift() ?? 'served';
    },
    async voicemail(options) {
      gone('voicemail');
      voicemails.push(options);
      log.push(`voicemail ${options.queue}`);
    },
    async transfer(number) {
      gone('transfer');
      log.push(`transfer ${number}`);
      return transfers.shift() ?? true;
    },
    async hangup() {
      gone('hangup');
      hungUp = true;
      log.push('hangup');
    },
    step(entry) {
      steps.push(entry);
    },
    setResult(name, value) {
      results[name] = value;
    },
  };
  return { call, log, steps, results, collects, queued, voicemails, hungUp: () => hungUp };
}

export const flow = (input: FlowDefinitionInput) => FlowDefinition.parse(input);
export const NOW = new Date('2026-03-04T03:00:00Z'); // a Wednesday, 11:00 in Shanghai
export const deps = { now: () => NOW };
