import { PlusOutlined } from '@ant-design/icons';
import type { UseQueryResult } from '@tanstack/react-query';
import { Button, Empty, Flex, Table, type TableColumnsType, type TableProps, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../app/errors';
import { QueryError } from '../../ui/query-error';

type Props<T> = {
  /** The list's query: its error, loading and retry drive the screen. */
  query: UseQueryResult<T[]>;
  columns: TableColumnsType<T>;
  /** The rows shown, when filtered or sorted; the query's data otherwise. */
  rows?: readonly T[];
  rowKey?: TableProps<T>['rowKey'];
  /** A primary "create" button, right-aligned above the table. */
  create?: { label: ReactNode; onClick: () => void; testId?: string };
  /** Or filters, left-aligned above the table. */
  filters?: ReactNode;
  /** Empty state text; antd's own when absent. */
  emptyText?: ReactNode;
  size?: TableProps<T>['size'];
  scroll?: TableProps<T>['scroll'];
  /** "N in all" under the table. */
  showTotal?: boolean;
};

/** A routing configuration list: a toolbar, the load error with a retry, and the table. */
export function ConfigTable<T extends object>({
  query,
  columns,
  rows,
  rowKey = 'id',
  create,
  filters,
  emptyText,
  size,
  scroll,
  showTotal,
}: Props<T>) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  return (
    <>
      {create ? (
        <Flex justify="flex-end" className="page-filters">
          <Button type="primary" icon={<PlusOutlined />} onClick={create.onClick} data-testid={create.testId}>
            {create.label}
          </Button>
        </Flex>
      ) : null}
      {filters ? <Flex className="page-filters">{filters}</Flex> : null}
      {query.isError ? <QueryError message={errorMessage(query.error)} onRetry={() => void query.refetch()} /> : null}
      <Table<T>
        rowKey={rowKey}
        size={size}
        columns={columns}
        dataSource={rows ?? query.data}
        loading={query.isFetching}
        scroll={scroll}
        pagination={{
          hideOnSinglePage: true,
          pageSize: 50,
          ...(showTotal ? { showTotal: (count: number) => t('common.total', { count }) } : {}),
        }}
        locale={{ emptyText: query.isLoading ? ' ' : <Empty description={emptyText} /> }}
      />
    </>
  );
}

/** A column showing a machine key (queue, skill, reason code) in code type. */
/**
 * The identifier column (a queue's key, a reason's code): what the admin typed and flows and the API
 * refer to, shown as written (`data-identifier`: the browser test of raw codes knows it is data).
 */
export function keyColumn<T>(key: string, title: string): TableColumnsType<T>[number] {
  return {
    key,
    title,
    dataIndex: key,
    render: (v: string) => (
      <Typography.Text code data-identifier>
        {v}
      </Typography.Text>
    ),
  };
}

/** The last column: one link button per row (edit, rename). */
export function actionColumn<T>(title: string, label: string, onClick: (row: T) => void): TableColumnsType<T>[number] {
  return {
    key: 'actions',
    title,
    render: (_v, row) => (
      <Button type="link" size="small" onClick={() => onClick(row)}>
        {label}
      </Button>
    ),
  };
}
