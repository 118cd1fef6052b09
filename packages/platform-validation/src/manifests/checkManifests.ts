import { Violation } from '../types';
import { didYouMean } from '../suggest';
import { FieldPath, fieldName, YamlDocument } from '../yaml/yamlDocuments';
import {
  AjvError,
  modelClasses,
  modelFields,
  validateModel,
} from './modelSchemas';

/** A Kubernetes (or CRD) document: has apiVersion and kind. */
export interface Manifest extends YamlDocument {
  value: Record<string, any> & { apiVersion: string; kind: string };
}

const CATALOG_API = /^(backstage\.io|scaffolder\.backstage\.io)\//;

export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isManifest(doc: YamlDocument): doc is Manifest {
  return (
    isObject(doc.value) &&
    typeof doc.value.apiVersion === 'string' &&
    typeof doc.value.kind === 'string'
  );
}

export function isCatalogEntity(doc: YamlDocument): boolean {
  return isManifest(doc) && CATALOG_API.test(doc.value.apiVersion);
}

/** Whether a YAML file sits where Kubernetes manifests live (and is not Helm values). */
export function inManifestDir(path: string) {
  const base = path.split('/').pop() ?? '';
  return (
    /(^|\/)(gitops|k8s|kubernetes|manifests)\//.test(path) &&
    !/^values([.-].*)?\.ya?ml$/.test(base)
  );
}

/** Validates Kubernetes and CRD documents; returns how many were checked against a schema. */
export function checkManifests(
  docs: YamlDocument[],
  report: (v: Violation) => void,
): number {
  let checked = 0;
  for (const doc of docs) {
    if (!isManifest(doc)) {
      if (inManifestDir(doc.file.path) && isObject(doc.value)) {
        const missing = ['apiVersion', 'kind'].filter(
          k => typeof (doc.value as any)[k] !== 'string',
        );
        report({
          file: doc.file.path,
          ...doc.positionOf([]),
          check: 'k8s-kind',
          message: `This document has no ${missing.join(
            ' or ',
          )}; every document under a manifests directory must be a Kubernetes object (Helm values belong in values.yaml).`,
        });
      }
      continue;
    }
    if (isCatalogEntity(doc)) continue;
    const { apiVersion, kind } = doc.value;
    const key = `${apiVersion}/${kind}`;
    const errors = validateModel(key, doc.value);
    if (!errors) {
      const kinds = Object.keys(modelClasses());
      report({
        file: doc.file.path,
        ...doc.positionOf(['kind']),
        field: 'kind',
        check: 'k8s-kind',
        message: `No schema for apiVersion "${apiVersion}" kind "${kind}".${didYouMean(
          key,
          kinds,
        )} Use a kind from kubernetes-models or the Argo CD, Istio, Karpenter, External Secrets or cert-manager packages.`,
      });
      continue;
    }
    checked++;
    for (const error of relevantErrors(errors)) {
      const path = pointerToPath(error.instancePath);
      const missing =
        error.keyword === 'required'
          ? String(error.params.missingProperty)
          : undefined;
      report({
        file: doc.file.path,
        ...doc.positionOf(path),
        field: fieldName(missing ? [...path, missing] : path) || kind,
        check: 'k8s-schema',
        message: schemaMessage(kind, path, error),
      });
    }
    strictFields(doc, key, report);
  }
  return checked;
}

function pointerToPath(pointer: string): FieldPath {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map(s => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Drops the anyOf/oneOf summaries when a more precise error exists. */
function relevantErrors(errors: AjvError[]): AjvError[] {
  const seen = new Set<string>();
  const precise = errors.filter(
    e => !['anyOf', 'oneOf', 'if'].includes(e.keyword),
  );
  return (precise.length ? precise : errors).filter(e => {
    const id = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function schemaMessage(kind: string, path: FieldPath, error: AjvError): string {
  const where = fieldName(path) || kind;
  switch (error.keyword) {
    case 'required':
      return `${where} is missing the required field "${error.params.missingProperty}".`;
    case 'type':
      return `${where} must be of type ${error.params.type}.`;
    case 'enum':
      return `${where} must be one of: ${(
        error.params.allowedValues as unknown[]
      ).join(', ')}.`;
    case 'pattern':
      return `${where} must match the pattern ${error.params.pattern}.`;
    default:
      return `${where} ${error.message ?? error.keyword}.`;
  }
}

/** The strict pass: every field must be one the kind's type declares. */
function strictFields(
  doc: Manifest,
  key: string,
  report: (v: Violation) => void,
) {
  const { roots, types } = modelFields();
  const walk = (value: unknown, ref: string, path: FieldPath) => {
    if (
      ref === '' ||
      ref === '*' ||
      value === null ||
      typeof value !== 'object'
    )
      return;
    if (Array.isArray(value)) {
      value.forEach((item, k) => walk(item, ref, [...path, k]));
      return;
    }
    const type = types[ref];
    if (!type) return;
    for (const [field, fieldValue] of Object.entries(value)) {
      const fieldRef = type.p[field] ?? type.m;
      if (fieldRef === undefined) {
        report({
          file: doc.file.path,
          ...doc.positionOf([...path, field], true),
          field: fieldName([...path, field]),
          check: 'k8s-unknown-field',
          message: `"${field}" is not a field of ${
            fieldName(path) || doc.value.kind
          } in ${doc.value.kind} (${doc.value.apiVersion}).${didYouMean(
            field,
            Object.keys(type.p),
          )}`,
        });
        continue;
      }
      walk(fieldValue, fieldRef, [...path, field]);
    }
  };
  walk(doc.value, roots[key], []);
}
