import loadHighs from 'highs';

/**
 * A mixed-integer model written as CPLEX LP text for HiGHS. Big models have hundreds of thousands
 * of terms: every part is collected in arrays and joined once.
 */
export type LpModel = {
  objective: string[];
  rows: string[];
  bounds: string[];
  generals: string[];
  binaries: string[];
};

export function emptyModel(): LpModel {
  return { objective: [], rows: [], bounds: [], generals: [], binaries: [] };
}

/** A coefficient as LP text: at most 9 significant digits, never exponent notation. */
export function coef(v: number): string {
  const r = Number(v.toPrecision(9));
  return Math.abs(r) < 1e-9 ? '0' : r.toFixed(9).replace(/\.?0+$/, '');
}

/** Terms as "+ 2 x1 - 0.5 u3", with line breaks: the LP reader is line-based. */
export function linear(names: readonly string[], coefs: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < names.length; i++) {
    const c = coefs[i]!;
    if (c === 0) continue;
    parts.push(`${c < 0 ? '-' : '+'} ${coef(Math.abs(c))} ${names[i]}`);
    if (i % 40 === 39) parts.push('\n');
  }
  return parts.length ? parts.join(' ') : '0 zero';
}

export function addRow(
  model: LpModel,
  names: readonly string[],
  coefs: readonly number[],
  sense: '<=' | '>=' | '=',
  rhs: number,
): void {
  if (names.length === 0) return;
  model.rows.push(`r${model.rows.length}: ${linear(names, coefs)} ${sense} ${coef(rhs)}`);
}

export function lpText(model: LpModel, relax = false): string {
  const parts = ['Minimize', ` obj: ${model.objective.length ? model.objective.join(' ') : '0 zero'}`, 'Subject To'];
  parts.push(model.rows.join('\n'), 'Bounds', ' zero = 0', model.bounds.join('\n'));
  if (relax) {
    // The relaxation keeps 0–1 bounds of binaries.
    for (const b of model.binaries) parts.push(`${b} <= 1`);
  } else {
    if (model.generals.length) parts.push('Generals', model.generals.join(' '));
    if (model.binaries.length) parts.push('Binary', model.binaries.join(' '));
  }
  parts.push('End', '');
  return parts.join('\n');
}

export type LpSolution = {
  /** HiGHS status; a solution exists when `values` is set. */
  status: string;
  objective: number;
  values: Map<string, number> | undefined;
  seconds: number;
};

type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highs: Promise<Highs> | undefined;

/** HiGHS is loaded once per process (its WebAssembly takes ~150 ms to start). */
export function loadSolver(): Promise<Highs> {
  highs ??= loadHighs();
  return highs;
}

const STATUS: Record<number, string> = {
  7: 'Optimal',
  8: 'Infeasible',
  9: 'Infeasible or unbounded',
  10: 'Unbounded',
  13: 'Time limit reached',
  14: 'Iteration limit reached',
};

/**
 * Solves LP text. `start` gives values of some columns as a first MIP solution (HiGHS completes and
 * checks it): a known feasible roster lets the search begin from there instead of from nothing.
 */
export function solveModel(
  solver: Highs,
  text: string,
  options: { timeLimitSeconds: number; mipRelGap?: number; start?: ReadonlyMap<string, number> },
): LpSolution {
  const started = performance.now();
  const model = solver.createModel({ format: 'lp', data: text });
  try {
    model.options.set({
      output_flag: false,
      time_limit: Math.max(0.5, options.timeLimitSeconds),
      ...(options.mipRelGap === undefined ? {} : { mip_rel_gap: options.mipRelGap }),
    });
    if (options.start?.size) {
      const indices: number[] = [];
      const values: number[] = [];
      for (const [name, value] of options.start) {
        indices.push(model.getColByName(name));
        values.push(value);
      }
      model.setSolution({ indices, values });
    }
    model.run();
    const code = Number(model.getModelStatus());
    const status = STATUS[code] ?? `HiGHS status ${code}`;
    const feasible = Number(model.info.get('primal_solution_status')) === 2;
    const seconds = (performance.now() - started) / 1000;
    if (!feasible) return { status, objective: Number.NaN, values: undefined, seconds };
    const colValue = model.getSolution().colValue;
    const values = new Map<string, number>();
    for (let j = 0; j < colValue.length; j++) values.set(model.getColName(j), colValue[j]!);
    return { status, objective: model.getObjectiveValue(), values, seconds };
  } finally {
    model.dispose();
  }
}
