import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Empty, Flex, Input, Modal, Segmented, Space, Spin, Tag, Tree, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TICKET_TYPES, type TicketCategory, type TicketType } from '../../../../../contracts/tickets';
import { useErrorMessage } from '../../../app/errors';
import { QueryError } from '../../../ui/query-error';
import { createCategory, updateCategory, useCategories, useInvalidateTickets } from '../api';
import { categoryTree } from '../pickers';

type Node = { key: string; title: string; children: Node[] };
type Editing = { mode: 'add'; parentId: string | null } | { mode: 'rename'; category: TicketCategory };

/** 工单分类: one tree per type; add, rename, retire (a retired category stays on old orders). */
export function Categories() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateTickets();
  const categories = useCategories();
  const [type, setType] = useState<TicketType>('complaint');
  const [editing, setEditing] = useState<Editing>();
  const [name, setName] = useState('');
  const [pending, setPending] = useState(false);
  const byId = useMemo(() => new Map((categories.data ?? []).map((c) => [c.id, c])), [categories.data]);
  const tree = useMemo(() => categoryTree(categories.data ?? [], type, true), [categories.data, type]);

  const run = async (work: () => Promise<TicketCategory>) => {
    setPending(true);
    try {
      const saved = await work();
      void message.success(t('ticketsAdmin.category.saved', { name: saved.name }));
      setEditing(undefined);
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setPending(false);
      invalidate();
    }
  };
  const open = (next: Editing) => {
    setName(next.mode === 'rename' ? next.category.name : '');
    setEditing(next);
  };
  const submit = () => {
    const trimmed = name.trim();
    if (!editing || !trimmed) return;
    void run(() =>
      editing.mode === 'add'
        ? createCategory({ type, parentId: editing.parentId, name: trimmed })
        : updateCategory(editing.category.id, { name: trimmed }),
    );
  };

  return (
    <>
      <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 12 }}>
        <Segmented
          value={type}
          onChange={(v) => setType(v as TicketType)}
          options={TICKET_TYPES.map((v) => ({ value: v, label: t(`tickets.type.${v}`) }))}
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open({ mode: 'add', parentId: null })}>
          {t('ticketsAdmin.category.add')}
        </Button>
      </Flex>
      {categories.isError ? (
        <QueryError message={errorMessage(categories.error)} onRetry={() => void categories.refetch()} />
      ) : null}
      {categories.isLoading ? <Spin /> : null}
      {!categories.isLoading && tree.length === 0 ? <Empty description={t('ticketsAdmin.category.empty')} /> : null}
      <Tree
        blockNode
        defaultExpandAll
        key={`${type}-${tree.length}`}
        treeData={tree.map(function toNode(n): Node {
          return { key: n.value, title: n.title, children: n.children.map(toNode) };
        })}
        titleRender={(node) => {
          const c = byId.get(String((node as Node).key));
          if (!c) return null;
          return (
            <Flex justify="space-between" align="center" gap={8}>
              <Typography.Text delete={!c.active}>{c.name}</Typography.Text>
              <Space size={4}>
                {c.active ? null : <Tag>{t('ticketsAdmin.retired')}</Tag>}
                <Button size="small" type="link" onClick={() => open({ mode: 'add', parentId: c.id })}>
                  {t('ticketsAdmin.category.addChild')}
                </Button>
                <Button size="small" type="link" onClick={() => open({ mode: 'rename', category: c })}>
                  {t('ticketsAdmin.category.rename')}
                </Button>
                <Button
                  size="small"
                  type="link"
                  danger={c.active}
                  onClick={() => void run(() => updateCategory(c.id, { active: !c.active }))}
                >
                  {t(c.active ? 'ticketsAdmin.category.retire' : 'ticketsAdmin.category.restore')}
                </Button>
              </Space>
            </Flex>
          );
        }}
      />
      <Modal
        open={Boolean(editing)}
        title={
          editing?.mode === 'rename'
            ? t('ticketsAdmin.category.rename')
            : `${t('ticketsAdmin.category.add')} · ${
                editing?.parentId ? byId.get(editing.parentId)?.name : t('ticketsAdmin.category.root')
              }`
        }
        onCancel={() => setEditing(undefined)}
        onOk={submit}
        okButtonProps={{ loading: pending, disabled: !name.trim() }}
        destroyOnHidden
      >
        <Input
          autoFocus
          maxLength={100}
          placeholder={t('ticketsAdmin.category.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          onPressEnter={submit}
        />
      </Modal>
    </>
  );
}
