import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One Prometheus registry for the process. Labels never carry ids or PHI: routes are patterns. */
export class LedgerMetrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'phi_ledger_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly eventsAppended = new Counter({
    name: 'phi_ledger_events_appended_total',
    help: 'Events appended to the ledger by this process',
    labelNames: ['type'],
    registers: [this.registry],
  });
  readonly projectionLag = new Gauge({
    name: 'phi_ledger_projection_lag_events',
    help: 'Events a projection has not applied yet',
    labelNames: ['projection'],
    registers: [this.registry],
  });
  readonly logHead = new Gauge({
    name: 'phi_ledger_log_head_position',
    help: 'Last position in the global log',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
