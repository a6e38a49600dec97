import { Drawer, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueryParams } from '../../app/api-client';
import type { ContactFigure } from './api';
import { ContactsTable } from './contacts-table';
import { DRILL_DOWN } from './figures';
import type { DrillTarget } from './kpi-table';
import { REPORTS_IDS } from './testids';

type Props = {
  target: DrillTarget | undefined;
  /** The report's question (range, zone, filters, groupBy): the contacts answer the same one. */
  query: QueryParams;
  /** The report's time zone, in which the contacts' times read. */
  timeZone: string;
  onClose: () => void;
};

/** The contacts behind a clicked figure, in a drawer; a ratio offers the other parts of its denominator. */
export function ContactsDrawer({ target, query, timeZone, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Drawer
      open={target !== undefined}
      onClose={onClose}
      width={Math.min(1100, typeof window === 'undefined' ? 1100 : window.innerWidth - 48)}
      destroyOnHidden
      data-testid={REPORTS_IDS.drawer}
      title={target ? t('reports.drawer.title', { figure: t(`reports.col.${target.column}`) }) : null}
    >
      {target ? (
        <DrawerBody
          key={`${target.column}|${target.key}|${target.start}`}
          target={target}
          query={query}
          timeZone={timeZone}
        />
      ) : null}
    </Drawer>
  );
}

function DrawerBody({ target, query, timeZone }: { target: DrillTarget; query: QueryParams; timeZone: string }) {
  const { t } = useTranslation();
  const figures = DRILL_DOWN[target.column];
  const [figure, setFigure] = useState<ContactFigure>(figures[0] ?? 'offered');
  const { fill: _f, lang: _l, ...base } = query;
  const q: QueryParams = {
    ...base,
    figure,
    // An entity row without a value (no request type, no IVR flow) narrows to those: key ''.
    ...(target.key !== undefined ? { key: target.key ?? '' } : {}),
    ...(target.start ? { start: target.start } : {}),
  };
  return (
    <>
      {target.rowLabel ? (
        <Typography.Paragraph type="secondary">
          {t('reports.drawer.scope', { row: target.rowLabel })}
        </Typography.Paragraph>
      ) : null}
      {figures.length > 1 ? (
        <Segmented<ContactFigure>
          style={{ marginBottom: 12 }}
          value={figure}
          onChange={setFigure}
          options={figures.map((f) => ({ value: f, label: t(`reports.drawer.figure.${f}`) }))}
        />
      ) : null}
      <ContactsTable key={figure} query={q} timeZone={timeZone} />
    </>
  );
}
