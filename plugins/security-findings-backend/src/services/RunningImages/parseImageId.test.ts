import { parseImageId } from './createRunningImageReader';

const hex = 'a'.repeat(64);

describe('parseImageId', () => {
  it('strips the ECR registry host and the runtime prefix', () => {
    expect(
      parseImageId(
        `docker-pullable://123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments/checkout-api@sha256:${hex}`,
      ),
    ).toEqual({ repository: 'payments/checkout-api', digest: `sha256:${hex}` });
  });
  it('keeps a first path segment that is not a host', () => {
    expect(parseImageId(`library/nginx@sha256:${hex}`)).toEqual({
      repository: 'library/nginx',
      digest: `sha256:${hex}`,
    });
  });
  it('ignores images that were never pulled', () => {
    expect(parseImageId('')).toBeUndefined();
    expect(parseImageId('nginx:1.27')).toBeUndefined();
  });
});
