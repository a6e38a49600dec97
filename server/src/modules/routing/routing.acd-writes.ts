import { type Column, getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../platform/db';
import { routingAgentEvents, routingAgents, routingContactEvents, routingContacts } from './routing.schema';

export type AgentRow = typeof routingAgents.$inferSelect;
export type ContactRow = typeof routingContacts.$inferSelect;
export type ContactEventInsert = typeof routingContactEvents.$inferInsert;
export type AgentEventInsert = typeof routingAgentEvents.$inferInsert;

/** What ACD commands changed: contacts, their transitions, agents and their state changes. */
export type ContactsAndAgents = {
  insertContacts: ContactRow[];
  updateContacts: ContactRow[];
  contactEvents: ContactEventInsert[];
  updateAgents: AgentRow[];
  agentEvents: AgentEventInsert[];
};

/**
 * The changes of several commands as one write (a group commit): every event row in order, and each
 * contact and agent once, as its last copy — a contact inserted and then moved on is inserted as it
 * ended. The rows are whole copies taken at the end of each command, so the last one is the state.
 */
export function mergeChanges(list: readonly ContactsAndAgents[]): ContactsAndAgents {
  if (list.length === 1) return list[0]!;
  const inserts = new Map<string, ContactRow>();
  const updates = new Map<string, ContactRow>();
  const agents = new Map<string, AgentRow>();
  const merged: ContactsAndAgents = {
    insertContacts: [],
    updateContacts: [],
    contactEvents: [],
    updateAgents: [],
    agentEvents: [],
  };
  for (const c of list) {
    for (const row of c.insertContacts) inserts.set(row.id, row);
    for (const row of c.updateContacts) {
      if (inserts.has(row.id)) inserts.set(row.id, row);
      else {
        updates.delete(row.id); // Map keeps first-insertion order; the last copy goes last.
        updates.set(row.id, row);
      }
    }
    for (const row of c.updateAgents) {
      agents.delete(row.userId);
      agents.set(row.userId, row);
    }
    merged.contactEvents.push(...c.contactEvents);
    merged.agentEvents.push(...c.agentEvents);
  }
  merged.insertContacts = [...inserts.values()];
  merged.updateContacts = [...updates.values()];
  merged.updateAgents = [...agents.values()];
  return merged;
}

/** PostgreSQL takes at most 65,535 parameters in a statement; a write stays well below. */
const MAX_PARAMS = 20_000;

/**
 * Writes the changes in as few statements as they fit (one, unless a group is very large): each
 * table's rows are one data-modifying CTE — a multi-row insert, or an update joined to a VALUES list
 * — so a group of commands costs one round trip, not one per row. Each contact and agent appears at
 * most once (a row written twice in one statement would be undefined: `mergeChanges`), and the
 * foreign keys of the new events are checked at the end of the statement, when the new contacts
 * exist. Built as flat text with its parameters rather than through the query builder: this runs
 * several times per call, and composing builder statements costs more CPU than the database spends.
 */
export async function writeContactsAndAgents(db: DbOrTx, w: ContactsAndAgents): Promise<void> {
  const parts: Part[] = [
    ...chunks(w.insertContacts, CONTACTS).map((rows) => insertPart(CONTACTS, rows)),
    ...chunks(w.updateContacts, CONTACTS).map((rows) => updatePart(CONTACTS, rows, 'id')),
    ...chunks(w.contactEvents, CONTACT_EVENTS).map((rows) => insertPart(CONTACT_EVENTS, rows)),
    ...chunks(w.updateAgents, AGENTS).map((rows) => updatePart(AGENTS, rows, 'userId')),
    ...chunks(w.agentEvents, AGENT_EVENTS).map((rows) => insertPart(AGENT_EVENTS, rows)),
  ];
  // Parts in order, as many per statement as the parameter limit allows (new contacts before their events).
  let batch: Part[] = [];
  let params = 0;
  for (const part of parts) {
    if (batch.length > 0 && params + part.params > MAX_PARAMS) {
      await db.execute(build(batch));
      batch = [];
      params = 0;
    }
    batch.push(part);
    params += part.params;
  }
  if (batch.length > 0) await db.execute(build(batch));
}

// ---- flat statements ---------------------------------------------------------------------------

type TableInfo = { name: string; columns: Array<{ key: string; name: string; column: Column; type: string }> };

function tableInfo(table: PgTable): TableInfo {
  return {
    name: getTableName(table),
    columns: Object.entries(getTableColumns(table)).map(([key, column]) => ({
      key,
      name: column.name,
      column,
      type: column.getSQLType(),
    })),
  };
}

const CONTACTS = tableInfo(routingContacts);
const CONTACT_EVENTS = tableInfo(routingContactEvents);
const AGENTS = tableInfo(routingAgents);
const AGENT_EVENTS = tableInfo(routingAgentEvents);

type Part = { params: number; write: (q: Statement) => void };

function chunks<T>(rows: readonly T[], t: TableInfo): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / t.columns.length));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

const insertPart = (t: TableInfo, rows: ReadonlyArray<Record<string, unknown>>): Part => ({
  params: rows.length * t.columns.length,
  write: (q) => q.insert(t, rows),
});

/** One row: `update … set … where id = $n`; several: one update joined to a VALUES list per set of columns. */
function updatePart(t: TableInfo, rows: ReadonlyArray<Record<string, unknown>>, idKey: string): Part {
  return {
    params: rows.length * t.columns.length,
    write: (q) => {
      if (rows.length === 1) return q.update(t, rows[0]!, idKey);
      const bySet = new Map<string, Array<Record<string, unknown>>>();
      for (const row of rows) {
        const set = t.columns
          .filter((c) => row[c.key] !== undefined)
          .map((c) => c.key)
          .join();
        bySet.set(set, [...(bySet.get(set) ?? []), row]);
      }
      [...bySet.values()].forEach((same, i) => {
        if (i > 0) q.next();
        q.updateMany(t, same, idKey);
      });
    },
  };
}

function build(parts: Part[]): SQL {
  const q = statement();
  parts.forEach((part, i) => {
    if (i > 0) q.next();
    part.write(q);
  });
  return q.build();
}

type Statement = ReturnType<typeof statement>;

/**
 * The text and parameters of one statement, as the query builder writes them: every column of the
 * table in an insert (`default` where a row has no value), the defined keys in an update's set, the
 * values through each column's own mapping (jsonb → JSON text, timestamps → ISO strings). Each
 * write after the first (`next`) turns the ones before it into data-modifying CTEs.
 */
function statement() {
  const writes: Array<{ strings: string[]; values: unknown[] }> = [];
  let strings: string[] = [''];
  let values: unknown[] = [];
  const text = (s: string) => {
    strings[strings.length - 1] += s;
  };
  const value = (v: unknown, column: Column, cast?: string) => {
    values.push(v === null ? null : column.mapToDriverValue(v));
    strings.push(cast ? `::${cast}` : '');
  };
  return {
    /** Starts the next write of the statement. */
    next() {
      writes.push({ strings, values });
      strings = [''];
      values = [];
    },
    insert(t: TableInfo, rows: ReadonlyArray<Record<string, unknown>>) {
      text(`insert into "${t.name}" (${t.columns.map((c) => `"${c.name}"`).join(', ')}) values `);
      rows.forEach((row, r) => {
        text(r === 0 ? '(' : ', (');
        t.columns.forEach((c, i) => {
          if (i > 0) text(', ');
          const v = row[c.key];
          if (v === undefined) text('default');
          else value(v, c.column);
        });
        text(')');
      });
    },
    update(t: TableInfo, row: Record<string, unknown>, idKey: string) {
      text(`update "${t.name}" set `);
      let first = true;
      let id: TableInfo['columns'][number] | undefined;
      for (const c of t.columns) {
        const v = row[c.key];
        if (c.key === idKey) {
          id = c;
          continue;
        }
        if (v === undefined) continue;
        text(first ? `"${c.name}" = ` : `, "${c.name}" = `);
        first = false;
        value(v, c.column);
      }
      text(` where "${t.name}"."${id!.name}" = `);
      value(row[idKey], id!.column);
    },
    /** Rows with the same defined columns: `update t set c = v.c … from (values …) as v(…) where t.id = v.id`. */
    updateMany(t: TableInfo, rows: ReadonlyArray<Record<string, unknown>>, idKey: string) {
      const cols = t.columns.filter((c) => rows[0]![c.key] !== undefined || c.key === idKey);
      const id = cols.find((c) => c.key === idKey)!;
      const set = cols.filter((c) => c !== id);
      text(`update "${t.name}" set ${set.map((c) => `"${c.name}" = v."${c.name}"`).join(', ')} from (values `);
      rows.forEach((row, r) => {
        text(r === 0 ? '(' : ', (');
        cols.forEach((c, i) => {
          if (i > 0) text(', ');
          // Typed, since a VALUES list has no column types of its own (and null alone would be text).
          value(row[c.key], c.column, c.type);
        });
        text(')');
      });
      text(`) as v(${cols.map((c) => `"${c.name}"`).join(', ')}) where "${t.name}"."${id.name}" = v."${id.name}"`);
    },
    build(): SQL {
      writes.push({ strings, values });
      const all: string[] = [''];
      const params: unknown[] = [];
      const last = writes.length - 1;
      writes.forEach((w, i) => {
        const open = i === last ? (i > 0 ? ' ' : '') : i === 0 ? 'with w0 as (' : `, w${i} as (`;
        all[all.length - 1] += open + w.strings[0];
        all.push(...w.strings.slice(1));
        params.push(...w.values);
        if (i !== last) all[all.length - 1] += ')';
      });
      return sql(Object.assign(all, { raw: all }) as unknown as TemplateStringsArray, ...params);
    },
  };
}
