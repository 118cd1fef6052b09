import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { ApmRange, EntityDatadog } from '@internal/plugin-datadog-apm-common';
import { datadogApmApiRef } from '../../api';

/** Loads an entity's Datadog data for a range and reloads it every minute. */
export function useEntityDatadog(entityRef: string, range: ApmRange) {
  const api = useApi(datadogApmApiRef);
  const [data, setData] = useState<EntityDatadog>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);

  const load = useCallback(async () => {
    const id = ++latest.current;
    setLoading(true);
    try {
      const next = await api.getEntity(entityRef, range);
      if (id !== latest.current) return;
      setData(next);
      setError(undefined);
    } catch (e) {
      if (id === latest.current) setError(e as Error);
    } finally {
      if (id === latest.current) setLoading(false);
    }
  }, [api, entityRef, range]);

  useEffect(() => {
    load();
    const timer = setInterval(load, 60_000);
    return () => clearInterval(timer);
  }, [load]);

  return { data, error, loading };
}
