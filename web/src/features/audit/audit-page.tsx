import { ReloadOutlined, SafetyOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Empty, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../../contracts/audit';
import { currentAuditAction } from '../../../../contracts/audit-actions';
import { promptCatalogEntry } from '../../../../contracts/prompt-catalog';
import { PromptLanguage } from '../../../../contracts/prompts';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { DateTime } from '../../ui/date-time';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { type AuditFilters, useAudit, verifyAuditChain } from './api';
import { AuditDetails } from './audit-details';
import { AuditFiltersForm } from './audit-filters';

/** An action in words (its `module.entity.verb` code stays in the tooltip); an unknown one as written. */
export function useActionLabel() {
  const { t } = useTranslation();
  return (action: string) => t(`audit.actions.${currentAuditAction(action)}`, { defaultValue: action });
}

/**
 * The object in words: the name the server found (a queue's, a user's), a role by its translated name,
 * a prompt by its catalogue description; the id itself stays beside it (a role's and a prompt's id
 * is their code, so it goes to the tooltip).
 */
function EntityCell({ entry }: { entry: AuditEntry }) {
  const { t, i18n } = useTranslation();
  const { entityType: type, entityId: id } = entry;
  if (!id) {
    // An entry about several objects lists their ids in its details (`userIds` …): say how many.
    const ids = type ? entry.details[`${type}Ids`] : undefined;
    return Array.isArray(ids) && ids.length > 0 ? t('audit.objects', { count: ids.length }) : <>—</>;
  }
  let name = entry.entityName;
  let showId = true;
  if (type === 'role') {
    name = t(`roleNames.${id}`, { defaultValue: id });
    showId = false;
  } else if (type === 'prompt') {
    const [language = '', key = ''] = id.split('/');
    const parsed = PromptLanguage.safeParse(language);
    const entry = parsed.success ? promptCatalogEntry(parsed.data, key) : undefined;
    const description = entry?.description[i18n.language === 'en-US' ? 'en-US' : 'zh-CN'];
    name = `${t(`audit.promptLanguages.${language}`, { defaultValue: language })} · ${description ?? key}`;
    showId = false;
  }
  return (
    <span title={id}>
      {name ?? null}
      {showId ? (
        <Typography.Text type="secondary" className="mono" style={{ marginLeft: name ? 8 : 0, fontSize: 12 }}>
          {id}
        </Typography.Text>
      ) : null}
    </span>
  );
}

export function AuditPage() {
  const { t } = useTranslation();
  const session = useSession();
  const errorMessage = useErrorMessage();
  const [filters, setFilters] = useState<AuditFilters>({ page: 1, pageSize: 50 });
  const audit = useAudit(filters);
  const verify = useMutation({ mutationFn: verifyAuditChain });
  const actionLabel = useActionLabel();

  const columns: TableColumnsType<AuditEntry> = [
    { key: 'at', title: t('audit.col.at'), dataIndex: 'at', render: (value: string) => <DateTime value={value} /> },
    {
      key: 'actor',
      title: t('audit.col.actor'),
      // Kefu itself (CLI, demo seed, bootstrap) writes without a user id, under the name "system".
      render: (_v, e) =>
        e.actorId === null ? (
          <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>
        ) : (
          (e.actorName ?? '—')
        ),
    },
    {
      key: 'action',
      title: t('audit.col.action'),
      dataIndex: 'action',
      render: (action: string) => (
        <Tag title={action} data-action={action}>
          {actionLabel(action)}
        </Tag>
      ),
    },
    {
      key: 'entityType',
      title: t('audit.col.entityType'),
      dataIndex: 'entityType',
      render: (v: string | null) => (v ? t(`audit.entityTypes.${v}`, { defaultValue: v }) : '—'),
    },
    { key: 'entity', title: t('audit.col.entity'), render: (_v, e) => <EntityCell entry={e} /> },
    {
      key: 'ip',
      title: t('audit.col.ip'),
      dataIndex: 'ip',
      render: (v: string | null) => <span className="mono">{v ?? '—'}</span>,
    },
  ];

  const verifyResult = verify.data ? (
    <Alert
      type={verify.data.ok ? 'success' : 'error'}
      showIcon
      closable={{ onClose: () => verify.reset() }}
      title={
        verify.data.ok
          ? t('audit.verifyOk', { count: verify.data.checked })
          : verify.data.firstBrokenId !== null
            ? t('audit.verifyBroken', { id: verify.data.firstBrokenId, reason: verify.data.reason ?? '' })
            : t('audit.verifyBrokenNoId', { reason: verify.data.reason ?? '' })
      }
      style={{ marginBottom: 16 }}
      role="status"
    />
  ) : verify.isError ? (
    <Alert type="error" showIcon title={errorMessage(verify.error)} style={{ marginBottom: 16 }} />
  ) : null;

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void audit.refetch()} aria-label={t('common.refresh')} />
            {session.can('audit.verify') ? (
              <Button icon={<SafetyOutlined />} loading={verify.isPending} onClick={() => verify.mutate()}>
                {t('audit.verify')}
              </Button>
            ) : null}
          </>
        }
      />
      {verifyResult}
      <AuditFiltersForm onApply={(values) => setFilters((f) => ({ ...f, ...values, page: 1 }))} />
      {audit.isError ? <QueryError message={errorMessage(audit.error)} onRetry={() => void audit.refetch()} /> : null}
      <Table<AuditEntry>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={audit.data?.items}
        loading={audit.isFetching}
        // A fixed minimum, not max-content: an expanded entry's long lists (a role's permissions) would
        // otherwise set the table's width and push every column but the first out of sight.
        scroll={{ x: 1100 }}
        locale={{ emptyText: audit.isLoading || audit.isError ? ' ' : <Empty description={t('audit.empty')} /> }}
        expandable={{ expandedRowRender: (entry) => <AuditDetails entry={entry} /> }}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: audit.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (count) => t('common.total', { count }),
          onChange: (page, pageSize) => setFilters((f) => ({ ...f, page, pageSize })),
        }}
      />
    </>
  );
}
