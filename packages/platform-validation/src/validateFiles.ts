import { SourceFile, ValidationOptions, Violation } from './types';
import { checkTerraform } from './terraform/checkTerraform';
import { isYamlFile, parseYamlFile, YamlDocument } from './yaml/yamlDocuments';
import { checkManifests } from './manifests/checkManifests';
import { checkArgoPaths } from './argocd/checkArgoPaths';
import { checkGuardRails } from './policy/checkGuardRails';
import {
  checkManifestPolicy,
  checkMultiArch,
  checkTerraformSecrets,
} from './policy/checkPolicy';

export interface ValidationSummary {
  files: number;
  terraformFiles: number;
  /** Terraform resource and data blocks */
  resources: number;
  /** of which checked against the AWS provider schema */
  schemaCheckedResources: number;
  /** resource types of other providers: syntax, format and references only */
  otherProviderTypes: string[];
  yamlDocuments: number;
  /** Kubernetes and CRD documents validated against a model schema */
  manifests: number;
  applicationSets: number;
  generatedApplications: number;
  violations: Violation[];
}

/** Validates the files and returns every violation, sorted by file and position. */
export async function validateFiles(
  files: SourceFile[],
  options: ValidationOptions = {},
): Promise<Violation[]> {
  return (await validateFilesWithSummary(files, options)).violations;
}

/** {@link validateFiles}, plus what was checked (for the CLI's summary). */
export async function validateFilesWithSummary(
  files: SourceFile[],
  options: ValidationOptions = {},
): Promise<ValidationSummary> {
  const violations: Violation[] = [];
  const report = (v: Violation) => violations.push(v);

  const terraform = await checkTerraform(files, report);
  for (const file of files) checkTerraformSecrets(file, report);

  const docs: YamlDocument[] = files
    .filter(f => isYamlFile(f.path))
    .flatMap(f => parseYamlFile(f, report));
  const manifests = checkManifests(docs, report);
  checkManifestPolicy(docs, options, report);
  checkGuardRails(docs, options, report);
  const argo = checkArgoPaths(docs, files, report);
  checkMultiArch(files, report);

  violations.sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.check.localeCompare(b.check),
  );
  return {
    files: files.length,
    terraformFiles: terraform.files,
    resources: terraform.resources,
    schemaCheckedResources: terraform.schemaChecked,
    otherProviderTypes: [...terraform.otherProviders].sort(),
    yamlDocuments: docs.length,
    manifests,
    applicationSets: argo.applicationSets,
    generatedApplications: argo.generated,
    violations,
  };
}
