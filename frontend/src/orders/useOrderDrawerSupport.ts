import { useCallback, useEffect, useState } from "react";
import { useSession } from "../auth/SessionProvider";
import { getBootstrap } from "../cashier/api";
import { cachedBootstrap } from "../cashier/offlineCache";
import { isManagerRole } from "../loyalty/labels";

/**
 * What the order drawer needs besides the order: whether this staff member may refund (the cashier
 * bootstrap knows; cashiers may when the shop allows it) and the labels of the cashier modes.
 * The bootstrap saved on the device is used when there is one; else it is fetched once `active`.
 */
export function useOrderDrawerSupport(active = true) {
  const { session } = useSession();
  const [canRefund, setCanRefund] = useState<boolean>(isManagerRole(session?.user?.role));
  const [modes, setModes] = useState<Record<string, string>>({});
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    if (!active || loaded) return;
    setLoaded(true);
    void cachedBootstrap()
      .then((cached) => cached ?? getBootstrap())
      .then((boot) => {
        setCanRefund(boot.can_refund);
        setModes(Object.fromEntries(boot.modes.map((m) => [m.key, m.label])));
      })
      .catch(() => undefined);
  }, [active, loaded]);

  const modeLabel = useCallback((key: string) => modes[key] || key, [modes]);
  return { canRefund, modeLabel };
}
