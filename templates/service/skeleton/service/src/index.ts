// dd-trace first, before anything it instruments. DD_SERVICE, DD_ENV and DD_VERSION (unified service
// tagging) come from the Deployment; DD_AGENT_HOST from the node's Datadog agent.
import tracer from 'dd-trace';
tracer.init({ logInjection: true, runtimeMetrics: true });

const { createApp } = await import('./app.ts');
const { log } = await import('./log.ts');

const port = Number(process.env.PORT ?? 8080);
const state = { ready: false };
const server = createApp(state);

server.listen(port, () => {
  state.ready = true;
  log('info', 'listening', { port });
});

// Kubernetes sends SIGTERM, then stops routing traffic: fail readiness first, then drain.
process.on('SIGTERM', () => {
  state.ready = false;
  log('info', 'draining');
  setTimeout(() => server.close(() => process.exit(0)), 5_000).unref();
});
