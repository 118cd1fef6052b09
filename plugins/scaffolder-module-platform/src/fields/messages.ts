/**
 * Human messages for the form's fields, shown as the junior types and again when they press Next.
 * The JSON schema in template.yaml says the same thing to the backend; these say it in words.
 */
export function nameProblem(
  value: string | undefined,
  options: { maxLength: number; reserved: readonly string[] },
): string | undefined {
  if (!value) return 'Enter a name, for example payment-refunds';
  if (value.length > options.maxLength) {
    return `At most ${options.maxLength} characters (this one has ${value.length})`;
  }
  if (!/^[a-z]/.test(value)) return 'Start with a lowercase letter';
  if (/[^a-z0-9-]/.test(value)) {
    return `Use lowercase letters, digits and '-' only, at most ${options.maxLength} characters`;
  }
  if (value.endsWith('-')) return "End with a letter or a digit, not '-'";
  if (options.reserved.includes(value)) {
    return `"${value}" is reserved by the platform: choose another name`;
  }
  return undefined;
}

export function textProblem(
  value: string | undefined,
  options: { minLength: number; maxLength: number },
): string | undefined {
  const text = value ?? '';
  if (text.trim().length < options.minLength) {
    return `Write at least ${options.minLength} characters`;
  }
  if (text.length > options.maxLength) {
    return `At most ${options.maxLength} characters (this one has ${text.length})`;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) {
    return 'Keep it to one line, without tabs or control characters';
  }
  return undefined;
}
