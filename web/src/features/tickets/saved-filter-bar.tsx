import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Input, Popover, Select, Space, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListFilters } from './list-filters';
import { useSavedFilters } from './saved-filters';
import { TICKETS_IDS } from './testids';

/**
 * Apply, save and delete named filters. They live in this browser's localStorage per user (see
 * saved-filters.ts), which the save button's tooltip tells the user.
 */
export function SavedFilters({
  userId,
  filters,
  onApply,
}: {
  userId: string;
  filters: ListFilters;
  onApply: (f: ListFilters) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const saved = useSavedFilters(userId);
  const [name, setName] = useState('');
  const [open, setOpen] = useState(false);
  const [current, setCurrent] = useState<string>();

  const save = () => {
    const trimmed = name.trim();
    if (!trimmed) return;
    // The screen's filters are stored, not a server query, so the tab and the sorting come back too.
    saved.save({ name: trimmed, filters: { ...filters, page: 1 } });
    setCurrent(trimmed);
    setOpen(false);
    setName('');
    void message.success(t('tickets.filter.saved_ok', { name: trimmed }));
  };

  return (
    <Space.Compact>
      <Select
        style={{ width: 180 }}
        placeholder={t('tickets.filter.saved')}
        value={current}
        allowClear
        onClear={() => setCurrent(undefined)}
        onChange={(n?: string) => {
          setCurrent(n);
          const f = saved.filters.find((x) => x.name === n);
          if (f) onApply({ ...f.filters, page: 1 });
        }}
        options={saved.filters.map((f) => ({ value: f.name, label: f.name }))}
      />
      {current ? (
        <Tooltip title={t('tickets.filter.remove')}>
          <Button
            icon={<DeleteOutlined />}
            aria-label={t('tickets.filter.remove')}
            onClick={() => {
              saved.remove(current);
              setCurrent(undefined);
            }}
          />
        </Tooltip>
      ) : null}
      <Popover
        open={open}
        onOpenChange={setOpen}
        trigger="click"
        title={t('tickets.filter.storedLocally')}
        content={
          <Space.Compact>
            <Input
              autoFocus
              placeholder={t('tickets.filter.saveName')}
              value={name}
              maxLength={40}
              onChange={(e) => setName(e.target.value)}
              onPressEnter={save}
            />
            <Button type="primary" onClick={save}>
              {t('common.save')}
            </Button>
          </Space.Compact>
        }
      >
        <Button icon={<SaveOutlined />} data-testid={TICKETS_IDS.saveFilter}>
          {t('tickets.filter.save')}
        </Button>
      </Popover>
    </Space.Compact>
  );
}
