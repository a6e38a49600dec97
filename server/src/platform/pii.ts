import { maskPii, type PiiKind } from '../../../contracts/pii';
import type { AuditEntityType, AuditRecord } from './audit';

export type { PiiKind };

/**
 * Who is looking at personal data: a principal, an actor, a module's viewer. Only what they may do
 * matters; no permissions at all (the anonymous, or an actor without a session) sees masked data.
 */
export type PiiViewer = { readonly permissions?: ReadonlySet<string> } | null | undefined;

/** Which fields of a record carry personal data, and of what kind. */
export type PiiFields<T> = { readonly [K in keyof T]?: PiiKind };

/** The audit action of "unmasked personal data was shown to someone" (PIPL: access is logged). */
export const PII_VIEWED = 'platform.pii.viewed';

/**
 * The one PII policy (PIPL: collect the minimum, mask what is shown). Every module asks it, rather
 * than checking `pii.view` and calling `maskPii` itself, so the rule lives in one place: a viewer
 * holding `pii.view` reads values as stored, and that access is audited; anyone else reads them
 * masked by `maskPii` of `contracts/pii.ts`.
 */
export type PiiPolicy = {
  /** Whether this viewer reads personal data as stored. */
  readonly clear: boolean;
  /** One value, masked unless the viewer may read it clear; null stays null. */
  value(kind: PiiKind, v: string): string;
  value(kind: PiiKind, v: string | null): string | null;
  value(kind: PiiKind, v: string | null | undefined): string | null | undefined;
  /** A copy of `row` with its personal fields masked (the row itself when nothing changes). */
  record<T extends object>(row: T, fields: PiiFields<T>): T;
  /**
   * The audit entry to append when this viewer was just shown personal data in clear, or undefined
   * when there is nothing to record (the data was masked, or no entity carried any). Its details
   * name the fields and the entities by type: `{ fields: ['phone'], userIds: [...] }`.
   */
  viewed(access: {
    entityType: AuditEntityType;
    entityIds: readonly string[];
    fields: readonly string[];
  }): AuditRecord | undefined;
};

export function canViewPii(viewer: PiiViewer): boolean {
  return !!viewer?.permissions?.has('pii.view');
}

export function piiPolicy(viewer: PiiViewer): PiiPolicy {
  return canViewPii(viewer) ? PII_CLEAR : PII_MASKED;
}

function makePolicy(clear: boolean): PiiPolicy {
  function value(kind: PiiKind, v: string): string;
  function value(kind: PiiKind, v: string | null): string | null;
  function value(kind: PiiKind, v: string | null | undefined): string | null | undefined;
  function value(kind: PiiKind, v: string | null | undefined): string | null | undefined {
    if (clear || v === null || v === undefined) return v;
    return maskPii(kind, v);
  }
  return {
    clear,
    value,
    record<T extends object>(row: T, fields: PiiFields<T>): T {
      if (clear) return row;
      let out: T | undefined;
      for (const key of Object.keys(fields) as (keyof T)[]) {
        const kind = fields[key];
        const v = row[key];
        if (!kind || typeof v !== 'string' || v === '') continue;
        out ??= { ...row };
        (out as Record<keyof T, unknown>)[key] = maskPii(kind, v);
      }
      return out ?? row;
    },
    viewed({ entityType, entityIds, fields }) {
      if (!clear || entityIds.length === 0) return undefined;
      const ids = [...entityIds];
      return {
        action: PII_VIEWED,
        entityType,
        ...(ids.length === 1 ? { entityId: ids[0] } : {}),
        details: { fields: [...fields], [`${entityType}Ids`]: ids },
      };
    },
  };
}

/** Kefu itself reading data (telephony dialling a contact's number, the call record): never masked. */
export const PII_CLEAR: PiiPolicy = makePolicy(true);
/** Always masked: audit details, logs, anything stored for later readers whose rights are unknown. */
export const PII_MASKED: PiiPolicy = makePolicy(false);
