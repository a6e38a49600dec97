import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Input, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { KNOWLEDGE_IDS } from './testids';

type StepValue = { id?: string; text?: string; answers?: { label?: string; next?: string }[] };

/**
 * The steps of a troubleshooting tree (故障树) as a form list: each step a question (or, without
 * answers, an outcome), each answer leading to another step. The first step is where the agent starts.
 */
export function TreeEditor() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const steps = (Form.useWatch('tree', form) as StepValue[] | undefined) ?? [];
  const options = steps
    .map((s, i) => ({ id: s?.id?.trim() ?? '', i, text: s?.text ?? '' }))
    .filter((s) => s.id)
    .map((s) => ({ value: s.id, label: `${s.id}${s.text ? ` — ${s.text.slice(0, 30)}` : ''}` }));
  const nextId = () => {
    const used = new Set(steps.map((s) => s?.id));
    let n = steps.length + 1;
    while (used.has(`step${n}`)) n++;
    return `step${n}`;
  };

  return (
    <Form.List name="tree">
      {(fields, { add, remove }) => (
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">{t('knowledge.tree.hint')}</Typography.Text>
          {fields.map((field, index) => {
            const answers = steps[index]?.answers ?? [];
            return (
              <Card
                key={field.key}
                size="small"
                title={
                  <Flex gap={8} align="center">
                    {t('knowledge.tree.step', { n: index + 1 })}
                    {index === 0 ? <Tag color="blue">{t('knowledge.tree.start')}</Tag> : null}
                    {answers.length === 0 ? <Tag color="green">{t('knowledge.tree.outcome')}</Tag> : null}
                  </Flex>
                }
                extra={
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    disabled={fields.length < 2}
                    aria-label={t('knowledge.tree.removeStep', { n: index + 1 })}
                    onClick={() => remove(field.name)}
                  />
                }
              >
                <Flex gap={12} wrap>
                  <Form.Item
                    name={[field.name, 'id']}
                    label={t('knowledge.tree.id')}
                    tooltip={t('knowledge.tree.idHint')}
                    rules={[
                      { required: true, message: t('knowledge.tree.idRequired') },
                      { pattern: /^[\w-]+$/, message: t('knowledge.tree.idPattern') },
                    ]}
                    style={{ width: 160, marginBottom: 8 }}
                  >
                    <Input maxLength={40} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'text']}
                    label={answers.length ? t('knowledge.tree.question') : t('knowledge.tree.result')}
                    rules={[{ required: true, whitespace: true, message: t('knowledge.tree.textRequired') }]}
                    style={{ flex: '1 1 320px', marginBottom: 8 }}
                  >
                    <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} maxLength={2000} />
                  </Form.Item>
                </Flex>
                <Form.List name={[field.name, 'answers']}>
                  {(answerFields, answerOps) => (
                    <Flex vertical gap={4} style={{ paddingLeft: 16 }}>
                      {answerFields.map((a, j) => (
                        <Flex key={a.key} gap={8} align="flex-start">
                          <Form.Item
                            name={[a.name, 'label']}
                            rules={[{ required: true, whitespace: true, message: t('knowledge.tree.labelRequired') }]}
                            style={{ flex: '0 0 38%', minWidth: 0, marginBottom: 4 }}
                          >
                            <Input
                              maxLength={100}
                              placeholder={t('knowledge.tree.answerLabel')}
                              aria-label={t('knowledge.tree.answerN', { step: index + 1, n: j + 1 })}
                            />
                          </Form.Item>
                          <span style={{ lineHeight: '32px' }}>→</span>
                          <Form.Item
                            name={[a.name, 'next']}
                            rules={[{ required: true, message: t('knowledge.tree.nextRequired') }]}
                            style={{ flex: '1 1 0', minWidth: 0, marginBottom: 4 }}
                          >
                            <Select
                              style={{ width: '100%' }}
                              showSearch
                              placeholder={t('knowledge.tree.next')}
                              aria-label={t('knowledge.tree.nextN', { step: index + 1, n: j + 1 })}
                              options={options}
                            />
                          </Form.Item>
                          <Button
                            type="text"
                            icon={<DeleteOutlined />}
                            aria-label={t('knowledge.tree.removeAnswer')}
                            onClick={() => answerOps.remove(a.name)}
                          />
                        </Flex>
                      ))}
                      <div>
                        <Button
                          type="dashed"
                          size="small"
                          icon={<PlusOutlined />}
                          disabled={answerFields.length >= 8}
                          onClick={() => answerOps.add({ label: '', next: undefined })}
                        >
                          {t('knowledge.tree.addAnswer')}
                        </Button>
                      </div>
                    </Flex>
                  )}
                </Form.List>
              </Card>
            );
          })}
          <div>
            <Button
              icon={<PlusOutlined />}
              onClick={() => add({ id: nextId(), text: '', answers: [] })}
              data-testid={KNOWLEDGE_IDS.treeAddStep}
            >
              {t('knowledge.tree.addStep')}
            </Button>
          </div>
        </Flex>
      )}
    </Form.List>
  );
}
