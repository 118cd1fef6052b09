import {
  EPHEMERAL_PORTS,
  PlatformSim,
  startPlatformSim,
} from '../startPlatformSim';

const NOW = new Date('2025-06-02T12:00:00Z');

describe('OpenCost allocation simulation', () => {
  let sim: PlatformSim;

  beforeAll(async () => {
    sim = await startPlatformSim({
      scenario: { now: NOW },
      ports: EPHEMERAL_PORTS,
    });
  });
  afterAll(() => sim.stop());

  const get = async (query: string) => {
    const res = await fetch(`${sim.urls.opencost}/allocation/compute?${query}`);
    return { status: res.status, body: await res.json() };
  };

  it('aggregates by namespace per day', async () => {
    const { status, body } = await get('window=7d&aggregate=namespace&step=1d');
    expect(status).toBe(200);
    expect(body).toMatchObject({ code: 200, status: 'success' });
    expect(body.data).toHaveLength(7);
    const day = body.data[0];
    expect(Object.keys(day).sort()).toEqual([
      '__idle__',
      'checkout',
      'discovery',
      'identity',
      'payments',
    ]);
    const payments = day.payments;
    expect(payments.properties.namespace).toBe('payments');
    expect(payments.totalCost).toBeCloseTo(
      payments.cpuCost + payments.ramCost,
      6,
    );
    expect(payments.cpuCoreHours).toBeGreaterThan(0);
    expect(payments.window.start).toMatch(/Z$/);
  });

  it('aggregates by label and controller, accumulated', async () => {
    const byLabel = await get(
      'window=24h&aggregate=label:backstage.io/kubernetes-id&accumulate=true',
    );
    expect(byLabel.body.data).toHaveLength(1);
    expect(Object.keys(byLabel.body.data[0])).toEqual(
      expect.arrayContaining(['payments-api', 'cart-service']),
    );
    const byController = await get(
      'window=24h&aggregate=controller&accumulate=true',
    );
    expect(Object.keys(byController.body.data[0])).toContain(
      'deployment:payments-api',
    );
  });

  it('rejects a bad window', async () => {
    const { status, body } = await get('window=banana');
    expect(status).toBe(400);
    expect(body.status).toBe('error');
  });
});
