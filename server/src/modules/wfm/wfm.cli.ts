import { parseArgs } from 'node:util';
import type { z } from 'zod';
import {
  ErlangARequest,
  type ErlangAResponse,
  ErlangCRequest,
  type ErlangCResponse,
  ErlangEvaluateARequest,
  ErlangEvaluateCRequest,
  type ErlangOverloaded,
  type ErlangUnreachable,
} from '../../../../contracts/wfm-erlang';
import { evaluateErlangA, evaluateErlangC, staffErlangA, staffErlangC } from './domain/erlang';

export const WFM_HELP = `  kefu wfm erlang-c --calls N --interval MIN --aht SEC --sl 0.8 --answer SEC
                   [--shrinkage 0.3] [--max-occupancy 0.85] [--max-wait 0.1] [--agents N] [--json]
                               agents needed for one interval by Erlang C (docs/wfm.md); with
                               --agents, the metrics of that staffing instead
  kefu wfm erlang-a … --patience SEC [--max-abandon 0.05]
                               the same by Erlang A (callers hang up after a mean patience)`;

/** Each flag and the request field it fills: error messages name the flag, not the field. */
const FLAGS = {
  calls: 'callsPerInterval',
  interval: 'intervalMinutes',
  aht: 'ahtSeconds',
  sl: 'targetServiceLevel',
  answer: 'targetAnswerSeconds',
  shrinkage: 'shrinkage',
  'max-occupancy': 'maxOccupancy',
  'max-wait': 'maxWaitProbability',
  agents: 'agents',
  patience: 'patienceSeconds',
  'max-abandon': 'maxAbandonRate',
} as const;
type Flag = keyof typeof FLAGS;
const A_ONLY: ReadonlyArray<Flag> = ['patience', 'max-abandon'];

export type CliIo = { out: (line: string) => void; err: (line: string) => void };
const consoleIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

/**
 * `kefu wfm erlang-c|erlang-a …`: exit 0 with the staffing, 1 when no staffing meets the targets (or
 * an evaluated staffing is overloaded), 2 for a mistake in the command line.
 */
export function runWfmCommand(args: ReadonlyArray<string>, io: CliIo = consoleIo): number {
  const [sub, ...rest] = args;
  if (sub !== 'erlang-c' && sub !== 'erlang-a') {
    io.err(`Usage:\n${WFM_HELP}`);
    return 2;
  }
  const model = sub === 'erlang-c' ? 'c' : 'a';
  const flags = (Object.keys(FLAGS) as Flag[]).filter((f) => model === 'a' || !A_ONLY.includes(f));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: {
        ...Object.fromEntries(flags.map((f) => [f, { type: 'string' as const }])),
        json: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    const unknown = /Unknown option '([^']+)'/.exec((err as Error).message);
    io.err(unknown ? `${unknown[1]}: not an option of kefu wfm ${sub}` : (err as Error).message);
    return 2;
  }

  const body: Record<string, number> = {};
  for (const flag of flags) {
    const raw = values[flag];
    if (typeof raw !== 'string') continue;
    const n = raw.trim() === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(n)) {
      io.err(`--${flag}: not a number: ${JSON.stringify(raw)}`);
      return 2;
    }
    body[FLAGS[flag]] = n;
  }
  const evaluate = body.agents !== undefined;
  const schema: z.ZodType =
    model === 'c'
      ? evaluate
        ? ErlangEvaluateCRequest
        : ErlangCRequest
      : evaluate
        ? ErlangEvaluateARequest
        : ErlangARequest;
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      const flag = (Object.keys(FLAGS) as Flag[]).find((f) => FLAGS[f] === field) ?? field;
      io.err(`--${flag}: ${body[field] === undefined ? 'required' : issue.message}`);
    }
    return 2;
  }

  const json = values.json === true;
  // The schemas above are exactly the inputs of these functions; the union of four keeps one path.
  const q = parsed.data as never;
  const outcome =
    model === 'c' ? (evaluate ? evaluateErlangC(q) : staffErlangC(q)) : evaluate ? evaluateErlangA(q) : staffErlangA(q);
  switch (outcome.kind) {
    case 'staffed':
    case 'evaluated': {
      const r = outcome.kind === 'staffed' ? outcome.staffing : outcome.evaluation;
      if (json) io.out(JSON.stringify(r, null, 2));
      else for (const line of table(r, parsed.data as { shrinkage: number })) io.out(line);
      return 0;
    }
    case 'unreachable':
      if (json) io.out(JSON.stringify({ unreachable: outcome.unreachable }, null, 2));
      else io.err(unreachableText(outcome.unreachable));
      return 1;
    case 'overloaded':
      if (json) io.out(JSON.stringify({ overloaded: outcome.overloaded }, null, 2));
      else io.err(overloadedText(outcome.overloaded));
      return 1;
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function table(
  r: ErlangCResponse & Partial<Pick<ErlangAResponse, 'abandonRate'>> & { meetsTargets?: boolean },
  q: { shrinkage: number },
): string[] {
  const rows: Array<[string, string]> = [
    ['traffic', `${r.trafficErlangs.toFixed(2)} Erlangs`],
    ['agents', String(r.agents)],
    ['scheduled agents', `${r.scheduledAgents} (shrinkage ${pct(q.shrinkage)})`],
    ['service level', pct(r.serviceLevel)],
    ['wait probability', pct(r.waitProbability)],
    ['ASA', `${r.asaSeconds.toFixed(1)} s`],
    ['occupancy', pct(r.occupancy)],
  ];
  if (r.abandonRate !== undefined) rows.push(['abandon rate', pct(r.abandonRate)]);
  if (r.meetsTargets !== undefined) rows.push(['meets the targets', r.meetsTargets ? 'yes' : 'no']);
  return rows.map(([k, v]) => `${k.padEnd(18)} ${v}`);
}

function unreachableText(u: ErlangUnreachable): string {
  return (
    `No staffing up to ${u.agentCap} agents meets the targets (${u.unmet.join(', ')} missed at the cap: ` +
    `service level ${pct(u.atCap.serviceLevel)}, occupancy ${pct(u.atCap.occupancy)}` +
    (u.atCap.abandonRate !== undefined ? `, abandon rate ${pct(u.atCap.abandonRate)}` : '') +
    `) for ${u.trafficErlangs.toFixed(2)} Erlangs.`
  );
}

function overloadedText(o: ErlangOverloaded): string {
  return (
    `${o.agents} agents cannot carry ${o.trafficErlangs.toFixed(2)} Erlangs: under Erlang C the queue ` +
    'grows without end (use more agents, or erlang-a for callers who hang up).'
  );
}
