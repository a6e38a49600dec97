import { Button, Form, type FormInstance, type FormProps, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from './form-error';

type Props<Values> = {
  title: ReactNode;
  /** Cancel, the close icon and Escape all end here. */
  onClose: () => void;
  /** Field errors from the server are set on this instance, so they land on their fields. */
  form: FormInstance<Values>;
  initialValues?: Partial<Values>;
  /** Runs with valid values, from the submit button or Enter in a field. */
  onFinish: (values: Values) => void;
  /** While true the submit button spins. */
  pending: boolean;
  submitLabel: ReactNode;
  submitTestId?: string;
  /** A failure that belongs to no single field, shown above the fields. */
  formError: string | undefined;
  requiredMark?: FormProps['requiredMark'];
  /** A long form (a scorecard's items) scrolls to the first field a failed check marked. */
  scrollToFirstError?: FormProps['scrollToFirstError'];
  /** Most dialogs are rendered only while shown, hence open by default. */
  open?: boolean;
  afterClose?: () => void;
  /** Wider for long forms (a queue's settings); antd's default otherwise. */
  width?: number;
  /** The form's fields. */
  children: ReactNode;
};

/**
 * A dialog that is one form: the whole modal, footer included, sits inside the <Form>, so the footer's
 * submit button and Enter in a field both submit it. Its content is destroyed when it closes.
 */
export function FormModal<Values>({
  title,
  onClose,
  form,
  initialValues,
  onFinish,
  pending,
  submitLabel,
  submitTestId,
  formError,
  requiredMark,
  scrollToFirstError,
  open = true,
  afterClose,
  width,
  children,
}: Props<Values>) {
  const { t } = useTranslation();
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      destroyOnHidden
      afterClose={afterClose}
      width={width}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="submit" type="primary" htmlType="submit" loading={pending} data-testid={submitTestId}>
          {submitLabel}
        </Button>,
      ]}
      modalRender={(dom) => (
        <Form
          form={form}
          layout="vertical"
          requiredMark={requiredMark}
          scrollToFirstError={scrollToFirstError}
          initialValues={initialValues}
          onFinish={onFinish}
        >
          {dom}
        </Form>
      )}
    >
      <FormError message={formError} />
      {children}
    </Modal>
  );
}
