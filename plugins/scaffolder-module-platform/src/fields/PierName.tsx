import { TextField } from '@material-ui/core';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { nameProblem, textProblem } from './messages';
import { limitsOf } from './schemaLimits';

type ProblemOf = (
  value: string | undefined,
  limits: ReturnType<typeof limitsOf>,
) => string | undefined;

/**
 * A text field validated as the junior types, with a message that says what to change, and the
 * same check again when the step is submitted.
 */
function validatedTextField(name: string, problemOf: ProblemOf) {
  function Field(props: FieldExtensionComponentProps<string>) {
    const { schema, formData, onChange, required, rawErrors, idSchema } = props;
    const problem =
      formData === undefined
        ? undefined
        : problemOf(formData, limitsOf(schema));
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
  return createFormField({
    name,
    component: Field,
    validation: (value, validation, { schema }) => {
      const problem = problemOf(value, limitsOf(schema as any));
      if (problem) validation.addError(problem);
    },
  });
}

/** A DNS-1123 name (service, module, app). */
export const pierNameField = validatedTextField('PierName', nameProblem);

/** Free text (a description): length limits and one line. */
export const pierTextField = validatedTextField('PierText', textProblem);
