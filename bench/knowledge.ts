/**
 * Knowledge base at scale (issue 18). `npm run bench:knowledge` → bench/results/knowledge.json
 *   search over 50,000 published Chinese articles                      p99 < 100 ms
 *   suggestions for a contact offered to an agent                        p99 < 50 ms
 *
 * The real app (buildApp) on a fresh database `kefu_bench_knowledge` migrated like a real one
 * (dropped after unless BENCH_KEEP=1). Queues, agents, categories and synonym groups are created
 * through the HTTP API. The 50,000 articles (bench/knowledge/corpus.ts: titles of 10–20
 * characters, bodies of 300–1,500, tags, four kinds, 3 % expired and 3 % scheduled, 2,000 with
 * suggestion rules over five of eight queues and a dozen keywords) are written with COPY — each an
 * article row and its published revision, the body sanitised by the module's sanitizeBody and the
 * vector and plain text made by the module's own articleSearchVector / articlePlainText
 * (knowledge.vector.ts); one article is also created and published through the API first, and its
 * row must equal what the generator makes of the same content, or the run stops.
 *
 * Search: GET /api/v1/knowledge/search through app.inject as an agent (validation, jieba cutting,
 * synonyms, the SQL, snippets and highlights, the recorded search, serialisation), one request
 * after another; kinds: a common and a rare two-character word, two words, a question in a
 * sentence, an English word or product code, a synonym, a query that finds nothing. One warm-up
 * pass, then ROUNDS passes; each figure is the median over the passes (as bench/tickets-search.ts).
 *
 * Suggestions: AGENTS agents in all eight queues (task capacity WAVES); each wave creates one
 * contact per agent through the API (subject, IVR menu choice), each offered to an agent; then
 * `knowledge.search.suggestions(contactId, agent)` is timed for each (reading the contact through
 * routing, the rules in memory, the subject's search when the rules give fewer than 5), and the
 * same through GET /api/v1/knowledge/suggestions; the agents accept and the next wave is offered.
 * The first call after `forget()` (the candidates and synonyms reloaded) is reported as cold; one
 * untimed call opens each wave so the 60 s cache is warm during the timed ones.
 *
 * BENCH_ARTICLES, BENCH_QUERIES (per kind), BENCH_ROUNDS, BENCH_AGENTS, BENCH_WAVES, BENCH_OUT
 * change the sizes and the output; BENCH_PG_URL the server; BENCH_KEEP=1 keeps the database.
 *
 * What the first run found (the module as it landed; 12 queries per kind, one pass): both targets
 * missed by far — search p50 198 ms, p99 1,577 ms (a common word p50 532 ms; a question p50
 * 864 ms, p99 1,577 ms; a synonym p50 493 ms); suggestions p99 193 ms (the subject's search).
 * Every match was ranked, and ts_rank_cd reads each article's whole vector: ~7 kB, out of line
 * (519 MB for 50,000 articles, against a 71 MB table). 宽带 is in 86 % of the articles, and a
 * question's fallback (any of its words: 怎么, 办理, 客户 …) matches nearly all of them. EXPLAIN
 * ANALYZE of 宽带: the planner, rightly expecting most rows, takes a parallel sequential scan that
 * tests — reads — every vector (444,000 buffers, 780 ms); forced onto the GIN index, fetching
 * the 43,000 matches costs ~45 ms and ranking them all still ~700 ms.
 *
 * The change (knowledge.repo.ts `search`, knowledge.search.ts `walkPays`, migration 0032): at most
 * 10 × limit matches are ranked, the newest ones (all of them when there are fewer — a specific
 * question ranks exactly as before). They are found the cheaper of two ways, judged from the
 * lexeme shares PostgreSQL's statistics keep: for words in a large share of articles, a walk of
 * the newest live articles (a new partial index on published_at) that stops when the pool is
 * full (~230 vectors read for 宽带); otherwise the GIN index alone (sequential and plain index
 * scans off in that transaction), the matches sorted by date without reading their vectors — but
 * a phrase (a word of 3+ characters) is checked on each candidate's vector, which makes a phrase
 * of moderate frequency (机顶盒 重启: 6,500 candidates, 150 ms) cheaper to walk. The price: for a
 * word in thousands of articles, the answer is the best-ranked of the newest 200 matches, not of
 * all of them. Which way is taken: the walk reads about pool / share vectors, the index share ×
 * articles rows (and their vectors when a phrase is rechecked); a query of several words counts
 * the share of its rarest (a product underestimated 实名 & 认证 & 营业厅, words of one phrase,
 * and its index path rechecked 10,600 vectors), and a walk that meets fewer matches than hoped
 * stops after 2,000 articles.
 *
 * After the change (bench/results/knowledge.json, 60 queries per kind, 3 rounds, on 2 cores
 * shared with other work at a load average of 6–8): search p50 19 ms, p95 38 ms, p99 68 ms;
 * suggestions p50 2.8 ms, p99 32 ms, the cold first call 57 ms. Under that load single requests
 * of any kind, even the queries that find nothing, now and then take 70–280 ms: the maxima are
 * the machine's, and a pass's p99 moves by tens of ms between runs.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { DEFAULT_ROLE_PERMISSIONS } from '../contracts/permissions';
import { buildApp, type Kefu } from '../server/src/app';
import { queryGroups, type SynonymIndex, synonymIndex } from '../server/src/modules/knowledge/domain/query-words';
import { sanitizeBody } from '../server/src/modules/knowledge/knowledge.content';
import { articlePlainText, articleSearchVector } from '../server/src/modules/knowledge/knowledge.vector';
import { systemClock } from '../server/src/platform/clock';
import { openDatabase } from '../server/src/platform/db';
import { uuidv7Generator } from '../server/src/platform/ids';
import { jiebaWords } from '../server/src/platform/jieba';
import { createLogger } from '../server/src/platform/logger';
import { ensureDatabaseExists, runMigrations } from '../server/src/platform/migrate';
import { toSearchQuery } from '../server/src/platform/text-search';
import { seededRandom } from '../test/seeded-random';
import {
  article,
  CONTACT_SUBJECTS,
  type GeneratedArticle,
  IVR_MENUS,
  QUERIES,
  RULE_KEYWORDS,
  SYNONYMS,
} from './knowledge/corpus';
import { pick } from './search/corpus';
import { median, quantile, r2 } from './search/measure';
import { copyFrom, copyLine } from './search/pg-copy';

const SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = 'kefu_bench_knowledge';
const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 50_000);
const RULES = Math.round(ARTICLES * 0.04);
const QUERIES_PER_KIND = Number(process.env.BENCH_QUERIES ?? 60);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 100);
const WAVES = Number(process.env.BENCH_WAVES ?? 5);
const OUT = path.resolve(process.env.BENCH_OUT ?? path.join(import.meta.dirname, 'results/knowledge.json'));
const TARGET = { searchP99Ms: 100, suggestionsP99Ms: 50 };
const QUEUES = ['broadband', 'billing', 'mobile', 'roaming', 'porting', 'complaints', 'vip', 'general'];
/** The queues the suggestion rules name; contacts of the others get keyword and text suggestions only. */
const RULE_QUEUES = QUEUES.slice(0, 5);
const PASSWORD = 'Bench-pass-1';
const DAY = 86_400_000;

const log = (...a: unknown[]) => console.log(new Date().toISOString().slice(11, 19), ...a);
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return {
    p50: r2(quantile(s, 0.5)),
    p95: r2(quantile(s, 0.95)),
    p99: r2(quantile(s, 0.99)),
    max: r2(s[s.length - 1] ?? 0),
  };
};
type Stats = ReturnType<typeof stats>;
const medianOf = (per: Stats[]): Stats => ({
  p50: median(per.map((x) => x.p50)),
  p95: median(per.map((x) => x.p95)),
  p99: median(per.map((x) => x.p99)),
  max: median(per.map((x) => x.max)),
});

function url(name: string) {
  const u = new URL(SERVER);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A Postgres text[] literal (COPY escapes it once more). */
const textArray = (xs: readonly string[]) => `{${xs.map((x) => `"${x.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

type Row = {
  id: string;
  a: GeneratedArticle;
  body: string;
  categoryId: string | null;
  effectiveFrom: Date | null;
  expiresAt: Date | null;
  suggest: { queueIds: string[]; keywords: string[] };
  publishedAt: Date;
};

/** A suggestion rule: a queue (60 %), one or two keywords (always without a queue, else 60 %). */
function ruleOf(rnd: () => number, queues: string[]) {
  const queueIds = rnd() < 0.6 ? [pick(rnd, queues)] : [];
  const keywords =
    queueIds.length === 0 || rnd() < 0.6 ? [...new Set([pick(rnd, RULE_KEYWORDS), pick(rnd, RULE_KEYWORDS)])] : [];
  return { queueIds, keywords };
}

/** The tsqueries the service runs for a query (knowledge.search.ts `find`): all groups, then any. */
function tsqueriesOf(q: string, synonyms: SynonymIndex): { and: string; or: string } | undefined {
  const parts = queryGroups(q, jiebaWords, synonyms)
    .map((g) => {
      const alternatives = g.map((w) => toSearchQuery(w)).filter((x): x is string => !!x);
      return alternatives.length > 1 ? `(${alternatives.join(' | ')})` : alternatives[0];
    })
    .filter((x): x is string => !!x);
  return parts.length ? { and: parts.join(' & '), or: parts.join(' | ') } : undefined;
}

async function main() {
  const phases: Record<string, number> = {};
  const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    log(`${name}…`);
    const r = await fn();
    phases[name] = Math.round((performance.now() - t0) / 100) / 10;
    log(`${name}: ${phases[name]} s`);
    return r;
  };

  const admin = openDatabase(url('postgres'), { max: 1 });
  await admin.pool.query(`drop database if exists ${DB} with (force)`);
  await admin.close();
  await ensureDatabaseExists(url(DB));
  await phase('migrate', () => runMigrations(url(DB)));
  const handle = openDatabase(url(DB), { max: 10 });
  const pool = handle.pool;
  const kefu: Kefu = await buildApp({
    db: handle.db,
    pool,
    clock: systemClock,
    ids: uuidv7Generator(systemClock),
    log: createLogger('silent'),
    sessionSeconds: 3600,
    idleLockSeconds: 3600,
    loginRateLimit: { max: 1_000_000, timeWindow: 60_000 },
    serveWeb: false,
  });
  try {
    await kefu.services.users.bootstrapAdmin(PASSWORD);
    await kefu.app.ready();
    const call = async (token: string, method: 'GET' | 'POST' | 'PUT', u: string, body?: unknown, status = 200) => {
      const res = await kefu.app.inject({
        method,
        url: u,
        headers: { authorization: `Bearer ${token}` },
        ...(body !== undefined ? { payload: body as object } : {}),
      });
      if (res.statusCode !== status) throw new Error(`${method} ${u}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return res.json();
    };
    const login = async (username: string) => {
      const res = await kefu.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password: PASSWORD },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      return res.json().token as string;
    };
    const adminToken = await login('admin');
    const adminId = (await call(adminToken, 'GET', '/api/v1/users/me')).id as string;

    // ---- the centre: queues, agents, categories, synonyms (through the API) ----
    const queueIds: Record<string, string> = {};
    const agents: Array<{ id: string; token: string }> = [];
    const categories: string[] = [];
    await phase('queues, agents, categories, synonyms', async () => {
      for (const key of QUEUES) {
        const q = await call(adminToken, 'POST', '/api/v1/queues', { key, name: key, offerTimeoutSeconds: 600 }, 201);
        queueIds[key] = q.id;
      }
      for (let i = 0; i < AGENTS; i++) {
        const username = `agent${String(i).padStart(3, '0')}`;
        const u = await call(
          adminToken,
          'POST',
          '/api/v1/users',
          { username, password: PASSWORD, displayName: `座席${i}`, roles: ['agent'] },
          201,
        );
        await call(adminToken, 'PUT', `/api/v1/agents/${u.id}/routing`, {
          skills: [],
          memberships: QUEUES.map((queue) => ({ queue, priority: 1, delaySeconds: 0 })),
          capacity: { task: WAVES },
        });
        agents.push({ id: u.id, token: await login(username) });
      }
      for (const name of [
        '产品与资费',
        '宽带与固话',
        '移动业务',
        '国际业务',
        '账单与缴费',
        '投诉处理',
        '服务规范',
        '故障处理',
      ]) {
        categories.push((await call(adminToken, 'POST', '/api/v1/knowledge/categories', { name }, 201)).id);
      }
      for (const terms of SYNONYMS) await call(adminToken, 'POST', '/api/v1/knowledge/synonyms', { terms }, 201);
    });

    // ---- the articles ----
    const rnd = seededRandom(18);
    const now = Date.now();
    const rows: Row[] = [];
    const ruleQueues = RULE_QUEUES.map((k) => queueIds[k]!);
    for (let i = 0; i < ARTICLES; i++) {
      const a = article(rnd);
      const d = rnd();
      const publishedAt = new Date(now - Math.floor(rnd() * 700 * DAY));
      const rule = i % Math.round(ARTICLES / RULES) === 0;
      rows.push({
        id: randomUUID(),
        a,
        body: sanitizeBody(a.html),
        categoryId: rnd() < 0.9 ? pick(rnd, categories) : null,
        // 3 % expired (a past policy), 3 % scheduled (effective next month), 10 % with a future expiry.
        effectiveFrom: d < 0.03 ? new Date(now + Math.floor((1 + rnd() * 30) * DAY)) : null,
        expiresAt:
          d >= 0.03 && d < 0.06
            ? new Date(now - Math.floor((1 + rnd() * 60) * DAY))
            : d >= 0.06 && d < 0.16
              ? new Date(now + Math.floor((30 + rnd() * 300) * DAY))
              : null,
        suggest: rule ? ruleOf(rnd, ruleQueues) : { queueIds: [], keywords: [] },
        publishedAt,
      });
    }

    // One article through the API: the generator must write exactly what publishing writes.
    await phase('check against the module', async () => {
      const r = rows[0]!;
      const created = await call(
        adminToken,
        'POST',
        '/api/v1/knowledge/articles',
        {
          title: r.a.title,
          body: r.a.html,
          kind: r.a.kind,
          categoryId: r.categoryId,
          tags: r.a.tags,
          ...(r.a.tree ? { tree: r.a.tree } : {}),
          suggest: r.suggest,
        },
        201,
      );
      await call(adminToken, 'POST', `/api/v1/knowledge/articles/${created.id}/publish`, {});
      const [db] = (
        await pool.query(
          `select search::text as search, body_text, title, tags, (select body from knowledge_revisions where article_id = $1) as body
             from knowledge_articles where id = $1`,
          [created.id],
        )
      ).rows;
      const [mine] = (
        await pool.query('select $1::tsvector::text as search', [articleSearchVector({ ...r.a, body: r.body })])
      ).rows;
      const same =
        db.search === mine.search &&
        db.body_text === articlePlainText({ body: r.body, tree: r.a.tree }) &&
        db.body === r.body &&
        db.title === r.a.title &&
        JSON.stringify(db.tags) === JSON.stringify(r.a.tags);
      if (!same) throw new Error('the generated row differs from what publishing writes');
      // Its place is taken by the published one: the generated copy of row 0 gets a new id.
      await pool.query('delete from knowledge_articles where id = $1', [created.id]);
    });

    const copyClient = await pool.connect();
    try {
      const { rows: idx } = await copyClient.query(
        "select indexdef from pg_indexes where indexname = 'knowledge_articles_search_idx'",
      );
      // The GIN index is built once after the rows (as it would be rebuilt), the same definition.
      await copyClient.query('drop index knowledge_articles_search_idx');
      await phase('copy articles', () =>
        copyFrom(
          copyClient as unknown as pg.Client,
          `copy knowledge_articles (id, status, published_version, working_version, latest_version, title, kind,
             category_id, tags, effective_from, expires_at, body_text, suggest, search, published_at, created_at, updated_at)
           from stdin`,
          (function* () {
            for (const r of rows) {
              const content = { title: r.a.title, body: r.body, tags: r.a.tags, tree: r.a.tree };
              const at = r.publishedAt.toISOString();
              yield copyLine([
                r.id,
                'published',
                1,
                null,
                1,
                r.a.title,
                r.a.kind,
                r.categoryId,
                textArray(r.a.tags),
                r.effectiveFrom?.toISOString(),
                r.expiresAt?.toISOString(),
                articlePlainText(content),
                JSON.stringify(r.suggest),
                articleSearchVector(content),
                at,
                at,
                at,
              ]);
            }
          })(),
        ),
      );
      await phase('copy revisions', () =>
        copyFrom(
          copyClient as unknown as pg.Client,
          `copy knowledge_revisions (article_id, version, state, title, body, kind, category_id, tags, effective_from,
             expires_at, tree, suggest, author_id, created_at, updated_at, submitted_at, reviewer_id, reviewed_at)
           from stdin`,
          (function* () {
            for (const r of rows) {
              const at = r.publishedAt.toISOString();
              yield copyLine([
                r.id,
                1,
                'published',
                r.a.title,
                r.body,
                r.a.kind,
                r.categoryId,
                textArray(r.a.tags),
                r.effectiveFrom?.toISOString(),
                r.expiresAt?.toISOString(),
                r.a.tree ? JSON.stringify(r.a.tree) : null,
                JSON.stringify(r.suggest),
                adminId,
                at,
                at,
                at,
                adminId,
                at,
              ]);
            }
          })(),
        ),
      );
      await copyClient.query("set maintenance_work_mem = '256MB'");
      await phase('search index', () => copyClient.query(idx[0].indexdef));
      await phase('vacuum analyze', () => copyClient.query('vacuum analyze knowledge_articles, knowledge_revisions'));
    } finally {
      copyClient.release();
    }
    const sizes = (
      await pool.query(
        `select c.relname as name, pg_total_relation_size(c.oid) as bytes from pg_class c
          where c.relname like 'knowledge_articles%' or c.relname = 'knowledge_revisions' order by 2 desc`,
      )
    ).rows.map((r) => ({ name: r.name as string, mb: Math.round(Number(r.bytes) / 1048576) }));
    const { rows: shape } = await pool.query(
      `select avg(char_length(title))::int as title, avg(char_length(body_text))::int as body,
              min(char_length(body_text)) as "bodyMin", max(char_length(body_text)) as "bodyMax",
              avg(length(search))::int as lexemes,
              count(*) filter (where expires_at <= now()) as expired,
              count(*) filter (where effective_from > now()) as scheduled,
              count(*) filter (where jsonb_array_length(suggest->'queueIds') + jsonb_array_length(suggest->'keywords') > 0) as rules
         from knowledge_articles`,
    );
    log('corpus', shape[0], sizes);

    // ---- search ----
    const agent = agents[0]!;
    const qrnd = seededRandom(42);
    const kinds = Object.entries(QUERIES).map(([kind, list]) => ({
      kind,
      queries: Array.from({ length: QUERIES_PER_KIND }, (_, i) =>
        kind === 'question' && i >= list.length
          ? `${pick(qrnd, ['请问', '客户问：', '', ''])}${pick(qrnd, list)}`
          : pick(qrnd, list),
      ),
    }));
    const searchOnce = async (q: string) => {
      const t0 = performance.now();
      const res = await kefu.app.inject({
        method: 'GET',
        url: `/api/v1/knowledge/search?q=${encodeURIComponent(q)}`,
        headers: { authorization: `Bearer ${agent.token}` },
      });
      const ms = performance.now() - t0;
      if (res.statusCode !== 200) throw new Error(`search ${q}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return { ms, hits: (res.json() as { items: unknown[] }).items.length };
    };
    await phase('search warm-up', async () => {
      for (const k of kinds) for (const q of k.queries) await searchOnce(q);
    });
    const rounds: Array<Record<string, { stats: Stats; hits: number[]; slowest: Array<[string, number]> }>> = [];
    const overallRounds: Stats[] = [];
    await phase('search rounds', async () => {
      for (let r = 0; r < ROUNDS; r++) {
        const round: (typeof rounds)[number] = {};
        const all: number[] = [];
        for (const k of kinds) {
          const ms: number[] = [];
          const hits: number[] = [];
          const per: Array<[string, number]> = [];
          for (const q of k.queries) {
            const s = await searchOnce(q);
            ms.push(s.ms);
            hits.push(s.hits);
            per.push([q, r2(s.ms)]);
          }
          all.push(...ms);
          round[k.kind] = { stats: stats(ms), hits, slowest: per.sort((a, b) => b[1] - a[1]).slice(0, 3) };
          const t = round[k.kind]!.stats;
          log(`round ${r + 1} ${k.kind.padEnd(10)} p50 ${t.p50} p95 ${t.p95} p99 ${t.p99} max ${t.max} ms`);
        }
        overallRounds.push(stats(all));
        rounds.push(round);
      }
    });
    const searchKinds = kinds.map((k) => {
      const hits = [...rounds[0]![k.kind]!.hits].sort((a, b) => a - b);
      return {
        kind: k.kind,
        examples: [...new Set(k.queries)].slice(0, 6),
        queries: k.queries.length,
        hits: { min: hits[0], p50: quantile(hits, 0.5), max: hits[hits.length - 1] },
        ms: medianOf(rounds.map((r) => r[k.kind]!.stats)),
        slowest: rounds[rounds.length - 1]![k.kind]!.slowest,
      };
    });
    const searchOverall = medianOf(overallRounds);

    // ---- suggestions on offered contacts ----
    const { knowledge } = kefu.services;
    const permissions = new Set<string>(DEFAULT_ROLE_PERMISSIONS.agent);
    const byAgent = new Map(agents.map((a) => [a.id, a]));
    for (const a of agents) await call(adminToken, 'PUT', `/api/v1/agents/${a.id}/state`, { state: 'ready' });
    const crnd = seededRandom(7);
    const serviceMs: number[] = [];
    const textPathMs: number[] = [];
    const httpMs: number[] = [];
    const reasons: Record<string, number> = {};
    let withText = 0;
    let cold: { ms: number; items: number } | undefined;
    await phase('suggestions', async () => {
      for (let w = 0; w < WAVES; w++) {
        const offered: Array<{ contactId: string; agentId: string }> = [];
        for (let i = 0; i < AGENTS; i++) {
          const subject = pick(crnd, CONTACT_SUBJECTS);
          const c = await call(
            adminToken,
            'POST',
            '/api/v1/contacts',
            {
              channel: 'task',
              queue: pick(crnd, QUEUES),
              attributes: { menu: pick(crnd, IVR_MENUS), language: 'zh-CN', vip: crnd() < 0.1 },
              ...(subject ? { subject } : {}),
            },
            201,
          );
          offered.push({ contactId: c.id, agentId: '' });
        }
        for (const o of offered) {
          for (let tries = 0; ; tries++) {
            const c = await call(adminToken, 'GET', `/api/v1/contacts/${o.contactId}`);
            if (c.state === 'offered' && c.agentId) {
              o.agentId = c.agentId;
              break;
            }
            if (tries > 100) throw new Error(`contact ${o.contactId} not offered: ${c.state}`);
            await new Promise((r) => setTimeout(r, 20));
          }
        }
        const reader = (agentId: string) => ({ userId: agentId, permissions });
        if (w === 0) {
          knowledge.search.forget();
          const t0 = performance.now();
          const s = await knowledge.search.suggestions(offered[0]!.contactId, reader(offered[0]!.agentId));
          cold = { ms: r2(performance.now() - t0), items: s.items.length };
        } else {
          await knowledge.search.suggestions(offered[0]!.contactId, reader(offered[0]!.agentId));
        }
        for (const o of offered) {
          const t0 = performance.now();
          const s = await knowledge.search.suggestions(o.contactId, reader(o.agentId));
          const ms = performance.now() - t0;
          serviceMs.push(ms);
          for (const i of s.items) reasons[i.reason] = (reasons[i.reason] ?? 0) + 1;
          if (s.items.some((i) => i.reason === 'text')) {
            withText++;
            textPathMs.push(ms);
          }
          const t1 = performance.now();
          const res = await kefu.app.inject({
            method: 'GET',
            url: `/api/v1/knowledge/suggestions?contactId=${o.contactId}`,
            headers: { authorization: `Bearer ${byAgent.get(o.agentId)!.token}` },
          });
          httpMs.push(performance.now() - t1);
          if (res.statusCode !== 200) throw new Error(`suggestions: ${res.statusCode} ${res.body.slice(0, 300)}`);
        }
        for (const o of offered) {
          await call(byAgent.get(o.agentId)!.token, 'POST', `/api/v1/contacts/${o.contactId}/accept`);
        }
        log(`wave ${w + 1}: ${offered.length} offered contacts`);
      }
    });
    const suggestions = {
      calls: serviceMs.length,
      serviceMs: stats(serviceMs),
      httpMs: stats(httpMs),
      cold,
      callsWithTextSearch: withText,
      textSearchCallsMs: textPathMs.length ? stats(textPathMs) : null,
      itemsByReason: reasons,
    };

    // ---- the plans of the slowest searches (the service's SQL, knowledge.repo.ts `search`) ----
    const plans: Record<string, string> = {};
    const index = synonymIndex(SYNONYMS);
    const slow = [...searchKinds.flatMap((k) => k.slowest)].sort((a, b) => b[1] - a[1]).slice(0, 3);
    for (const [q] of slow) {
      const t = tsqueriesOf(q, index);
      if (!t) continue;
      for (const [which, tsquery] of Object.entries(t)) {
        // Both ways knowledge.repo.ts `search` finds its pool, as it runs them.
        const live = `status <> 'archived' and published_version is not null
          and (effective_from is null or effective_from <= now()) and (expires_at is null or expires_at > now())`;
        const ranked = (pool: string) => `explain (analyze, buffers, costs off)
          with pool as materialized (${pool})
          select a.id, a.title, a.body_text, a.kind, a.category_id, a.tags, a.expires_at
          from pool join knowledge_articles a on a.id = pool.id
          order by ts_rank_cd(a.search, $1::tsquery) desc, a.published_at desc limit 20`;
        const client = await pool.connect();
        try {
          const walk = await client.query(
            ranked(`select id from (select id, search from knowledge_articles where ${live}
              order by published_at desc nulls last limit 2000) newest where search @@ $1::tsquery limit 200`),
            [tsquery],
          );
          await client.query('begin');
          await client.query(
            "select set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)",
          );
          const index = await client.query(
            ranked(`select id from knowledge_articles where ${live} and search @@ $1::tsquery
              order by published_at desc nulls last limit 200`),
            [tsquery],
          );
          await client.query('commit');
          for (const [how, e] of [
            ['walk', walk],
            ['index', index],
          ] as const) {
            plans[`${q} (${which}, ${how}: ${tsquery})`] = e.rows.map((x) => x['QUERY PLAN']).join('\n');
          }
        } finally {
          client.release();
        }
      }
    }

    const out = {
      bench: 'knowledge',
      at: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model,
        loadAverage: os.loadavg().map((x) => r2(x)),
        node: process.version,
        postgres: (await pool.query('show server_version')).rows[0].server_version,
      },
      scenario: {
        articles: ARTICLES,
        rules: RULES,
        queues: QUEUES.length,
        ruleQueues: RULE_QUEUES.length,
        synonymGroups: SYNONYMS.length,
        queriesPerKind: QUERIES_PER_KIND,
        rounds: ROUNDS,
        agents: AGENTS,
        waves: WAVES,
      },
      corpus: shape[0],
      sizesMb: sizes,
      generateSeconds: phases,
      target: TARGET,
      search: {
        measured: 'GET /api/v1/knowledge/search (limit 20) via app.inject, one after another; medians over rounds',
        overallMs: searchOverall,
        kinds: searchKinds,
        met: searchOverall.p99 < TARGET.searchP99Ms,
        kindsMet: Object.fromEntries(searchKinds.map((k) => [k.kind, k.ms.p99 < TARGET.searchP99Ms])),
      },
      suggestions: { ...suggestions, met: suggestions.serviceMs.p99 < TARGET.suggestionsP99Ms },
      plans,
    };
    mkdirSync(path.dirname(OUT), { recursive: true });
    writeFileSync(OUT, `${JSON.stringify(out, null, 2)}\n`);
    console.table(
      searchKinds.map((k) => ({ kind: k.kind, p50: k.ms.p50, p95: k.ms.p95, p99: k.ms.p99, hitsP50: k.hits.p50 })),
    );
    log(
      `search overall p50 ${searchOverall.p50} p95 ${searchOverall.p95} p99 ${searchOverall.p99} ms (target < ${TARGET.searchP99Ms}): ${out.search.met ? 'met' : 'MISSED'}`,
    );
    log(
      `suggestions p50 ${suggestions.serviceMs.p50} p95 ${suggestions.serviceMs.p95} p99 ${suggestions.serviceMs.p99} ms, cold ${cold?.ms} ms (target < ${TARGET.suggestionsP99Ms}): ${out.suggestions.met ? 'met' : 'MISSED'}`,
    );
    log(`load average ${out.machine.loadAverage.join(' ')} → ${OUT}`);
  } finally {
    await kefu.app.close();
    await handle.close();
    if (process.env.BENCH_KEEP !== '1') {
      const a = openDatabase(url('postgres'), { max: 1 });
      await a.pool.query(`drop database if exists ${DB} with (force)`);
      await a.close();
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
