import { useCallback, useEffect } from "react";
import { App, type FormInstance } from "antd";
import { useLocation } from "react-router-dom";
import { toApiError } from "../api/client";
import { useT } from "../i18n";

const NOTIFICATION_KEY = "api-error";

/** Closes the API error notification (it sits over the header controls at the top right). */
export function useDismissApiError(): () => void {
  const { notification } = App.useApp();
  return useCallback(() => notification.destroy(NOTIFICATION_KEY), [notification]);
}

/** Closes a stale API error notification whenever the route changes. */
export function DismissApiErrorOnNavigate() {
  const { pathname } = useLocation();
  const dismiss = useDismissApiError();
  useEffect(() => dismiss(), [pathname, dismiss]);
  return null;
}

/**
 * Returns a handler that shows an API error: `message` in a notification, `fields` under the
 * matching form items (names in `fieldNames`). Field errors with no matching form item are
 * appended to the returned top-level message, which the caller shows in <FormError>.
 */
export function useApiErrorHandler() {
  const { notification } = App.useApp();
  const t = useT();

  return useCallback(
    (err: unknown, form?: FormInstance, fieldNames: readonly string[] = []): string => {
      const error = toApiError(err);
      const known = new Set(fieldNames);
      const formFields: { name: string; errors: string[] }[] = [];
      const extra: string[] = [];
      for (const [name, messages] of Object.entries(error.fields)) {
        if (form && known.has(name)) formFields.push({ name, errors: messages });
        else extra.push(...messages);
      }
      if (form && formFields.length) form.setFields(formFields);
      notification.error({ message: t("error.title"), description: error.message, key: NOTIFICATION_KEY });
      return [error.message, ...extra.filter((m) => m !== error.message)].join(" ");
    },
    [notification, t],
  );
}
