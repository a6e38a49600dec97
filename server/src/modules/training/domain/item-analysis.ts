/** One candidate's paper for item analysis: their total and what each question earned (0–1). */
export type ScoredPaper = { total: number; items: ReadonlyMap<string, number> };

export type ItemStats = {
  questionId: string;
  /** Candidates who answered it. */
  n: number;
  /** Difficulty index p: the mean share of the points earned (1 = everyone right: an easy item). */
  difficulty: number;
  /**
   * Discrimination index D = p(upper group) − p(lower group), the groups being the best and the
   * worst 27 % of candidates by total (Kelley). D ≥ 0.4 discriminates well, 0.2–0.4 acceptably,
   * below 0.2 poorly; a negative D means the weaker candidates did better: a wrong key or a
   * misleading question.
   */
  discrimination: number | null;
  /** What a trainer should do about it. */
  verdict: 'good' | 'acceptable' | 'poor' | 'revise';
};

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
const r3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Difficulty and discrimination per question over the papers of one exam. With fewer than 4
 * candidates there are no upper and lower groups to compare: discrimination is null.
 */
export function itemAnalysis(papers: readonly ScoredPaper[], questionIds: readonly string[]): ItemStats[] {
  const ranked = [...papers].sort((a, b) => b.total - a.total);
  const k = ranked.length >= 4 ? Math.max(1, Math.round(ranked.length * 0.27)) : 0;
  const upper = ranked.slice(0, k);
  const lower = k > 0 ? ranked.slice(-k) : [];
  return questionIds.map((id) => {
    const answered = papers.filter((p) => p.items.has(id));
    const p = mean(answered.map((x) => x.items.get(id)!));
    const pu = mean(upper.filter((x) => x.items.has(id)).map((x) => x.items.get(id)!));
    const pl = mean(lower.filter((x) => x.items.has(id)).map((x) => x.items.get(id)!));
    const discrimination = k > 0 ? r3(pu - pl) : null;
    const verdict =
      discrimination === null
        ? 'acceptable'
        : discrimination < 0
          ? 'revise'
          : discrimination >= 0.4
            ? 'good'
            : discrimination >= 0.2
              ? 'acceptable'
              : 'poor';
    return { questionId: id, n: answered.length, difficulty: r3(p), discrimination, verdict };
  });
}
