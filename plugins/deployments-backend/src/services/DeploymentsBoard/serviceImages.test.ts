import { parseImageReference, splitImages } from './serviceImages';

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

describe('parseImageReference', () => {
  it('splits registry, repository, tag and digest as the Docker reference grammar does', () => {
    expect(parseImageReference(`${ECR}/payments/payments-api:1.13.2`)).toEqual({
      registry: ECR,
      repository: 'payments/payments-api',
      tag: '1.13.2',
    });
    expect(parseImageReference('istio/proxyv2:1.27.3')).toEqual({
      registry: 'docker.io',
      repository: 'istio/proxyv2',
      tag: '1.27.3',
    });
    expect(parseImageReference('localhost:5000/a/b@sha256:abc')).toEqual({
      registry: 'localhost:5000',
      repository: 'a/b',
      digest: 'sha256:abc',
    });
    expect(parseImageReference('nginx')).toEqual({
      registry: 'docker.io',
      repository: 'nginx',
    });
  });
});

describe('splitImages', () => {
  // Argo CD's order: sorted as strings, so the pull-through-cached proxy and the migration image
  // come before the service's own image.
  const images = [
    `${ECR}/docker-hub/istio/proxyv2:1.27.3`,
    `${ECR}/payments/payments-api-migrations:1.13.2`,
    `${ECR}/payments/payments-api:1.13.2`,
    'gcr.io/datadoghq/dd-lib-java-init:v1',
  ];

  it('finds the service image by its ECR repository, whatever sorts first', () => {
    expect(
      splitImages(images, {
        repository: 'payments/payments-api',
        names: ['payments-api'],
      }),
    ).toEqual({
      service: [`${ECR}/payments/payments-api:1.13.2`],
      sidecars: [
        `${ECR}/docker-hub/istio/proxyv2:1.27.3`,
        `${ECR}/payments/payments-api-migrations:1.13.2`,
        'gcr.io/datadoghq/dd-lib-java-init:v1',
      ],
      match: 'repository',
      version: '1.13.2',
    });
  });

  it('accepts a full image URI in the annotation, registry included', () => {
    const split = splitImages(images, {
      repository: `${ECR}/payments/payments-api:latest`,
      names: [],
    });
    expect(split.service).toEqual([`${ECR}/payments/payments-api:1.13.2`]);
    expect(split.match).toBe('repository');
  });

  it('without the annotation, takes the image named like the service', () => {
    const split = splitImages(images, { names: ['payments-api'] });
    expect(split.match).toBe('name');
    expect(split.version).toBe('1.13.2');
  });

  it('during a rollout keeps both tags and reports the newest as the version', () => {
    const split = splitImages(
      [
        `${ECR}/docker-hub/istio/proxyv2:1.27.3`,
        `${ECR}/identity/auth-service:1.9.4`,
        `${ECR}/identity/auth-service:1.10.0`,
      ],
      { repository: 'identity/auth-service', names: ['auth-service'] },
    );
    expect(split.service).toHaveLength(2);
    expect(split.version).toBe('1.10.0');
    expect(split.sidecars).toEqual([`${ECR}/docker-hub/istio/proxyv2:1.27.3`]);
  });

  it('takes the only image of an app, and guesses nothing when several are strangers', () => {
    expect(
      splitImages(['bitnami/redis:7.2.5'], { names: ['cache'] }),
    ).toMatchObject({ service: ['bitnami/redis:7.2.5'], match: 'only' });
    const none = splitImages(
      [
        'quay.io/jetstack/cert-manager-controller:v1.18.3',
        'docker.io/istio/pilot:1.27.3',
      ],
      { repository: 'payments/payments-api', names: ['payments-api'] },
    );
    expect(none).toEqual({
      service: [],
      sidecars: [
        'quay.io/jetstack/cert-manager-controller:v1.18.3',
        'docker.io/istio/pilot:1.27.3',
      ],
    });
    expect(splitImages([], { names: ['x'] })).toEqual({
      service: [],
      sidecars: [],
    });
  });
});
