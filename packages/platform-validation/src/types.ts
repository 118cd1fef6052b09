/** A file to validate. `path` is relative to the tree root, e.g. "infra/terraform/modules/vpc/main.tf". */
export interface SourceFile {
  path: string;
  content: string;
}

/** One problem found, with a sentence a junior developer can act on. */
export interface Violation {
  file: string;
  /** 1-based */
  line?: number;
  /** 1-based */
  column?: number;
  /** The field or argument at fault, e.g. "spec.template.spec.containers[0].resources" */
  field?: string;
  /** The check that failed, one of {@link CHECKS}' keys */
  check: string;
  message: string;
}

export interface ValidationOptions {
  /** Known catalog group refs ("group:default/team-payments"); when given, catalog-info owners must exist. */
  owners?: ReadonlySet<string>;
}

/** Position of something in a file, 1-based. */
export interface Position {
  line: number;
  column: number;
}
