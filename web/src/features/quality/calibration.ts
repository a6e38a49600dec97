import type { Answers, Calibration, ItemAnswer } from '../../../../contracts/quality';

type Contacts = NonNullable<Calibration['contacts']>;

/**
 * The agreed answers a facilitator closes a session with: the answer they chose where they chose
 * one, else the evaluators' consensus (the most common answer); items nobody answered are left out
 * (the server then keeps the consensus too).
 */
export function agreedAnswers(
  contacts: Contacts,
  chosen: Record<string, Record<string, ItemAnswer>>,
): Record<string, Answers> {
  const agreed: Record<string, Answers> = {};
  for (const c of contacts) {
    const answers: Answers = {};
    for (const row of c.items) {
      const value = chosen[c.contactId]?.[row.item] ?? row.consensus;
      if (value !== null && value !== undefined) answers[row.item] = value;
    }
    if (Object.keys(answers).length > 0) agreed[c.contactId] = answers;
  }
  return agreed;
}

/** The answers of a row that differ from the consensus, for highlighting each evaluator's cell. */
export function differs(consensus: ItemAnswer | null, answer: ItemAnswer | undefined): boolean {
  return answer !== undefined && consensus !== null && answer !== consensus;
}

/** The distinct answers given to an item plus its consensus: the choices of the agreed answer. */
export function answerChoices(row: Contacts[number]['items'][number]): ItemAnswer[] {
  const seen = new Map<string, ItemAnswer>();
  for (const a of [...Object.values(row.answers), ...(row.consensus === null ? [] : [row.consensus])]) {
    seen.set(String(a), a);
  }
  return [...seen.values()];
}
