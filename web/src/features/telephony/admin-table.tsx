import { PlusOutlined } from '@ant-design/icons';
import type { UseQueryResult } from '@tanstack/react-query';
import { Button, Empty, Flex, Table, type TableColumnsType, type TableProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../app/errors';
import { QueryError } from '../../ui/query-error';

type Props<T> = {
  /** The list's query: its error, loading and retry drive the tab. */
  query: UseQueryResult<T[]>;
  columns: TableColumnsType<T>;
  /** The rows shown when filtered; the query's data otherwise. */
  rows?: readonly T[];
  rowKey?: TableProps<T>['rowKey'];
  /** Buttons and filters above the table: filters left, the create button right. */
  filters?: ReactNode;
  create?: { label: ReactNode; onClick: () => void; testId?: string };
  emptyText: ReactNode;
  testId?: string;
};

/** One tab of 语音设置: a toolbar, the load error with a retry, the table with its empty state. */
export function AdminTable<T extends object>({
  query,
  columns,
  rows,
  rowKey = 'id',
  filters,
  create,
  emptyText,
  testId,
}: Props<T>) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  return (
    <>
      {filters || create ? (
        <Flex justify="space-between" gap={12} wrap className="page-filters">
          <Flex gap={12} wrap>
            {filters}
          </Flex>
          {create ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={create.onClick} data-testid={create.testId}>
              {create.label}
            </Button>
          ) : null}
        </Flex>
      ) : null}
      {query.isError ? <QueryError message={errorMessage(query.error)} onRetry={() => void query.refetch()} /> : null}
      <Table<T>
        rowKey={rowKey}
        columns={columns}
        dataSource={rows ?? query.data}
        loading={query.isLoading || (query.isFetching && !query.data)}
        scroll={{ x: 'max-content' }}
        pagination={{
          hideOnSinglePage: true,
          pageSize: 50,
          showTotal: (count: number) => t('common.total', { count }),
        }}
        locale={{ emptyText: query.isLoading || query.isError ? ' ' : <Empty description={emptyText} /> }}
        data-testid={testId}
      />
    </>
  );
}
