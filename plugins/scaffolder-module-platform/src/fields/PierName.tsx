import { TextField } from '@material-ui/core';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { nameProblem, textProblem } from './messages';
import { limitsOf } from './schemaLimits';

/** A DNS-1123 name, validated as the junior types, with a message that says what to change. */
export function PierNameField(props: FieldExtensionComponentProps<string>) {
  const { schema, formData, onChange, required, rawErrors, idSchema } = props;
  const problem =
    formData === undefined
      ? undefined
      : nameProblem(formData, limitsOf(schema));
  return (
    <TextField
      id={idSchema?.$id}
      label={schema.title}
      required={required}
      value={formData ?? ''}
      onChange={e => onChange(e.target.value || undefined)}
      error={!!problem || (rawErrors?.length ?? 0) > 0}
      helperText={problem ?? schema.description}
      margin="normal"
      variant="outlined"
      fullWidth
      inputProps={{ 'aria-describedby': `${idSchema?.$id}-help` }}
      FormHelperTextProps={{ id: `${idSchema?.$id}-help` }}
    />
  );
}

/** Free text (a description) with length limits and one line, validated as the junior types. */
export function PierTextField(props: FieldExtensionComponentProps<string>) {
  const { schema, formData, onChange, required, rawErrors, idSchema } = props;
  const problem =
    formData === undefined
      ? undefined
      : textProblem(formData, limitsOf(schema));
  return (
    <TextField
      id={idSchema?.$id}
      label={schema.title}
      required={required}
      value={formData ?? ''}
      onChange={e => onChange(e.target.value || undefined)}
      error={!!problem || (rawErrors?.length ?? 0) > 0}
      helperText={problem ?? schema.description}
      margin="normal"
      variant="outlined"
      fullWidth
    />
  );
}

export const pierNameField = createFormField({
  name: 'PierName',
  component: PierNameField,
  validation: (value, validation, { schema }) => {
    const problem = nameProblem(value, limitsOf(schema as any));
    if (problem) validation.addError(problem);
  },
});

export const pierTextField = createFormField({
  name: 'PierText',
  component: PierTextField,
  validation: (value, validation, { schema }) => {
    const problem = textProblem(value, limitsOf(schema as any));
    if (problem) validation.addError(problem);
  },
});
