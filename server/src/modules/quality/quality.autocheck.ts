import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import {
  type AutoCheckBody,
  type AutoCheckRule,
  AutoCheckRules,
  type AutoFinding,
  type TranscriptLine,
} from '../../../../contracts/quality';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import { createScanner, type Scanner } from '../../platform/scanner';
import type { RecordingStore } from '../telephony';
import { readWav } from '../telephony';
import { type AudioFindings, checkAudio, DEFAULT_AUDIO_SETTINGS } from './domain/audio';
import { DEFAULT_RULES } from './domain/defaults';
import { checkPhrases, phraseRulesFor, type Segmenter } from './domain/phrases';
import type { ContactsReadModel, QualityContactRow } from './quality.contacts';
import { qualityContacts, qualityFindings, qualityRuleSets } from './quality.schema';

/**
 * Speech to text for call recordings (docs/quality.md): one channel's speech segments in, their
 * text out. The sherpa-onnx adapter runs when an administrator configures a model directory; tests
 * use a double that supplies text. Without one, calls get the audio checks only.
 */
export interface SpeechToText {
  /** `segments` are ms ranges of the mono 16-bit `samples`; answers one text per segment ('' when none). */
  transcribe(
    samples: Int16Array,
    sampleRate: number,
    segments: ReadonlyArray<{ startMs: number; endMs: number }>,
  ): Promise<string[]>;
  /** The transcript's language (`zh`, `en`), which picks the phrase rules. */
  readonly language: string;
}

/** Findings of the recording's measurements, by the active rules' thresholds. */
export function audioFindings(
  rules: readonly AutoCheckRule[],
  audio: AudioFindings,
  holds: ReadonlyArray<{ startMs: number; endMs: number }>,
): AutoFinding[] {
  const out: AutoFinding[] = [];
  for (const r of rules) {
    if (!r.enabled || r.thresholdMs === null) continue;
    const t = r.thresholdMs;
    const spans =
      r.kind === 'silence'
        ? audio.silences
        : r.kind === 'overtalk'
          ? audio.overtalks
          : r.kind === 'long_hold'
            ? holds
            : r.kind === 'dead_air_after_greeting' && audio.deadAirAfterGreeting
              ? [audio.deadAirAfterGreeting]
              : [];
    for (const s of spans) {
      const durationMs = s.endMs - s.startMs;
      // A hold longer than the limit; a silence, overtalk or dead air at least as long as it.
      if (r.kind === 'long_hold' ? durationMs > t : durationMs >= t) {
        out.push({ rule: r.key, kind: r.kind as AutoFinding['kind'], atMs: s.startMs, durationMs });
      }
    }
  }
  return out;
}

/**
 * The rules one check actually ran, by key: the recording's rules (silence, overtalk, dead air) only
 * with a recording measured, the long-hold rule on a call (its holds come from the call's events),
 * the phrase rules of the transcript's language only with a transcript. A draft is pre-filled from
 * these alone: no finding of a rule that did not run says nothing about the agent.
 */
export function rulesRun(
  rules: readonly AutoCheckRule[],
  ran: { recording: boolean; call: boolean; transcriptLanguage: string | null },
): string[] {
  const keys = new Set<string>();
  for (const r of rules) {
    if (!r.enabled) continue;
    if (r.kind === 'silence' || r.kind === 'overtalk' || r.kind === 'dead_air_after_greeting') {
      if (ran.recording) keys.add(r.key);
    } else if (r.kind === 'long_hold') {
      if (ran.call) keys.add(r.key);
    }
  }
  if (ran.transcriptLanguage !== null) {
    for (const r of phraseRulesFor(rules, ran.transcriptLanguage)) keys.add(r.key);
  }
  return [...keys].sort();
}

/** The settings the measurement needs: the smallest threshold of each enabled rule kind. */
function audioSettings(rules: readonly AutoCheckRule[]) {
  const min = (kind: AutoCheckRule['kind'], fallback: number) =>
    Math.min(
      ...rules.filter((r) => r.enabled && r.kind === kind && r.thresholdMs !== null).map((r) => r.thresholdMs!),
      fallback,
    );
  return {
    silenceMs: min('silence', DEFAULT_AUDIO_SETTINGS.silenceMs),
    overtalkMs: min('overtalk', DEFAULT_AUDIO_SETTINGS.overtalkMs),
    deadAirAfterGreetingMs: min('dead_air_after_greeting', DEFAULT_AUDIO_SETTINGS.deadAirAfterGreetingMs),
  };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const BATCH = 10;
/** pg_advisory_xact_lock key of the rule set's versions. */
const RULES_LOCK = 7_314_300_101;
/**
 * How long a checker's claim on a contact holds: far beyond a check (a 5-minute call's audio in
 * ~150 ms, speech to text in seconds), so only a checker that died lets another take it over.
 */
const CLAIM_MS = 10 * 60_000;

/**
 * Automatic checks (自动质检): the rule set (versioned), the dry run for rule authors, and the
 * checker that runs them on every handled contact as its recording arrives.
 */
export function createAutoChecks(deps: {
  db: Database;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  audit: AuditLog;
  contacts: ContactsReadModel;
  segmenter: Segmenter;
  recordings: Pick<RecordingStore, 'open'> | undefined;
  stt: SpeechToText | undefined;
  intervalMs?: number;
}) {
  const { db, bus, clock, log, audit, contacts, segmenter } = deps;

  async function activeRules(): Promise<{ version: number; rules: AutoCheckRule[] }> {
    const [r] = await db.select().from(qualityRuleSets).orderBy(desc(qualityRuleSets.version)).limit(1);
    return r ? { version: r.version, rules: r.rules } : { version: 0, rules: AutoCheckRules.parse(DEFAULT_RULES) };
  }

  /** Transcribes each party's speech turns and merges them in time order. */
  async function transcribe(samples: Int16Array, sampleRate: number, audio: AudioFindings): Promise<TranscriptLine[]> {
    if (!deps.stt) return [];
    const lines: TranscriptLine[] = [];
    for (const [channel, speaker, turns] of [
      [0, 'customer', audio.customerSpeech],
      [1, 'agent', audio.agentSpeech],
    ] as const) {
      const mono = new Int16Array(samples.length / 2);
      for (let i = 0; i < mono.length; i++) mono[i] = samples[2 * i + channel]!;
      const texts = await deps.stt.transcribe(mono, sampleRate, turns);
      turns.forEach((t, i) => {
        const text = texts[i]?.trim();
        if (text) lines.push({ speaker, text, startMs: t.startMs, endMs: t.endMs });
      });
    }
    return lines.sort((a, b) => (a.startMs ?? 0) - (b.startMs ?? 0));
  }

  /**
   * Runs every enabled rule on one contact and stores what it found (replacing an earlier run). The
   * due flag is cleared only if nothing made the contact due again while it ran (`auto_check_seq`
   * unchanged since `c` was read): a recording stored or a hold delivered meanwhile is checked next.
   */
  async function checkContact(c: QualityContactRow, rules: AutoCheckRule[]): Promise<number> {
    const holds = await contacts.holdsOf(db, c);
    const findings: AutoFinding[] = [];
    let audio: AudioFindings | undefined;
    let transcript: TranscriptLine[] | null = (c.transcript as TranscriptLine[] | null) ?? null;
    if (c.recordingId && deps.recordings) {
      const opened = await deps.recordings.open(c.recordingId);
      const wav = readWav(await readAll(opened.stream));
      audio = checkAudio(wav, holds, audioSettings(rules));
      if (deps.stt && wav.channels === 2) transcript = await transcribe(wav.samples, wav.sampleRate, audio);
      findings.push(...audioFindings(rules, audio, holds));
    } else {
      // No recording: only the long-hold rule has something to read (the call's holds).
      findings.push(...audioFindings(rules, emptyAudio, holds));
    }
    const language = deps.stt?.language ?? 'zh';
    const phrased = transcript !== null && transcript.length > 0;
    if (phrased) findings.push(...checkPhrases(rules, language, transcript!, segmenter));
    const ran = rulesRun(rules, {
      recording: audio !== undefined,
      call: c.callId !== null,
      transcriptLanguage: phrased ? language : null,
    });
    await bus.transaction(async (tx) => {
      await tx.delete(qualityFindings).where(eq(qualityFindings.contactId, c.contactId));
      if (findings.length) {
        await tx.insert(qualityFindings).values(
          findings.map((f) => ({
            contactId: c.contactId,
            agentId: c.agentId,
            connectedAt: c.connectedAt,
            rule: f.rule,
            kind: f.kind,
            speaker: f.speaker ?? null,
            text: f.text ?? null,
            atMs: f.atMs ?? null,
            durationMs: f.durationMs ?? null,
          })),
        );
      }
      await tx
        .update(qualityContacts)
        .set({
          autoCheckedAt: clock.now(),
          autoCheckDue: sql`${qualityContacts.autoCheckSeq} <> ${c.autoCheckSeq}`,
          autoCheckClaimedUntil: null,
          autoCheckRules: ran,
          autoCheckError: null,
          silenceMs: audio?.silenceMs ?? null,
          overtalkMs: audio?.overtalkMs ?? null,
          agentTalkMs: audio?.agentTalkMs ?? null,
          customerTalkMs: audio?.customerTalkMs ?? null,
          ...(transcript && deps.stt ? { transcript } : {}),
        })
        .where(eq(qualityContacts.contactId, c.contactId));
      await bus.stage(tx, 'quality.contact.checked', {
        contactId: c.contactId,
        agentId: c.agentId,
        findings: findings.length,
        at: clock.now().toISOString(),
      });
    });
    return findings.length;
  }

  const emptyAudio: AudioFindings = {
    durationMs: 0,
    customerSpeech: [],
    agentSpeech: [],
    customerTalkMs: 0,
    agentTalkMs: 0,
    silences: [],
    silenceMs: 0,
    overtalks: [],
    overtalkMs: 0,
    deadAirAfterGreeting: null,
  };

  /**
   * Claims a batch of due contacts for this checker: FOR UPDATE SKIP LOCKED, so two checkers (two
   * nodes, or a pass and a re-run) never take the same contact, and a claim (`auto_check_claimed_until`)
   * that outlives the statement, so the contact stays taken while its audio is read and transcribed.
   */
  async function claim(): Promise<QualityContactRow[]> {
    const now = clock.now();
    const due = db
      .select({ id: qualityContacts.contactId })
      .from(qualityContacts)
      .where(
        and(
          eq(qualityContacts.autoCheckDue, true),
          or(isNull(qualityContacts.autoCheckClaimedUntil), lt(qualityContacts.autoCheckClaimedUntil, now)),
        ),
      )
      .orderBy(qualityContacts.connectedAt)
      .limit(BATCH)
      .for('update', { skipLocked: true });
    const rows = await db
      .update(qualityContacts)
      .set({ autoCheckClaimedUntil: new Date(now.getTime() + CLAIM_MS) })
      .where(inArray(qualityContacts.contactId, due))
      .returning();
    return rows.sort((a, b) => a.connectedAt.getTime() - b.connectedAt.getTime());
  }

  /** A batch of due contacts; one that fails is marked with its error and not retried until due again. */
  async function batch(): Promise<number> {
    const due = await claim();
    if (due.length === 0) return 0;
    const { rules } = await activeRules();
    for (const c of due) {
      try {
        await checkContact(c, rules);
      } catch (err) {
        log.warn({ err, contactId: c.contactId }, 'quality: automatic checks failed');
        await db
          .update(qualityContacts)
          .set({
            autoCheckDue: sql`${qualityContacts.autoCheckSeq} <> ${c.autoCheckSeq}`,
            autoCheckClaimedUntil: null,
            autoCheckError: String((err as Error).message ?? err).slice(0, 500),
          })
          .where(eq(qualityContacts.contactId, c.contactId));
      }
    }
    return due.length;
  }

  const scanner: Scanner = createScanner({
    what: 'quality automatic checks',
    batchSize: BATCH,
    intervalMs: deps.intervalMs ?? 5000,
    batch,
    log,
  });

  return {
    activeRules,

    async saveRules(rules: AutoCheckRule[], actor: Actor): Promise<{ version: number; rules: AutoCheckRule[] }> {
      return db.transaction(async (tx) => {
        // Two saves at once take turns (each reads the newest version and adds one): both are kept,
        // as versions n+1 and n+2, instead of the second failing on the version's key.
        await tx.execute(sql`select pg_advisory_xact_lock(${RULES_LOCK})`);
        const [last] = await tx
          .select({ v: sql<number>`coalesce(max(${qualityRuleSets.version}), 0)` })
          .from(qualityRuleSets);
        const version = (last?.v ?? 0) + 1;
        await tx.insert(qualityRuleSets).values({ version, rules, savedAt: clock.now(), savedBy: actor.userId });
        await audit.append(tx, actor, {
          action: 'quality.rules.saved',
          entityType: 'quality_rules',
          entityId: String(version),
          details: { version, rules: rules.length },
        });
        return { version, rules };
      });
    },

    /** The dry run (POST /api/v1/quality/auto-check): the phrase rules on a sample transcript. */
    async dryRun(body: AutoCheckBody): Promise<AutoFinding[]> {
      const rules = body.rules ?? (await activeRules()).rules;
      return checkPhrases(rules, body.language, body.transcript, segmenter);
    },

    /** Checks one contact now (a re-run asked for by a QA lead, tests). */
    async recheck(contactId: string): Promise<number | undefined> {
      const c = await contacts.find(db, contactId);
      if (!c) return undefined;
      return checkContact(c, (await activeRules()).rules);
    },

    scan: () => scanner.scan(),
    start: () => scanner.start(),
    stop: () => scanner.stop(),
  };
}
export type AutoChecks = ReturnType<typeof createAutoChecks>;
