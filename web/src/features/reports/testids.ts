/** Test ids of the reports (e2e/ reads them). */
export const REPORTS_IDS = {
  page: 'reports-page',
  tabs: 'reports-tabs',
  range: 'reports-range',
  timeZone: 'reports-tz',
  granularity: 'reports-granularity',
  queueFilter: 'reports-queue',
  channelFilter: 'reports-channel',
  teamFilter: 'reports-team',
  table: 'reports-table',
  export: 'reports-export',
  /** A figure's cell: its column and the row's key (or 'total'). */
  figure: (column: string, row: string) => `reports-figure-${column}-${row}`,
  drawer: 'reports-contacts',
  drawerTable: 'reports-contacts-table',
  drawerExport: 'reports-contacts-export',
  tile: (name: string) => `reports-tile-${name}`,
  gauge: 'reports-gauge',
  volume: 'reports-volume',
  heatmap: 'reports-heatmap',
  callBack: (id: string) => `reports-callback-${id}`,
  myFigures: 'reports-my-figures',
  /** The IVR tab's runs and drop-outs: the section, its empty sentence, a flow's card and node table. */
  ivrDropouts: 'reports-ivr-dropouts',
  ivrEmpty: 'reports-ivr-empty',
  ivrFlow: (flowId: string) => `reports-ivr-flow-${flowId}`,
  ivrNodes: (flowId: string) => `reports-ivr-nodes-${flowId}`,
} as const;
