import type { Readable } from 'node:stream';
import type { Actor, AuditLog } from '../../../platform/audit';
import type { Database } from '../../../platform/db';
import type { RecordingStore } from './recording-store';
import { recordingNotFound } from './recordings.errors';

export type RecordingsServiceDeps = {
  db: Database;
  audit: AuditLog;
  /** Undefined when the app runs without recordings (API tests that do not need them). */
  store: RecordingStore | undefined;
};

/** Playback: every listen is audited with the recording and its call, before any audio leaves. */
export function createRecordingsService(deps: RecordingsServiceDeps) {
  return {
    /** `context` says where it was played from (e.g. a quality example), kept in the audit entry. */
    async play(
      id: string,
      actor: Actor,
      context: Record<string, string> = {},
    ): Promise<{ stream: Readable; bytes: number }> {
      if (!deps.store) throw recordingNotFound(id);
      const opened = await deps.store.open(id);
      try {
        await deps.db.transaction((tx) =>
          deps.audit.append(tx, actor, {
            action: 'telephony.recording.played',
            entityType: 'recording',
            entityId: id,
            details: { ...context, callId: opened.callId },
          }),
        );
      } catch (err) {
        opened.stream.destroy();
        throw err;
      }
      return { stream: opened.stream, bytes: opened.bytes };
    },
  };
}
export type RecordingsService = ReturnType<typeof createRecordingsService>;
