import type {
  Announcement,
  ConfirmBody,
  ConfirmReply,
  CreateAnnouncementBody,
  CreateHandoverBody,
  HandoverNote,
  MyAnnouncement,
  QuizQuestion,
  ReadStatus,
} from '../../../../contracts/announcements';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import { AppError, forbidden } from '../../platform/errors';
import type { IdGenerator } from '../../platform/ids';
import type { UsersService } from '../auth';
import type { TeamsService } from '../teams';
import type { AnnouncementRow, AnnouncementsRepo, Tally } from './announcements.repo';
import { sanitizeBody } from './knowledge.content';

export type AnnouncementsDeps = {
  db: Database;
  repo: AnnouncementsRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  users: Pick<UsersService, 'profiles' | 'list' | 'displayNames'>;
  teams: Pick<TeamsService, 'list'>;
};

export const announcementNotFound = (id: string) =>
  new AppError('KNOWLEDGE.ANNOUNCEMENT_NOT_FOUND', `No announcement ${id} for you`);
const badQuiz = (i: number) =>
  new AppError('KNOWLEDGE.INVALID', `quiz.${i}.correct: no such option`, {
    fields: [{ location: 'body', path: `quiz.${i}.correct`, message: 'no such option' }],
  });
const noReaders = () =>
  new AppError('KNOWLEDGE.INVALID', 'audience: nobody is addressed', {
    fields: [{ location: 'body', path: 'audience', message: 'nobody is addressed' }],
  });

/** The questions of a quiz that an answer sheet gets wrong (0-based). */
export function wrongAnswers(quiz: readonly QuizQuestion[], answers: readonly number[]): number[] {
  return quiz.flatMap((q, i) => (answers[i] === q.correct ? [] : [i]));
}

/** 公告板 and 交接班: notices with read confirmation and a quick quiz; a team's handover notes. */
export function createAnnouncements(deps: AnnouncementsDeps) {
  const { db, repo, bus, audit, clock, ids } = deps;
  const manager = (a: Actor) => !a.permissions || a.permissions.has('announcements.manage');

  async function ledTeams(actor: Actor): Promise<Set<string>> {
    return new Set((await deps.teams.list()).filter((t) => t.leadUserId === actor.userId).map((t) => t.id));
  }

  /** The readers of an audience now: enabled users, with their team. */
  async function readersOf(body: CreateAnnouncementBody): Promise<{ userId: string; teamId: string | null }[]> {
    const everyone = (await deps.users.profiles(db)).filter((u) => !u.disabled);
    const a = body.audience;
    if (a.kind === 'everyone') return everyone.map((u) => ({ userId: u.id, teamId: u.teamId }));
    if (a.kind === 'teams') {
      const teams = new Set(a.teamIds);
      return everyone.filter((u) => u.teamId && teams.has(u.teamId)).map((u) => ({ userId: u.id, teamId: u.teamId }));
    }
    const ids = new Set<string>();
    for (const role of a.roles) {
      for (let page = 1; ; page++) {
        const p = await deps.users.list({ role, page, pageSize: 200 });
        for (const u of p.rows) ids.add(u.id);
        if (page * 200 >= p.total) break;
      }
    }
    return everyone.filter((u) => ids.has(u.id)).map((u) => ({ userId: u.id, teamId: u.teamId }));
  }

  async function out(rows: AnnouncementRow[], showAnswers: boolean): Promise<Announcement[]> {
    const tallies = await repo.tallies(
      db,
      rows.map((r) => r.id),
    );
    const names = await deps.users.displayNames(db, [
      ...new Set(rows.flatMap((r) => (r.senderId ? [r.senderId] : []))),
    ]);
    const none: Tally = { readers: 0, read: 0, confirmed: 0 };
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      body: r.body,
      audience: r.audience,
      requireConfirmation: r.requireConfirmation,
      quiz: showAnswers ? r.quiz : r.quiz.map(({ text, options }) => ({ text, options })),
      expiresAt: r.expiresAt?.toISOString() ?? null,
      sender: { id: r.senderId, name: (r.senderId && names.get(r.senderId)) || '' },
      publishedAt: r.publishedAt.toISOString(),
      ...(tallies.get(r.id) ?? none),
    }));
  }

  /** Senders and managers see an announcement's answers and read status; a team lead for the teams they lead. */
  async function assertOverseer(a: AnnouncementRow, actor: Actor): Promise<Set<string> | 'all'> {
    if (manager(actor) || a.senderId === actor.userId) return 'all';
    if (actor.permissions?.has('announcements.team')) {
      const led = await ledTeams(actor);
      if (led.size > 0) return led;
    }
    throw announcementNotFound(a.id);
  }

  return {
    /**
     * Publishes a notice. Holders of announcements.manage address anyone; team leads
     * (announcements.team) the teams they lead.
     */
    async create(body: CreateAnnouncementBody, actor: Actor): Promise<Announcement> {
      if (!manager(actor)) {
        const led = await ledTeams(actor);
        if (body.audience.kind !== 'teams' || body.audience.teamIds.some((t) => !led.has(t))) {
          throw forbidden('announcements.manage');
        }
      }
      body.quiz.forEach((q, i) => {
        if (q.correct >= q.options.length) throw badQuiz(i);
      });
      const readers = await readersOf(body);
      if (readers.length === 0) throw noReaders();
      const row: AnnouncementRow = {
        id: ids.next(),
        title: body.title,
        body: sanitizeBody(body.body),
        audience: body.audience,
        requireConfirmation: body.requireConfirmation || body.quiz.length > 0,
        quiz: body.quiz,
        expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
        senderId: actor.userId,
        publishedAt: clock.now(),
      };
      await bus.transaction(async (tx) => {
        await repo.insert(tx, row, readers);
        await audit.append(tx, actor, {
          action: 'knowledge.announcement.published',
          entityType: 'announcement',
          entityId: row.id,
          details: { title: row.title, audience: row.audience, readers: readers.length, quiz: row.quiz.length },
        });
        await bus.stage(tx, 'knowledge.announcement.published', {
          announcementId: row.id,
          title: row.title,
          readerIds: readers.map((r) => r.userId),
        });
      });
      return (await out([row], true))[0]!;
    },

    /** What one has sent (managers: every announcement), newest first, with read and confirmed counts. */
    async list(q: { page: number; pageSize: number }, actor: Actor) {
      const { rows, total } = await repo.list(db, {
        senderId: manager(actor) ? undefined : (actor.userId ?? undefined),
        offset: (q.page - 1) * q.pageSize,
        limit: q.pageSize,
      });
      return { items: await out(rows, true), total, page: q.page, pageSize: q.pageSize };
    },

    /** The signed-in user's announcements (the desktop shows the pending ones until confirmed). */
    async mine(actor: Actor, pending: boolean): Promise<{ items: MyAnnouncement[] }> {
      const rows = await repo.mine(db, actor.userId!, clock.now(), pending);
      const items = await out(
        rows.map((x) => x.a),
        false,
      );
      return {
        items: items.map((a, i) => ({
          ...a,
          readAt: rows[i]!.r.readAt?.toISOString() ?? null,
          confirmedAt: rows[i]!.r.confirmedAt?.toISOString() ?? null,
        })),
      };
    },

    async markRead(id: string, actor: Actor): Promise<void> {
      const a = await repo.find(db, id);
      if (!a) throw announcementNotFound(id);
      await db.transaction(async (tx) => {
        if (!(await repo.reader(tx, id, actor.userId!))) throw announcementNotFound(id);
        await repo.markRead(tx, id, actor.userId!, clock.now());
      });
    },

    /**
     * "I have read it": with a quiz, every answer must be right (a wrong sheet is counted and the
     * questions to look at again are named; the reader tries again).
     */
    async confirm(id: string, body: ConfirmBody, actor: Actor): Promise<ConfirmReply> {
      const a = await repo.find(db, id);
      if (!a) throw announcementNotFound(id);
      return db.transaction(async (tx) => {
        const r = await repo.reader(tx, id, actor.userId!);
        if (!r) throw announcementNotFound(id);
        if (r.confirmedAt) return { confirmed: true as const, confirmedAt: r.confirmedAt.toISOString() };
        const wrong = wrongAnswers(a.quiz, body.answers);
        if (wrong.length > 0) {
          await repo.updateReader(tx, id, actor.userId!, { failedAttempts: r.failedAttempts + 1 });
          return { confirmed: false as const, wrong };
        }
        const now = clock.now();
        await repo.updateReader(tx, id, actor.userId!, { confirmedAt: now, readAt: r.readAt ?? now });
        return { confirmed: true as const, confirmedAt: now.toISOString() };
      });
    },

    /** Who has not confirmed yet, per team (a team lead sees the teams they lead). */
    async readStatus(id: string, actor: Actor): Promise<ReadStatus> {
      const a = await repo.find(db, id);
      if (!a) throw announcementNotFound(id);
      const scope = await assertOverseer(a, actor);
      const readers = (await repo.readers(db, id)).filter(
        (r) => scope === 'all' || (r.teamId !== null && scope.has(r.teamId)),
      );
      const [names, teams] = await Promise.all([
        deps.users.displayNames(
          db,
          readers.map((r) => r.userId),
        ),
        deps.teams.list(),
      ]);
      const teamName = new Map(teams.map((t) => [t.id, t.name]));
      const byTeam = new Map<string | null, typeof readers>();
      for (const r of readers) byTeam.set(r.teamId, [...(byTeam.get(r.teamId) ?? []), r]);
      const done = (r: (typeof readers)[number]) =>
        a.requireConfirmation ? r.confirmedAt !== null : r.readAt !== null;
      return {
        teams: [...byTeam.entries()]
          .map(([teamId, rs]) => ({
            teamId,
            teamName: teamId ? (teamName.get(teamId) ?? null) : null,
            readers: rs.length,
            confirmed: rs.filter(done).length,
            pending: rs
              .filter((r) => !done(r))
              .map((r) => ({ id: r.userId, name: names.get(r.userId) ?? '', readAt: r.readAt?.toISOString() ?? null }))
              .sort((x, y) => x.name.localeCompare(y.name, 'zh-CN')),
          }))
          .sort((x, y) => (x.teamName ?? '\uffff').localeCompare(y.teamName ?? '\uffff', 'zh-CN')),
      };
    },

    /** A team's handover notes: its members, its lead and holders of announcements.manage. */
    async handovers(teamId: string, limit: number, actor: Actor): Promise<HandoverNote[]> {
      await assertTeamAccess(teamId, actor);
      const rows = await repo.handovers(db, teamId, limit);
      const names = await deps.users.displayNames(db, [
        ...new Set(rows.flatMap((r) => (r.authorId ? [r.authorId] : []))),
      ]);
      return rows.map((r) => ({
        id: r.id,
        teamId: r.teamId,
        body: r.body,
        author: { id: r.authorId, name: (r.authorId && names.get(r.authorId)) || '' },
        createdAt: r.createdAt.toISOString(),
      }));
    },

    async addHandover(body: CreateHandoverBody, actor: Actor): Promise<HandoverNote> {
      await assertTeamAccess(body.teamId, actor);
      const row = {
        id: ids.next(),
        teamId: body.teamId,
        authorId: actor.userId,
        body: body.body,
        createdAt: clock.now(),
      };
      await repo.insertHandover(db, row);
      const names = actor.userId ? await deps.users.displayNames(db, [actor.userId]) : new Map<string, string>();
      return {
        ...row,
        author: { id: row.authorId, name: (row.authorId && names.get(row.authorId)) || '' },
        createdAt: row.createdAt.toISOString(),
      };
    },
  };

  async function assertTeamAccess(teamId: string, actor: Actor): Promise<void> {
    if (manager(actor)) return;
    const [me] = actor.userId ? await deps.users.profiles(db, [actor.userId]) : [];
    if (me?.teamId === teamId) return;
    if ((await ledTeams(actor)).has(teamId)) return;
    throw forbidden('announcements.manage');
  }
}
export type Announcements = ReturnType<typeof createAnnouncements>;
