import { Alert } from "antd";

/** Top-level error shown above a form's submit button (data-testid="error-message"). */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div data-testid="error-message" role="alert" style={{ marginBottom: 16 }}>
      <Alert type="error" showIcon message={message} />
    </div>
  );
}
