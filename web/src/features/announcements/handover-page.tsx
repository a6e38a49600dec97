import { ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, List, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HandoverNote } from '../../../../contracts/announcements';
import { useErrorMessage } from '../../app/errors';
import { useTeams } from '../../app/lookups';
import { useSession } from '../../app/session';
import { useFormSubmit } from '../../app/use-form-submit';
import { DateTime } from '../../ui/date-time';
import { FormError } from '../../ui/form-error';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { useHandoverNotes, useInvalidateAnnouncements, writeHandoverNote } from './api';
import { ANNOUNCEMENTS_IDS } from './testids';

type Values = { body: string };

function WriteNote({ teamId }: { teamId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateAnnouncements();
  const [form] = Form.useForm<Values>();
  const save = useFormSubmit(form, (v: Values) => writeHandoverNote({ teamId, body: v.body.trim() }), {
    onSuccess: () => {
      form.resetFields();
      invalidate();
      void message.success(t('handover.written'));
    },
  });
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Form form={form} layout="vertical" onFinish={save.submit}>
        <FormError message={save.formError} />
        <Form.Item
          name="body"
          rules={[{ required: true, whitespace: true, message: t('handover.textRequired') }, { max: 4000 }]}
          style={{ marginBottom: 12 }}
        >
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 10 }}
            placeholder={t('handover.placeholder')}
            aria-label={t('handover.write')}
            data-testid={ANNOUNCEMENTS_IDS.handoverText}
          />
        </Form.Item>
        <Flex justify="flex-end">
          <Button
            type="primary"
            htmlType="submit"
            loading={save.pending}
            data-testid={ANNOUNCEMENTS_IDS.handoverSubmit}
          >
            {t('handover.write')}
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}

function Notes({ teamId }: { teamId: string }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const notes = useHandoverNotes(teamId);
  if (notes.isError) return <QueryError message={errorMessage(notes.error)} onRetry={() => void notes.refetch()} />;
  return (
    <div data-testid={ANNOUNCEMENTS_IDS.handoverList} data-state={notes.isSuccess ? 'loaded' : 'loading'}>
      <List<HandoverNote>
        loading={notes.isLoading}
        dataSource={notes.data}
        locale={{ emptyText: notes.isLoading ? ' ' : <Empty description={t('handover.empty')} /> }}
        renderItem={(note) => (
          <List.Item data-testid={ANNOUNCEMENTS_IDS.handoverNote} data-note-id={note.id}>
            <Flex vertical gap={4} style={{ width: '100%' }}>
              <Flex gap={8} align="baseline" wrap>
                <Typography.Text strong>{note.author.name || t('common.none')}</Typography.Text>
                <Typography.Text type="secondary">
                  <DateTime value={note.createdAt} />
                </Typography.Text>
              </Flex>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                {note.body}
              </Typography.Paragraph>
            </Flex>
          </List.Item>
        )}
      />
    </div>
  );
}

/**
 * 交接班: a team's handover notes, newest first, and a box to write one. Members see their own team;
 * team leads also the teams they lead; holders of announcements.manage any team.
 */
export function HandoverPage() {
  const { t } = useTranslation();
  const session = useSession();
  const me = session.me?.user;
  const manager = session.can('announcements.manage');
  const teams = useTeams(session.can('teams.view'));
  const options = useMemo(
    () =>
      (teams.data ?? [])
        .filter((team) => manager || team.id === me?.teamId || team.leadUserId === me?.id)
        .map((team) => ({ value: team.id, label: team.name })),
    [teams.data, manager, me?.teamId, me?.id],
  );
  const [picked, setPicked] = useState<string>();
  const teamId = picked ?? me?.teamId ?? options[0]?.value;
  const notes = useHandoverNotes(teamId);

  const selector =
    options.length > 1 || (options.length === 1 && options[0]?.value !== me?.teamId) ? (
      <Select
        value={teamId}
        onChange={setPicked}
        options={options}
        showSearch
        optionFilterProp="label"
        style={{ minWidth: 200 }}
        aria-label={t('handover.team')}
        data-testid={ANNOUNCEMENTS_IDS.handoverTeam}
      />
    ) : null;

  return (
    <>
      <PageHeader
        title={t('handover.title')}
        description={t('handover.description')}
        extra={
          teamId ? (
            <>
              {selector}
              <Button icon={<ReloadOutlined />} onClick={() => void notes.refetch()} aria-label={t('common.refresh')} />
            </>
          ) : null
        }
      />
      {teamId ? (
        <div style={{ maxWidth: 880 }}>
          <WriteNote key={teamId} teamId={teamId} />
          <Notes teamId={teamId} />
        </div>
      ) : teams.isLoading ? null : (
        <Alert
          type="info"
          showIcon
          title={t('handover.noTeamTitle')}
          description={t('handover.noTeam')}
          data-testid={ANNOUNCEMENTS_IDS.handoverNoTeam}
        />
      )}
    </>
  );
}
