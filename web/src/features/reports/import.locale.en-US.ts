import type { ReportsImportMessages } from './import.locale.zh-CN';

export const reportsImportEnUS: ReportsImportMessages = {
  reportsImport: {
    title: 'Import history',
    description:
      'Bring contact history from your previous system (CSV or JSON lines) into every report. Each row is checked first; a file with bad rows imports nothing unless you choose to import the valid rows only.',
    columns: 'Columns (the first line of a CSV file, as written):',
    times: 'Times in ISO 8601 with an offset, e.g. 2024-03-01T09:30:00+08:00.',
    pick: 'Click or drop a file here',
    pickHint: 'A .csv, .ndjson or .jsonl file; rows are matched by externalId, so importing again adds no duplicates',
    partial: 'Import the valid rows only (skip the rows with problems)',
    start: 'Import',
    background: 'The import runs on the server: closing this page does not stop it.',
    report: {
      title: 'Result',
      rows: 'Rows read',
      applied: 'Imported',
      created: 'New',
      updated: 'Changed',
      unchanged: 'Unchanged',
      rejected: 'Rows with problems',
      seconds: 'Seconds',
      nothingApplied:
        'Some rows have problems, so nothing was imported. Fix them and import again, or import the valid rows only.',
      createdQueues: 'Queues created (inactive)',
      createdAgents: 'Agents created (inactive)',
      issues: 'Problems',
      moreIssues: 'The first {{shown}} of {{total}} problems',
      row: 'Row',
      column: 'Column',
      message: 'Problem',
    },
  },
};
