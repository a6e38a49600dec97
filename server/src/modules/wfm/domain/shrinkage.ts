/**
 * ⌈agents ÷ (1 − shrinkage)⌉ without the floating-point trap: 21 ÷ (1 − 0.3) is 30.000000000000004 in
 * binary floating point, which a plain Math.ceil turns into 31 scheduled agents. When the quotient is
 * within rounding of a whole number, the decision is made exactly, in integers, on the decimal the
 * planner wrote (the shortest decimal that reads back as this double: 0.3, not
 * 0.299999999999999988898); elsewhere the float is far from a whole number and its ceiling is right.
 */
export function scheduledAgents(agents: number, shrinkage: number): number {
  if (agents === 0 || shrinkage === 0) return agents;
  const x = agents / (1 - shrinkage);
  const whole = Math.round(x);
  if (Math.abs(x - whole) > 1e-9 * Math.max(1, x)) return Math.ceil(x);
  // agents ÷ (1 − p/q) ≤ whole  ⇔  agents·q ≤ whole·(q − p); in doubles while the products are exact
  const d = decimalOf(shrinkage);
  const left = agents * d.q;
  const right = whole * d.rest;
  if (Number.isSafeInteger(left) && Number.isSafeInteger(right)) return left <= right ? whole : whole + 1;
  return BigInt(agents) * d.bigQ <= BigInt(whole) * d.bigRest ? whole : whole + 1;
}

/** p/q with q a power of ten, and q − p; as doubles (exact while below 2^53) and as bigints. */
type Decimal = { x: number; q: number; rest: number; bigQ: bigint; bigRest: bigint };

/** The last shrinkage's decimal: a requirement curve asks about the same one thousands of times. */
let memo: Decimal = { x: 0, q: 1, rest: 1, bigQ: 1n, bigRest: 1n };

/** A finite non-negative number as p/q from its shortest round-trip decimal. */
function decimalOf(x: number): Decimal {
  if (memo.x === x) return memo;
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(x));
  if (!m) throw new RangeError(`not a non-negative finite number: ${x}`);
  const fraction = m[2] ?? '';
  const exponent = Number(m[3] ?? 0) - fraction.length;
  const digits = BigInt(m[1]! + fraction);
  const p = exponent >= 0 ? digits * 10n ** BigInt(exponent) : digits;
  const q = exponent >= 0 ? 1n : 10n ** BigInt(-exponent);
  // Doubles only where exact; NaN otherwise sends the comparison to the bigints.
  const exact = (v: bigint) => (v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : Number.NaN);
  memo = { x, q: exact(q), rest: exact(q - p), bigQ: q, bigRest: q - p };
  return memo;
}
