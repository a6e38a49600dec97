import { type FlowDefinition, type IvrNodeOf, TEMPLATE_PATTERN } from '../../../../../contracts/ivr';
import { isOpenAt } from './business-hours';
import { sayAmount, sayDigits, sayNumber } from './say';

// ---- the port the telephony module implements ----------------------------------------------------

export type PromptRef = { prompt: string } | { say: 'digits' | 'number' | 'amount'; value: string };
/** Thrown by port methods once the caller has hung up; runFlow ends quietly. */
export class IvrHangup extends Error {
  constructor(message = 'the caller hung up') {
    super(message);
    this.name = 'IvrHangup';
  }
}
export type QueueRequest = {
  queue: string;
  priority: number;
  skills?: { skill: string; minLevel: number }[];
  attributes: Record<string, string>;
  announceEverySeconds: number;
  announcePosition: boolean;
  announceWait: boolean;
  music?: string;
  callbackOffer: boolean;
};
/** served: an agent talked to the caller and hung up while the caller is still on the line. */
export type QueueOutcome = 'served' | 'timeout' | 'callback' | 'closed';
export type IvrCall = {
  readonly caller: string;
  readonly called: string;
  /** Plays prompts (PromptRef with templates already resolved by the runner) in order. With bargeIn the first DTMF digit stops playback and is returned; else null at the end. */
  play(prompts: PromptRef[], options: { bargeIn: boolean; language: string }): Promise<string | null>;
  /** Collects digits: `initial` typed during the prompt counts first; ends at max digits, at the terminator (not included), after firstTimeoutMs without a first digit or interDigitTimeoutMs between digits. '' when nothing was typed. */
  collectDigits(options: {
    initial?: string;
    max: number;
    terminator?: string;
    firstTimeoutMs: number;
    interDigitTimeoutMs: number;
  }): Promise<string>;
  queue(request: QueueRequest): Promise<QueueOutcome>;
  voicemail(options: { queue: string; maxSeconds: number; attributes: Record<string, string> }): Promise<void>;
  transfer(number: string): Promise<boolean>;
  hangup(): Promise<void>;
  /** Each step for the call record's IVR path. */
  step(entry: { node: string; type: string; input?: string; result?: string }): void;
  /** survey scores, variables worth keeping */
  setResult(name: string, value: string): void;
};

export type RunnerLog = { warn(details: Record<string, unknown>, message: string): void };
export type RunnerDeps = {
  now(): Date;
  /**
   * Whether a business calendar is open at an instant (business_hours nodes with a calendarId);
   * undefined when it cannot say (no such calendar): the node's inline hours decide then.
   */
  calendarOpen?(calendarId: string, at: Date): Promise<boolean | undefined>;
  /**
   * Whether a major incident of a service is active (incident_active nodes), with the recorded prompt
   * that announces it; undefined when it cannot say: the node then takes its `inactive` branch.
   */
  incidentActive?(service: string): Promise<{ active: boolean; prompt: string | null } | undefined>;
  fetch?: typeof fetch;
  log?: RunnerLog;
  /** Nodes entered per call before the runner gives up and hangs up (a loop through input nodes). */
  maxSteps?: number;
};

/** How the flow ended: the flow or the runner hung up, the caller did, or the call left for a transfer. */
export type RunEnd = 'hangup' | 'caller_hangup' | 'transferred' | 'max_steps' | 'error';
export type RunResult = { end: RunEnd; steps: number };

export const DEFAULT_MAX_STEPS = 500;
/** The longest JSON reply an http node reads. */
const MAX_HTTP_BYTES = 1_000_000;

type State = {
  language: string;
  vars: Map<string, string>;
  attributes: Record<string, string>;
  priority: number | undefined;
  skills: { skill: string; minLevel: number }[] | undefined;
  /** Keys pressed in menus, in order: the agent sees them as the `ivr` attribute. */
  choices: string[];
};
/** A node's decision: the next node, or the end of the flow. */
type Next = { to: string } | { end: RunEnd };

/**
 * Runs a published flow for one call against the telephony port. Pure apart from the port,
 * `deps.fetch` (http nodes) and `deps.now` (business hours). Never throws for the caller hanging
 * up; any other failure is logged and the call is hung up.
 */
export async function runFlow(flow: FlowDefinition, call: IvrCall, deps: RunnerDeps): Promise<RunResult> {
  const maxSteps = deps.maxSteps ?? DEFAULT_MAX_STEPS;
  const state: State = {
    language: flow.language,
    vars: new Map([
      ['caller', call.caller],
      ['called', call.called],
    ]),
    attributes: {},
    priority: undefined,
    skills: undefined,
    choices: [],
  };
  let steps = 0;
  let current = flow.start;
  try {
    for (;;) {
      if (steps >= maxSteps) {
        deps.log?.warn({ node: current, steps }, 'IVR flow ran too many steps: hanging up');
        await call.hangup();
        return { end: 'max_steps', steps };
      }
      const node = flow.nodes[current];
      if (!node) {
        deps.log?.warn({ node: current }, 'IVR flow names a node it does not have: hanging up');
        await call.hangup();
        return { end: 'error', steps };
      }
      steps++;
      const next = await runNode(current, node, call, state, deps);
      if ('end' in next) return { end: next.end, steps };
      current = next.to;
    }
  } catch (err) {
    if (err instanceof IvrHangup) return { end: 'caller_hangup', steps };
    deps.log?.warn({ node: current, err: String(err) }, 'IVR flow failed: hanging up');
    try {
      await call.hangup();
    } catch {
      // already gone
    }
    return { end: 'error', steps };
  }
}

async function runNode(
  id: string,
  node: FlowDefinition['nodes'][string],
  call: IvrCall,
  state: State,
  deps: RunnerDeps,
): Promise<Next> {
  const play = (prompts: PromptRef[], bargeIn: boolean) =>
    call.play(expandPrompts(prompts, state), { bargeIn, language: state.language });
  switch (node.type) {
    case 'play':
      await play(node.prompts, false);
      call.step({ node: id, type: node.type });
      return { to: node.next };
    case 'menu':
      return runMenu(id, node, call, state, play);
    case 'collect':
      return runCollect(id, node, call, state, play);
    case 'business_hours': {
      const now = deps.now();
      const byCalendar = node.calendarId ? await deps.calendarOpen?.(node.calendarId, now) : undefined;
      const open = byCalendar ?? isOpenAt(node, now);
      call.step({ node: id, type: node.type, result: open ? 'open' : 'closed' });
      return { to: open ? node.open : node.closed };
    }
    case 'incident_active': {
      const found = await deps.incidentActive?.(node.service).catch((err: unknown) => {
        deps.log?.warn({ node: id, err: String(err) }, 'IVR incident lookup failed');
        return undefined;
      });
      const active = found?.active === true;
      if (active) {
        const prompts: PromptRef[] = found.prompt ? [{ prompt: found.prompt }] : node.prompts;
        if (prompts.length > 0) await play(prompts, false);
      }
      call.step({ node: id, type: node.type, input: node.service, result: active ? 'active' : 'inactive' });
      return { to: active ? node.active : node.inactive };
    }
    case 'http':
      return runHttp(id, node, call, state, deps);
    case 'set':
      for (const [name, template] of Object.entries(node.attributes ?? {})) {
        state.attributes[name] = resolve(template, state);
      }
      if (node.priority !== undefined) state.priority = node.priority;
      if (node.skills) state.skills = node.skills.map((s) => ({ ...s }));
      if (node.language) state.language = node.language;
      call.step({ node: id, type: node.type });
      return { to: node.next };
    case 'queue': {
      const outcome = await call.queue({
        queue: node.queue,
        priority: node.priority ?? state.priority ?? 0,
        ...(state.skills ? { skills: state.skills } : {}),
        attributes: attributesOf(state),
        announceEverySeconds: node.announceEverySeconds,
        announcePosition: node.announcePosition,
        announceWait: node.announceWait,
        ...(node.music ? { music: node.music } : {}),
        callbackOffer: node.callbackOffer,
      });
      call.step({ node: id, type: node.type, result: outcome });
      if (outcome === 'served') return { to: node.next };
      if (outcome === 'callback') return node.onCallback ? { to: node.onCallback } : hangUp(call);
      return node.onTimeout ? { to: node.onTimeout } : hangUp(call);
    }
    case 'voicemail':
      await play(node.prompts, false);
      await call.voicemail({ queue: node.queue, maxSeconds: node.maxSeconds, attributes: attributesOf(state) });
      call.step({ node: id, type: node.type });
      return { to: node.next };
    case 'transfer': {
      const number = resolve(node.number, state);
      const ok = /^\+?[0-9*#]{1,32}$/.test(number) && (await call.transfer(number));
      call.step({ node: id, type: node.type, input: number, result: ok ? 'transferred' : 'failed' });
      if (ok) return { end: 'transferred' };
      return node.next ? { to: node.next } : hangUp(call);
    }
    case 'survey':
      return runSurvey(id, node, call, state, play);
    case 'hangup':
      if (node.prompts.length > 0) await play(node.prompts, false);
      call.step({ node: id, type: node.type });
      return hangUp(call);
  }
}

async function hangUp(call: IvrCall): Promise<Next> {
  await call.hangup();
  return { end: 'hangup' };
}

type Play = (prompts: PromptRef[], bargeIn: boolean) => Promise<string | null>;

async function runMenu(id: string, node: IvrNodeOf<'menu'>, call: IvrCall, state: State, play: Play): Promise<Next> {
  const waitMs = node.timeoutSeconds * 1000;
  for (let attempt = 1; ; attempt++) {
    const early = await play(node.prompts, true);
    const key = early ?? (await call.collectDigits({ max: 1, firstTimeoutMs: waitMs, interDigitTimeoutMs: waitMs }));
    const target = key && Object.hasOwn(node.options, key) ? node.options[key] : undefined;
    if (target !== undefined) {
      state.choices.push(key);
      call.step({ node: id, type: node.type, input: key, result: target });
      return { to: target };
    }
    call.step({ node: id, type: node.type, ...(key ? { input: key } : {}), result: key ? 'invalid' : 'no_input' });
    if (attempt >= node.maxRetries) return { to: node.onFailure };
    await play(key ? node.invalidPrompts : node.noInputPrompts, false);
  }
}

async function runCollect(
  id: string,
  node: IvrNodeOf<'collect'>,
  call: IvrCall,
  state: State,
  play: Play,
): Promise<Next> {
  const pattern = node.pattern === undefined ? undefined : new RegExp(`^(?:${node.pattern})$`);
  for (let attempt = 1; ; attempt++) {
    const early = await play(node.prompts, true);
    const digits = await call.collectDigits({
      ...(early ? { initial: early } : {}),
      max: node.maxDigits,
      ...(node.terminator ? { terminator: node.terminator } : {}),
      firstTimeoutMs: node.timeoutSeconds * 1000,
      interDigitTimeoutMs: node.interDigitSeconds * 1000,
    });
    const valid =
      digits.length >= node.minDigits && digits.length <= node.maxDigits && (!pattern || pattern.test(digits));
    // The digits may be an account or ID number: the IVR path keeps only how many there were.
    const input = `${digits.length} digits`;
    if (valid) {
      state.vars.set(node.variable, digits);
      call.step({ node: id, type: node.type, input, result: 'ok' });
      return { to: node.next };
    }
    call.step({ node: id, type: node.type, input, result: digits ? 'invalid' : 'no_input' });
    if (attempt >= node.maxRetries) return { to: node.onFailure };
    await play(digits ? node.invalidPrompts : node.noInputPrompts, false);
  }
}

async function runSurvey(
  id: string,
  node: IvrNodeOf<'survey'>,
  call: IvrCall,
  state: State,
  play: Play,
): Promise<Next> {
  for (let attempt = 1; attempt <= 2; attempt++) {
    const early = await play(node.prompts, true);
    const key = early ?? (await call.collectDigits({ max: 1, firstTimeoutMs: 5000, interDigitTimeoutMs: 5000 }));
    if (/^[1-5]$/.test(key)) {
      state.vars.set(node.variable, key);
      call.setResult(node.variable, key);
      call.step({ node: id, type: node.type, input: key, result: 'scored' });
      return { to: node.next };
    }
    call.step({ node: id, type: node.type, ...(key ? { input: key } : {}), result: key ? 'invalid' : 'no_input' });
    if (attempt === 1) await play([{ prompt: key ? 'invalid' : 'no-input' }], false);
  }
  return { to: node.next };
}

async function runHttp(
  id: string,
  node: IvrNodeOf<'http'>,
  call: IvrCall,
  state: State,
  deps: RunnerDeps,
): Promise<Next> {
  const fail = (why: string): Next => {
    deps.log?.warn({ node: id, why }, 'IVR http lookup failed');
    call.step({ node: id, type: node.type, result: `error: ${why}` });
    return { to: node.onError };
  };
  const doFetch = deps.fetch ?? globalThis.fetch;
  let text: string;
  try {
    const res = await doFetch(resolve(node.url, state, encodeURIComponent), {
      method: node.method,
      headers: {
        accept: 'application/json',
        ...(node.method === 'POST' ? { 'content-type': 'application/json' } : {}),
      },
      ...(node.method === 'POST' ? { body: JSON.stringify(resolveJson(node.body ?? {}, state)) } : {}),
      signal: AbortSignal.timeout(node.timeoutMs),
    });
    if (!res.ok) return fail(`status ${res.status}`);
    text = await res.text();
  } catch (err) {
    const name = (err as { name?: string }).name;
    return fail(name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : String(err));
  }
  if (text.length > MAX_HTTP_BYTES) return fail('reply too large');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('reply is not JSON');
  }
  const values: Array<[string, string]> = [];
  for (const [variable, path] of Object.entries(node.assign)) {
    const value = pick(json, path);
    if (value === undefined || value === null) return fail(`no ${path} in the reply`);
    values.push([variable, typeof value === 'string' ? value : JSON.stringify(value)]);
  }
  for (const [variable, value] of values) state.vars.set(variable, value);
  call.step({ node: id, type: node.type, result: 'ok' });
  return { to: node.next };
}

/** `data.items.0.balance` in a JSON value. */
function pick(value: unknown, path: string): unknown {
  let at = value;
  for (const part of path.split('.')) {
    if (Array.isArray(at) && /^\d+$/.test(part)) at = at[Number(part)];
    else if (at && typeof at === 'object' && !Array.isArray(at) && Object.hasOwn(at, part)) {
      at = (at as Record<string, unknown>)[part];
    } else return undefined;
  }
  return at;
}

function resolve(template: string, state: State, encode: (s: string) => string = (s) => s): string {
  return template.replace(TEMPLATE_PATTERN, (_m, name: string) => encode(state.vars.get(name) ?? ''));
}

function resolveJson(value: unknown, state: State): unknown {
  if (typeof value === 'string') return resolve(value, state);
  if (Array.isArray(value)) return value.map((v) => resolveJson(v, state));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveJson(v, state)]));
  }
  return value;
}

function attributesOf(state: State): Record<string, string> {
  return state.choices.length > 0 ? { ...state.attributes, ivr: state.choices.join('-') } : { ...state.attributes };
}

/** Templates resolved and `say` turned into recorded prompt keys, so the port only plays files. */
export function expandPrompts(prompts: PromptRef[], state: Pick<State, 'vars' | 'language'>): PromptRef[] {
  return prompts.flatMap((p): PromptRef[] => {
    if ('prompt' in p) return [p];
    const value = p.value.replace(TEMPLATE_PATTERN, (_m, name: string) => state.vars.get(name) ?? '');
    const keys =
      p.say === 'digits'
        ? sayDigits(value)
        : p.say === 'number'
          ? sayNumber(value, state.language)
          : sayAmount(value, state.language);
    return keys.map((prompt) => ({ prompt }));
  });
}
