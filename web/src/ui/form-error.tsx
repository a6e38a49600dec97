import { Alert } from 'antd';

/** A form-level failure that belongs to no single field; announced to screen readers. */
export function FormError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return <Alert type="error" showIcon title={message} role="alert" style={{ marginBottom: 16 }} />;
}
