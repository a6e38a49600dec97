import type { Speaker, TranscriptLine } from '../../../../contracts/quality';

/**
 * The dry-run box's sample transcript: one line per utterance, `座席: …` or `客户: …` (also
 * `agent:`/`customer:`, a full-width colon, and an optional `[mm:ss]` before the speaker for the
 * moment it was said). A line without a speaker continues the one before it.
 */
const SPEAKERS: Record<string, Speaker> = {
  座席: 'agent',
  客服: 'agent',
  agent: 'agent',
  客户: 'customer',
  customer: 'customer',
};

const LINE = /^\s*(?:\[(\d{1,3}):(\d{2})\]\s*)?([^:：\s]+)\s*[:：]\s*(.*)$/;

export type ParsedTranscript = {
  lines: TranscriptLine[];
  /** 1-based numbers of the lines that name no speaker and have nothing before them to continue. */
  unknown: number[];
};

export function parseTranscript(text: string): ParsedTranscript {
  const lines: TranscriptLine[] = [];
  const unknown: number[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    if (!raw.trim()) return;
    const m = LINE.exec(raw);
    const speaker = m ? SPEAKERS[m[3]!.toLowerCase()] : undefined;
    if (m && speaker) {
      const line: TranscriptLine = { speaker, text: m[4]!.trim() };
      if (m[1] !== undefined) line.startMs = (Number(m[1]) * 60 + Number(m[2])) * 1000;
      lines.push(line);
      return;
    }
    const previous = lines.at(-1);
    if (previous) previous.text = `${previous.text} ${raw.trim()}`.trim();
    else unknown.push(index + 1);
  });
  return { lines, unknown };
}
