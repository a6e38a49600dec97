import type {
  CreateCustomFieldBody,
  CrmSettings,
  CustomField,
  UpdateCustomFieldBody,
  Verification,
} from '../../../../contracts/crm';
import { CreateCustomFieldBody as CreateFieldSchema } from '../../../../contracts/crm';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import { type Database, isUniqueViolation } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import { customerNotFound, customFieldKeyTaken, customFieldNotFound, verificationContactInvalid } from './crm.errors';
import type { CrmRepo, CustomFieldRow } from './crm.repo';
import type { ContactReader } from './crm.service';

const HIDDEN_KEY = 'hiddenUntilVerified';

const fieldView = (r: CustomFieldRow): CustomField => ({
  id: r.id,
  key: r.key,
  labelZh: r.labelZh,
  labelEn: r.labelEn,
  type: r.type as CustomField['type'],
  options: r.options,
  required: r.required,
});

/** The CRM's configuration (custom fields, what stays hidden until verified) and identity checks. */
export function createCrmAdminService(deps: {
  db: Database;
  repo: CrmRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  contacts: Pick<ContactReader, 'activeContactIds'>;
}) {
  const { db, repo, bus, audit, clock, ids, contacts } = deps;
  return {
    async customFields(): Promise<CustomField[]> {
      return (await repo.customFields(db)).map(fieldView);
    },

    async createCustomField(body: CreateCustomFieldBody, actor: Actor): Promise<CustomField> {
      const b = CreateFieldSchema.parse(body);
      try {
        const row = await bus.transaction(async (tx) => {
          const r = await repo.insertCustomField(tx, { id: ids.next(), ...b, createdAt: clock.now() });
          await audit.append(tx, actor, {
            action: 'crm.custom_field.created',
            entityType: 'custom_field',
            entityId: r.id,
            details: { key: r.key, type: r.type, required: r.required },
          });
          return r;
        });
        return fieldView(row);
      } catch (err) {
        if (isUniqueViolation(err)) throw customFieldKeyTaken(b.key);
        throw err;
      }
    },

    /** Label, options and required change; key and type do not (stored values keep their meaning). */
    async updateCustomField(id: string, body: UpdateCustomFieldBody, actor: Actor): Promise<CustomField> {
      const row = await bus.transaction(async (tx) => {
        const r = await repo.updateCustomField(tx, id, body);
        if (!r) throw customFieldNotFound(id);
        await audit.append(tx, actor, {
          action: 'crm.custom_field.updated',
          entityType: 'custom_field',
          entityId: id,
          details: { key: r.key, after: body },
        });
        return r;
      });
      return fieldView(row);
    },

    /** Stored values stay on the customers (unshown): re-creating the key brings them back. */
    async deleteCustomField(id: string, actor: Actor): Promise<void> {
      await bus.transaction(async (tx) => {
        const r = await repo.deleteCustomField(tx, id);
        if (!r) throw customFieldNotFound(id);
        await audit.append(tx, actor, {
          action: 'crm.custom_field.deleted',
          entityType: 'custom_field',
          entityId: id,
          details: { key: r.key },
        });
      });
    },

    async settings(): Promise<CrmSettings> {
      return { hiddenUntilVerified: (await repo.setting<CrmSettings['hiddenUntilVerified']>(db, HIDDEN_KEY)) ?? [] };
    },

    async updateSettings(body: CrmSettings, actor: Actor): Promise<CrmSettings> {
      const hidden = [...new Set(body.hiddenUntilVerified)];
      await bus.transaction(async (tx) => {
        const before = (await repo.setting<string[]>(tx, HIDDEN_KEY)) ?? [];
        await repo.putSetting(tx, HIDDEN_KEY, hidden);
        await audit.append(tx, actor, {
          action: 'crm.settings.updated',
          details: { hiddenUntilVerified: { before, after: hidden } },
        });
      });
      return { hiddenUntilVerified: hidden };
    },

    /**
     * Records an identity check an agent made (the agent judges it; Kefu keeps the record). A check
     * on a contact is the agent's own: only one of their open contacts (routing's myContacts) — a
     * passed check unlocks the hidden-until-verified fields on it.
     */
    async verify(
      customerId: string,
      body: { contactId?: string | undefined; method: Verification['method']; result: Verification['result'] },
      actor: Actor,
    ): Promise<Verification> {
      if (body.contactId && !contacts.activeContactIds(actor).includes(body.contactId)) {
        throw verificationContactInvalid(body.contactId);
      }
      const row = {
        id: ids.next(),
        customerId,
        contactId: body.contactId ?? null,
        method: body.method,
        result: body.result,
        byUserId: actor.userId,
        at: clock.now(),
      };
      await bus.transaction(async (tx) => {
        if (!(await repo.find(tx, customerId))) throw customerNotFound(customerId);
        await repo.insertVerification(tx, row);
        await audit.append(tx, actor, {
          action: 'crm.customer.verified',
          entityType: 'customer',
          entityId: customerId,
          details: { contactId: row.contactId, method: row.method, result: row.result },
        });
      });
      return { ...row, at: row.at.toISOString() };
    },
  };
}
export type CrmAdminService = ReturnType<typeof createCrmAdminService>;
