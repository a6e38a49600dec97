import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { IMPORT_COLUMNS } from '../../../../contracts/crm';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Database } from '../../platform/db';
import { piiPolicy } from '../../platform/pii';
import type { IdNumberCipher } from './crm.crypto';
import type { CrmRepo } from './crm.repo';
import { customerView } from './crm.view';

const PAGE = 2000;

/** Exports in the import's columns (an export imports back), as the viewer may see them. */
export function createExportService(deps: {
  db: Database;
  repo: CrmRepo;
  cipher: IdNumberCipher;
  bus: EventBus;
  audit: AuditLog;
}) {
  const { db, repo, cipher } = deps;

  async function table(actor: Actor): Promise<string[][]> {
    const defs = await repo.customFields(db);
    const header = [...IMPORT_COLUMNS, ...defs.map((d) => `cf.${d.key}`)];
    const out: string[][] = [header];
    const policy = piiPolicy(actor);
    let after: string | null = null;
    const ids: string[] = [];
    for (;;) {
      const rows = await repo.all(db, after, PAGE);
      if (rows.length === 0) break;
      for (const r of rows) {
        const c = customerView(r, policy, cipher);
        ids.push(r.id);
        out.push([
          c.kind,
          c.name,
          c.phones.map((p) => p.number).join(';'),
          c.emails.join(';'),
          c.accountNumbers.join(';'),
          c.idNumber ?? '',
          c.tags.join(';'),
          c.tier,
          c.preferredLanguage ?? '',
          c.preferredChannel ?? '',
          String(c.consent.marketingCalls),
          String(c.consent.sms),
          String(c.consent.email),
          c.notes.map((n) => n.text).join('\n'),
          ...defs.map((d) =>
            c.customFields[d.key] === undefined || c.customFields[d.key] === null ? '' : String(c.customFields[d.key]),
          ),
        ]);
      }
      after = rows[rows.length - 1]!.id;
    }
    // An export in clear is a bulk read of personal data: one audit entry names every customer.
    const record = policy.viewed({ entityType: 'customer', entityIds: ids, fields: ['phones', 'emails', 'idNumber'] });
    if (record) await deps.bus.transaction((tx) => deps.audit.append(tx, actor, record));
    return out;
  }

  return {
    async csv(actor: Actor): Promise<string> {
      // A BOM so that Excel opens the UTF-8 file with its Chinese names intact.
      return `\ufeff${stringify(await table(actor))}`;
    },
    async xlsx(actor: Actor): Promise<Buffer> {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('customers');
      for (const row of await table(actor)) ws.addRow(row);
      return Buffer.from(await wb.xlsx.writeBuffer());
    },
  };
}
export type ExportService = ReturnType<typeof createExportService>;
