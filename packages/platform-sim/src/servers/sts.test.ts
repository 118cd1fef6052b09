import * as k8s from '@kubernetes/client-node';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import {
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { ConfigReader } from '@backstage/config';
import { AwsIamStrategy } from '@backstage/plugin-kubernetes-backend';
import { kubeConfig } from '../__testUtils__/clients';
import {
  SIM_AWS_ACCESS_KEY_ID,
  SIM_AWS_SECRET_ACCESS_KEY,
} from '../credentials';
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  startPlatformSim,
} from '../startPlatformSim';

const staticCredentials = {
  accessKeyId: SIM_AWS_ACCESS_KEY_ID,
  secretAccessKey: SIM_AWS_SECRET_ACCESS_KEY,
};
const READONLY_ROLE = 'arn:aws:iam::210987654321:role/pier-eks-readonly';

describe('STS and EKS tokens (what production auth paths call)', () => {
  let sim: PlatformSim;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    sim = await startPlatformSim({ ports: EPHEMERAL_PORTS });
    // The SDK's own endpoint variables, as the production-parity run sets them.
    process.env.AWS_ENDPOINT_URL_STS = sim.urls.admin;
    process.env.AWS_ENDPOINT_URL_SECURITYHUB = sim.urls.aws.securityhub;
    process.env.AWS_REGION = 'eu-west-1';
  });
  afterAll(async () => {
    process.env = savedEnv;
    await sim.stop();
  });

  it('answers GetCallerIdentity and AssumeRole to the AWS SDK, endpoint from AWS_ENDPOINT_URL_STS', async () => {
    const sts = new STSClient({
      region: 'eu-west-1',
      credentials: staticCredentials,
    });
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me.Account).toBe('123456789012');

    const assumed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::123456789012:role/security-findings-readonly',
        RoleSessionName: 'backstage',
        ExternalId: 'pier',
      }),
    );
    expect(assumed.Credentials?.AccessKeyId).toMatch(/^ASIAPIERSIM/);
    expect(assumed.Credentials?.Expiration).toBeInstanceOf(Date);
    expect(assumed.AssumedRoleUser?.Arn).toBe(
      'arn:aws:sts::123456789012:assumed-role/security-findings-readonly/backstage',
    );

    const temporary = {
      accessKeyId: assumed.Credentials!.AccessKeyId!,
      secretAccessKey: assumed.Credentials!.SecretAccessKey!,
      sessionToken: assumed.Credentials!.SessionToken!,
    };
    const asRole = await new STSClient({
      region: 'eu-west-1',
      credentials: temporary,
    }).send(new GetCallerIdentityCommand({}));
    expect(asRole.Arn).toBe(assumed.AssumedRoleUser?.Arn);

    // The assumed role's credentials open SecurityHub (endpoint from AWS_ENDPOINT_URL_SECURITYHUB).
    const findings = await new SecurityHubClient({
      region: 'eu-west-1',
      credentials: temporary,
      maxAttempts: 1,
    }).send(new GetFindingsCommand({ MaxResults: 5 }));
    expect(findings.Findings?.length).toBe(5);

    // A forged session token is refused.
    await expect(
      new SecurityHubClient({
        region: 'eu-west-1',
        credentials: { ...temporary, sessionToken: 'forged.token' },
        maxAttempts: 1,
      }).send(new GetFindingsCommand({ MaxResults: 5 })),
    ).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
  });

  it('refuses an unknown key and a bad role ARN with STS errors', async () => {
    await expect(
      new STSClient({
        region: 'eu-west-1',
        credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' },
        maxAttempts: 1,
      }).send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({
      name: 'InvalidClientTokenId',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(
      new STSClient({
        region: 'eu-west-1',
        credentials: staticCredentials,
        maxAttempts: 1,
      }).send(
        new AssumeRoleCommand({ RoleArn: 'not-an-arn', RoleSessionName: 'x1' }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });

  describe('the Kubernetes plugin’s aws auth provider', () => {
    const strategy = () =>
      new AwsIamStrategy({
        config: new ConfigReader({ aws: { mainAccount: staticCredentials } }),
      });
    const tokenFor = async (clusterName: string) => {
      const credential = await strategy().getCredential({
        name: clusterName,
        url: 'http://unused',
        authMetadata: {
          'kubernetes.io/aws-assume-role': READONLY_ROLE,
          'kubernetes.io/x-k8s-aws-id': clusterName,
        },
      });
      if (credential.type !== 'bearer token') {
        throw new Error(`expected a bearer token, got ${credential.type}`);
      }
      return credential.token;
    };
    const listPods = (url: string, token: string) =>
      kubeConfig(url, token)
        .makeApiClient(k8s.CoreV1Api)
        .listNamespacedPod({ namespace: 'payments' });

    it('reads the cluster with the EKS token it builds (AssumeRole through the sim STS)', async () => {
      const token = await tokenFor('prod');
      expect(token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
      const url = new URL(Buffer.from(token.slice(11), 'base64url').toString());
      expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^ASIAPIERSIM/);
      const pods = await listPods(sim.urls.kubernetes.prod, token);
      expect(pods.items.length).toBeGreaterThan(0);
    });

    it('refuses a token for another cluster, a tampered one and a non-EKS one with a 401 Status', async () => {
      const prodToken = await tokenFor('prod');
      const refused = async (url: string, token: string) => {
        const res = await fetch(`${url}/api/v1/pods`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(res.status).toBe(401);
        const body = await res.json();
        expect(body).toMatchObject({ kind: 'Status', code: 401 });
        return body.message as string;
      };
      expect(await refused(sim.urls.kubernetes.nonprod, prodToken)).toMatch(
        /signature does not match/,
      );

      const url = new URL(
        Buffer.from(prodToken.slice(11), 'base64url').toString(),
      );
      const reencode = (u: URL) =>
        `k8s-aws-v1.${Buffer.from(u.toString()).toString('base64url')}`;

      const longLived = new URL(url);
      longLived.searchParams.set('X-Amz-Expires', '3600');
      expect(
        await refused(sim.urls.kubernetes.prod, reencode(longLived)),
      ).toMatch(/X-Amz-Expires/);

      const unsignedCluster = new URL(url);
      unsignedCluster.searchParams.set('X-Amz-SignedHeaders', 'host');
      expect(
        await refused(sim.urls.kubernetes.prod, reencode(unsignedCluster)),
      ).toMatch(/x-k8s-aws-id/);

      const otherKey = new URL(url);
      otherKey.searchParams.set(
        'X-Amz-Credential',
        url.searchParams
          .get('X-Amz-Credential')!
          .replace(/^[^/]+/, 'ASIAPIERSIMXXXXXXXXX'),
      );
      expect(
        await refused(sim.urls.kubernetes.prod, reencode(otherKey)),
      ).toMatch(/STS/);

      expect(
        await refused(sim.urls.kubernetes.prod, 'k8s-aws-v1.bm90LWEtdXJs'),
      ).toMatch(/Unauthorized/);
      expect(await refused(sim.urls.kubernetes.prod, 'some-other-token')).toBe(
        'Unauthorized',
      );
    });
  });
});
