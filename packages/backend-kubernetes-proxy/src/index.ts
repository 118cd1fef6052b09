export {
  KubernetesThrottledError,
  kubernetesProxyGet,
} from './kubernetesProxyGet';
export type { KubernetesGet } from './kubernetesProxyGet';
