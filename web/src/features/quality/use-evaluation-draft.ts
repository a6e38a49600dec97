import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  Answers,
  EvaluationDetail,
  ItemAnswer,
  SaveEvaluationBody,
  ScoreBreakdown,
} from '../../../../contracts/quality';
import { saveEvaluation } from './api';
import { itemErrors } from './score';

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  | { kind: 'failed'; error: unknown };

/** How long typing and clicking may go on before the draft is saved. */
const DEBOUNCE_MS = 700;

/**
 * An evaluator's draft: answers and summary kept here, saved (PATCH) a moment after each change,
 * one request at a time; the score shown is the server's breakdown of the last save. `flush()`
 * saves what is pending now (before a submission, and when the screen closes).
 */
export function useEvaluationDraft(detail: EvaluationDetail) {
  const evaluationId = detail.id;
  const [answers, setAnswers] = useState<Answers>(detail.answers);
  const [summary, setSummaryState] = useState(detail.summary);
  const [breakdown, setBreakdown] = useState<ScoreBreakdown | null>(detail.breakdown);
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const latest = useRef({ answers, summary });
  const pending = useRef<SaveEvaluationBody | null>(null);
  const inflight = useRef<Promise<void> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const flush = useCallback(async (): Promise<void> => {
    clearTimeout(timer.current);
    while (inflight.current) await inflight.current.catch(() => undefined);
    const body = pending.current;
    if (!body) return;
    pending.current = null;
    setState({ kind: 'saving' });
    const run = saveEvaluation(evaluationId, body).then(
      (saved) => {
        setBreakdown(saved.breakdown);
        setState({ kind: 'saved', at: new Date() });
      },
      (error: unknown) => {
        // Kept for the next try, under whatever changed since.
        pending.current = { ...body, ...pending.current };
        setState({ kind: 'failed', error });
        setErrors(itemErrors(error));
        throw error;
      },
    );
    inflight.current = run.finally(() => {
      inflight.current = null;
    });
    await run;
  }, [evaluationId]);

  const schedule = useCallback(
    (patch: SaveEvaluationBody) => {
      pending.current = { ...pending.current, ...patch };
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush().catch(() => undefined), DEBOUNCE_MS);
    },
    [flush],
  );

  const setAnswer = useCallback(
    (key: string, value: ItemAnswer) => {
      const next = { ...latest.current.answers, [key]: value };
      latest.current = { ...latest.current, answers: next };
      setAnswers(next);
      setErrors(({ [key]: _cleared, ...rest }) => rest);
      schedule({ answers: next });
    },
    [schedule],
  );

  const setSummary = useCallback(
    (text: string) => {
      latest.current = { ...latest.current, summary: text };
      setSummaryState(text);
      schedule({ summary: text });
    },
    [schedule],
  );

  // Leaving the screen saves what is pending (the request outlives the component).
  useEffect(() => () => void flush().catch(() => undefined), [flush]);

  return { answers, summary, breakdown, state, errors, setErrors, setAnswer, setSummary, flush };
}
