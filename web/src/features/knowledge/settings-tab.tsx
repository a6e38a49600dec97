import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Form, Input, Popconfirm, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Category, SynonymGroup } from '../../../../contracts/knowledge';
import { isApiError } from '../../app/api-client';
import { useErrorMessage } from '../../app/errors';
import { useFormSubmit } from '../../app/use-form-submit';
import { DateTime } from '../../ui/date-time';
import { FormModal } from '../../ui/form-modal';
import { QueryError } from '../../ui/query-error';
import {
  createCategory,
  createSynonym,
  deleteCategory,
  deleteSynonym,
  updateCategory,
  updateSynonym,
  useCategories,
  useInvalidateKnowledge,
  useSynonyms,
} from './api';
import { KNOWLEDGE_IDS } from './testids';

type CategoryValues = { name: string };

function CategoryDialog({ category, onClose }: { category: Category | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateKnowledge();
  const [form] = Form.useForm<CategoryValues>();
  const { submit, pending, formError } = useFormSubmit(
    form,
    (v: CategoryValues) =>
      category ? updateCategory(category.id, { name: v.name }) : createCategory({ name: v.name }),
    {
      onSuccess: () => {
        invalidate();
        message.success(t('knowledge.settings.categorySaved'));
        onClose();
      },
    },
  );
  return (
    <FormModal<CategoryValues>
      title={category ? t('knowledge.settings.renameCategory') : t('knowledge.settings.addCategory')}
      onClose={onClose}
      form={form}
      initialValues={{ name: category?.name ?? '' }}
      onFinish={submit}
      pending={pending}
      submitLabel={t('common.save')}
      formError={formError}
    >
      <Form.Item
        name="name"
        label={t('knowledge.settings.categoryName')}
        rules={[{ required: true, whitespace: true, message: t('knowledge.settings.nameRequired') }]}
      >
        <Input autoFocus maxLength={60} />
      </Form.Item>
    </FormModal>
  );
}

function Categories() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateKnowledge();
  const categories = useCategories();
  const [editing, setEditing] = useState<Category | null | 'new'>(null);
  const remove = async (c: Category) => {
    try {
      await deleteCategory(c.id);
      invalidate();
      message.success(t('knowledge.settings.categoryDeleted', { name: c.name }));
    } catch (e) {
      message.error(
        isApiError(e, 'KNOWLEDGE.STATE') ? t('knowledge.settings.categoryInUse', { name: c.name }) : errorMessage(e),
      );
    }
  };
  return (
    <Card
      size="small"
      title={t('knowledge.settings.categories')}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid={KNOWLEDGE_IDS.categoryAdd}>
          {t('knowledge.settings.addCategory')}
        </Button>
      }
    >
      {categories.isError ? (
        <QueryError message={errorMessage(categories.error)} onRetry={() => void categories.refetch()} />
      ) : null}
      <Table<Category>
        rowKey="id"
        size="small"
        loading={categories.isFetching}
        dataSource={categories.data}
        pagination={false}
        columns={[
          { key: 'name', title: t('knowledge.settings.categoryName'), dataIndex: 'name' },
          {
            key: 'articles',
            title: t('knowledge.settings.articles'),
            dataIndex: 'articles',
            align: 'right',
            width: 100,
          },
          {
            key: 'actions',
            title: t('common.actions'),
            width: 120,
            render: (_v, c) => (
              <Space>
                <Button
                  type="text"
                  icon={<EditOutlined />}
                  aria-label={t('knowledge.settings.renameCategory')}
                  onClick={() => setEditing(c)}
                />
                <Popconfirm
                  title={t('knowledge.settings.deleteCategoryConfirm', { name: c.name })}
                  description={c.articles > 0 ? t('knowledge.settings.categoryInUse', { name: c.name }) : undefined}
                  okText={t('knowledge.settings.delete')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove(c)}
                >
                  <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('knowledge.settings.delete')} />
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {editing ? (
        <CategoryDialog category={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </Card>
  );
}

type SynonymValues = { terms: string[] };

function SynonymDialog({ group, onClose }: { group: SynonymGroup | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateKnowledge();
  const [form] = Form.useForm<SynonymValues>();
  const { submit, pending, formError } = useFormSubmit(
    form,
    (v: SynonymValues) => (group ? updateSynonym(group.id, { terms: v.terms }) : createSynonym({ terms: v.terms })),
    {
      onSuccess: () => {
        invalidate();
        message.success(t('knowledge.settings.synonymSaved'));
        onClose();
      },
    },
  );
  return (
    <FormModal<SynonymValues>
      title={group ? t('knowledge.settings.editSynonym') : t('knowledge.settings.addSynonym')}
      onClose={onClose}
      form={form}
      initialValues={{ terms: group?.terms ?? [] }}
      onFinish={submit}
      pending={pending}
      submitLabel={t('common.save')}
      formError={formError}
    >
      <Form.Item
        name="terms"
        label={t('knowledge.settings.terms')}
        extra={t('knowledge.settings.termsHint')}
        rules={[{ type: 'array', min: 2, max: 20, required: true, message: t('knowledge.settings.termsMin') }]}
      >
        <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} autoFocus />
      </Form.Item>
    </FormModal>
  );
}

function Synonyms() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateKnowledge();
  const synonyms = useSynonyms();
  const [editing, setEditing] = useState<SynonymGroup | null | 'new'>(null);
  const remove = async (g: SynonymGroup) => {
    try {
      await deleteSynonym(g.id);
      invalidate();
      message.success(t('knowledge.settings.synonymDeleted'));
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Card
      size="small"
      title={t('knowledge.settings.synonyms')}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid={KNOWLEDGE_IDS.synonymAdd}>
          {t('knowledge.settings.addSynonym')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('knowledge.settings.synonymsHint')}</Typography.Paragraph>
      {synonyms.isError ? (
        <QueryError message={errorMessage(synonyms.error)} onRetry={() => void synonyms.refetch()} />
      ) : null}
      <Table<SynonymGroup>
        rowKey="id"
        size="small"
        loading={synonyms.isFetching}
        dataSource={synonyms.data}
        pagination={false}
        locale={{ emptyText: t('knowledge.settings.noSynonyms') }}
        columns={[
          {
            key: 'terms',
            title: t('knowledge.settings.terms'),
            render: (_v, g) => (
              <Space size={4} wrap>
                {g.terms.map((term) => (
                  <Tag key={term} color="gold">
                    {term}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            key: 'updatedAt',
            title: t('knowledge.manage.updatedAt'),
            dataIndex: 'updatedAt',
            render: (v: string) => <DateTime value={v} />,
          },
          {
            key: 'actions',
            title: t('common.actions'),
            width: 120,
            render: (_v, g) => (
              <Space>
                <Button
                  type="text"
                  icon={<EditOutlined />}
                  aria-label={t('knowledge.settings.editSynonym')}
                  onClick={() => setEditing(g)}
                />
                <Popconfirm
                  title={t('knowledge.settings.deleteSynonymConfirm')}
                  okText={t('knowledge.settings.delete')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove(g)}
                >
                  <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('knowledge.settings.delete')} />
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {editing ? <SynonymDialog group={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </Card>
  );
}

/** 设置: the categories articles are filed under and the words that mean the same in a search. */
export function SettingsTab() {
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={10}>
        <Categories />
      </Col>
      <Col xs={24} xl={14}>
        <Synonyms />
      </Col>
    </Row>
  );
}
