import { useEffect, useState } from 'react';
import { MenuItem, TextField } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { ACCESS_CONTACT, explainRefusal } from '@internal/access-policy';

/** A team the signed-in person may choose as owner (`GET /api/scaffolder/platform/owners`). */
export interface OwnerChoice {
  /** `group:default/<team>`: the value the template receives. */
  entityRef: string;
  title: string;
}

type Choices =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'done'; owners: OwnerChoice[] };

/** Why the list is what it is: the server lists the person's own teams (the platform team: all). */
const WHY = `Only teams you belong to are listed: what you create is owned, and answered for, by one of your teams (the platform team may choose any team). To create for another team, ask ${ACCESS_CONTACT} to add you to it.`;

/**
 * The owner of what a template creates: a choice among the teams the server says the signed-in
 * person may choose (the same rule that refuses task creation for any other owner), preselected
 * when there is exactly one.
 */
export function PierOwnerField(props: FieldExtensionComponentProps<string>) {
  const { schema, formData, onChange, required, rawErrors, idSchema } = props;
  const discovery = useApi(discoveryApiRef);
  const { fetch } = useApi(fetchApiRef);
  const [choices, setChoices] = useState<Choices>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    (async () => {
      const base = await discovery.getBaseUrl('scaffolder');
      const res = await fetch(`${base}/platform/owners`);
      if (!res.ok) throw await ResponseError.fromResponse(res);
      const { owners } = (await res.json()) as { owners: OwnerChoice[] };
      if (live) setChoices({ status: 'done', owners });
    })().catch(e => {
      if (live) {
        setChoices({
          status: 'error',
          message:
            e instanceof ResponseError
              ? e.body?.error?.message ?? e.message
              : String(e?.message ?? e),
        });
      }
    });
    return () => {
      live = false;
    };
  }, [discovery, fetch]);

  const owners = choices.status === 'done' ? choices.owners : [];
  const only = owners.length === 1 ? owners[0].entityRef : undefined;
  useEffect(() => {
    if (only && formData === undefined) onChange(only);
    // onChange changes identity on every render; preselect once the choices are known
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [only, formData]);

  if (choices.status === 'error') {
    return (
      <Alert severity="error">
        The teams you may choose as owner could not be loaded: {choices.message}
      </Alert>
    );
  }
  if (choices.status === 'done' && owners.length === 0) {
    return (
      <Alert severity="info" data-testid="no-owner-choices">
        You may not choose an owner: {explainRefusal('scaffolder.task.create')}
      </Alert>
    );
  }
  const unknown =
    formData !== undefined &&
    choices.status === 'done' &&
    !owners.some(o => o.entityRef === formData);
  const helper = unknown
    ? `${formData} is not one of your teams. ${WHY}`
    : [
        schema.description,
        owners.length === 1
          ? `${owners[0].title} is the only team you may choose.`
          : undefined,
        WHY,
      ]
        .filter(Boolean)
        .join(' ');
  return (
    <TextField
      id={idSchema?.$id}
      select
      label={schema.title ?? 'Owner'}
      required={required}
      value={choices.status === 'done' ? formData ?? '' : ''}
      onChange={e => onChange(e.target.value || undefined)}
      disabled={choices.status === 'loading'}
      error={unknown || (rawErrors?.length ?? 0) > 0}
      helperText={
        choices.status === 'loading'
          ? 'Loading the teams you may choose…'
          : helper
      }
      margin="normal"
      variant="outlined"
      fullWidth
      FormHelperTextProps={{ id: `${idSchema?.$id}-help` }}
      SelectProps={{
        SelectDisplayProps: {
          'aria-describedby': `${idSchema?.$id}-help`,
        } as any,
      }}
    >
      {owners.map(o => (
        <MenuItem key={o.entityRef} value={o.entityRef}>
          {o.title}
        </MenuItem>
      ))}
    </TextField>
  );
}

export const pierOwnerField = createFormField({
  name: 'PierOwner',
  component: PierOwnerField,
});
