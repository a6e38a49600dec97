import type {
  CreateSurveyTemplateBody,
  QueueTemplate,
  SurveyChannel,
  SurveyQuestion,
  SurveyTemplate,
  UpdateSurveyTemplateBody,
} from '../../../../contracts/surveys';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import { type Database, type DbOrTx, isUniqueViolation } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import { templateNameTaken, templateNotFound, unknownTemplate } from './surveys.errors';
import type { SurveysRepo, TemplateRow } from './surveys.repo';

/** The template a fresh installation starts with: CSAT and a comment, by IVR and by link. */
export const DEFAULT_TEMPLATE = {
  name: '默认满意度调查',
  questions: ['csat', 'text'] as SurveyQuestion[],
  introZh: '感谢您联系我们！请您对本次服务进行评价。',
  introEn: 'Thank you for contacting us! Please rate the service you received.',
  expiryHours: 72,
  channels: ['ivr', 'sms', 'email', 'chat'] as SurveyChannel[],
  sendAfterContact: false,
  followUpOnLowScore: false,
};

/** A template as the rest of the module reads it. */
export type Template = Omit<SurveyTemplate, 'queueIds' | 'createdAt' | 'updatedAt'>;

export function templateOf(r: TemplateRow): Template {
  return {
    id: r.id,
    name: r.name,
    questions: r.questions as SurveyQuestion[],
    introZh: r.introZh,
    introEn: r.introEn,
    expiryHours: r.expiryHours,
    channels: r.channels as SurveyChannel[],
    sendAfterContact: r.sendAfterContact,
    followUpOnLowScore: r.followUpOnLowScore,
    isDefault: r.isDefault,
  };
}

/** Survey templates and which queue uses which (queues without their own use the default). */
export function createSurveyTemplates(deps: {
  db: Database;
  repo: SurveysRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
}) {
  const { db, repo, bus, audit, clock, ids } = deps;

  async function guardName<T>(name: string | undefined, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (name && isUniqueViolation(err)) throw templateNameTaken(name);
      throw err;
    }
  }

  async function withQueues(rows: TemplateRow[]): Promise<SurveyTemplate[]> {
    const map = await repo.queueTemplates(db);
    return rows.map((r) => ({
      ...templateOf(r),
      queueIds: map.filter((m) => m.templateId === r.id).map((m) => m.queueId),
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    }));
  }

  return {
    /** Writes the default template unless there is one (module init; idempotent). */
    async ensureDefault(): Promise<void> {
      if (await repo.defaultTemplate(db)) return;
      const now = clock.now();
      await repo.insertDefaultIfMissing(db, {
        id: ids.next(),
        ...DEFAULT_TEMPLATE,
        isDefault: true,
        createdAt: now,
        updatedAt: now,
      });
    },

    async list(): Promise<SurveyTemplate[]> {
      return withQueues(await repo.listTemplates(db));
    },

    async get(id: string): Promise<SurveyTemplate> {
      const r = await repo.findTemplate(db, id);
      if (!r) throw templateNotFound(id);
      return (await withQueues([r]))[0]!;
    },

    /** The template a queue's surveys use: its own, else the default. */
    async forQueue(tx: DbOrTx, queueId: string | null): Promise<Template | undefined> {
      const own = queueId ? await repo.templateIdOfQueue(tx, queueId) : undefined;
      const r = (own ? await repo.findTemplate(tx, own) : undefined) ?? (await repo.defaultTemplate(tx));
      return r ? templateOf(r) : undefined;
    },

    /** A template named in a request body (400 when there is none). */
    async named(tx: DbOrTx, id: string): Promise<Template> {
      const r = await repo.findTemplate(tx, id);
      if (!r) throw unknownTemplate(id);
      return templateOf(r);
    },

    async create(body: CreateSurveyTemplateBody, actor: Actor): Promise<SurveyTemplate> {
      const row = await guardName(body.name, () =>
        bus.transaction(async (tx) => {
          const now = clock.now();
          if (body.isDefault) await repo.clearDefault(tx);
          const r = await repo.insertTemplate(tx, { id: ids.next(), ...body, createdAt: now, updatedAt: now });
          await audit.append(tx, actor, {
            action: 'surveys.template.created',
            entityType: 'survey_template',
            entityId: r.id,
            details: { name: r.name, questions: r.questions, isDefault: r.isDefault },
          });
          await bus.stage(tx, 'surveys.templates.changed', { templateId: r.id, queueId: null });
          return r;
        }),
      );
      return (await withQueues([row]))[0]!;
    },

    async update(id: string, body: UpdateSurveyTemplateBody, actor: Actor): Promise<SurveyTemplate> {
      const row = await guardName(body.name, () =>
        bus.transaction(async (tx) => {
          const before = await repo.findTemplate(tx, id);
          if (!before) throw templateNotFound(id);
          if (body.isDefault && !before.isDefault) await repo.clearDefault(tx);
          const r = (await repo.updateTemplate(tx, id, { ...body, updatedAt: clock.now() }))!;
          await audit.append(tx, actor, {
            action: 'surveys.template.updated',
            entityType: 'survey_template',
            entityId: id,
            details: { changed: Object.keys(body) },
          });
          await bus.stage(tx, 'surveys.templates.changed', { templateId: id, queueId: null });
          return r;
        }),
      );
      return (await withQueues([row]))[0]!;
    },

    async queues(): Promise<QueueTemplate[]> {
      return repo.queueTemplates(db);
    },

    /** Gives a queue its own template, or (`null`) returns it to the default. */
    async setQueue(queueId: string, templateId: string | null, actor: Actor): Promise<QueueTemplate> {
      await bus.transaction(async (tx) => {
        if (templateId) await this.named(tx, templateId);
        await repo.setQueueTemplate(tx, queueId, templateId, clock.now());
        await audit.append(tx, actor, {
          action: 'surveys.queue.template_set',
          entityType: 'queue',
          entityId: queueId,
          details: { templateId },
        });
        await bus.stage(tx, 'surveys.templates.changed', { templateId, queueId });
      });
      return { queueId, templateId };
    },
  };
}
export type SurveyTemplates = ReturnType<typeof createSurveyTemplates>;
