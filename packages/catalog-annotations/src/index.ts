/**
 * The annotation contract of Pier's catalog (DESIGN.md): what a service's `catalog-info.yaml` says
 * about where it runs and what it is called upstream — Kubernetes, Argo CD (the Roadie plugin's
 * annotations), AWS (ECR, SecurityHub). Neutral: every plugin family reads it, none owns it.
 *
 * @packageDocumentation
 */
export * from './argocd';
export * from './aws';
export * from './kubernetes';
